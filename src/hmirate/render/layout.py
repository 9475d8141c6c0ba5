"""Fitting a rich table to the terminal so that no figure is ever cut, folded mid-number or elided.

Left to itself, rich squeezes a table that is too wide by narrowing its widest columns below their longest
word (a percent folds into ``7`` and ``5%``) and, past that, by narrowing every column to nothing (a split by
1,000 groups drew zero-width columns). Here each column is one of two kinds, declared by the table's builder:
a column with ``overflow="fold"`` holds text (a question's wording, a group's or a stratum's label), which
may wrap and fold; every other column holds figures, which may wrap at spaces but never break a word. Where
rich's own widths break nothing, the table is drawn as rich draws it; else the widths are chosen here, no
figure column narrower than its longest word; a table that cannot fit even so is drawn as blocks, one per
row, each cell on a line beside its column's header, after a line that says so."""

from __future__ import annotations

from rich._ratio import ratio_reduce
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Column, Table
from rich.text import Text

TEXT_MIN = 16
"""The narrowest a text column is made (or its longest word, if shorter): narrower, wording folds into shreds."""

STACKED_NOTE = "(too narrow for the table: one block per row)"


def _text(column: Column) -> bool:
    return column.overflow == "fold"


Measures = list[tuple[int, int, int]]


def _measures(console: Console, table: Table, room: int) -> Measures:
    """Each column's widths, padding included: the narrowest that breaks no figure; the narrowest that keeps
    each figure cell on one line (its header may wrap at spaces); the width that wraps nothing."""
    options = console.options.update_width(room)
    found = []
    for index, column in enumerate(table.columns):
        header = Measurement.get(console, options, column.header)
        sizes = [Measurement.get(console, options, cell) for cell in column.cells]
        padding = table._get_padding_width(index)  # rich's own count of the column's padding
        wide = max([header.maximum, *(size.maximum for size in sizes)])
        whole = max([header.minimum, *(size.maximum for size in sizes)])
        low = max([header.minimum, *(size.minimum for size in sizes)])  # the longest word
        low = min(low, TEXT_MIN) if _text(column) else low
        found.append((low + padding, whole + padding, wide + padding))
    return found


def _room(console: Console, table: Table, width: int | None = None) -> int:
    return (console.width if width is None else width) - table._extra_width  # less rules and edges


def _shrink(widths: list[int], floors: list[int], excess: int) -> tuple[list[int], int]:
    """Take ``excess`` from the widest columns first (as rich does), none below its floor; what is left over."""
    widths = list(widths)
    while excess > 0:
        open_ = [i for i, width in enumerate(widths) if width > floors[i]]
        if not open_:
            break
        top = max(widths[i] for i in open_)
        widest = [i for i in open_ if widths[i] == top]
        below = max((widths[i] for i in open_ if widths[i] < top), default=0)
        step = min(top - max(below, floors[i]) for i in widest)
        if step * len(widest) >= excess:
            for k, i in enumerate(widest):
                widths[i] -= excess // len(widest) + (k < excess % len(widest))
            excess = 0
        else:
            for i in widest:
                widths[i] -= step
            excess -= step * len(widest)
    return widths, excess


def _rich_widths(table: Table, measures: Measures, room: int) -> list[int] | None:
    """The widths rich itself would give (its ``Table._calculate_column_widths`` on plain text cells), if
    they break no figure: then the table looks as rich draws it.

    No-wrap columns are kept whole where the table fits so (beside the longest word of every other column);
    else they may wrap too.
    """
    pairs = zip(table.columns, measures, strict=True)
    kept = sum(whole if column.no_wrap else low for column, (low, whole, _) in pairs)
    widths = [wide for _, _, wide in measures]
    if sum(widths) > room:
        wrapable = [not (column.no_wrap and kept <= room) for column in table.columns]
        widths = Table._collapse_widths(widths, wrapable, room)
        if sum(widths) > room:
            widths = ratio_reduce(sum(widths) - room, [1] * len(widths), widths, widths)
    fits = sum(widths) <= room and all(width >= low for width, (low, _, _) in zip(widths, measures, strict=True))
    return widths if fits else None


def _own_widths(table: Table, measures: Measures, room: int) -> list[int] | None:
    """Widths that break no figure where rich's would: None if there are none.

    As rich does, the widest columns that may wrap give way first, but none below its floor: a text
    column's :data:`TEXT_MIN`, a figure column's longest word. Then columns kept on one line (``no_wrap``)
    wrap their headers, then their cells at spaces.
    """
    if sum(low for low, _, _ in measures) > room:
        return None
    widths = [wide for _, _, wide in measures]
    excess = sum(widths) - room
    kept = [column.no_wrap and not _text(column) for column in table.columns]
    for floors in (
        [wide if keep else low for keep, (low, _, wide) in zip(kept, measures, strict=True)],
        [whole if keep else low for keep, (low, whole, _) in zip(kept, measures, strict=True)],
        [low for low, _, _ in measures],
    ):
        widths, excess = _shrink(widths, floors, excess)
    return widths if excess <= 0 else None


def column_widths(console: Console, table: Table, width: int | None = None) -> list[int] | None:
    """Each column's width, padding included, in ``width`` (the console's by default): rich's own when they
    break no figure, else :func:`_own_widths`; None if no widths can keep every figure whole."""
    room = _room(console, table, width)
    measures = _measures(console, table, room)
    return _rich_widths(table, measures, room) or _own_widths(table, measures, room)


def fits_whole(console: Console, table: Table) -> bool:
    """Whether the table fits with every figure cell on one line (headers and text columns may still wrap)."""
    room = _room(console, table)
    measures = _measures(console, table, room)
    return sum(low if _text(c) else whole for c, (low, whole, _) in zip(table.columns, measures, strict=True)) <= room


def _fix(table: Table, widths: list[int]) -> Table:
    """The widths set on the columns, so rich measures no cell again; text folds, a figure fits its column."""
    for index, (column, width) in enumerate(zip(table.columns, widths, strict=True)):
        column.width = width - table._get_padding_width(index)
        column.overflow = "fold"
        column.no_wrap = False
    return table


def _stacked(console: Console, table: Table) -> Group:
    """One block per row: the first cell as its heading, then each other cell beside its column's header."""
    parts: list[RenderableType] = []
    if table.title:
        parts.append(table.title if isinstance(table.title, Text) else Text(str(table.title)))
    parts.append(Text(STACKED_NOTE, style="dim"))
    first, *rest = table.columns
    for row in range(table.row_count):
        block = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
        block.add_column(overflow="fold")
        block.add_column()
        for column in rest:
            cell = column._cells[row]  # the cells rich holds
            if not isinstance(cell, str | Text) or str(cell).strip():  # a blank cell says nothing
                block.add_row(column.header, cell)
        widths = column_widths(console, block, console.width - 2)
        if widths is None:  # narrower than any figure: fold, the last resort
            for column in block.columns:
                column.overflow = "fold"
        parts.append(first._cells[row])
        parts.append(Padding(block if widths is None else _fix(block, widths), (0, 0, 0, 2)))
    if table.caption:
        parts.append(table.caption if isinstance(table.caption, Text) else Text(str(table.caption)))
    return Group(*parts)


def fit(console: Console, table: Table) -> RenderableType:
    """The table with widths that keep every figure whole, or as blocks when no table of it could."""
    widths = column_widths(console, table)
    return _stacked(console, table) if widths is None else _fix(table, widths)
