"""``hmirate compare``: has anything changed between inspections? Thin: parse, call the library, render.

Only click at import time, like the rest of the CLI. Warnings (two reports from the same input, frameworks
that differ) go to stderr as well as into the output; ``--fail-on-decline`` makes a CI job fail when a
standard's final rating went down.
"""

from __future__ import annotations

import sys

import click

import hmirate.cli.options as options


@click.command()
@click.argument("reports", nargs=-1, required=True, metavar="REPORT.json REPORT.json [...]")
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="NAME",
    help="Name each report, in order (repeatable; default: the file names).",
)
@options.confidence
@options.output_format("comparison", "table")
@options.output
@click.option("--fail-on-decline", is_flag=True, help="Exit 1 when a standard's final rating goes down.")
def compare(
    reports: tuple[str, ...],
    labels: tuple[str, ...],
    confidence: float,
    output_format: str,
    output: str | None,
    fail_on_decline: bool,
) -> None:
    """Compare JSON reports of `hmirate score --format json`, oldest first.

    For every key question they share: each report's Yes/base and percent, the change in points and its
    confidence interval (Newcombe's hybrid score method), and a verdict: up, down or no clear change. For every
    standard: the ratings and whether they moved; then the overall rating. With more than two reports, each
    step and then first to last.
    """
    from hmirate.cli.output import coloured, emit, refuse_overwrite
    from hmirate.render.formats import Options, render
    from hmirate.report.compare import compare_files

    if output is not None:
        refuse_overwrite(output, reports)
    comparison = compare_files(list(reports), list(labels) or None, confidence)
    if output_format != "table" or output is not None:  # a table on standard output shows them already
        for warning in comparison.warnings:
            click.echo(f"hmirate: warning: {warning}", err=True)
    shown = Options(color=coloured(output), width=None if output is None else 120)
    emit(render(comparison, "comparison", output_format, shown), output, reports)
    if fail_on_decline and comparison.declined:
        declined = ", ".join(f"{sid} ({c.earlier} -> {c.later})" for sid, c in comparison.declined)
        click.echo(f"hmirate: a standard's rating went down: {declined}", err=True)
        sys.exit(1)
