"""Measure one whole process: wall time, CPU time and its own peak memory.

``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` is the largest peak of *any* child reaped so far, so
after a 1 GB run every later small run would read 1 GB. ``os.wait4`` instead returns the resource usage
of the one child it reaps, so each number here is that command's own peak resident set (and CPU time),
with no wrapper process in the way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One measured run of a command."""

    wall: float
    """Seconds from spawn to exit, as a user waits for it."""
    cpu: float
    """User + system seconds: less disturbed than wall time when other work shares the machine."""
    peak_kb: int
    """Peak resident set size of the process itself (Linux reports kilobytes)."""
    stderr_bytes: int = 0
    """How much the command wrote to standard error."""


def run_once(argv: list[str], env: dict[str, str], stdout: Path | None = None, allowed: tuple[int, ...] = (0,)) -> Run:
    """Run ``argv`` to completion; its stdout goes to ``stdout`` (or is discarded).

    Raises :class:`RuntimeError` with the command's stderr if its exit code is not ``allowed`` (0), so a
    benchmark never times a failure by accident.
    """
    sink = stdout.open("wb") if stdout else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE, env=env)
        assert proc.stderr is not None
        errors = proc.stderr.read()  # drained before reaping, so a chatty command cannot block
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    finally:
        if stdout:
            sink.close()  # type: ignore[union-attr]
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode not in allowed:
        message = errors.decode(errors="replace").strip()[-2000:]
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{message}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, len(errors))


_HEAVY_CHECK = """
import contextlib, io, json, runpy, sys
sys.argv = ["hmirate", {option!r}]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        runpy.run_module("hmirate", run_name="__main__", alter_sys=True)
    except SystemExit as done:
        assert done.code in (0, None), done.code
heavy = ("pandas", "numpy", "pyarrow", "pydantic", "rich")
print(json.dumps([name for name in heavy if name in sys.modules]))
"""


def heavy_imports(python: str, option: str, env: dict[str, str]) -> list[str]:
    """Which heavy libraries ``python -m hmirate OPTION`` imports (``--help`` must import none)."""
    code = _HEAVY_CHECK.format(option=option)
    done = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"import check for {option} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":  # a manual check: python benchmarks/measure.py CMD ARGS...
    print(run_once(sys.argv[1:], dict(os.environ)))
