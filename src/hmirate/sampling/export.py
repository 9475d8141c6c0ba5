"""The drawn sample as a file: every longlist column, then ``stratum`` and ``reserve``, in longlist order.

``stratum`` is added for the standard strata (with ``--strata COLUMNS`` the stratum is already in those
columns); ``reserve`` only with a buffer, ``yes`` for the cases that stand in for ones that cannot be
inspected. CSV is UTF-8 text; ``.xlsx`` needs openpyxl (``pip install 'hmirate[excel]'``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from hmirate.columns import fold
from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.sampling.draw import STANDARD, Sample, stratum_label

EXCEL_CELL = 32_767
"""The most characters an Excel cell holds: a longer one is cut, or the workbook is reported damaged."""


def sample_rows(sample: Sample) -> tuple[list[str], list[list[str]]]:
    """The header and the chosen rows, with the columns the draw adds."""
    header = list(sample.longlist.header)
    added = (["stratum"] if sample.scheme == STANDARD else []) + (["reserve"] if sample.options.buffer else [])
    clash = [name for name in added if name in {fold(cell) for cell in header}]
    if clash:
        problem = f"already has a '{clash[0]}' column, which the sample adds: rename it"
        raise InvalidData([Problem(sample.longlist.name, 1, None, problem)])
    rows = []
    for position in sample.chosen:
        extra = [stratum_label(sample.stratum_of[position])] if sample.scheme == STANDARD else []
        if sample.options.buffer:
            extra.append("yes" if position in sample.reserves else "no")
        rows.append(sample.longlist.rows[position] + extra)
    return header + added, rows


def sample_csv(sample: Sample, *, shown: Callable[[str], str] | None = None) -> str:
    """The sample as CSV, every cell as the longlist has it, or as ``shown`` writes it (for a terminal)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header, rows = sample_rows(sample)
    if shown is not None:
        header, rows = [shown(cell) for cell in header], [[shown(cell) for cell in row] for row in rows]
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _escaped(match: re.Match[str]) -> str:
    """A control character as the visible escape every output uses (``\\x1b``): all of them are below 0x20."""
    return f"\\x{ord(match.group()):02x}"


def sample_xlsx(sample: Sample) -> bytes:
    """One sheet, every cell as text (so ``007`` stays ``007``, dates stay as the longlist wrote them, and
    ``=1+1`` or ``=HYPERLINK(...)`` from a longlist is text, never a live formula). The control characters a
    workbook cannot hold (all C0 controls but tab, line feed and carriage return) are written as visible
    escapes (``\\x1b``): openpyxl refuses them."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    except ImportError:
        raise UsageError("writing .xlsx needs openpyxl: pip install 'hmirate[excel]'") from None
    book = Workbook(write_only=True)
    sheet = book.create_sheet("sample")

    def text(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub(_escaped, value))
        cell.data_type = "s"  # openpyxl takes a value starting with = for a formula
        return cell

    header, rows = sample_rows(sample)
    too_long = [
        Problem(sample.longlist.name, sample.longlist.lines[position], header[column],
                f"a cell of {len(value):,} characters, over the {EXCEL_CELL:,} an Excel cell holds: write the sample "
                "as CSV")
        for position, row in zip(sample.chosen, rows, strict=True)
        for column, value in enumerate(row)
        if len(value) > EXCEL_CELL
    ]  # fmt: skip
    if too_long:
        raise InvalidData(too_long)
    for row in [header, *rows]:
        sheet.append([text(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
