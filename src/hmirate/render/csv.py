"""CSV: one row per key question and group (the tidy rows of :mod:`hmirate.report.tidy`), safe to open in Excel.

A group value, a file name or a framework's wording comes from someone else's data, and a spreadsheet
runs any cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) as a formula.
Such text cells are prefixed with an apostrophe, the usual guard (OWASP's advice); numbers are left alone.
Control and bidi characters in such text are written as visible escapes (:mod:`hmirate.render.visible`), so
``cat report.csv`` cannot drive a terminal; the JSON output keeps the raw values.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from hmirate.render.formats import PLAIN, Options
from hmirate.render.visible import visible_report
from hmirate.report.model import Report
from hmirate.report.tidy import COLUMNS, figure_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made inert; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return guard(value)


def render_csv(report: Report, options: Options = PLAIN) -> str:
    """A header row, then every key question's whole-sample row followed by its groups' rows."""
    report = visible_report(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in figure_rows(report):
        writer.writerow([_cell(row[column]) for column in COLUMNS])
    return out.getvalue()
