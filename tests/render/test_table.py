"""The terminal tables (src/hmirate/render/table.py): parsed back cell by cell and compared with the figures
worked out from the case files; bars measured against the percentage; narrow terminals lose no figure."""

from __future__ import annotations

import re

import pytest
from conftest import ALL_SAMPLES, PANEL
from expectations import (
    SPLITS,
    STANDARDS,
    derive,
    down_text,
    edge_short,
    lowest_text,
    overall,
    overall_bands_text,
    up_text,
)

from hmirate.cli import main

GROUP_CELL = re.compile(r"^(?P<whole>\d+)% (?P<bar>[█▏▎▍▌▋▊▉]*) *\((?P<yes>\d+)/(?P<base>\d+)\)(?P<small>†?)$")


def _tables(text: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Each table by its title: header cells and body rows of cells (the output is wide enough not to wrap)."""
    lines = [line.rstrip() for line in text.splitlines()]
    tables = {}
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and lines[i + 1].startswith("┏"):
            header = next(row for row in lines[i + 2 :] if row.startswith("┃"))
            body = []
            for row in lines[i + 4 :]:
                if not row.startswith("│"):
                    break
                body.append([cell.strip() for cell in row.split("│")[1:-1]])
            tables[line] = ([cell.strip() for cell in header.split("┃")[1:-1]], body)
    return tables


@pytest.fixture(scope="module")
def output() -> str:
    from click.testing import CliRunner

    runner = CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})
    result = runner.invoke(main, ["score", *map(str, ALL_SAMPLES), "--panel", str(PANEL)])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def expected():
    return derive(ALL_SAMPLES, PANEL)


def test_key_question_tables(output, expected):
    tables = _tables(output)
    for standard in expected.standards.values():
        header, rows = tables[f"{standard.id} {STANDARDS[standard.id]}: {standard.from_cases} from cases"]
        assert header == ["Key question", "%", "", "Yes", "No", "N/A", "Base"]
        assert len(rows) == len(standard.questions)
        for row, question in zip(rows, standard.questions, strict=True):
            cell = question.all
            assert row[0].startswith(question.id + " ")
            assert row[0].endswith(" (relevant sub-sample)") == question.relevant_subsample
            assert row[1:] == [f"{cell.whole}%", cell.bar(10).strip(),
                               *map(str, (cell.yes, cell.no, cell.not_applicable, cell.base))]  # fmt: skip


def test_split_tables(output, expected):
    tables = _tables(output)
    for standard in expected.standards.values():
        for split in SPLITS:
            header, rows = tables[f"{standard.id} by {split}: % (Yes/base)"]
            assert header == ["Key question", *(value for value, _ in standard.questions[0].groups[split])]
            for row, question in zip(rows, standard.questions, strict=True):
                assert row[0] == question.id
                for text, (_, cell) in zip(row[1:], question.groups[split], strict=True):
                    found = GROUP_CELL.match(text)
                    assert found, text
                    assert found["bar"] == cell.bar(5).strip(), text
                    assert (int(found["whole"]), int(found["yes"]), int(found["base"])) == (
                        cell.whole, cell.yes, cell.base,
                    ), text  # fmt: skip
                    assert (found["small"] == "†") == cell.too_small, text


def test_band_edges_summary_and_overall(output, expected):
    tables = _tables(output)
    header, rows = tables["Band edges: borderline within 5 points; answers to the next band"]
    assert header == ["Standard", "Lowest", "Borderline", "Up one band", "Down one band"]
    assert rows == [
        [f"{s.id} {STANDARDS[s.id]}", f"{s.driver.id} {s.lowest}%", "; ".join(map(edge_short, s.borderline())) or "-",
         up_text(s), down_text(s)]
        for s in expected.standards.values()
    ]  # fmt: skip
    header, rows = tables["Summary of ratings"]
    assert header == ["Standard", "Lowest key question", "From cases", "Rating", "Panel"]
    wanted = []
    for standard_id, title in STANDARDS.items():
        standard = expected.standards.get(standard_id)
        if standard is None:
            wanted.append([f"{standard_id} {title}", "rated by inspectors", "-", expected.final(standard_id), "rated"])
        else:
            panel = "adjusted" if expected.adjusted(standard_id) else ""
            wanted.append([f"{standard_id} {title}", lowest_text(standard), standard.from_cases,
                           expected.final(standard_id), panel])  # fmt: skip
    assert rows == wanted
    rating, total, _ = overall(expected)
    lines = output.splitlines()
    assert f"Overall rating: {rating} (total {total} of 30; bands for 10 standards: {overall_bands_text(10)})" in lines
    rows_read = sum(expected.rows)
    accounting = f"{rows_read} rows read from 3 files ({' + '.join(map(str, expected.rows))}), " \
        f"{rows_read} scored, 0 with errors"  # fmt: skip
    assert accounting in lines
    assert lines[lines.index(accounting) + 1].startswith("hmirate ")  # then only the provenance


def test_80_columns_lose_no_figure(runner, monkeypatch, expected):
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(main, ["score", *map(str, ALL_SAMPLES), "--panel", str(PANEL)])
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(len(line) for line in lines) == 80
    assert "…" not in result.stdout
    words = set(result.stdout.split())
    for question in expected.questions.values():
        assert f"{question.all.whole}%" in words
        for split in SPLITS:
            for _, cell in question.groups[split]:
                assert f"({cell.yes}/{cell.base})" + ("†" if cell.too_small else "") in words, (question.id, cell)


def test_intervals_on_request(expected):
    from click.testing import CliRunner

    runner = CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})
    plain = runner.invoke(main, ["score", *map(str, ALL_SAMPLES)]).stdout
    # only the gaps between groups carry an interval unasked (each a difference, "+27.4 points (80% CI ...)")
    assert [line for line in plain.splitlines() if "80% CI" in line and " points (80% CI " not in line] == []
    tables = _tables(runner.invoke(main, ["score", *map(str, ALL_SAMPLES), "--ci"]).stdout)
    for standard in expected.standards.values():
        header, rows = tables[f"{standard.id} {STANDARDS[standard.id]}: {standard.from_cases} from cases"]
        assert header[-1] == "80% CI"
        assert [row[-1] for row in rows] == [q.all.ci_whole for q in standard.questions]
        for split in SPLITS:
            _, rows = tables[f"{standard.id} by {split}: % (Yes/base), 80% CI"]
            for row, question in zip(rows, standard.questions, strict=True):
                for text, (_, cell) in zip(row[1:], question.groups[split], strict=True):
                    assert text.endswith(f"({cell.yes}/{cell.base}) {cell.ci_whole}" + ("†" if cell.too_small else ""))
