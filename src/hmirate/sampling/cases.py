"""Population and sample files as text tables, and the stratum columns named on the command line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.read.csv import read_file

DEFAULT_STRATA = ("gender", "disposal", "rosh")
"""The report's stratum columns: gender, type of disposal and risk of serious harm level."""

Cell = tuple[str, ...]
Shares = dict[str, dict[str, Fraction]]
"""Stratum column -> value -> share of the population (the shares of one column add up to 1)."""


@dataclass
class CaseTable:
    """A population or sample file as text: its header and its rows in file order."""

    name: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str]
    lines: list[int] = field(default_factory=list)
    """The line each row starts on, for messages (row i is on line i + 2 when not known)."""

    def column(self, name: str) -> int:
        """The position of a stratum column; headers match ignoring case and surrounding spaces."""
        keys = [_header_key(cell) for cell in self.header]
        if _header_key(name) not in keys:
            raise InvalidData([Problem(self.name, 1, None, f"missing stratum column '{name}'")])
        return keys.index(_header_key(name))

    def find(self, names: Sequence[str]) -> int | None:
        """The position of the first of ``names`` the header has (matched as :meth:`column` does), or None."""
        keys = [_header_key(cell) for cell in self.header]
        return next((keys.index(_header_key(name)) for name in names if _header_key(name) in keys), None)

    def cells(self, columns: Sequence[str]) -> list[Cell]:
        """Each row's stratum values (trimmed; compared case-sensitively), in file order."""
        positions = [self.column(name) for name in columns]
        return [tuple(row[i].strip() for i in positions) for row in self.rows]


def load_cases(path: str) -> CaseTable:
    """Read a CSV or .xlsx of cases (``-`` for stdin); ragged rows and header-only files are invalid data."""
    raw = read_file(path)
    if raw.problems:
        raise InvalidData(raw.problems)
    columns = [column.to_pylist() for column in raw.frame.columns]
    rows = [list(row) for row in zip(*columns, strict=True)]
    if not rows:
        raise InvalidData([Problem(raw.name, None, None, "has no cases, only a header")])
    return CaseTable(raw.name, list(raw.header), rows, list(raw.notes), list(raw.lines))


def parse_columns(text: str, what: str) -> list[str]:
    """``gender, disposal,rosh`` -> the column names; an empty text means none."""
    columns = [name.strip() for name in text.split(",") if name.strip()]
    seen = [name.casefold() for name in columns]
    duplicates = sorted({name for name in seen if seen.count(name) > 1})
    if duplicates:
        raise UsageError(f"{what} column listed twice: {', '.join(duplicates)}")
    return columns


def parse_strata(text: str) -> list[str]:
    """``gender, disposal,rosh`` -> the stratum columns; an empty text means no strata at all."""
    return parse_columns(text, "stratum")


def _header_key(name: str) -> str:
    """Headers of population and sample files match ignoring case and surrounding spaces."""
    return name.strip().casefold()
