"""Standard output that fails the way a command-line tool should: quietly on a broken pipe, in one line otherwise.

``hmirate score ... | head -1`` closes the pipe early: that is the reader's choice, not an error, so hmirate
stops quietly with the status a shell gives a process ended by SIGPIPE (141). A full disk (``> /dev/full``)
or a closed stdout (``>&-``) is a real failure: one line, ``hmirate: cannot write <stdout>: reason``, and
exit 73 (:class:`~hmirate.errors.WriteError`), never the internal-error exit 70.

:func:`guarded_stdout` puts a thin wrapper in place of ``sys.stdout`` for the run, so every writer (click,
rich, ``sys.stdout.write``) is covered without each command having to know.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from hmirate.errors import WriteError

EXIT_BROKEN_PIPE = 128 + 13
"""What a shell reports for a process ended by SIGPIPE: the conventional status of ``cmd | head``."""

STDOUT = "<stdout>"


def silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so the interpreter's last flush of what is left cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # stdout has no descriptor (a test runner's buffer): nothing will flush it at exit


class PipeClosed(Exception):
    """The reader of standard output went away. Deliberately not an OSError, so neither click nor rich
    catches it on the way (each would exit 1): it reaches the group, which exits 141 quietly."""


class StdoutWriteError(WriteError):
    """Standard output could not be written: a full disk, a closed descriptor."""


class _Guarded:
    """``sys.stdout`` whose write errors become :class:`PipeClosed` or :class:`StdoutWriteError`.

    Nothing is done to the stream when an error is raised: click probes streams with writes it expects to
    fail, so only the handler that reports the error silences the stream (:func:`silence_stdout`).
    """

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def _call(self, method: str, *args: Any) -> Any:
        if self._stream is None:
            raise StdoutWriteError(f"cannot write {STDOUT}: {os.strerror(errno.EBADF)} (standard output is closed)")
        try:
            return getattr(self._stream, method)(*args)
        except BrokenPipeError:
            raise PipeClosed from None
        except OSError as error:
            raise StdoutWriteError(f"cannot write {STDOUT}: {error.strerror or error}") from None

    def write(self, text: str) -> int:
        return int(self._call("write", text))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._stream is not None:
            self._call("flush")

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """Run with ``sys.stdout`` guarded; the real stream is put back afterwards."""
    original = sys.stdout
    sys.stdout = _Guarded(original)
    try:
        yield
    finally:
        sys.stdout = original


def flush_stdout() -> None:
    """Flush now, inside the run, so a failure is reported rather than found by the interpreter at exit."""
    if sys.stdout is not None:
        sys.stdout.flush()
