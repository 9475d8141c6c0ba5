"""``hmirate validate``: check files for CI without scoring. Only click is imported at start-up."""

from __future__ import annotations

import json

import click


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--framework", default="crc-2018", show_default=True, help="Built-in framework name or a .toml file.")
@click.option("--by", "by", multiple=True, metavar="COLUMN", help="Also require this split column (repeatable).")
@click.option("--delimiter", type=click.Choice([",", ";", "tab"]), help="Field delimiter (default: detected).")
@click.option("--sheet", metavar="NAME", help="Excel workbooks: the sheet to read (default: the first).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github: GitHub Actions annotations (::error file=...,line=...::message).",
)
@click.option(
    "--max-errors", type=click.IntRange(min=0), metavar="N", help="Print at most N problems (all are counted)."
)
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
    from hmirate.pipeline import check_files

    result = check_files(
        files, framework=framework, by=by, delimiter="\t" if delimiter == "tab" else delimiter, sheet=sheet
    )
    for note in result.notes:
        say(f"hmirate: {note}", err=True)
    shown = result.problems if max_errors is None else result.problems[:max_errors]
    hidden = len(result.problems) - len(shown)
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
