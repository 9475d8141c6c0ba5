"""The report commands' shared options and output, and ``hmirate explain`` and ``hmirate schema``.

Only click at import time, like :mod:`hmirate.cli`: the library, pandas, rich and pydantic are imported
inside the commands, so ``hmirate --help`` stays instant. ``score`` and ``explain`` read their inputs
with the same options, declared once here, so the two cannot drift apart.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from hmirate.report.model import Report

FORMATS = ("table", "json", "csv", "markdown", "html")
"""The same names as :data:`hmirate.render.FORMATS`, repeated so the CLI need not import the renderers."""


def _confidence(ctx: click.Context, param: click.Parameter, value: float) -> float:
    from hmirate.errors import UsageError
    from hmirate.rules.intervals import check_confidence

    if not 0 < value < 1:
        raise click.BadParameter(f"must be between 0 and 1, exclusive (80% is 0.8), not {value:g}")
    try:
        return check_confidence(value)
    except UsageError as error:  # at a floating-point edge: checked here so the run stops before reading
        raise click.BadParameter(str(error)) from None


def reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--confidence, --min-base and --margin: how figures are read, for every report command."""
    options = [
        click.option("--confidence", type=float, default=0.80, show_default=True, callback=_confidence,
                     help="Confidence level of the Wilson intervals, between 0 and 1."),
        click.option("--min-base", type=click.IntRange(min=0), default=10, show_default=True, metavar="N",
                     help="Mark split groups with a base under N as too small to read."),
        click.option("--margin", type=click.FloatRange(0, 100), default=5.0, show_default=True,
                     metavar="POINTS", help="Flag standards this close to a band edge as borderline."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def score_report(files: tuple[str, ...], **options: Any) -> Report:
    """Run the library on the command's options and print its notes on stderr."""
    from hmirate.cli.progress import progress_bar
    from hmirate.pipeline import score

    delimiter = options.pop("delimiter", None)
    with progress_bar(2 * len(files) + 2) as progress:
        report = score(list(files), delimiter="\t" if delimiter == "tab" else delimiter, progress=progress, **options)
    from hmirate.cli.echo import say

    for note in report.notes:
        say(f"hmirate: {note}", err=True)
    return report


def emit(report: Report, output_format: str, output: str | None, ci: bool, inputs: tuple[str, ...] = ()) -> None:
    """Write the report in a format to stdout or to ``output`` (UTF-8, atomically; tables without colour)."""
    from hmirate.cli.output import write_output

    if output_format == "table" and output is None:
        from hmirate.render.table import render_table

        render_table(report, ci=ci)
        return
    from hmirate.render import render

    text = render(report, output_format, ci=ci)
    if output is None:
        sys.stdout.write(text)
        return
    write_output(output, text, inputs)


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--standard", "standard_id", metavar="ID", help="Explain only this standard (say 2.3).")
@click.option("--framework", default="crc-2018", show_default=True, help="Built-in framework name or a .toml file.")
@click.option("--panel", type=click.Path(exists=True, dir_okay=False), help="Ratings panel decisions (TOML).")
@click.option("--delimiter", type=click.Choice([",", ";", "tab"]), help="Field delimiter (default: detected).")
@click.option("--sheet", metavar="NAME", help="Excel workbooks: the sheet to read (default: the first).")
@reading_options
def explain(files: tuple[str, ...], standard_id: str | None, **options: Any) -> None:
    """Show how each rating is reached: counts, percentages, driving key question, band, panel, final.

    Then, for the overall rating, each standard's score, the total and the band table used.
    """
    from hmirate.errors import UsageError
    from hmirate.render.explain import render_explain

    report = score_report(files, **options)
    if standard_id is not None and standard_id not in [s.id for s in report.standards]:
        known = ", ".join(s.id for s in report.standards)
        raise UsageError(f"unknown standard {standard_id!r} in framework {report.framework} ({known})")
    sys.stdout.write(render_explain(report, standard_id))


@click.command()
def schema() -> None:
    """Print the JSON Schema of `hmirate score --format json` (generated from the report's models)."""
    import json

    from hmirate.report.model import Report

    document = Report.model_json_schema(mode="serialization")
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


COMMANDS = (explain, schema)
