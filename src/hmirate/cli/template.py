"""``hmirate template``: the recording workbook for a framework, and a drawn sample's cases.

Only click is imported at start-up; the library (:mod:`hmirate.sampling.template`) and openpyxl are
imported when the command runs. The command parses, calls one library function, renders and writes.
"""

from __future__ import annotations

import sys

import click

import hmirate.cli.options as options

FORMATS = ("xlsx", "csv")
"""The template's formats: the workbook, or its bare header (and sample rows) as CSV."""


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
    help="Where to write the template (- for standard output, CSV only).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    help="xlsx (a workbook) or csv (the bare header) [default: by the output's name, else xlsx].",
)
def template(framework: str, sample: str | None, standards: str | None, output: str, output_format: str | None) -> None:
    """Write the recording template: a workbook that score and validate read back as it is.

    Its Cases sheet has case_id, the framework's split columns and one column per key question, with the
    question's wording as the header's comment and a Yes / No / N/A drop-down on every answer cell; with
    --sample, one grey row per drawn case (its id, the split values it has, its stratum and reserve), reserves
    after the main sample. The Framework sheet lists every standard, key question and rating rule; the ReadMe
    sheet says what to fill in and the command that scores it. --format csv writes the header (and the sample's
    rows) as CSV instead.
    """
    from hmirate.cli.output import write_output
    from hmirate.errors import UsageError
    from hmirate.render.template import template_csv, template_xlsx
    from hmirate.sampling.template import make_template

    chosen = output_format or ("csv" if output.lower().endswith(".csv") else "xlsx")
    if output == "-" and chosen == "xlsx":
        raise UsageError("a workbook is not written to standard output: give -o FILE.xlsx, or --format csv")
    wanted = None if standards is None else standards.split(",")
    made = make_template(framework=framework, sample=sample, standards=wanted, name=output)
    data: str | bytes = template_xlsx(made) if chosen == "xlsx" else template_csv(made)
    inputs = [path for path in (sample, framework) if path is not None]
    if output == "-":
        sys.stdout.write(str(data))
        sys.stdout.flush()
        return
    write_output(output, data, inputs)
    cases = f", {len(made.cases)} cases ({sum(case.reserve for case in made.cases)} reserves)" if sample else ""
    click.echo(
        f"hmirate: wrote {output}: {len(made.questions)} key questions of {len(made.standards)} standards{cases}",
        err=True,
    )


COMMANDS = [template]
