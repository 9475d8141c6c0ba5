"""The errors hmirate reports, each mapped to the exit code a script or CI job can rely on.

Every problem with a user's input is reported, never raised as a traceback: the CLI catches
:class:`HmirateError` and prints its lines. Exit codes: 1 invalid data, 2 usage error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
EXIT_CANNOT_WRITE = 73
"""An output file could not be written (EX_CANTCREAT): disk full, no permission, no such folder."""
EXIT_INTERNAL = 70
"""A bug in hmirate (EX_SOFTWARE): reported in one line, never as a traceback."""


QUOTED_CHARACTERS = 60
"""How much of a cell's value a message quotes: enough to recognise it, never a 100 MB cell echoed whole."""


def quoted(value: str) -> str:
    """A value from a file as a message quotes it: ``'Yse'``, or, when longer than :data:`QUOTED_CHARACTERS`,
    its beginning, an ellipsis and its length: ``'YYYY…'… (100,000,000 characters)``. Every message that
    quotes a cell (an answer, a label, a case id, a date, a header) quotes it through here."""
    if len(value) <= QUOTED_CHARACTERS:
        return repr(value)
    return f"{value[:QUOTED_CHARACTERS]!r}… ({len(value):,} characters)"


def cut(header: str) -> str:
    """A header as a problem names its column (unquoted), cut as :func:`quoted` cuts a value."""
    if len(header) <= QUOTED_CHARACTERS:
        return header
    return f"{header[:QUOTED_CHARACTERS]}… ({len(header):,} characters)"


def display_path(path: str) -> str:
    """A path as messages and outputs can show it: a name whose bytes are not UTF-8 (a Latin-1 ``caf\xe9.csv``,
    which Python holds as surrogate escapes that no UTF-8 output can write) shows those bytes as ``\\xe9``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in an input file, printed as ``file:line: column: message``.

    ``line`` is the physical line in the file (1 is the header), so an editor can jump to it; it is
    None for problems of the file as a whole. ``column`` is the header of the cell at fault, or None.
    ``cell`` is the cell's reference in a workbook (``Cases!F12``), which is where a spreadsheet user looks:
    shown in place of the line, printed as ``file: Cases!F12: column: message``.
    """

    file: str
    line: int | None
    column: str | None
    message: str
    cell: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.cell is not None:
            where = f"{self.file}: {self.cell}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


def counted(number: int, noun: str, plural: str = "") -> str:
    """A count as it is said: 1 row, 2 rows, 0 rows (``plural`` where adding an s is wrong: person, people)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


LEFT_OUT = "left out (drawn cases with no answers)"
"""What the rows of a drawn sample's record that were never inspected are called in every summary."""


@dataclass(frozen=True)
class RowCount:
    """Where every row read went: valid, with errors, not checked because its file has a problem of its
    own (a missing column, an unknown key question): such rows are not each an error, and are not hidden;
    or left out, a drawn case of a sample's record with no answers (not inspected), said with a note."""

    read: int = 0
    with_errors: int = 0
    unchecked: int = 0
    left_out: int = 0

    @property
    def valid(self) -> int:
        return self.read - self.with_errors - self.unchecked - self.left_out

    def __add__(self, other: RowCount) -> RowCount:
        return RowCount(
            self.read + other.read,
            self.with_errors + other.with_errors,
            self.unchecked + other.unchecked,
            self.left_out + other.left_out,
        )

    def __str__(self) -> str:
        text = f"{counted(self.read, 'row')} read, {self.valid} valid, {self.with_errors} with errors"
        if self.left_out:
            text = f"{text}, {self.left_out} {LEFT_OUT}"
        if not self.unchecked:
            return text
        return f"{text}, {self.unchecked} not checked because of a problem with the whole file (shown above)"


class HmirateError(Exception):
    """A failure that hmirate explains to the user in a line and turns into an exit code."""

    exit_code = EXIT_INVALID_DATA
    notes: tuple[str, ...] = ()
    """What reading noticed before the failure (an encoding guessed, a case id repeated), said before it."""


class UsageError(HmirateError):
    """The command was asked for something that cannot be done: unknown framework, bad option value.

    The library speaks of its parameters, never of command-line flags: a parameter is named in the message
    in backquotes (```size` must be at least 1``), and ``param`` is the one at fault, when one is. The CLI
    words each backquoted parameter as its flag (``--size``); a Python caller reads the parameter's name.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, param: str | None = None) -> None:
        self.param = param
        """The parameter whose value cannot be used, as the library function names it; None for none."""
        super().__init__(message)


class InvalidData(HmirateError):
    """The input was read but is not valid; carries every problem found, not just the first."""

    exit_code = EXIT_INVALID_DATA

    def __init__(
        self, problems: list[Problem], rows: RowCount | None = None, hidden: int = 0, outcome: str = "nothing scored"
    ) -> None:
        self.problems = problems
        self.rows = rows
        """How the rows read were accounted for; None when the data never got as far as rows."""
        self.hidden = hidden
        """Problems found but left out of ``problems`` (``--max-errors``)."""
        self.outcome = outcome
        """What was not done because of them, said after the row count."""
        super().__init__(str(problems[0]) if problems else "invalid data")


class WriteError(HmirateError):
    """An output could not be written; said in one line, ``cannot write FILE: reason``."""

    exit_code = EXIT_CANNOT_WRITE
