"""Write docs/cli-reference.md from the click commands themselves, so the reference cannot drift from the code.

Every command and subcommand, found by walking the ``hmirate`` group recursively, gets a section holding exactly
what its ``--help`` prints at a fixed width, plus an index of every option naming the commands that take it.
tests/test_docs.py regenerates the page in memory and fails when the file differs.

Run from anywhere, with hmirate installed (``pip install -e .``):

    python docs/generate_cli_reference.py           # rewrite docs/cli-reference.md
    python docs/generate_cli_reference.py --check   # exit 1 if the file is out of step

Kept out of the package: it is a developer's tool, never needed at run time.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from hmirate.cli import main

PAGE = Path(__file__).resolve().parent / "cli-reference.md"
COMMAND = "python docs/generate_cli_reference.py"
WIDTH = 78
"""What click prints in an 80-column terminal, so the page looks like the real thing."""


def walk(
    command: click.Command, path: tuple[str, ...] = ("hmirate",), parent: click.Context | None = None
) -> Iterator[tuple[tuple[str, ...], click.Command, click.Context]]:
    """Every command under ``command`` (itself first) with the context click would give it on the command line."""
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    context = click.Context(command, info_name=path[-1], parent=parent, **settings)
    yield path, command, context
    if isinstance(command, click.Group):
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            if sub is not None and not sub.hidden:
                yield from walk(sub, (*path, name), context)


def anchor(path: tuple[str, ...]) -> str:
    """GitHub's anchor for a heading made of the command's words."""
    return "-".join(path)


def options(command: click.Command, context: click.Context) -> list[tuple[str, ...]]:
    """Each option's names as a user types them (``--output``, ``-o``), help excluded: every command has it."""
    help_names = set(context.help_option_names)
    names = []
    for param in command.get_params(context):
        if isinstance(param, click.Option) and not param.hidden and not help_names & set(param.opts):
            names.append(tuple(sorted(param.opts + param.secondary_opts, key=lambda n: (not n.startswith("--"), n))))
    return names


def render() -> str:
    """The whole page, as the file should hold it."""
    commands = list(walk(main))
    lines = [
        "# CLI reference",
        "",
        f"<!-- Generated from the click commands by `{COMMAND}`; do not edit by hand. -->",
        "",
        "Every command's `--help`, as printed in an 80-column terminal. The guides explain them with examples:",
        "[usage](usage.md) and the other pages of [the docs](../README.md#documentation).",
        "",
        "## Commands",
        "",
    ]
    for path, command, _ in commands:
        summary = command.get_short_help_str(limit=100)
        lines.append(f"- [`{' '.join(path)}`](#{anchor(path)}): {summary}")
    lines += ["", "## Options", "", "| option | commands |", "|---|---|"]
    takers: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path, command, context in commands:
        for names in options(command, context):
            takers.setdefault(names, []).append(path)
    for names in sorted(takers, key=lambda n: (n[0].lstrip("-").lower(), n)):
        links = ", ".join(f"[`{' '.join(path)}`](#{anchor(path)})" for path in takers[names])
        lines.append(f"| {', '.join(f'`{name}`' for name in names)} | {links} |")
    lines += ["", "`-h`, `--help` on every command prints the section below for that command.", ""]
    for path, command, context in commands:
        lines += [f"## {' '.join(path)}", "", "```text", command.get_help(context).rstrip(), "```", ""]
    return "\n".join(lines)


def write_or_check(page: Path, text: str, command: str, argv: list[str]) -> int:
    """Write a generated page, or with ``--check`` exit 1 when the file differs: shared by both generators."""
    if argv == ["--check"]:
        if page.read_text(encoding="utf-8") != text:
            print(f"{page} is out of step with the code: run {command}", file=sys.stderr)
            return 1
        return 0
    if argv:
        print(f"usage: {command} [--check]", file=sys.stderr)
        return 2
    page.write_text(text, encoding="utf-8")
    print(f"wrote {page}")
    return 0


if __name__ == "__main__":
    sys.exit(write_or_check(PAGE, render(), COMMAND, sys.argv[1:]))
