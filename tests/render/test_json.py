"""JSON (src/hmirate/render/json.py): every figure, rating and band in the document equals the one worked out
from the case files and the published rules; field by field, so fields added later do not break it."""

from __future__ import annotations

import json

import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL
from expectations import (
    BANDS,
    CONFIDENCE,
    MARGIN,
    MIN_BASE,
    SCORES,
    SPLITS,
    STANDARDS,
    Cell,
    band_of,
    derive,
    overall,
    overall_bands,
    towards,
    wilson,
)

from hmirate.cli import main


def _document(runner, *args: str) -> dict:
    result = runner.invoke(main, ["score", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _figures(node: dict, cell: Cell) -> None:
    counts = (node["yes"], node["no"], node["not_applicable"], node["base"], node["percent_whole"])
    assert counts == (cell.yes, cell.no, cell.not_applicable, cell.base, cell.whole), node
    assert node["percent"] == pytest.approx(cell.percent, rel=1e-12)
    assert (node["ci_low"], node["ci_high"]) == pytest.approx(cell.ci, rel=1e-9, abs=1e-9)
    assert node["band"] == (None if cell.whole is None else band_of(cell.whole)[2]), node


@pytest.mark.parametrize("with_panel", [True, False], ids=["panel", "no-panel"])
def test_the_document_holds_the_derived_figures(runner, with_panel):
    panel = ["--panel", str(PANEL)] if with_panel else []
    document = _document(runner, *map(str, ALL_SAMPLES), *panel)
    _check(document, derive(ALL_SAMPLES, PANEL if with_panel else None))


# Eight cases: 2.1.1 and 2.1.2 both 5/8 = 62.5%, published 63 (half up; to even would say 62), a tie the
# first-listed question wins; 2.1.3 4/5 with three N/A; groups of 5 and 3 (too small), 4 and 4.
CRAFTED = """\
case_id,grade,gender,2.1.1,2.1.2,2.1.3
A,senior case manager,male,Yes,Yes,Yes
B,senior case manager,female,Yes,Yes,N/A
C,senior case manager,male,Yes,Yes,N/A
D,senior case manager,female,Yes,Yes,Yes
E,senior case manager,male,Yes,Yes,Yes
F,case manager,female,No,No,Yes
G,case manager,male,No,No,No
H,case manager,female,No,No,N/A
"""


def test_halves_ties_and_small_groups(runner, write):
    path = write(CRAFTED)
    expected = derive([path])
    assert expected.question("2.1.1").all.whole == 63 and expected.standards["2.1"].driver.id == "2.1.1"
    _check(_document(runner, str(path)), expected)


def _check(document: dict, expected) -> None:
    assert (document["confidence"], document["min_base"], document["margin"]) == (CONFIDENCE, MIN_BASE, MARGIN)
    assert [(b["low"], b["high"], b["name"], b["rating"]) for b in document["bands"]] == BANDS
    assert [s["id"] for s in document["standards"]] == list(STANDARDS)
    assert [s["title"] for s in document["standards"]] == list(STANDARDS.values())
    questions = [q for s in document["standards"] for q in s["key_questions"]]
    assert [q["id"] for q in questions] == sorted(expected.questions)
    for node in questions:
        question = expected.question(node["id"])
        _figures(node, question.all)
        assert node["relevant_subsample"] == question.relevant_subsample
        assert [split["column"] for split in node["splits"]] == list(SPLITS)
        for split in node["splits"]:
            groups = question.groups[split["column"]]
            assert [g["value"] for g in split["groups"]] == [value for value, _ in groups]
            for group, (_, cell) in zip(split["groups"], groups, strict=True):
                _figures(group, cell)
                assert (group["cases"], group["too_small"]) == (cell.cases, cell.too_small)
    for node in document["standards"]:
        final = expected.final(node["id"])
        assert (node["rating"], node["score"]) == (final, SCORES.get(final))
        standard = expected.standards.get(node["id"])
        if standard is None:
            assert (node["rating_from_cases"], node["key_questions"]) == (None, [])
            continue
        _, _, band, rating = standard.band
        assert (node["cases"], node["driving_key_question"], node["lowest_percent"]) == (
            standard.cases, standard.driver.id, standard.lowest,
        )  # fmt: skip
        assert (node["band"], node["rating_from_cases"]) == (band, rating)
        assert (node["adjustment"] is not None) == expected.adjusted(node["id"])
        borderline = [(b["edge"], b["edge_rating"], b["side"], b["points"]) for b in node["borderline"]]
        assert borderline == standard.borderline()
        assert [b["towards"] for b in node["borderline"]] == [towards(*near[:3]) for near in borderline]
        up, down = node["to_next_band"]["up"], node["to_next_band"]["down"]
        if standard.up() is None:
            assert up is None
        else:
            to, total, changes = standard.up()
            assert (up["to"], up["no_to_yes"]) == (to, total)
            assert [(q["id"], q["no_to_yes"]) for q in up["key_questions"]] == changes
        if standard.down() is None:
            assert down is None
        else:
            assert (down["to"], down["yes_to_no"], down["key_question"]) == standard.down()
    result = overall(expected)
    if result is None:
        assert document["overall"] is None
    else:
        rating, total, _ = result
        assert {k: document["overall"][k] for k in ("rating", "total", "maximum", "standards")} == {
            "rating": rating, "total": total, "maximum": 3 * len(STANDARDS), "standards": len(STANDARDS),
        }  # fmt: skip
        bands = [(b["rating"], b["low"], b["high"]) for b in document["overall"]["bands"]]
        assert bands == overall_bands(len(STANDARDS))


def test_the_confidence_option_moves_every_interval(runner):
    expected = derive([CASE_SUPERVISION])
    document = _document(runner, str(CASE_SUPERVISION), "--confidence", "0.95")
    assert document["confidence"] == 0.95
    for node in (q for s in document["standards"] for q in s["key_questions"]):
        cell = expected.question(node["id"]).all
        assert (node["ci_low"], node["ci_high"]) == pytest.approx(wilson(cell.yes, cell.base, 0.95), rel=1e-9)


def test_a_figure_with_no_base_has_no_band(runner, write):
    """Every case N/A: no percent, so no band (never the bottom band, as a 0% would be)."""
    path = write(
        "case_id,grade,gender,2.1.1,2.1.2,2.1.3\nA,case manager,male,N/A,N/A,N/A\nB,case manager,female,Yes,No,No\n"
    )
    question = _document(runner, str(path))["standards"][4]["key_questions"][0]
    assert (question["id"], question["band"]) == ("2.1.1", "large majority")  # 1 of 1: 100%
    groups = {g["value"]: (g["base"], g["percent_whole"], g["band"]) for g in question["splits"][1]["groups"]}
    assert groups == {"male": (0, None, None), "female": (1, 100, "large majority")}
