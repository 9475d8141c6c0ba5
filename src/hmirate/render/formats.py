"""Every output format, declared once: its name, and for each kind of result it shows, the function that does.

Every renderer has one signature, ``function(thing, options) -> str | bytes``: text, or a workbook's bytes.
Functions are named here by module and imported only when asked for, so choosing one format never pays for
another and the CLI reads its ``--format`` choices (:func:`names`) without importing any renderer. A new
format is one file in ``render/`` and its line in :data:`FORMATS`; a format a kind of result has no renderer
for is refused by name, as a usage error.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

from hmirate.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

Kind = Literal["report", "explanation", "comparison", "sample size", "sample check", "sample", "plan", "template"]
"""What is shown: a report (``score``), its explanation (``explain``), a comparison (``compare``), a sample size
(``sample-size``), a sample's check (``check-sample``), a drawn sample and its plan (``draw``), the recording
template (``template``)."""


@dataclass(frozen=True)
class Options:
    """How a result is shown, the same for every format; a format ignores what it has no use for."""

    ci: bool = False
    """Tables and markdown: the interval beside each percentage."""
    width: int | None = None
    """Tables: the width to fit, in characters; None for the terminal's (80 when there is none)."""
    color: bool = False
    """Tables: colour, for a terminal."""
    standard: str | None = None
    """An explanation: only this standard's (by id); None for every standard and the overall rating."""
    terminal: bool = False
    """Shown on a terminal: a sample's cells with control and bidi characters made visible (every other
    human-readable format always makes them visible; a sample piped or redirected keeps its cells as they are)."""


PLAIN = Options()


@dataclass(frozen=True)
class Format:
    """One output format: for each kind of result it can show, ``"module:function"`` showing it."""

    name: str
    renderers: Mapping[Kind, str]
    binary: bool = False
    """Bytes (a workbook), not text: written to a file or a pipe, never to a terminal."""


FORMATS = (
    Format(
        "table",
        {
            "report": "hmirate.render.table:table_text",
            "comparison": "hmirate.render.compare_table:comparison_text",
            "sample size": "hmirate.render.sampling:size_table",
            "sample check": "hmirate.render.sampling:check_text",
            "plan": "hmirate.render.sampling:plan_table",
        },
    ),
    Format("text", {"explanation": "hmirate.render.explain:explanation_text"}),
    Format(
        "json",
        {
            "report": "hmirate.render.json:render_json",
            "comparison": "hmirate.render.compare:render_json",
            "sample size": "hmirate.render.sampling:size_json",
            "sample check": "hmirate.render.sampling:check_json",
            "plan": "hmirate.render.sampling:plan_json",
        },
    ),
    Format(
        "csv",
        {
            "report": "hmirate.render.csv:render_csv",
            "comparison": "hmirate.render.compare:render_csv",
            "sample": "hmirate.render.sampling:sample_csv",
            "template": "hmirate.render.template:template_csv",
        },
    ),
    Format(
        "markdown",
        {"report": "hmirate.render.markdown:render_markdown", "comparison": "hmirate.render.compare:render_markdown"},
    ),
    Format(
        "html",
        {"report": "hmirate.render.html:render_html", "comparison": "hmirate.render.compare_html:render_compare_html"},
    ),
    Format(
        "xlsx",
        {"sample": "hmirate.render.sampling:sample_xlsx", "template": "hmirate.render.template:template_xlsx"},
        binary=True,
    ),
)
"""Every output format, in the order ``--help`` lists them."""

BY_NAME = {found.name: found for found in FORMATS}


def names(kind: Kind) -> tuple[str, ...]:
    """The formats that can show ``kind``: a command's ``--format`` choices."""
    return tuple(found.name for found in FORMATS if kind in found.renderers)


def renderer(kind: Kind, output_format: str) -> Callable[[Any, Options], str | bytes]:
    """The function showing ``kind`` in ``output_format``; a format that cannot is refused by name."""
    found = BY_NAME.get(output_format)
    if found is None or kind not in found.renderers:
        what = "no output format" if found is None else f"the {output_format} format cannot show a {kind}"
        choices = ", ".join(names(kind))
        raise UsageError(
            f"`output_format` {output_format!r}: {what}; a {kind} can be shown as {choices}", param="output_format"
        )
    module, function = found.renderers[kind].split(":")
    return getattr(import_module(module), function)


def render(thing: Any, kind: Kind, output_format: str, options: Options = PLAIN) -> str | bytes:
    """``thing`` (a ``kind`` of result) in one format: text, or bytes for a binary format."""
    return renderer(kind, output_format)(thing, options)


def render_text(thing: Any, kind: Kind, output_format: str, options: Options = PLAIN) -> str:
    """As :func:`render`, for a caller that wants text: a binary format is refused by name."""
    if BY_NAME.get(output_format, FORMATS[0]).binary:
        raise UsageError(f"`output_format` {output_format!r} is not text", param="output_format")
    result = render(thing, kind, output_format, options)
    assert isinstance(result, str)
    return result


def console_text(options: Options, show: Callable[[Console], None], *, highlight: bool = True) -> str:
    """What ``show`` prints on a rich console, as text: coloured for a terminal, plain otherwise."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color or None,
        no_color=None if options.color else True,
        highlight=highlight,
    )
    console.size = console.size  # looked up once: rich asks the terminal again at every cell otherwise
    show(console)
    return buffer.getvalue()
