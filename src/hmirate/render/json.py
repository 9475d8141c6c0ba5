"""The machine-readable output: the report model as one JSON document (documented in docs/output.md)."""

from __future__ import annotations

from hmirate.render.formats import PLAIN, Options
from hmirate.report.model import Report


def render_json(report: Report, options: Options = PLAIN) -> str:
    """Indented, key order fixed by the model, so the same input always gives the same bytes."""
    return report.model_dump_json(indent=2) + "\n"
