"""Rows swallowed by a quote: a quoted cell whose quote is not closed on its line reads every line after it,
up to the next quote, as its own text. Nothing else shows it: the file reads cleanly, with fewer rows.

A quoted cell may hold line breaks (a comment over several lines), so a line break alone says nothing. What
does is the text after it: a line inside the cell with as many cells as the header (a delimiter for each
column boundary) is shaped like a row, and one that also holds answers under the key questions is a case.
Only the text inside the cell is looked at (from its first line break to where its quote closes), never the
rest of the line the quote closes on, which is the record's own next cells. Worked out on the error path
only: a file whose records and physical lines agree has no cell over two lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hmirate.columns import ANSWER_SPELLINGS, LONG_ANSWER, fold, is_long, leading_id
from hmirate.errors import Problem
from hmirate.read.raw import MANY_LINES, ColumnPlan, RawFile

LINE_END = re.compile(r"\r\n|\r|\n")
"""The line ends both CSV readers know (not :meth:`str.splitlines`, which ends lines at U+2028 too)."""
SHOWN = 20
"""Swallowing cells listed one by one; the rest are counted in one more line."""


def answer_positions(header: Sequence[str], plan: ColumnPlan | None) -> list[int]:
    """Where a case row has answers: the plan's key questions; without a plan (a sampling file, a template),
    the headers that start with a key-question id; in a long export, its answer column."""
    if is_long(list(header)):
        return [i for i, name in enumerate(header) if fold(name) == LONG_ANSWER]
    if plan is not None and plan.key_questions:
        return [plan.positions[question] for question in plan.key_questions]
    return [i for i, name in enumerate(header) if leading_id(name)]


def _is_answer(text: str) -> bool:
    return "".join(text.split()).casefold() in ANSWER_SPELLINGS


def _case_like(cells: list[str], answers: Sequence[int]) -> bool:
    """Every cell under a key question blank or an answer, and at least one an answer."""
    under = [cells[i] for i in answers if i < len(cells) and cells[i].strip()]
    return bool(under) and all(_is_answer(cell) for cell in under)


def swallowed_rows(raw: RawFile, answers: Sequence[int]) -> tuple[list[Problem], list[str]]:
    """The quoted cells that swallowed rows: an error (with the line where the quote opened and the cell's
    column) for each that holds a line shaped like a whole row with answers under the key questions; a note
    for each that holds a line shaped like a row, or runs over more than :data:`MANY_LINES` line breaks."""
    width, delimiter = len(raw.header), raw.delimiter
    problems: list[Problem] = []
    notes: list[str] = []
    for cell in raw.spanning:
        pieces = LINE_END.split(cell.text)
        line, last = cell.line, cell.line + len(pieces) - 1
        column = raw.header[cell.position].strip() if cell.position < width else None
        found = _look_inside(pieces, line, width, delimiter, answers)
        if found is not None and found[2]:
            inside, count, _ = found
            problems.append(
                Problem(
                    raw.name,
                    line,
                    column,
                    f"a quoted cell opened on this line runs on to line {last} and swallows rows shaped like cases "
                    f"(line {inside}: {count} cells, with answers under the key questions): close the quote where "
                    "the cell should end",
                )
            )
        elif found is not None or len(pieces) > MANY_LINES + 1:
            where = f"column {column!r}" if column else f"column {cell.position + 1}"
            shape = (
                f"line {found[0]} inside it has {found[1]} cells, as many as a row"
                if found is not None
                else f"that is {len(pieces) - 1} line breaks in one cell"
            )
            notes.append(
                f"{raw.name}: line {line}: the quoted cell in {where} runs on to line {last}, and {shape}: "
                f"if its quote was meant to close on line {line}, the rows after it were read into it"
            )
    if len(problems) > SHOWN:
        rest = len(problems) - SHOWN
        more = f"{rest} more quoted cells swallow rows (the last opens on line {problems[-1].line})"
        problems = [*problems[:SHOWN], Problem(raw.name, None, None, more)]
    if len(notes) > 1:
        notes = [f"{notes[0]} ({len(notes) - 1} more cells like it)"]
    return problems, notes


def _look_inside(
    pieces: list[str], opened: int, width: int, delimiter: str, answers: Sequence[int]
) -> tuple[int, int, bool] | None:
    """The first line after the cell's first line break that is shaped like a row with answers (its line,
    its cell count, True), else the first shaped like a row (False), else None. Inside an open quote a
    swallowed row cannot hold a quoted cell (its quote would close the open one), so a plain split is how
    the row would have been read."""
    shaped = None
    for offset, text in enumerate(pieces[1:], 1):
        if text.count(delimiter) < max(width - 1, 1):  # a one-column file has no row shape to see
            continue
        cells = text.split(delimiter)
        if _case_like(cells, answers):
            return opened + offset, len(cells), True
        shaped = shaped or (opened + offset, len(cells), False)
    return shaped
