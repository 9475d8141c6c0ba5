"""Read an Excel ``.xlsx`` workbook into the same text table a CSV gives (openpyxl, an optional extra).

Analysts often keep the case export as the workbook it came in. Every cell becomes text the way a
person sees it (``1`` not ``1.0``), so validation and its messages are the same as for CSV; the line of a
problem is the spreadsheet's row number.

A workbook is a zip of XML files, and openpyxl trusts them: it loads the shared-string table whole and
pads rows to the size a sheet's ``<dimension>`` claims. So the zip's table of contents is checked first
(no part may claim more than :data:`MAX_PART_BYTES`, or :data:`MAX_SHEET_BYTES` for a sheet, which is
streamed), the claimed dimension is ignored (rows are read as they exist), and nothing is expanded
before those checks pass.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from hmirate.columns import is_long, looks_like_cases
from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.read.raw import ColumnPlan, RawFile, cell_reference
from hmirate.read.source import describe_size

INSTALL_HINT = "pip install 'hmirate[excel]'"
MAX_PART_BYTES = 256 << 20
"""Largest uncompressed size of a part openpyxl loads whole (shared strings, styles, workbook)."""
MAX_SHEET_BYTES = 1 << 30
"""Largest uncompressed size of a worksheet, which is streamed row by row."""
ENCRYPTED_MESSAGE = "is a password-protected workbook: remove the password in Excel and save it as .xlsx"
NEVER_CALCULATED = "a formula with no saved value (the workbook was never calculated): open it in Excel and save it"
_HEADER_SEARCH_ROWS = 50


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, dates in ISO form, empty cells as blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # Excel stores dates as midnight datetimes
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def encrypted(source: str | bytes) -> bool:
    """Whether an OLE (compound) file holds an encrypted workbook: its directory names the stream
    ``EncryptedPackage`` (in UTF-16), which an old binary .xls never has."""
    marker = "EncryptedPackage".encode("utf-16-le")
    handle = io.BytesIO(source) if isinstance(source, bytes) else Path(source).open("rb")  # noqa: SIM115
    with handle:
        tail = b""
        while block := handle.read(1 << 20):
            if marker in tail + block:
                return True
            tail = block[-len(marker) :]
    return False


def _check_parts(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts claim absurd sizes, before anything is decompressed."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InvalidData([Problem(name, None, None, "is not a readable .xlsx workbook")]) from None
    for part in parts:
        sheet = part.filename.startswith("xl/worksheets/")
        cap = MAX_SHEET_BYTES if sheet else MAX_PART_BYTES
        if part.file_size > cap:
            size = f"{part.file_size / (1 << 20):,.0f} MiB"
            message = f"workbook part {part.filename} would expand to {size}, over the {describe_size(cap)} limit"
            raise InvalidData([Problem(name, None, None, message)])


@dataclass(frozen=True)
class Sheet:
    """The sheet with the cases, read: its rows as openpyxl gives them, and its header."""

    header: list[str]
    rows: list[tuple[Any, ...]]
    formulas: frozenset[tuple[int, int]]
    """(row, column index) of formulas with no saved value."""
    note: str | None
    """Which sheet was read, when there was a choice."""
    title: str = ""
    """The sheet's name, for cell references (``Cases!F12``)."""


def open_xlsx(data: bytes, name: str, sheet: str | None = None) -> Sheet:
    """The sheet with the cases (or ``sheet``) of a workbook, read whole: the header decides the plan."""
    try:
        import openpyxl
    except ImportError:
        raise UsageError(f"{name}: reading Excel workbooks needs openpyxl: {INSTALL_HINT}") from None
    _check_parts(data, name)
    unreadable = InvalidData([Problem(name, None, None, "is not a readable .xlsx workbook")])
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged workbook fails in many ways inside openpyxl (zip, XML, schema)
        raise unreadable from None
    try:
        worksheet, note = _choose(book, name, sheet)
        formulas = _uncalculated(book, data, worksheet.title)
        rows = list(_rows(worksheet))
    except (UsageError, InvalidData):
        raise
    except Exception:  # read-only sheets are parsed lazily, so damage can surface while iterating
        raise unreadable from None
    finally:
        book.close()
    header = next(([cell_text(v) for v in row] for row in rows if any(cell_text(v).strip() for v in row)), [])
    while header and not header[-1].strip():
        header.pop()
    return Sheet(header, rows, frozenset(formulas), note, worksheet.title)


def read_sheet(sheet: Sheet, name: str, plan: ColumnPlan | None = None, sha256: str | None = None) -> RawFile:
    """The planned columns of a sheet as text; blank rows are skipped, as blank lines in CSV."""
    return _table(sheet.rows, name, plan, sheet.formulas, [sheet.note] if sheet.note else [], sha256, sheet.title)


