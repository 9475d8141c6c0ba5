"""Markdown (src/hmirate/render/markdown.py): the tables are parsed back and every cell compared with the
figures worked out from the case files and the published rules."""

from __future__ import annotations

import re

import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL, ROOT
from expectations import (
    SPLITS,
    STANDARDS,
    derive,
    down_text,
    edge_sentence,
    edge_short,
    lowest_text,
    overall,
    overall_bands_text,
    up_text,
)

from hmirate.cli import main


def _tables(text: str) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """Every pipe table as (its ## section, the paragraph line before it, header cells, rows of cells)."""
    tables, section, label, lines = [], "", "", text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:]
        elif line.startswith("| "):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append([cell.strip() for cell in re.split(r"(?<!\\)\|", lines[i])[1:-1]])
                i += 1
            tables.append((section, label, block[0], block[2:]))
            continue
        elif line:
            label = line
        i += 1
    return tables


@pytest.fixture(scope="module")
def document() -> str:
    from click.testing import CliRunner

    names = [str(path.relative_to(ROOT)) for path in ALL_SAMPLES]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = CliRunner().invoke(main, ["score", *names, "--panel", str(PANEL), "--format", "markdown", "--ci"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def expected():
    return derive(ALL_SAMPLES, PANEL)


def test_summary_of_ratings_and_overall(document, expected):
    (summary,) = [t for t in _tables(document) if t[0] == "Summary of ratings"]
    assert summary[2] == ["Standard", "Lowest key question", "From cases", "Rating", "Panel"]
    assert [row[0] for row in summary[3]] == [f"{i} {title}" for i, title in STANDARDS.items()]
    for name, lowest, from_cases, rating, panel in summary[3]:
        standard_id = name.split()[0]
        standard = expected.standards.get(standard_id)
        assert rating == f"**{expected.final(standard_id)}**"
        if standard is None:
            assert (lowest, from_cases, panel) == ("rated by inspectors", "-", "rated")
        else:
            assert (lowest, from_cases) == (lowest_text(standard), standard.from_cases)
            assert panel == ("adjusted" if expected.adjusted(standard_id) else "")
    rating, total, _ = overall(expected)
    assert (
        f"**Overall rating: {rating}** (total {total} of 30; bands for 10 standards: {overall_bands_text(10)})"
        in document.splitlines()
    )


def test_band_edges(document, expected):
    bullets = [line for line in document.splitlines() if line.startswith("- **") and "edge (" in line]
    assert bullets == [
        f"- **{s.id} {STANDARDS[s.id]}**: {edge_sentence(s, near)}"
        for s in expected.standards.values()
        for near in s.borderline()
    ]
    (edges,) = [t for t in _tables(document) if t[0] == "Band edges"]
    assert edges[3] == [
        [f"{s.id} {STANDARDS[s.id]}", f"{s.driver.id} {s.lowest}%", "; ".join(map(edge_short, s.borderline())) or "-",
         up_text(s), down_text(s)]
        for s in expected.standards.values()
    ]  # fmt: skip


def test_each_standards_key_questions_and_splits(document, expected):
    tables = _tables(document)
    for standard in expected.standards.values():
        section = f"{standard.id} {STANDARDS[standard.id]}"
        assert f"Rating from cases: **{standard.from_cases}**, driven by {lowest_text(standard)}." in document
        mine = [t for t in tables if t[0] == section]
        questions = mine[0]
        assert questions[2] == ["Key question", "%", "Yes", "No", "N/A", "Base", "80% CI"]
        assert len(questions[3]) == len(standard.questions)
        for row, question in zip(questions[3], standard.questions, strict=True):
            cell = question.all
            sub = " (relevant sub-sample)" if question.relevant_subsample else ""
            assert row[0].startswith(question.id + " ") and row[0].endswith("?" + sub), row
            figures = [f"{cell.whole}%", *map(str, (cell.yes, cell.no, cell.not_applicable, cell.base)), cell.ci_whole]
            assert row[1:] == figures, row
        for split in SPLITS:
            (table,) = [t for t in mine if t[1] == f"By {split}, % (Yes/base) [80% CI]:"]
            values = [value for value, _ in standard.questions[0].groups[split]]
            assert table[2] == ["Key question", *values]
            for row, question in zip(table[3], standard.questions, strict=True):
                cells = [f"{c.whole}% ({c.yes}/{c.base}) [{c.ci_whole}]" + (" †" if c.too_small else "")
                         for _, c in question.groups[split]]  # fmt: skip
                assert row == [question.id, *cells]


def test_intervals_only_on_request(runner):
    expected = derive([CASE_SUPERVISION]).question("2.2.3").all
    plain = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--format", "markdown"]).stdout
    row = next(line for line in plain.splitlines() if line.startswith("| 2.2.3 Does"))
    assert row.endswith(f"| {expected.whole}% | {expected.yes} | {expected.no} | {expected.not_applicable} | "
                        f"{expected.base} |")  # fmt: skip
    # only the gaps between groups carry an interval unasked (each a difference, "+27.4 points (80% CI ...)")
    assert [line for line in plain.splitlines() if "CI" in line and " points (80% CI " not in line] == []
