"""``hmirate validate``: check files for CI without scoring. Only click is imported at start-up."""

from __future__ import annotations

import json
from dataclasses import replace

import click

import hmirate.cli.options as options


@click.command()
@click.argument("files", nargs=-1, required=True)
@options.case_input
@options.by("Also require this split column (repeatable).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Output format: text, json, github (problems as GitHub Actions annotations).",
)
@options.max_errors
def validate(
    files: tuple[str, ...],
    framework: str,
    by: tuple[str, ...],
    delimiter: str | None,
    sheet: str | None,
    output_format: str,
    max_errors: int | None,
) -> None:
    """Check case files against the framework without scoring them.

    Lists every problem as file:line: column: message, then a summary line. Exit 0 when every row is
    valid, 1 when not, 2 on usage errors. --format github prints each problem as a GitHub Actions
    annotation (::error file=...,line=...::message) and the summary on stderr.
    """
    from hmirate.cli.echo import say
    from hmirate.cli.words import current_command, worded
    from hmirate.pipeline import check_files

    result = check_files(files, framework=framework, by=by, delimiter=options.tab(delimiter), sheet=sheet)
    for note in result.notes:
        say(f"hmirate: {note}", err=True)
    problems = [replace(problem, message=worded(problem.message, current_command())) for problem in result.problems]
    shown = problems if max_errors is None else problems[:max_errors]
    hidden = len(problems) - len(shown)
    if output_format == "json":
        fields = ("file", "line", "column", "message")
        items = [{name: getattr(problem, name) for name in fields} for problem in shown]
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        click.echo(_summary(str(result.rows), hidden), err=True)
    elif output_format == "github":
        from hmirate.render.annotations import github_annotation

        for problem in shown:
            click.echo(github_annotation(problem))
        say(_summary(str(result.rows), hidden), err=True)
    else:
        for problem in shown:
            say(str(problem))
        click.echo(_summary(str(result.rows), hidden))
    if not result.ok:
        raise SystemExit(1)


def _summary(counts: str, hidden: int) -> str:
    return f"{counts} ({hidden} more problems not shown)" if hidden else counts
