"""docs/compare.md shows real commands with their real output: each ``console`` block is run here.

A block holds ``$ hmirate ...`` lines, each followed by what it prints (stdout and stderr, as a terminal
shows them); ``$ echo $?`` prints the previous command's exit code. A line ``[...]`` marks an excerpt: the
pieces between such lines must appear in the real output in order. Commands run in a scratch folder where
``data`` is the repository's data folder, so the relative paths in the docs work and nothing is written
into the checkout.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from hmirate.cli import main

DOC = ROOT / "docs" / "compare.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def blocks() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def run_block(block: str, folder: Path) -> list[tuple[str, str, str]]:
    """(command, expected, actual) for every command of the block."""
    runs: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            runs.append((line[2:], []))
        else:
            runs[-1][1].append(line.rstrip())
    found, code = [], 0
    for command, expected in runs:
        if command == "echo $?":
            actual = str(code)
        else:
            words = shlex.split(command)
            assert words[0] == "hmirate", command
            result = CliRunner().invoke(main, words[1:], catch_exceptions=False)
            code, actual = result.exit_code, result.output
        found.append((command, "\n".join(expected).strip("\n"), "\n".join(x.rstrip() for x in actual.splitlines())))
    return found


def shows(expected: str, actual: str) -> bool:
    pieces = [piece.strip("\n") for piece in expected.split("[...]")]
    if len(pieces) == 1:
        return expected == actual.strip("\n")
    position = 0
    for piece in pieces:
        position = actual.find(piece, position)
        if position < 0:
            return False
        position += len(piece)
    return True


@pytest.mark.parametrize("number", range(len(blocks())))
def test_docs_show_real_output(number, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").symlink_to(ROOT / "data")
    # blocks build on earlier ones (reports scored to JSON first): run those first
    for block in blocks()[:number]:
        run_block(block, tmp_path)
    for command, expected, actual in run_block(blocks()[number], tmp_path):
        assert shows(expected, actual), f"{command}\n--- docs ---\n{expected}\n--- real ---\n{actual}"
