"""CSV (src/hmirate/render/csv.py): every row's figures equal the ones worked out from the case files."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION
from expectations import ALL, SPLITS, derive

from hmirate.cli import main

HEADER = [
    "standard", "standard_title", "key_question", "text", "relevant_subsample", "split", "group", "cases", "yes",
    "no", "not_applicable", "base", "percent", "percent_whole", "ci_low", "ci_high", "too_small",
]  # fmt: skip


@pytest.mark.parametrize("paths", [[CASE_SUPERVISION], ALL_SAMPLES], ids=["case-supervision", "all-samples"])
def test_every_row_holds_the_derived_figures(runner, paths):
    result = runner.invoke(main, ["score", *map(str, paths), "--format", "csv"])
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0][: len(HEADER)] == HEADER
    rows = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    expected = derive(paths)
    wanted = []  # (key question, split, group, figures), in the order the rows should come
    for question in expected.questions.values():
        wanted.append((question.id, ALL, ALL, question.all))
        wanted += [(question.id, split, value, cell) for split in SPLITS for value, cell in question.groups[split]]
    assert [(r["key_question"], r["split"], r["group"]) for r in rows] == [w[:3] for w in wanted]
    for row, (question_id, split, _, cell) in zip(rows, wanted, strict=True):
        question = expected.question(question_id)
        assert row["standard"] == question.standard
        assert row["relevant_subsample"] == str(question.relevant_subsample).lower()
        counts = (row["cases"], row["yes"], row["no"], row["not_applicable"], row["base"])
        assert tuple(map(int, counts)) == (cell.cases, cell.yes, cell.no, cell.not_applicable, cell.base), row
        assert float(row["percent"]) == pytest.approx(cell.percent, rel=1e-12), row
        assert int(row["percent_whole"]) == cell.whole, row
        low, high = cell.ci
        assert float(row["ci_low"]) == pytest.approx(low, rel=1e-9, abs=1e-9), row
        assert float(row["ci_high"]) == pytest.approx(high, rel=1e-9, abs=1e-9), row
        assert row["too_small"] == ("true" if split != ALL and cell.too_small else "false"), row


def test_whole_percents_round_half_up_on_the_exact_fraction(runner, write):
    """5/8 = 62.5% is published as 63 (half up), 3/8 = 37.5% as 38, 1/8 = 12.5% as 13: never to even."""
    answers = {"2.1.1": "YYYYYNNN", "2.1.2": "YYYNNNNN", "2.1.3": "YNNNNNNN"}
    rows = [f"C{i},cm,m," + ",".join("Yes" if answers[q][i] == "Y" else "No" for q in answers) for i in range(8)]
    path = write("case_id,grade,gender,2.1.1,2.1.2,2.1.3\n" + "\n".join(rows) + "\n")
    result = runner.invoke(main, ["score", str(path), "--format", "csv"])
    whole = {r["key_question"]: r["percent_whole"] for r in csv.DictReader(io.StringIO(result.stdout))
             if r["split"] == ALL}  # fmt: skip
    assert whole == {"2.1.1": "63", "2.1.2": "38", "2.1.3": "13"}
