"""The progress bar: steps reported by the library, shown on a terminal only, and only after a delay."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from conftest import ALL_SAMPLES
from rich.console import Console

import hmirate
from hmirate.cli.progress import progress_bar


def test_library_reports_each_step():
    steps: list[str] = []
    hmirate.score(ALL_SAMPLES, progress=steps.append)
    assert steps == [
        *(f"reading {path}" for path in ALL_SAMPLES),
        *(f"checking {path}" for path in ALL_SAMPLES),
        "counting answers",
        "rating",
    ]


def _until(shown: Callable[[], bool]) -> None:
    """Wait for the bar's timer thread to draw, however busy the machine: a deadline, not a fixed sleep."""
    deadline = time.monotonic() + 60
    while not shown() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_bar_shows_on_a_terminal_after_the_delay():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with progress_bar(4, console=console, delay=0.0) as advance:
        advance("reading cases.csv")
        _until(lambda: "reading cases.csv" in out.getvalue())
    assert "reading cases.csv" in out.getvalue()


def test_no_bar_before_the_delay_or_off_a_terminal():
    quick = io.StringIO()
    with progress_bar(4, console=Console(file=quick, force_terminal=True), delay=3600.0) as advance:
        advance("reading cases.csv")
    assert quick.getvalue() == ""
    piped = io.StringIO()
    with progress_bar(4, console=Console(file=piped, force_terminal=False), delay=0.0) as advance:
        advance("reading cases.csv")
        time.sleep(0.2)
    assert piped.getvalue() == ""


def test_a_file_name_with_markup_or_escapes_is_shown_as_written():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    with progress_bar(4, console=console, delay=0.0) as advance:
        advance("reading [/]a\x1b]0;t\x07.csv")
        _until(lambda: "reading [/]a" in out.getvalue())
    assert "reading [/]a\\x1b]0;t\\x07.csv" in out.getvalue()
    assert "\x07" not in out.getvalue()
