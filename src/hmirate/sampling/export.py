"""The drawn sample as a file: every longlist column, then ``stratum`` and ``reserve``, in longlist order.

``stratum`` is added for the standard strata (with ``--strata COLUMNS`` the stratum is already in those
columns); ``reserve`` only with a buffer, ``yes`` for the cases that stand in for ones that cannot be
inspected. CSV is UTF-8 text; ``.xlsx`` needs openpyxl (``pip install 'hmirate[excel]'``).
"""

from __future__ import annotations

import csv
import io

from hmirate.columns import fold
from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.sampling.draw import STANDARD, Sample, stratum_label


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


def sample_csv(sample: Sample) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header, rows = sample_rows(sample)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def sample_xlsx(sample: Sample) -> bytes:
    """One sheet, every cell as text (so ``007`` stays ``007`` and dates stay as the longlist wrote them)."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise UsageError("writing .xlsx needs openpyxl: pip install 'hmirate[excel]'") from None
    book = Workbook(write_only=True)
    sheet = book.create_sheet("sample")
    header, rows = sample_rows(sample)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
