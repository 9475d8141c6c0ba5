"""A progress bar for long runs: rich, on stderr, only on a terminal, and only after a second.

A 100-case inspection sample scores in a blink and should print nothing extra; a pooled file of a
million cases takes a second or two, and a silent terminal then looks hung. So the bar appears only
when a run is still going after ``delay`` seconds, and never when stderr is a file or a pipe (scripts
and CI see exactly the same output as before).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from hmirate.render.visible import visible

if TYPE_CHECKING:
    from rich.console import Console

DELAY = 1.0


@contextmanager
def progress_bar(
    steps: int, *, console: Console | None = None, delay: float = DELAY
) -> Iterator[Callable[[str], None]]:
    """Yield a callback for the pipeline's steps; the bar (``steps`` long) shows after ``delay``.

    rich's progress machinery is imported only for a terminal: a script or CI job never pays for it.
    """
    if console is None and not sys.stderr.isatty():  # a file or a pipe: never a bar
        yield lambda step: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield lambda step: None
        return
    bar = Progress(
        SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    )  # fmt: skip
    task = bar.add_task("starting", total=steps)
    timer = threading.Timer(delay, bar.start)
    timer.daemon = True
    done = 0

    def advance(step: str) -> None:
        nonlocal done
        bar.update(task, description=visible(step), completed=done)
        done += 1

    timer.start()
    try:
        yield advance
    finally:
        timer.cancel()
        bar.stop()
