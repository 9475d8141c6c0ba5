"""A standard whose cases all answer N/A says "all N/A" in every summary and in explain, never "no cases".

"No cases" means no input carries the standard's key questions; a standard read from 100 cases that all
answered N/A was read, and saying "no cases" would suggest a column was dropped.
"""

from __future__ import annotations

import csv
import io

import pytest
from conftest import CASE_SUPERVISION

from hmirate.cli import main

REVIEWING = ("2.4.1", "2.4.2", "2.4.3")


@pytest.fixture
def all_na(tmp_path):
    """The bundled case-supervision sample with every 2.4 answer turned N/A (100 cases)."""
    rows = list(csv.reader(CASE_SUPERVISION.open(encoding="utf-8", newline="")))
    columns = [rows[0].index(q) for q in REVIEWING]
    for row in rows[1:]:
        for column in columns:
            row[column] = "N/A"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "all-na.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _score(runner, path, *args):
    result = runner.invoke(main, ["score", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_table(runner, all_na):
    out = _score(runner, all_na)
    assert "2.4 Reviewing: not rated from cases: every answer N/A" in out
    summary = out[out.index("Summary of ratings") :]
    row = next(line for line in summary.splitlines() if "2.4 Reviewing" in line)
    assert "all N/A (100" in row and "no cases" not in row


def test_markdown(runner, all_na):
    out = _score(runner, all_na, "--format", "markdown")
    assert "| 2.4 Reviewing | all N/A (100 cases) | not rated | not rated |  |" in out
    assert "Rating from cases: not rated: all N/A (100 cases)." in out
    assert "2.4 Reviewing | no cases" not in out


def test_html(runner, all_na):
    out = _score(runner, all_na, "--format", "html")
    assert (
        '<div>2.4 Reviewing</div><div class="rating">not rated</div>'
        '<div class="detail">from cases: not rated, all N/A</div>'
    ) in out
    assert "Rating from cases: <b>not rated</b>: all N/A (100 cases). Final rating: <b>not rated</b>." in out


def test_explain(runner, all_na):
    result = runner.invoke(main, ["explain", str(all_na), "--standard", "2.4"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n\n", 1)[1] == (
        "2.4 Reviewing (rated from cases: 100 cases)\n"
        "  Counts -> percentages (Yes / (Yes + No); N/A left out of the base; whole percent half up):\n"
        "    2.4.1  Yes   0  No   0  N/A 100  0/0 = no percentage (every answer N/A)\n"
        "    2.4.2  Yes   0  No   0  N/A 100  0/0 = no percentage (every answer N/A)\n"
        "    2.4.3  Yes   0  No   0  N/A 100  0/0 = no percentage (every answer N/A)  relevant sub-sample\n"
        "  All N/A: every case answered N/A to every key question, so there is no percentage to rate from\n"
        "  Panel: no adjustment\n"
        "  Final rating: not rated\n"
    )


def test_a_standard_no_input_carries_still_says_no_cases(runner):
    # The sample has no unpaid-work columns: 4.1 really has no cases.
    out = _score(runner, CASE_SUPERVISION, "--format", "markdown")
    assert "| 4.1 Unpaid work | no cases | not rated | not rated |  |" in out
