"""``hmirate template``: the recording workbook for a framework, and a drawn sample's cases.

Only click is imported at start-up; the library (:mod:`hmirate.sampling.template`) and openpyxl are
imported when the command runs. The command parses, calls one library function, renders and writes.
"""

from __future__ import annotations

import click

import hmirate.cli.options as options
from hmirate.cli.echo import say


@click.command("template", short_help="Write the workbook inspectors record their answers in.")
@options.framework
@click.option(
    "--sample",
    "sample",
    metavar="SAMPLE.csv|.xlsx",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="A drawn sample (hmirate draw -o): list its cases, reserves last.",
)
@click.option(
    "--standards",
    metavar="IDS",
    help="Comma-separated standards to record (2.1,2.2) [default: every standard rated from cases].",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Where to write the template (- for standard output, never a workbook to a terminal).",
)
@options.sheet
@options.output_format("template", None, "csv when --output ends in .csv, else xlsx")
def template(
    framework: str,
    sample: str | None,
    standards: str | None,
    output: str,
    sheet: str | None,
    output_format: str | None,
) -> None:
    """Write the recording template: a workbook that score and validate read back as it is.

    Its Cases sheet has case_id, the framework's split columns and one column per key question, with the
    question's wording as the header's comment and a Yes / No / N/A drop-down on every answer cell; with
    --sample, one grey row per drawn case (its id, the split values it has, its stratum and reserve), reserves
    after the main sample. The Framework sheet lists every standard, key question and rating rule; the ReadMe
    sheet says what to fill in and the command that scores it. --format csv writes the header (and the sample's
    rows) as CSV instead.
    """
    from hmirate.cli.output import emit
    from hmirate.render.formats import render
    from hmirate.sampling.template import make_template

    wanted = None if standards is None else standards.split(",")
    chosen_framework = f" --framework {framework}" if framework != options.DEFAULT_FRAMEWORK else ""
    name = "cases.xlsx" if output == "-" else output
    commands = [
        ("Check the recording", f"hmirate validate --progress {name}{chosen_framework}"),
        ("Score it", f"hmirate score {name}{chosen_framework}"),
    ]
    made = make_template(framework=framework, sample=sample, standards=wanted, commands=commands, sheet=sheet)
    for note in made.notes:
        say(f"hmirate: {note}", err=True)
    chosen = output_format or ("csv" if output.lower().endswith(".csv") else "xlsx")
    emit(render(made, "template", chosen), output, [path for path in (sample, framework) if path is not None])
    if output != "-":
        standards_count = f"{len(made.standards)} standard{'s' * (len(made.standards) != 1)}"
        cases = f", {len(made.cases)} cases ({sum(case.reserve for case in made.cases)} reserves)" if sample else ""
        click.echo(
            f"hmirate: wrote {output}: {len(made.questions)} key questions of {standards_count}{cases}", err=True
        )


COMMANDS = [template]
