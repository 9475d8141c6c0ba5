"""The errors hmirate reports, each mapped to the exit code a script or CI job can rely on.

Every problem with a user's input is reported, never raised as a traceback: the CLI catches
:class:`HmirateError` and prints its lines. Exit codes: 1 invalid data, 2 usage error.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
EXIT_CANNOT_WRITE = 73
"""An output file could not be written (EX_CANTCREAT): disk full, no permission, no such folder."""
EXIT_INTERNAL = 70
"""A bug in hmirate (EX_SOFTWARE): reported in one line, never as a traceback."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in an input file, printed as ``file:line: column: message``.

    ``line`` is the physical line in the file (1 is the header), so an editor can jump to it; it is
    None for problems of the file as a whole. ``column`` is the header of the cell at fault, or None.
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class HmirateError(Exception):
    """A failure that hmirate explains to the user in a line and turns into an exit code."""

    exit_code = EXIT_INVALID_DATA


class UsageError(HmirateError):
    """The command was asked for something that cannot be done: unknown framework, bad option value."""

    exit_code = EXIT_USAGE


class InvalidData(HmirateError):
    """The input was read but is not valid; carries every problem found, not just the first."""

    exit_code = EXIT_INVALID_DATA

    def __init__(self, problems: list[Problem], rows_read: int | None = None, rows_invalid: int = 0) -> None:
        self.problems = problems
        self.rows_read = rows_read
        self.rows_invalid = rows_invalid
        super().__init__(str(problems[0]) if problems else "invalid data")


class WriteError(HmirateError):
    """An output could not be written; said in one line, ``cannot write FILE: reason``."""

    exit_code = EXIT_CANNOT_WRITE