def read_xlsx(data: bytes, name: str, sheet: str | None = None, plan: ColumnPlan | None = None) -> RawFile:
    """The sheet with the cases (or ``sheet``) of a workbook, read in one go."""
    return read_sheet(open_xlsx(data, name, sheet), name, plan)


def _rows(worksheet: Any) -> Iterator[tuple[Any, ...]]:
    worksheet.reset_dimensions()  # the <dimension> a file claims is not trusted: rows as they exist
    return worksheet.iter_rows(values_only=True)


def _first_row(worksheet: Any) -> list[str]:
    for number, row in enumerate(_rows(worksheet)):
        cells = [cell_text(value) for value in row]
        if any(cell.strip() for cell in cells) or number >= _HEADER_SEARCH_ROWS:
            return cells
    return []


def _choose(book: Any, name: str, sheet: str | None) -> tuple[Any, str | None]:
    """The sheet asked for, else the first whose header has case columns, else the first; and a note
    saying which was read when there was a choice."""
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise UsageError(f"{name}: no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}", param="sheet")
        return book[sheet], None
    sheets = book.worksheets
    if not sheets:
        raise InvalidData([Problem(name, None, None, "the workbook has no worksheets")])
    chosen = next((ws for ws in sheets if looks_like_cases(_first_row(ws))), None)
    if len(sheets) == 1:
        return sheets[0], None
    others = ", ".join(repr(ws.title) for ws in sheets if ws is not (chosen or sheets[0]))
    if chosen is None:
        return sheets[0], f"{name}: no sheet has case columns; read the first, {sheets[0].title!r} (others: {others})"
    return chosen, f"{name}: read sheet {chosen.title!r}, which has the case columns (others: {others})"


def _uncalculated(book: Any, data: bytes, title: str) -> set[tuple[int, int]]:
    """Cells (row, column index) holding a formula with no saved value. openpyxl gives such a cell as
    empty when reading values, so the sheet is read again for formulas, only if it has any."""
    import openpyxl

    path = book[title]._worksheet_path
    with book._archive.open(path) as part:
        if not _contains(part, (b"<f>", b"<f ", b":f>", b":f ")):
            return set()
    found: set[tuple[int, int]] = set()
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        values = _rows(book[title])
        for number, (row, cached) in enumerate(zip(_rows(formulas[title]), values, strict=False), 1):
            for column, (cell, value) in enumerate(zip(row, cached, strict=False)):
                if value is None and isinstance(cell, str) and cell.startswith("="):
                    found.add((number, column))
    finally:
        formulas.close()
    return found


def _contains(stream: Any, needles: Iterable[bytes]) -> bool:
    tail = b""
    while block := stream.read(1 << 20):
        if any(needle in tail + block for needle in needles):
            return True
        tail = block[-4:]
    return False


def _table(
    rows: Iterable[tuple[Any, ...]],
    name: str,
    plan: ColumnPlan | None,
    formulas: frozenset[tuple[int, int]],
    notes: list[str],
    sha256: str | None,
    title: str,
) -> RawFile:
    header: list[str] | None = None
    wanted: set[int] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows, 1):
        cells = [cell_text(value) for value in row]
        while cells and not cells[-1].strip():
            cells.pop()
        if header is None:
            if cells:
                header = cells
                wanted = set(plan.reads()) if plan is not None and not is_long(header) else None
            continue
        bad = sorted(c for r, c in formulas if r == number and (wanted is None or c in wanted)) if formulas else []
        if bad:
            problems.extend(
                Problem(
                    name,
                    number,
                    header[c] if c < len(header) else None,
                    NEVER_CALCULATED,
                    cell_reference(title, c, number),
                )
                for c in bad
            )
            continue
        if not cells:
            continue
        if len(cells) > len(header):
            problems.append(Problem(name, number, None, f"row has {len(cells)} cells, the header has {len(header)}"))
            continue
        records.append(cells + [""] * (len(header) - len(cells)))
        lines.append(number)
    if header is None:
        raise InvalidData([Problem(name, None, None, "the sheet is empty: expected a header row")])
    columns = list(zip(*records, strict=True)) if records else [()] * len(header)
    frame = pa.table({f"c{i}": pa.array(list(values), type=pa.string()) for i, values in enumerate(columns)})
    rows_with_problems = len({problem.line for problem in problems})
    skipped = frozenset(range(len(records), len(records) + rows_with_problems))
    return RawFile(
        name=name,
        header=header,
        frame=frame,
        row_lines=lines,
        problems=problems,
        notes=notes,
        skipped=skipped,
        sha256=sha256,
        sheet=title,
    )
