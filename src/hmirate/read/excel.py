"""Read an Excel ``.xlsx`` workbook into the same text table a CSV gives (openpyxl, an optional extra).

Analysts often keep the case export as the workbook it came in. Every cell becomes text the way a
person sees it (``1`` not ``1.0``), so validation and its messages are the same as for CSV; the line of a
problem is the spreadsheet's row number.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pyarrow as pa

from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.read.csv import RawFile

INSTALL_HINT = "pip install 'hmirate[excel]'"


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


def read_xlsx(data: bytes, name: str, sheet: str | None = None) -> RawFile:
    """The first sheet (or ``sheet``) of a workbook; blank rows are skipped, as blank lines in CSV."""
    try:
        import openpyxl
    except ImportError:
        raise UsageError(f"{name}: reading Excel workbooks needs openpyxl: {INSTALL_HINT}") from None
    unreadable = InvalidData([Problem(name, None, None, "is not a readable .xlsx workbook")])
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged workbook fails in many ways inside openpyxl (zip, XML, schema)
        raise unreadable from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise UsageError(f"{name}: no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}")
        return _table(worksheet.iter_rows(values_only=True), name)
    except (UsageError, InvalidData):
        raise
    except Exception:  # read-only sheets are parsed lazily, so damage can surface while iterating
        raise unreadable from None
    finally:
        book.close()


def _table(rows: Any, name: str) -> RawFile:
    header: list[str] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows, 1):
        cells = [cell_text(value) for value in row]
        while cells and not cells[-1].strip():
            cells.pop()
        if not cells:
            continue
        if header is None:
            header = cells
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
    raw = RawFile(name=name, header=header, frame=frame, row_lines=lines, problems=problems)
    raw.skipped = frozenset(range(len(records), len(records) + len(problems)))
    return raw
