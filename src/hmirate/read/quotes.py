"""Rows swallowed by a quote: a quoted cell whose quote is not closed on its line reads every line after it,
up to the next quote, as its own text. Nothing else shows it: the file reads cleanly, with fewer rows.

A quoted cell may hold line breaks (a comment over several lines), so a line break alone says nothing. What
does is the text after it: a line inside the cell with as many cells as the header (a delimiter for each
column boundary) is shaped like a row, and one that also holds answers under the key questions is a case.
Only the text inside the cell is looked at (from its first line break to where its quote closes), never the
rest of the line the quote closes on, which is the record's own next cells. Worked out on the error path
only: a file whose records and physical lines agree has no cell over two lines.

A quote never closed at all (it runs to the end of the file) is found here too, by the same rule of where a
quote opens (:func:`quote_left_open`): one home for what a quote does to the rows after it.
"""

from __future__ import annotations

import io
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


def runs_to_end(raw: RawFile) -> int | None:
    """The line of the last record if it ends inside a quoted field, else None.

    A quote that is never closed makes a CSV reader (pyarrow's and the standard library's alike) run
    that field to the end of the file, silently swallowing every row after it. Only the last record
    can do that, so only it is walked, by the rule both readers use: a quote opens a quoted field only
    at the start of a field, and ``""`` inside one is a literal quote.
    """
    if not raw.records:
        return None
    text, line = raw.text, raw.records[-1][0]
    return line if quote_left_open(text, raw.delimiter, line_start(text, line)) else None


def line_start(text: str, line: int) -> int:
    """Where ``line`` (1-based) starts in ``text``, lines ended as the csv reader ends them (``\\n``, ``\\r\\n``
    or a lone ``\\r``). Found from the end when the file has one kind of line end (the last record is near it):
    walking a million lines from the start took seconds."""
    if line <= 1:
        return 0
    ends = {"\n"} if "\r" not in text else {"\r"} if "\n" not in text else set()
    if not ends and text.count("\r") == text.count("\r\n") == text.count("\n"):
        ends = {"\r\n"}
    if ends:
        (end,) = ends
        before = text.rsplit(end, text.count(end) - line + 2)[0]  # the text before the end of line - 1
        return len(before) + len(end)
    lines, position = io.StringIO(text, newline=""), 0  # mixed line ends: walked from the start
    for _ in range(line - 1):
        position += len(lines.readline())
    return position


def quote_left_open(text: str, delimiter: str, start: int = 0) -> bool:
    """Whether ``text`` from ``start`` (a line's start) to its end leaves a quoted field open, by the rule both
    CSV readers use: a quote opens a quoted field only at the start of a field, and ``""`` inside one is a
    literal quote. Quote to quote, by search: a quote that swallowed a million rows is 45 MB to walk, which a
    character at a time took seconds."""
    opening = re.compile(rf'(?:^|(?<=[{re.escape(delimiter)}\r\n]))"')
    position = start
    while (found := opening.search(text, position)) is not None:
        position = found.end()
        while True:  # to the quote that closes the field: one not followed by another (``""`` is a literal quote)
            position = text.find('"', position)
            if position < 0:
                return True
            if not text.startswith('"', position + 1):
                break
            position += 2
        position += 1
    return False


_TAIL_BYTES = 1 << 16


def last_line_ends_quoted(source: str | bytes, delimiter: str) -> bool:
    """Whether the file's last line, walked alone, leaves a quoted field open.

    Then the line counts agree (nothing after it was swallowed), so only this says the quote is never closed;
    a yes is confirmed by the csv reader's full check. Only the tail is read: a clean file pays one small read.
    """
    with io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb") as handle:
        size = handle.seek(0, io.SEEK_END)
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read().rstrip(b"\r\n")
    line = tail[max(tail.rfind(b"\n"), tail.rfind(b"\r")) + 1 :]
    if b'"' not in line:
        return False
    return quote_left_open(line.decode("latin-1"), delimiter)  # byte for byte: quotes and delimiters are ASCII
