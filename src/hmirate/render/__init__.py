"""Output formats: each a small function of a result (a report, a comparison, a sample's check, ...).

Every format is declared once, in :mod:`hmirate.render.formats`, with one signature; :func:`render` and
:func:`render_comparison` are its two most used calls, kept for callers of the library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hmirate.render.formats import Options, names, render_text

if TYPE_CHECKING:
    from hmirate.report.compare_model import Comparison
    from hmirate.report.model import Report

FORMATS = names("report")


def render(report: Report, output_format: str, *, ci: bool = False, width: int | None = None) -> str:
    """The report in one format, as text; ``ci`` adds intervals where a format shows them on request."""
    return render_text(report, "report", output_format, Options(ci=ci, width=width))


def render_comparison(comparison: Comparison, output_format: str) -> str:
    """A ``hmirate compare`` result in one format, as text (``table`` too, without colour, 120 wide)."""
    return render_text(comparison, "comparison", output_format, Options(width=120))
