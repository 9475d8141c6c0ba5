"""Item 8: the library API (``hmirate.score`` and ``Report.to_frame``), and item 2's rule that a small
group never drives a rating, by construction."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL
from expectations import wilson

import hmirate
from hmirate.errors import UsageError
from hmirate.report.tidy import COLUMNS


@pytest.fixture(scope="module")
def report():
    return hmirate.score(ALL_SAMPLES, panel=PANEL)


def test_score_returns_the_typed_report_with_the_new_fields(report):
    planning = report.standard("2.2")
    assert (planning.rating_from_cases, planning.rating) == ("Requires improvement", "Good")
    assert [(b.edge, b.side, b.points) for b in planning.borderline] == [(65, "under", 2)]
    assert planning.to_next_band.up.no_to_yes == 2
    assert planning.to_next_band.down.yes_to_no == 11
    question = report.key_question("2.2.3")
    assert (question.ci_low, question.ci_high) == pytest.approx(wilson(question.yes, question.base), rel=1e-9)


def test_to_frame_is_tidy(report):
    frame = report.to_frame()
    assert list(frame.columns) == list(COLUMNS)
    # 19 key questions; case supervision has 3 grades and 2 genders, unpaid work and Through the Gate
    # their own groups
    per_question = frame.groupby("key_question").size()
    assert per_question["2.1.1"] == 1 + 3 + 2
    assert len(frame) == sum(1 + sum(len(s.groups) for s in q.splits)
                             for s in report.standards for q in s.key_questions)  # fmt: skip
    whole = frame[(frame.key_question == "2.3.3") & (frame.split == "(all)")].iloc[0]
    assert (whole.yes, whole.base, whole.percent_whole, whole.too_small) == (38, 78, 49, False)
    small = frame[frame.too_small]
    assert set(small.group) >= {"interchange manager"}
    assert (small.base < 10).all() and (frame[~frame.too_small & (frame.split != "(all)")].base >= 10).all()
    by_grade = frame[frame.split == "grade"].pivot(index="key_question", columns="group", values="percent_whole")
    assert by_grade.loc["2.3.3", "case manager"] == 32


def test_score_accepts_dataframes_and_settings():
    frame = pd.read_csv(CASE_SUPERVISION, dtype=str, keep_default_na=False)
    report = hmirate.score(frame, confidence=0.95, min_base=30, margin=1)
    assert (report.confidence, report.min_base, report.margin) == (0.95, 30, 1)
    assert report.inputs[0].name == "<frame 1>"
    assert [s.id for s in report.standards if s.borderline] == ["2.3"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"confidence": 1.2}, "confidence must be between 0 and 1, exclusive (80% is 0.8), not 1.2"),
        ({"min_base": -1}, "`min_base` must be a whole number of cases, 0 or more, not -1"),
        ({"min_base": 2.5}, "`min_base` must be a whole number, not 2.5"),
        ({"margin": 101}, "`margin` must be between 0 and 100 points, not 101"),
    ],
)
def test_bad_settings_are_usage_errors(settings, message):
    with pytest.raises(UsageError) as raised:
        hmirate.score(CASE_SUPERVISION, **settings)
    assert str(raised.value) == message


def test_a_small_group_never_drives_a_rating():
    """Two cases of one grade answer No throughout: 0% for that group, yet the rating is the whole sample's."""
    rows = [{"case_id": f"C{i}", "grade": "case manager", "gender": "female", "2.1.1": "Yes", "2.1.2": "Yes",
             "2.1.3": "Yes"} for i in range(28)]  # fmt: skip
    rows += [{"case_id": f"T{i}", "grade": "trainee", "gender": "male", "2.1.1": "No", "2.1.2": "No",
              "2.1.3": "No"} for i in range(2)]  # fmt: skip
    for min_base in (0, 10):
        report = hmirate.score(pd.DataFrame(rows), min_base=min_base)
        trainee = report.key_question("2.1.1").splits[0].groups[1]
        assert (trainee.value, trainee.percent_whole, trainee.too_small) == ("trainee", 0, min_base > 0)
        assessment = report.standard("2.1")
        assert (assessment.lowest_percent, assessment.rating_from_cases) == (93, "Outstanding")


def test_the_public_api_is_reachable_from_the_package_with_real_signatures():
    import inspect
    import subprocess
    import sys

    assert set(hmirate.__all__) - {"__version__"} <= set(dir(hmirate))

    parameters = inspect.signature(hmirate.score).parameters
    assert (parameters["confidence"].default, parameters["min_base"].default, parameters["margin"].default) == (
        0.80,
        10,
        5.0,
    )
    assert hmirate.render.render is not None and hmirate.errors.InvalidData is hmirate.InvalidData
    code = "import sys, hmirate; print(sorted(m for m in ('pandas', 'pydantic', 'pyarrow') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "[]\n"


def test_dir_is_exactly_the_public_names_once_even_after_use():
    """It listed names twice (loaded and lazy) and showed Any, TYPE_CHECKING and import_module."""
    hmirate.score  # noqa: B018 - loads the name into the module, as any use does
    assert dir(hmirate) == sorted(hmirate.__all__)
    assert len(dir(hmirate)) == len(set(dir(hmirate)))
    assert not {"Any", "TYPE_CHECKING", "import_module", "annotations"} & set(dir(hmirate))


def test_a_frame_read_with_pandas_defaults_gets_one_message_naming_the_fix():
    frame = pd.read_csv(CASE_SUPERVISION)  # "N/A" becomes NaN: 22 cases outside the relevant sub-sample of 78, x 3
    with pytest.raises(hmirate.InvalidData) as raised:
        hmirate.score(frame)
    assert [str(p) for p in raised.value.problems] == [
        "<frame 1>: 66 missing (NaN) cells in 2.2.3, 2.3.3, 2.4.3: pandas turned these cells into NaN (its default "
        "reading of 'N/A', 'NA' and blank cells): read the file with pandas.read_csv(..., keep_default_na=False, "
        "dtype=str)"
    ]
    assert (raised.value.rows.read, raised.value.rows.with_errors) == (100, 22)


def test_a_frame_whose_ids_mix_numbers_and_text_still_finds_a_repeat():
    """1 and "1" are two values to pandas but one case id as written: found by a hostile review."""
    frame = pd.DataFrame(
        {"case_id": [1, "1", 2], "grade": ["cm"] * 3, "gender": ["m"] * 3,
         "2.1.1": ["Yes", "Yes", "No"], "2.1.2": ["No"] * 3, "2.1.3": ["No"] * 3}
    )  # fmt: skip
    result = hmirate.check_files(frame)
    assert [str(p) for p in result.problems] == ["<frame 1>:3: case_id: duplicate case_id '1' (first on line 2)"]
    assert str(result.rows) == "3 rows read, 2 valid, 1 with errors"
