"""The bundled sample reproduces the HIOW CRC 2019 report: Annex 2, the text's splits, every rating."""

from __future__ import annotations

import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL
from expectations import ANNEX_2

import hmirate

TEXT_FIGURES = [  # (key question, split column, group, whole percent) as quoted in the report's text
    ("2.1.3", "grade", "senior case manager", 82),
    ("2.1.3", "grade", "case manager", 65),
    ("2.2.1", "grade", "senior case manager", 84),
    ("2.2.1", "grade", "case manager", 74),
    ("2.2.3", "grade", "case manager", 43),
    ("2.3.1", "grade", "senior case manager", 80),
    ("2.3.1", "grade", "case manager", 67),
    ("2.3.1", "gender", "female", 79),
    ("2.3.2", "gender", "female", 74),
    ("2.3.3", "grade", "senior case manager", 60),
    ("2.3.3", "grade", "case manager", 32),
    ("2.3.3", "gender", "female", 75),
]

SUMMARY_OF_RATINGS = {
    "1.1": "Good",
    "1.2": "Requires improvement",
    "1.3": "Good",
    "1.4": "Outstanding",
    "2.1": "Good",
    "2.2": "Good",
    "2.3": "Requires improvement",
    "2.4": "Inadequate",
    "4.1": "Good",
    "4.2": "Requires improvement",
}


@pytest.fixture(scope="module")
def report():
    return hmirate.score(ALL_SAMPLES, panel=PANEL)


@pytest.fixture(scope="module")
def unpanelled():
    return hmirate.score(ALL_SAMPLES)


def _group(report, question, column, value):
    split = next(s for s in report.key_question(question).splits if s.column == column)
    return next(g for g in split.groups if g.value == value)


@pytest.mark.parametrize(("question", "whole"), ANNEX_2.items())
def test_annex_2_percentages(report, question, whole):
    assert report.key_question(question).percent_whole == whole


def test_sample_sizes_and_relevant_subsample(report):
    assert [(f.rows) for f in report.inputs] == [100, 29, 23]
    for question in ("2.2.3", "2.3.3", "2.4.3"):
        figures = report.key_question(question)
        assert figures.relevant_subsample
        assert (figures.base, figures.not_applicable) == (78, 22)
    assert report.key_question("2.2.3").yes == 49
    assert report.key_question("2.2.3").percent == pytest.approx(100 * 49 / 78, abs=0)
    through_the_gate = report.key_question("4.2.3")
    assert (through_the_gate.yes, through_the_gate.no, through_the_gate.not_applicable) == (14, 8, 1)


@pytest.mark.parametrize(("question", "column", "value", "whole"), TEXT_FIGURES)
def test_text_figures_by_grade_and_gender(report, question, column, value, whole):
    assert _group(report, question, column, value).percent_whole == whole


def test_text_words_on_reviewing(report):
    """'No discernible difference' by grade; female cases 'stronger' on 2.4.1 and 2.4.2."""
    for question in ("2.4.1", "2.4.2", "2.4.3"):
        senior = _group(report, question, "grade", "senior case manager").percent
        other = _group(report, question, "grade", "case manager").percent
        assert abs(senior - other) <= 3
    for question in ("2.4.1", "2.4.2"):
        assert _group(report, question, "gender", "female").percent > _group(report, question, "gender", "male").percent


def test_summary_of_ratings_and_overall(report):
    assert {s.id: s.rating for s in report.standards} == SUMMARY_OF_RATINGS
    assert report.overall is not None
    assert (report.overall.rating, report.overall.total, report.overall.maximum) == ("Good", 16, 30)


def test_panel_adjustments_recorded(report):
    planning, delivery, reviewing = (report.standard(i) for i in ("2.2", "2.3", "2.4"))
    assert (planning.rating_from_cases, planning.rating) == ("Requires improvement", "Good")
    assert (planning.driving_key_question, planning.lowest_percent, planning.band) == ("2.2.3", 63, "too few")
    assert planning.adjustment.startswith("The lowest score (2.2.3, 63%)")
    assert (delivery.rating_from_cases, delivery.rating) == ("Inadequate", "Requires improvement")
    assert delivery.driving_key_question == "2.3.3"
    assert (reviewing.rating_from_cases, reviewing.rating, reviewing.adjustment) == (
        "Inadequate",
        "Inadequate",
        None,
    )


def test_without_panel(unpanelled):
    ratings = {s.id: s.rating for s in unpanelled.standards}
    assert ratings == {
        "1.1": None, "1.2": None, "1.3": None, "1.4": None,
        "2.1": "Good", "2.2": "Requires improvement", "2.3": "Inadequate", "2.4": "Inadequate",
        "4.1": "Good", "4.2": "Requires improvement",
    }  # fmt: skip
    assert unpanelled.overall is None


def test_without_adjustments_total_is_14(unpanelled, framework):
    """The report's point: without the two panel adjustments the total would be 14 (Requires improvement)."""
    from hmirate.rules.rate import rate_overall

    ratings = [s.rating for s in unpanelled.standards[4:]]
    overall = rate_overall(framework, ["Good", "Requires improvement", "Good", "Outstanding", *ratings])
    assert (overall.total, overall.rating) == (14, "Requires improvement")


def test_one_file_scores_only_its_standards():
    report = hmirate.score(CASE_SUPERVISION)
    assert [s.id for s in report.standards if s.cases] == ["2.1", "2.2", "2.3", "2.4"]
    assert report.standard("4.1").rating_from_cases is None
    assert report.standard("2.1").cases == 100


def test_by_extra_column_and_group_order():
    report = hmirate.score(CASE_SUPERVISION, by=["office", "rosh"])
    assert report.splits == ["grade", "gender", "office", "rosh"]
    grades = [g.value for g in report.key_question("2.1.1").splits[0].groups]
    assert grades == ["senior case manager", "case manager", "interchange manager"]
    offices = report.key_question("2.1.1").splits[2].groups
    assert sum(g.cases for g in offices) == 100
    assert sum(g.yes for g in offices) == 79


def test_dataframe_input_gives_the_same_report():
    import pandas as pd

    frame = pd.read_csv(CASE_SUPERVISION, dtype=str, keep_default_na=False)
    from_frame = hmirate.score(frame)
    from_file = hmirate.score(CASE_SUPERVISION)
    assert from_frame.standards == from_file.standards
