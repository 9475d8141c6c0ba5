"""Items 1-4 on the bundled sample through the CLI: intervals, small groups, borderline, distance to next band.

Expected outputs are the command's own, checked by hand against the counts (see tests/test_edges.py for the
rules against brute force and tests/test_stats.py for the interval against its defining equation).
"""

from __future__ import annotations

import json

import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL

from hmirate.cli import main

ALL = [str(p) for p in ALL_SAMPLES]

CI_TABLES = """\
2.3 Implementation and delivery: Inadequate from cases
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━┳━━━━━━━━━━━━┳━━━━━┳━━━━┳━━━━━┳━━━━━━┳━━━━━━━━┓
┃ Key question                                                     ┃   % ┃            ┃ Yes ┃ No ┃ N/A ┃ Base ┃ 80% CI ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━╇━━━━━━━━━━━━╇━━━━━╇━━━━╇━━━━━╇━━━━━━╇━━━━━━━━┩
│ 2.3.1 Is the sentence/post-custody period implemented            │ 75% │ ███████▌   │  75 │ 25 │   0 │  100 │  69-80 │
│ effectively with a focus on engaging the service user?           │     │            │     │    │     │      │        │
│ 2.3.2 Does the implementation and delivery of services           │ 59% │ █████▉     │  59 │ 41 │   0 │  100 │  53-65 │
│ effectively support the service user's desistance?               │     │            │     │    │     │      │        │
│ 2.3.3 Does the implementation and delivery of services           │ 49% │ ████▉      │  38 │ 40 │  22 │   78 │  42-56 │
│ effectively support the safety of other people? (relevant        │     │            │     │    │     │      │        │
│ sub-sample)                                                      │     │            │     │    │     │      │        │
└──────────────────────────────────────────────────────────────────┴─────┴────────────┴─────┴────┴─────┴──────┴────────┘
High-quality, well-focused, personalised and coordinated services are delivered, engaging the service user
2.3 by grade: % (Yes/base), 80% CI
┏━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ Key question ┃       senior case manager ┃              case manager ┃        interchange manager ┃
┡━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ 2.3.1        │   80% ████  (41/51) 72-87 │   67% ███▍  (31/46) 58-76 │ 100% █████   (3/3) 65-100† │
│ 2.3.2        │   65% ███▎  (33/51) 56-73 │   52% ██▋   (24/46) 43-61 │   67% ███▍    (2/3) 32-89† │
│ 2.3.3        │   60% ███   (28/47) 50-68 │   32% █▋     (9/28) 22-44 │   33% █▋      (1/3) 11-68† │
└──────────────┴───────────────────────────┴───────────────────────────┴────────────────────────────┘
† base under 10: too small to read; shown, never used for a rating
2.3 by gender: % (Yes/base), 80% CI
┏━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ Key question ┃                      male ┃                    female ┃
┡━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ 2.3.1        │   74% ███▊  (60/81) 67-80 │   79% ████  (15/19) 65-88 │
│ 2.3.2        │   56% ██▊   (45/81) 48-62 │   74% ███▋  (14/19) 59-84 │
│ 2.3.3        │   44% ██▎   (29/66) 36-52 │   75% ███▊   (9/12) 57-87 │
└──────────────┴───────────────────────────┴───────────────────────────┘

"""

BAND_EDGES = """\
Band edges: borderline within 5 points; answers to the next band
┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ Standard                 ┃ Lowest    ┃ Borderline               ┃ Up one band             ┃ Down one band            ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ 2.1 Assessment           │ 2.1.3 75% │ 5 points under           │ Outstanding with 9 more │ Requires improvement     │
│                          │           │ Outstanding (80%)        │ Yes (2.1.1 +1, 2.1.2    │ with 11 fewer Yes        │
│                          │           │                          │ +3, 2.1.3 +5)           │ (2.1.3)                  │
│ 2.2 Planning             │ 2.2.3 63% │ 2 points under Good      │ Good with 2 more Yes    │ Inadequate with 11 fewer │
│                          │           │ (65%)                    │ (2.2.3 +2)              │ Yes (2.2.3)              │
│ 2.3 Implementation and   │ 2.3.3 49% │ 1 point under Requires   │ Requires improvement    │ bottom band              │
│ delivery                 │           │ improvement (50%)        │ with 1 more Yes (2.3.3  │                          │
│                          │           │                          │ +1)                     │                          │
│ 2.4 Reviewing            │ 2.4.3 44% │ -                        │ Requires improvement    │ bottom band              │
│                          │           │                          │ with 5 more Yes (2.4.3  │                          │
│                          │           │                          │ +5)                     │                          │
│ 4.1 Unpaid work          │ 4.1.1 69% │ 4 points above Good      │ Outstanding with 4 more │ Requires improvement     │
│                          │           │ (65%)                    │ Yes (4.1.1 +4)          │ with 2 fewer Yes (4.1.1) │
│ 4.2 Through the Gate     │ 4.2.2 61% │ 4 points under Good      │ Good with 2 more Yes    │ Inadequate with 3 fewer  │
│                          │           │ (65%)                    │ (4.2.2 +1, 4.2.3 +1)    │ Yes (4.2.2)              │
└──────────────────────────┴───────────┴──────────────────────────┴─────────────────────────┴──────────────────────────┘
Distances count No answers turned Yes (or Yes turned No) with every base unchanged.

"""


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def _block(text: str, first: str) -> str:
    """The lines from the one starting with ``first`` up to the next blank line, right-stripped."""
    lines = _lines(text)
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = lines.index("", start)
    return "\n".join(lines[start : end + 1]) + "\n"


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
    assert {k: v for k, v in question.items() if k != "splits"} == {
        "yes": 49, "no": 29, "not_applicable": 22, "base": 78,
        "percent": 62.82051282051282, "percent_whole": 63,
        "ci_low": 55.61098483310337, "ci_high": 69.501274999516,
        "id": "2.2.3", "text": "Does planning focus sufficiently on keeping other people safe?",
        "relevant_subsample": True,
    }  # fmt: skip
    for standard in document["standards"]:
        for q in standard["key_questions"]:
            for group in [q, *(g for split in q["splits"] for g in split["groups"])]:
                assert group["ci_low"] <= group["percent"] <= group["ci_high"]


def test_confidence_option_sets_the_level(runner):
    document = _json(runner, str(CASE_SUPERVISION), "--confidence", "0.95")
    question = _standard(document, "2.2")["key_questions"][2]
    assert (document["confidence"], question["ci_low"], question["ci_high"]) == (
        0.95, 51.73105378126465, 72.70643827739704,
    )  # fmt: skip


@pytest.mark.parametrize("value", ["0", "1", "1.5", "80", "-0.8"])
def test_confidence_outside_0_1_is_a_usage_error(runner, value):
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--confidence", value])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--confidence': must be between 0 and 1, exclusive (80% is 0.8), "
        f"not {float(value):g}"
    )


def test_table_shows_intervals_on_request(runner):
    plain = runner.invoke(main, ["score", str(CASE_SUPERVISION)])
    # only the gaps between groups carry an interval unasked (each a difference: "+27.4 points (80% CI ...)")
    assert [line for line in plain.stdout.splitlines() if "80% CI" in line and " points (80% CI " not in line] == []
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--ci"])
    assert result.exit_code == 0
    assert _block(result.stdout, "2.3 Implementation") == CI_TABLES


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


def test_band_edges_table(runner):
    result = runner.invoke(main, ["score", *ALL, "--panel", str(PANEL)])
    assert result.exit_code == 0
    assert _block(result.stdout, "Band edges") == BAND_EDGES
