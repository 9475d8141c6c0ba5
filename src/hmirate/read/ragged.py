"""Rows with more or fewer cells than the header (ragged rows): kept, cut or rejected, each kind said once.

pyarrow's reader calls back into Python for every row of the wrong width (about 25 µs each: 25 s for a
million rows that each end in a stray comma), so the first such row stops it and the file is read once by
the csv module instead: each row is kept, cut or rejected here, and the rows kept are written out, each as
wide as the header, for pyarrow to parse in one go. The usual case, every row ending in the same stray
delimiter, never gets here: the first data row's width is read from the head, and pyarrow reads that many
columns at once (:func:`cells_past_header`).

A row whose cells past the header are all blank (a trailing delimiter, which many exports put on every
row) is read without them, in one note: nothing it holds is lost. A row with a value past the header's
last column, or with fewer cells than the header, is an error: the cells of a shifted row would land in
the wrong columns, so it is never cut or dropped silently. The same message on many rows is one problem
with the count and the lines, as validation groups repeated problems.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hmirate.errors import Problem
from hmirate.read.raw import MESSAGES_SHOWN, line_ranges


def cells_past_header(head: bytes, encoding: str, delimiter: str, width: int) -> int:
    """How many cells the first data row has past the header's ``width``, when they are all blank (0 when it
    has none, or a value in one): the width pyarrow is asked to read, so that a stray delimiter at the end
    of every row costs nothing. Read from the head alone; a file that does not keep to it is read again."""
    text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8" if encoding == "utf-8" else encoding, "replace")
    try:
        records = (record for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if record)
        next(records, None)
        first = next(records, [])
    except csv.Error:  # a cell past the module's limit: the head says nothing
        return 0
    extra = first[width:]
    return len(extra) if extra and not any(cell.strip() for cell in extra) else 0


def past_header_note(name: str, rows: str, width: int) -> str:
    return f"{name}: {rows} empty cells past the header's {width} columns (a trailing delimiter): read without them"


@dataclass(frozen=True)
class Rewritten:
    """A file with ragged rows, as the csv module read it."""

    data: bytes
    """The header and every row kept, each exactly as wide as the header, in UTF-8."""
    records: list[tuple[int, int]]
    """Start line and cell count of every record of the file as it is, header included."""
    rejected: frozenset[int]
    """Positions (0-based, data records only) of the rows that are not in :attr:`data`."""
    problems: list[Problem]
    notes: list[str]


def rewrite(text: str, name: str, delimiter: str, width: int) -> Rewritten:
    """Read ``text`` (the whole file, decoded) row by row: rows as wide as the header, and blank rows of any
    width (left to :func:`~hmirate.read.raw.skip_blank_rows`), are kept; rows with only blank cells past the
    header are kept without them; every other row is rejected, grouped by its message.

    A file without quotes and without a lone carriage return has one record a line, split at every
    delimiter: it is read as lines, several times faster than by the csv module, to the same records."""
    plain = '"' not in text and text.count("\r") == text.count("\r\n")
    records, kept, cut, rejected = (_by_lines if plain else _by_csv)(text, delimiter, width)
    lines = [line for line, _ in records[1:]]
    notes = []
    if cut:
        rows = f"{len(cut):,} {'row' if len(cut) == 1 else 'rows'} ({_where(np.array(cut), lines)})"
        notes.append(past_header_note(name, f"{rows} {'has' if len(cut) == 1 else 'have'}", width))
    return Rewritten(
        kept.encode("utf-8"),
        records,
        frozenset(position for positions in rejected.values() for position in positions),
        grouped_problems(name, rejected, lines, width),
        notes,
    )


_Read = tuple[list[tuple[int, int]], str, list[int], dict[int, list[int]]]
"""Every record's start line and cell count; the rows kept, as CSV text; the positions of the rows cut; the
positions of the rows rejected, by their cell count."""


def _fate(cells: list[str], width: int) -> str:
    """What becomes of a row whose cell count is not the header's."""
    if not any(cell.strip() for cell in cells):
        return "blank"
    if len(cells) > width and not any(cell.strip() for cell in cells[width:]):
        return "cut"
    return "rejected"


def _by_csv(text: str, delimiter: str, width: int) -> _Read:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, int]] = []
    cut: list[int] = []
    rejected: dict[int, list[int]] = {}
    batch: list[list[str]] = []
    previous = 0
    for record in reader:
        if record:
            cells = len(record)
            records.append((previous + 1, cells))
            fate = "kept" if cells == width or len(records) == 1 else _fate(record, width)  # 1: the header
            if fate == "kept":
                batch.append(record)
            elif fate == "blank":
                batch.append([""] * width)
            elif fate == "cut":
                cut.append(len(records) - 2)
                batch.append(record[:width])
            else:
                rejected.setdefault(cells, []).append(len(records) - 2)
            if len(batch) >= 10_000:
                writer.writerows(batch)
                batch.clear()
        previous = reader.line_num
    writer.writerows(batch)
    return records, out.getvalue(), cut, rejected


def _by_lines(text: str, delimiter: str, width: int) -> _Read:
    records: list[tuple[int, int]] = []
    kept: list[str] = []
    cut: list[int] = []
    rejected: dict[int, list[int]] = {}
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line:
            continue  # a blank line is no record, as the csv module reads it
        cells = line.count(delimiter) + 1
        records.append((number, cells))
        if cells == width or len(records) == 1:
            kept.append(line)
            continue
        split = line.split(delimiter)
        fate = _fate(split, width)
        if fate == "blank":
            kept.append(delimiter * (width - 1))
        elif fate == "cut":
            cut.append(len(records) - 2)
            kept.append(delimiter.join(split[:width]))
        else:
            rejected.setdefault(cells, []).append(len(records) - 2)
    kept.append("")
    return records, "\n".join(kept), cut, rejected


def _where(rows: np.ndarray, lines: Sequence[int]) -> str:
    ranges = line_ranges(rows, lines)
    return f"line {ranges}" if len(rows) == 1 else f"lines {ranges}"


def grouped_problems(name: str, rejected: dict[int, list[int]], lines: Sequence[int], width: int) -> list[Problem]:
    """The rows ``rejected`` (positions into ``lines``, by their cell count) as problems: one per cell count,
    at its first row, with the count and lines when it repeats; past :data:`MESSAGES_SHOWN` cell counts, one
    problem for all the other rows. Shared by CSV and workbooks."""
    groups = sorted(((np.array(rows), cells) for cells, rows in rejected.items()), key=lambda group: int(group[0][0]))
    found = [_problem(name, rows, lines, _message(cells, width)) for rows, cells in groups]
    rest = groups[MESSAGES_SHOWN:]
    if rest:
        rows = np.sort(np.concatenate([rows for rows, _ in rest]))
        message = f"rows with {len(rest):,} other numbers of cells, the header has {width}"
        found = [*found[:MESSAGES_SHOWN], _problem(name, rows, lines, message)]
    return found


def _message(cells: int, width: int) -> str:
    past = ", with a value past its last column" if cells > width else ""
    return f"row has {cells} cells, the header has {width}{past}"


def _problem(name: str, rows: np.ndarray, lines: Sequence[int], message: str) -> Problem:
    if len(rows) > 1:
        message = f"{message} ({len(rows):,} rows: {_where(rows, lines)})"
    return Problem(name, lines[int(rows[0])], None, message)
