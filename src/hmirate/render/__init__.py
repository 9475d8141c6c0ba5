"""Output formats: each a small function of the :class:`~hmirate.report.Report`.

``table`` prints rich tables; every other format is a function returning text, looked up here by name
and imported only when asked for, so choosing one format never pays for another.
"""

from __future__ import annotations

import io
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hmirate.report.compare_model import Comparison
    from hmirate.report.model import Report

FORMATS = ("table", "json", "csv", "markdown", "html")

_TEXT = {
    "json": ("hmirate.render.json", "render_json"),
    "csv": ("hmirate.render.csv", "render_csv"),
    "markdown": ("hmirate.render.markdown", "render_markdown"),
    "html": ("hmirate.render.html", "render_html"),
}


def render(report: Report, output_format: str, *, ci: bool = False, width: int | None = None) -> str:
    """The report in one format, as text; ``ci`` adds intervals where a format shows them on request."""
    if output_format == "table":
        from rich.console import Console

        from hmirate.render.table import render_table

        buffer = io.StringIO()
        render_table(report, Console(file=buffer, width=width, no_color=True), ci=ci)
        return buffer.getvalue()
    module, name = _TEXT[output_format]
    function = getattr(import_module(module), name)
    return function(report, ci=ci) if output_format == "markdown" else function(report)


def render_comparison(comparison: Comparison, output_format: str) -> str:
    """A ``hmirate compare`` result in one format, as text (``table`` too, without colour)."""
    if output_format == "table":
        from rich.console import Console

        from hmirate.render.compare_table import print_comparison

        buffer = io.StringIO()
        print_comparison(comparison, Console(file=buffer, no_color=True, width=120))
        return buffer.getvalue()
    if output_format == "html":
        from hmirate.render.compare_html import render_compare_html

        return render_compare_html(comparison)
    from hmirate.render import compare

    renderers = {"json": compare.render_json, "csv": compare.render_csv, "markdown": compare.render_markdown}
    return renderers[output_format](comparison)
