"""``hmirate score``, ``hmirate explain`` and ``hmirate schema``: the report commands.

Only click at import time, like :mod:`hmirate.cli`: the library, pandas, rich and pydantic are imported
inside the commands, so ``hmirate --help`` stays instant. ``score`` and ``explain`` read their inputs with
the same options (:mod:`hmirate.cli.options`), so the two cannot drift apart.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

import hmirate.cli.options as options

if TYPE_CHECKING:
    from hmirate.report.model import Report


def score_report(files: tuple[str, ...], max_errors: int | None = None, **settings: Any) -> Report:
    """Run the library on the command's options, print its notes on stderr, and cut a long list of
    problems to ``max_errors`` (saying how many more there are)."""
    from hmirate.cli.echo import say
    from hmirate.cli.progress import progress_bar
    from hmirate.errors import InvalidData
    from hmirate.pipeline import score

    settings["delimiter"] = options.tab(settings.get("delimiter"))
    try:
        with progress_bar(2 * len(files) + 2) as progress:
            report = score(list(files), progress=progress, **settings)
    except InvalidData as error:
        if max_errors is None or len(error.problems) <= max_errors:
            raise
        raise InvalidData(error.problems[:max_errors], error.rows, len(error.problems) - max_errors) from None
    for note in report.notes:
        say(f"hmirate: {note}", err=True)
    return report


@click.command()
@click.argument("files", nargs=-1, required=True)
@options.case_input
@options.panel
@options.by("Also split by this column (repeatable).")
@options.reading
@options.output_format("report", "table")
@options.output
@click.option("--ci", is_flag=True, help="Tables and markdown: show the interval beside each percentage.")
@options.max_errors
def score(
    files: tuple[str, ...], by: tuple[str, ...], output_format: str, output: str | None, ci: bool, **settings: Any
) -> None:
    """Score case files into key-question percentages, splits and ratings.

    FILES are CSV exports or Excel workbooks, one row per case; several files (say case supervision, unpaid work and
    Through the Gate) are scored together into one report. Use - for standard input.
    """
    from hmirate.cli.output import coloured, command_inputs, emit, refuse_overwrite
    from hmirate.render.formats import Options, render

    inputs = command_inputs(files, settings["framework"], settings["panel"])
    if output is not None:
        refuse_overwrite(output, inputs)  # before reading, so nothing is spent on a run that cannot finish
    report = score_report(files, by=list(by), **settings)
    emit(render(report, "report", output_format, Options(ci=ci, color=coloured(output))), output, inputs)


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--standard", metavar="ID", help="Explain only this standard (say 2.3).")
@options.case_input
@options.panel
@options.reading
@options.max_errors
def explain(files: tuple[str, ...], standard: str | None, **settings: Any) -> None:
    """Show how each rating is reached: counts, percentages, driving key question, band, panel, final.

    Then, for the overall rating, each standard's score, the total and the band table used.
    """
    from hmirate.cli.output import emit
    from hmirate.render.formats import Options, render

    report = score_report(files, **settings)
    emit(render(report, "explanation", "text", Options(standard=standard)), None)


@click.command()
def schema() -> None:
    """Print the JSON Schema of `hmirate score --format json` (generated from the report's models)."""
    import json

    from hmirate.report.model import Report

    document = Report.model_json_schema(mode="serialization")
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


COMMANDS = (score, explain, schema)
