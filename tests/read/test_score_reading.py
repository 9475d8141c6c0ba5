"""Items 1-4 on the bundled sample through the CLI: intervals, small groups, borderline, distance to next band.

Intervals are compared with tests/expectations.py's own Wilson interval; the rules are checked against brute
force in tests/rules/test_edges.py, and every format's intervals and distances in tests/render/.
"""

from __future__ import annotations

import json

import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL
from expectations import wilson

from hmirate.cli import main

ALL = [str(p) for p in ALL_SAMPLES]


def _json(runner, *args: str) -> dict:
    result = runner.invoke(main, ["score", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _standard(document: dict, standard_id: str) -> dict:
    return next(s for s in document["standards"] if s["id"] == standard_id)


# --- 1. confidence intervals -------------------------------------------------------------------------


def test_json_carries_wilson_intervals_at_80_percent(runner):
    document = _json(runner, *ALL, "--panel", str(PANEL))
    assert (document["confidence"], document["min_base"], document["margin"]) == (0.8, 10, 5.0)
    question = _standard(document, "2.2")["key_questions"][2]
    assert (question["id"], question["yes"], question["base"]) == ("2.2.3", 49, 78)
    assert (question["ci_low"], question["ci_high"]) == pytest.approx(wilson(49, 78, 0.80), rel=1e-9)
    for standard in document["standards"]:
        for q in standard["key_questions"]:
            for group in [q, *(g for split in q["splits"] for g in split["groups"])]:
                assert group["ci_low"] <= group["percent"] <= group["ci_high"]


def test_confidence_option_sets_the_level(runner):
    document = _json(runner, str(CASE_SUPERVISION), "--confidence", "0.95")
    question = _standard(document, "2.2")["key_questions"][2]
    assert document["confidence"] == 0.95
    assert (question["ci_low"], question["ci_high"]) == pytest.approx(wilson(49, 78, 0.95), rel=1e-9)


@pytest.mark.parametrize("value", ["0", "1", "1.5", "80", "-0.8"])
def test_confidence_outside_0_1_is_a_usage_error(runner, value):
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--confidence", value])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--confidence': confidence must be between 0 and 1, exclusive (80% is 0.8), "
        f"not {float(value):g}"
    )


# --- 2. small groups -----------------------------------------------------------------------------------


def test_groups_under_min_base_are_marked_too_small(runner):
    document = _json(runner, str(CASE_SUPERVISION))
    grade = _standard(document, "2.3")["key_questions"][2]["splits"][0]["groups"]
    assert [(g["value"], g["base"], g["too_small"]) for g in grade] == [
        ("senior case manager", 47, False), ("case manager", 28, False), ("interchange manager", 3, True),
    ]  # fmt: skip
    raised = _json(runner, str(CASE_SUPERVISION), "--min-base", "30")
    grade = _standard(raised, "2.3")["key_questions"][2]["splits"][0]["groups"]
    assert [g["too_small"] for g in grade] == [False, True, True]
    assert raised["min_base"] == 30


def test_min_base_never_changes_a_rating(runner):
    """Ratings come from whole-sample figures only: a group, however small, cannot drive one."""
    keys = ("rating_from_cases", "rating", "driving_key_question", "lowest_percent", "borderline", "to_next_band")
    ratings = []
    for min_base in ("0", "10", "1000"):
        document = _json(runner, *ALL, "--panel", str(PANEL), "--min-base", min_base)
        ratings.append([{k: s[k] for k in keys} for s in document["standards"]])
    assert ratings[0] == ratings[1] == ratings[2]


# --- 3 and 4. borderline standards, distance to the next band ----------------------------------------------


def test_borderline_and_distance_in_json(runner):
    document = _json(runner, *ALL, "--panel", str(PANEL))
    planning, delivery, reviewing = (_standard(document, i) for i in ("2.2", "2.3", "2.4"))
    assert planning["borderline"] == [
        {"edge": 65, "edge_rating": "Good", "side": "under", "points": 2, "towards": "Good"}
    ]
    assert delivery["borderline"] == [
        {"edge": 50, "edge_rating": "Requires improvement", "side": "under", "points": 1,
         "towards": "Requires improvement"}
    ]  # fmt: skip
    assert reviewing["borderline"] == []  # 44%: 6 points under, outside the 5-point margin
    assert planning["to_next_band"] == {
        "up": {"to": "Good", "edge": 65, "no_to_yes": 2,
               "key_questions": [{"id": "2.2.3", "percent_whole": 63, "no_to_yes": 2}]},
        "down": {"to": "Inadequate", "edge": 50, "yes_to_no": 11, "key_question": "2.2.3"},
    }  # fmt: skip
    assert delivery["to_next_band"] == {
        "up": {"to": "Requires improvement", "edge": 50, "no_to_yes": 1,
               "key_questions": [{"id": "2.3.3", "percent_whole": 49, "no_to_yes": 1}]},
        "down": None,
    }  # fmt: skip
    assert reviewing["to_next_band"]["up"]["no_to_yes"] == 5
    assert _standard(document, "2.1")["to_next_band"]["up"]["key_questions"] == [
        {"id": "2.1.1", "percent_whole": 79, "no_to_yes": 1},
        {"id": "2.1.2", "percent_whole": 77, "no_to_yes": 3},
        {"id": "2.1.3", "percent_whole": 75, "no_to_yes": 5},
    ]
    leadership = _standard(document, "1.1")
    assert (leadership["borderline"], leadership["to_next_band"]) == ([], None)


def test_margin_option(runner):
    document = _json(runner, *ALL, "--margin", "1")
    assert [(s["id"], [b["points"] for b in s["borderline"]]) for s in document["standards"] if s["borderline"]] == [
        ("2.3", [1])
    ]
