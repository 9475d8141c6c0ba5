"""Population and sample files as text tables, checked, and the stratum columns named on the command line.

Every file kind is read one way: the declared columns it has (:mod:`hmirate.columns`: ``CRN`` is the case
id here as in a case file) are checked by the engine that checks case files
(:func:`hmirate.validate.rows.check_columns`): each distinct value once through its type, problems
grouped with their lines, the same summary line. Other columns are kept as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from hmirate.columns import clean_header, column_of, fold, joined_note, spellings_joined
from hmirate.errors import InvalidData, Problem, RowCount, UsageError
from hmirate.read.csv import read_file
from hmirate.validate.caserow import column_adapters
from hmirate.validate.headers import resolve_declared
from hmirate.validate.ids import IdColumn, look_alike_ids
from hmirate.validate.rows import check_columns

DEFAULT_STRATA = ("gender", "disposal", "rosh")
"""The report's stratum columns: gender, type of disposal and risk of serious harm level."""

Cell = tuple[str, ...]
Shares = dict[str, dict[str, Fraction]]
"""Stratum column -> value -> share of the population (the shares of one column add up to 1)."""


@dataclass
class CaseTable:
    """A population or sample file as text: its header and its rows in file order, and the declared columns
    it has with each row's checked value."""

    name: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str]
    lines: list[int] = field(default_factory=list)
    """The line each row starts on, for messages (row i is on line i + 2 when not known)."""
    columns: dict[str, int] = field(default_factory=dict)
    """Declared column -> its position in the header, for the declared columns the file has."""
    values: dict[str, list[Any]] = field(default_factory=dict)
    """Declared column -> each row's value as its type keeps it (a RoSH level ``low``, a date)."""

    def has(self, *names: str) -> bool:
        return all(name in self.columns for name in names)

    def position(self, name: str) -> int | None:
        """Where a column named on the command line is: a declared column by its name or any alias, else the
        header folded like every header (case, spaces, ``_`` and ``-`` ignored)."""
        if (declared := column_of(name)) is not None and declared in self.columns:
            return self.columns[declared]
        keys = [fold(cell) for cell in self.header]
        return keys.index(fold(name)) if fold(name) in keys else None

    def column(self, name: str) -> int:
        """The position of a stratum column, or a missing-column error."""
        position = self.position(name)
        if position is None:
            raise InvalidData([Problem(self.name, 1, None, f"missing stratum column '{name}'")])
        return position

    def values_of(self, name: str) -> list[str]:
        """A column's cells as text, cleaned as labels are (invisible characters, surrounding spaces), in file
        order (for ``--strata`` and ``--nest`` columns). Values that differ only by letter case or spacing
        are one group, under the commonest spelling, and a note says so (once per column)."""
        position = self.column(name)
        values = [clean_header(row[position]) for row in self.rows]
        joined = spellings_joined(Counter(values))
        if not joined:
            return values
        note = f"{self.name}: {joined_note(name, joined)}"
        self.notes += [] if note in self.notes else [note]
        return [joined.get(value, value) for value in values]

    def cells(self, columns: Sequence[str]) -> list[Cell]:
        """Each row's stratum values (:meth:`values_of`), in file order."""
        return list(zip(*(self.values_of(name) for name in columns), strict=True)) if columns else [()] * len(self.rows)


NOT_USED = "the file was not used"
"""How the summary line of a sampling file with problems ends."""


def load_cases(path: str, *, sheet: str | None = None, unique_ids: bool = True) -> CaseTable:
    """Read and check a CSV or .xlsx of cases (``-`` for stdin): ragged rows, header-only files and any value
    a declared column's type rejects are invalid data, every one reported at once; so is a case id listed
    twice, unless ``unique_ids`` is False (a longlist lists a person's cases under one id)."""
    raw = read_file(path, sheet=sheet)
    plan = resolve_declared(raw.header, file=raw.name)
    columns = [column.to_pylist() for column in raw.frame.columns]
    rows = [list(row) for row in zip(*columns, strict=True)]
    if not rows and not raw.problems:
        raise InvalidData([Problem(raw.name, None, None, "has no cases, only a header")])
    invalid = raw.rows_with_problems
    if raw.problems or plan.problems:
        count = RowCount(raw.rows_read, invalid, raw.rows_read - invalid)
        raise InvalidData([*plan.problems, *raw.problems], count, outcome=NOT_USED)
    positions = dict(plan.positions)
    checked = check_columns(raw, positions, column_adapters(positions), unique_ids=unique_ids)
    if checked.problems:
        raise InvalidData(checked.problems, RowCount(raw.rows_read, checked.invalid_rows), outcome=NOT_USED)
    values = {name: checked.values(name) for name in positions}
    notes = [*raw.notes, *checked.notes]
    if "case_id" in values:
        notes += look_alike_ids([IdColumn(raw.name, values["case_id"], raw.lines)])
    return CaseTable(raw.name, list(raw.header), rows, notes, list(raw.lines), positions, values)


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
