"""The rows the model rejected in one column, grouped by its message, and told as a screenful of problems.

The same problem in many rows is one line (with the count and the lines); a column with many different bad
values (free text, shifted columns) lists the first few messages and then one line for all the rest. Kept
as arrays of row numbers, never a list per message: a column can have as many different bad values as rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hmirate.errors import Problem, quoted
from hmirate.read.csv import RawFile
from hmirate.read.raw import MESSAGES_SHOWN, line_ranges


@dataclass(frozen=True)
class Failures:
    """The rows of one column the model rejected, grouped by its message: ``rows[bounds[k]:bounds[k + 1]]``
    carry ``messages[k]``, in row order. Numbers, not a list per message: a column can have as many
    different bad values (and so messages) as rows."""

    messages: list[str]
    rows: np.ndarray
    bounds: np.ndarray

    def first_rows(self) -> list[tuple[int, int]]:
        """(first row, message number) of every message some row carries, in row order."""
        counts = np.diff(self.bounds)
        used = np.flatnonzero(counts > 0)
        firsts = self.rows[self.bounds[used]]
        order = np.argsort(firsts, kind="stable")
        return list(zip(firsts[order].tolist(), used[order].tolist(), strict=True))

    def rows_of(self, numbers: np.ndarray) -> np.ndarray:
        """The rows carrying any of these messages, in row order."""
        kinds = np.repeat(np.arange(len(self.messages)), np.diff(self.bounds))
        return np.sort(self.rows[np.isin(kinds, numbers)])


NO_FAILURES = Failures([], np.empty(0, dtype=np.int64), np.zeros(1, dtype=np.int64))


def rows_by_message(indices: np.ndarray, failed: dict[int, str], count: int) -> Failures:
    """The rows (in row order) carrying each message, from the distinct values that failed with it.

    One sort of the failing rows, however many different bad values there are (free text in an answer
    column can have as many as rows). A value no row has any more (a blank row the reader dropped, whose
    value stays in the dictionary) gives no message.
    """
    if not failed:
        return NO_FAILURES
    messages = list(dict.fromkeys(failed.values()))
    number = {message: k for k, message in enumerate(messages)}
    lookup = np.full(count + 1, -1, dtype=np.int64)  # the last slot is read by a null's index, -1
    for position, message in failed.items():
        lookup[position] = number[message]
    per_row = lookup[indices]
    rows = np.flatnonzero(per_row >= 0)
    order = np.argsort(per_row[rows], kind="stable")
    rows, kinds = rows[order], per_row[rows][order]
    return Failures(messages, rows, np.searchsorted(kinds, np.arange(len(messages) + 1)))


def column_problems(raw: RawFile, column: str, failures: Failures, position: int) -> list[tuple[int, Problem]]:
    """One problem per message: at its first row, with the count and lines when it repeats.

    A column with many different bad values (free text, shifted columns) lists the first few, each in the
    model's words, and then one line for all the rest, so the output stays a screenful. In a workbook each
    names its first cell (``Cases!F12``, ``position`` being the column's place in the header): a value
    pasted past a drop-down is found where it stands.
    """
    found = []
    firsts = failures.first_rows()
    for first, k in firsts[:MESSAGES_SHOWN]:
        rows = failures.rows[failures.bounds[k] : failures.bounds[k + 1]]
        found.append((first, _problem(raw, first, column, position, _repeated(failures.messages[k], rows, raw))))
    rest = firsts[MESSAGES_SHOWN:]
    if rest:
        rows = failures.rows_of(np.array([k for _, k in rest]))
        message = f"{len(rest):,} more different values rejected as above"
        found.append((int(rows[0]), _problem(raw, int(rows[0]), column, position, _repeated(message, rows, raw))))
    return found


def _problem(raw: RawFile, row: int, column: str, position: int, message: str) -> Problem:
    line = raw.lines[row]
    return Problem(raw.name, line, column, message, raw.cell(position, line))


def _repeated(message: str, rows: np.ndarray, raw: RawFile) -> str:
    return message if len(rows) == 1 else f"{message} ({len(rows):,} rows: lines {line_ranges(rows, raw.lines)})"


def repeated_ids(ids: Sequence[str | None], lines: Sequence[int], name: str) -> tuple[list[Problem], np.ndarray]:
    """A case counted twice would bias every figure: each repeat of a case id (None: no id) is an error, on
    its own line, naming the line of the first. Returns the problems and the repeated rows. Shared by
    scoring and ``hmirate check-sample``; only the lines of repeated rows are looked up."""
    first: dict[str, int] = {}
    repeats: list[tuple[int, str]] = []
    for row, case_id in enumerate(ids):
        if case_id is None:
            continue
        if case_id in first:
            repeats.append((row, case_id))
        else:
            first[case_id] = row
    found = [
        Problem(
            name, lines[row], "case_id", f"duplicate case_id {quoted(case_id)} (first on line {lines[first[case_id]]})"
        )
        for row, case_id in repeats
    ]
    return found, np.array([row for row, _ in repeats], dtype=np.int64)


def grouped_header_problems(found: Sequence[tuple[str, int, Problem]], file: str) -> list[Problem]:
    """A header's problems, a screenful however wide it is: the first few of each kind, in column order, then
    one line per kind for the rest, with their count and columns. ``found`` holds (kind, position, problem),
    the kind worded to follow ``N more headers`` (``name key questions framework crc-2018 does not have``)."""
    positions: dict[str, list[int]] = {}
    shown = []
    for kind, position, problem in found:
        seen = positions.setdefault(kind, [])
        if len(seen) < MESSAGES_SHOWN:
            shown.append(problem)
        seen.append(position)
    for kind, at in positions.items():
        rest = np.array(at[MESSAGES_SHOWN:], dtype=np.int64)
        if len(rest):
            columns = line_ranges(rest, range(1, int(rest.max()) + 2))
            shown.append(Problem(file, 1, None, f"{len(rest):,} more headers {kind} (columns {columns})"))
    return shown
