"""Read an Excel ``.xlsx`` workbook into the same text table a CSV gives (openpyxl, an optional extra).

Analysts often keep the case export as the workbook it came in. Every cell becomes text the way a
person sees it (``1`` not ``1.0``), so validation and its messages are the same as for CSV; the line of a
problem is the spreadsheet's row number.

A workbook is a zip of XML files, and openpyxl trusts them: it loads the shared-string table whole and
pads rows to the size a sheet's ``<dimension>`` claims. So the zip's table of contents is checked first
(no part may claim more than :data:`MAX_PART_BYTES`, or :data:`MAX_SHEET_BYTES` for a sheet, which is
streamed), and nothing is expanded before those checks pass. openpyxl reads only the workbook's own parts
(the sheet list, shared strings, number formats); each sheet's rows are walked once by
:mod:`hmirate.read.sheet_xml`, as they exist, whatever dimension the sheet claims.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import pyarrow as pa

from hmirate.columns import is_long, looks_like_cases
from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.read.ragged import grouped_problems
from hmirate.read.raw import ColumnPlan, RawFile, cell_reference
from hmirate.read.sheet_xml import DamagedSheet, Formats, Row
from hmirate.read.sheet_xml import rows as sheet_rows
from hmirate.read.source import describe_size

INSTALL_HINT = "pip install 'hmirate[excel]'"
MAX_PART_BYTES = 256 << 20
"""Largest uncompressed size of a part openpyxl loads whole (shared strings, styles, workbook)."""
MAX_SHEET_BYTES = 1 << 30
"""Largest uncompressed size of a worksheet, which is streamed row by row."""
ENCRYPTED_MESSAGE = "is a password-protected workbook: remove the password in Excel and save it as .xlsx"
NEVER_CALCULATED = "a formula with no saved value (the workbook was never calculated): open it in Excel and save it"
_HEADER_SEARCH_ROWS = 50


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
    """The sheet with the cases, chosen and its header read; its rows are read once, by :func:`read_sheet`."""

    header: list[str]
    note: str | None
    """Which sheet was read, when there was a choice."""
    title: str
    """The sheet's name, for cell references (``Cases!F12``)."""
    data: bytes = field(repr=False)
    path: str
    """The worksheet's part in the zip."""
    formats: Formats = field(repr=False)


@dataclass(frozen=True)
class _Worksheet:
    title: str
    path: str
    hidden: bool


def open_xlsx(data: bytes, name: str, sheet: str | None = None) -> Sheet:
    """The sheet with the cases (or ``sheet``) of a workbook, chosen by the headers: the rows are not read
    yet, so the header can decide the plan and the sheet is then walked once."""
    try:
        from openpyxl.reader.excel import ExcelReader
    except ImportError:
        raise UsageError(f"{name}: reading Excel workbooks needs openpyxl: {INSTALL_HINT}") from None
    _check_parts(data, name)
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet = import_module("openpyxl.styles.stylesheet").apply_stylesheet
        apply_stylesheet(reader.archive, reader.wb)
        worksheets = [
            _Worksheet(entry.name, rel.target, entry.state in ("hidden", "veryHidden"))
            for entry, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ]
        book = reader.wb
        formats = Formats(
            list(reader.shared_strings),
            frozenset(book._date_formats),
            frozenset(book._timedelta_formats),
            book.epoch,
        )
    except Exception:  # a damaged workbook fails in many ways inside openpyxl (zip, XML, schema)
        raise _unreadable(name) from None
    chosen, header, note = _choose(data, worksheets, formats, name, sheet)
    return Sheet(header, note, chosen.title, data, chosen.path, formats)


def read_sheet(sheet: Sheet, name: str, plan: ColumnPlan | None = None, sha256: str | None = None) -> RawFile:
    """The planned columns of a sheet as text, walking its XML once; blank rows are skipped, as blank
    lines in CSV."""
    notes = [sheet.note] if sheet.note else []
    return _table(_rows(sheet.data, sheet.path, sheet.formats, name), name, plan, notes, sha256, sheet.title)


def read_xlsx(data: bytes, name: str, sheet: str | None = None, plan: ColumnPlan | None = None) -> RawFile:
    """The sheet with the cases (or ``sheet``) of a workbook, read in one go."""
    return read_sheet(open_xlsx(data, name, sheet), name, plan)


def _unreadable(name: str) -> InvalidData:
    return InvalidData([Problem(name, None, None, "is not a readable .xlsx workbook")])


def _rows(data: bytes, path: str, formats: Formats, name: str, limit: int | None = None) -> Iterator[Row]:
    """The sheet's rows; the ``<dimension>`` a file claims is not trusted: rows are read as they exist."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as stream:
            yield from sheet_rows(stream, formats, limit)
    except (DamagedSheet, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise _unreadable(name) from None


def _header(data: bytes, worksheet: _Worksheet, formats: Formats, name: str) -> list[str]:
    """The first row with anything in it, among the first few: the sheet's header."""
    for row in _rows(data, worksheet.path, formats, name, _HEADER_SEARCH_ROWS):
        cells = list(row.cells)
        while cells and not cells[-1].strip():
            cells.pop()
        if cells:
            return cells
    return []


