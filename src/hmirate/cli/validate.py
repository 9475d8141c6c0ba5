"""``hmirate validate``: check files for CI without scoring. Only click is imported at start-up."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

import click

import hmirate.cli.options as options

if TYPE_CHECKING:
    from hmirate.errors import Problem


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
@click.option(
    "--progress",
    is_flag=True,
    help="Also say how far the recording has got: complete, partly answered and untouched cases per standard, "
    "and which reserves replaced which main cases.",
)
def validate(
    files: tuple[str, ...],
    framework: str,
    by: tuple[str, ...],
    delimiter: str | None,
    sheet: str | None,
    output_format: str,
    max_errors: int | None,
    progress: bool,
) -> None:
    """Check case files against the framework without scoring them.

    Lists every problem as file:line: column: message, then a summary line. Exit 0 when every row is
    valid, 1 when not, 2 on usage errors. --format github prints each problem as a GitHub Actions
    annotation (::error file=...,line=...::message) and the summary on stderr. --progress adds the
    progress of a filled template (hmirate template): after the problems, or as the JSON's "progress" (the
    problems then under "problems").
    """
    from hmirate.cli.echo import say
    from hmirate.cli.words import current_command, worded
    from hmirate.pipeline import check_files

    if progress and "-" in files:
        raise click.BadParameter("reads each file a second time: give the file's path, not -", param_hint="--progress")
    result = check_files(files, framework=framework, by=by, delimiter=options.tab(delimiter), sheet=sheet)
    recorded = []
    if progress:
        from hmirate.sampling.progress import recording_progress

        recorded = [recording_progress(name, framework=framework, sheet=sheet) for name in files]
    for note in result.notes:
        say(f"hmirate: {note}", err=True)
    problems = [replace(problem, message=worded(problem.message, current_command())) for problem in result.problems]
    shown = problems if max_errors is None else problems[:max_errors]
    hidden = len(problems) - len(shown)
    if output_format == "json":
        fields = ("file", "line", "column", "message")
        items: object = [_item(problem, fields) for problem in shown]
        if progress:
            items = {"problems": items, "progress": [found.to_dict() for found in recorded]}
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
        if recorded:
            from hmirate.render.template import progress_text

            for found in recorded:
                click.echo(progress_text(found), nl=False)
    if not result.ok:
        raise SystemExit(1)


def _item(problem: Problem, fields: tuple[str, ...]) -> dict[str, object]:
    """A problem as JSON; a workbook's cell reference (``Cases!F12``) when it has one."""
    item: dict[str, object] = {name: getattr(problem, name) for name in fields}
    if problem.cell is not None:
        item["cell"] = problem.cell
    return item


def _summary(counts: str, hidden: int) -> str:
    return f"{counts} ({hidden} more problems not shown)" if hidden else counts
