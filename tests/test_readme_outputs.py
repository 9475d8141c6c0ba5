"""The README's example outputs are the commands' real outputs, so the documentation cannot go stale."""

from __future__ import annotations

from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL, ROOT

from hmirate.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(text: str, first: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return "\n".join(lines[start:end]) + "\n"


def test_score_table_example(runner):
    output = runner.invoke(main, ["score", str(CASE_SUPERVISION)]).stdout
    shown = _block(output, "2.3 Implementation")
    assert "```text\n" + shown + "```" in README


def test_band_edges_example(runner):
    output = runner.invoke(main, ["score", *map(str, ALL_SAMPLES), "--panel", str(PANEL)]).stdout
    assert "```text\n" + _block(output, "Band edges") + "```" in README


def test_explain_example(runner):
    output = runner.invoke(main, ["explain", str(CASE_SUPERVISION), "--panel", str(PANEL), "--standard", "2.3"]).stdout
    assert "--standard 2.3\n" + output + "```" in README