def _quoted(titles: list[str]) -> str:
    return ", ".join(repr(title) for title in titles)


def _choose(
    data: bytes, worksheets: list[_Worksheet], formats: Formats, name: str, sheet: str | None
) -> tuple[_Worksheet, list[str], str | None]:
    """The sheet asked for, else the one visible sheet whose header has case columns, else the first
    visible sheet; and a note saying which was read when there was a choice.

    A hidden sheet is never read unless asked for: a workbook's stale copy of the cases is often hidden
    rather than deleted. Two visible sheets that both have case columns are refused: which holds the cases
    is the analyst's to say, not the order of the tabs.
    """
    if sheet is not None:
        asked = next((ws for ws in worksheets if ws.title == sheet), None)
        if asked is None:
            listed = ", ".join(ws.title + (" (hidden)" if ws.hidden else "") for ws in worksheets)
            raise UsageError(f"{name}: no sheet {sheet!r}; sheets: {listed}", param="sheet")
        return asked, _header(data, asked, formats, name), None
    if not worksheets:
        raise InvalidData([Problem(name, None, None, "the workbook has no worksheets")])
    visible = [ws for ws in worksheets if not ws.hidden]
    hidden = [ws.title for ws in worksheets if ws.hidden]
    if not visible:
        message = f"{name}: every sheet is hidden ({_quoted(hidden)}): name the one with the cases with `sheet`"
        raise UsageError(message, param="sheet")
    headers = {ws.title: _header(data, ws, formats, name) for ws in visible}
    with_cases = [ws for ws in visible if looks_like_cases(headers[ws.title])]
    if len(with_cases) > 1:
        titles = [repr(ws.title) for ws in with_cases]
        both = "both" if len(titles) == 2 else "all"
        listed = f"{', '.join(titles[:-1])} and {titles[-1]}"
        raise UsageError(f"{name}: sheets {listed} {both} have case columns: choose one with `sheet`", param="sheet")
    chosen = with_cases[0] if with_cases else visible[0]
    passed_over = f"; hidden, not read: {_quoted(hidden)}" if hidden else ""
    others = _quoted([ws.title for ws in visible if ws is not chosen])
    if not others and not hidden:
        return chosen, headers[chosen.title], None
    if not others:
        note = f"{name}: read sheet {chosen.title!r} (hidden, not read: {_quoted(hidden)})"
    elif with_cases:
        note = f"{name}: read sheet {chosen.title!r}, which has the case columns (others: {others}{passed_over})"
    else:
        note = f"{name}: no sheet has case columns; read the first, {chosen.title!r} (others: {others}{passed_over})"
    return chosen, headers[chosen.title], note


def _table(
    rows: Iterable[Row], name: str, plan: ColumnPlan | None, notes: list[str], sha256: str | None, title: str
) -> RawFile:
    header: list[str] | None = None
    wanted: set[int] | None = None
    keep: list[int] = []
    records: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    ragged: dict[int, list[int]] = {}
    last = 0
    for row in rows:
        number, cells = row.number, row.cells
        if number <= last:
            order = "appears twice" if number == last else f"comes after row {last}"
            message = f"row {number} {order}: the sheet's rows are out of order (is the file damaged?)"
            raise InvalidData([Problem(name, None, None, message)])
        last = number
        while cells and not cells[-1].strip():
            cells.pop()
        if header is None:
            if cells:
                header = cells
                wanted = set(plan.reads()) if plan is not None and not is_long(header) else None
                keep = sorted(wanted) if wanted is not None else list(range(len(header)))
                keep = keep or [0]  # nothing hmirate uses, but the rows must still be counted
            continue
        bad = sorted(c for c in row.uncalculated if wanted is None or c in wanted)
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
        if len(cells) > len(header):  # trailing empty cells are gone: a value past the header's last column
            ragged.setdefault(len(cells), []).append(number)
            continue
        width = len(cells)
        records.append([cells[c] if c < width else "" for c in keep])
        lines.append(number)
    if header is None:
        raise InvalidData([Problem(name, None, None, "the sheet is empty: expected a header row")])
    columns = list(zip(*records, strict=True)) if records else [()] * len(keep)
    arrays = [pa.array(list(values), type=pa.string()) for values in columns]
    frame = pa.table({f"c{c}": array for c, array in zip(keep, arrays, strict=True)})
    rows_with_problems = len({problem.line for problem in problems} | {n for rows in ragged.values() for n in rows})
    if ragged:  # grouped as a CSV's are; sheet rows are their own lines
        last = max(n for rows in ragged.values() for n in rows)
        problems = sorted([*problems, *grouped_problems(name, ragged, range(last + 1), len(header))], key=_line)
    skipped = frozenset(range(len(records), len(records) + rows_with_problems))
    return RawFile(
        name=name,
        header=header,
        frame=frame,
        row_lines=lines,
        problems=problems,
        notes=notes,
        skipped=skipped,
        rejected=rows_with_problems,
        sha256=sha256,
        sheet=title,
    )


def _line(problem: Problem) -> int:
    return problem.line or 0
