"""The independent side of the format tests checked against the published report: the figures that
tests/expectations.py works out from the bundled case files with the standard library are the report's."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import ALL_SAMPLES, PANEL
from expectations import (
    ANNEX_2,
    PUBLISHED_OVERALL,
    PUBLISHED_RATINGS,
    REPORT_TEXT,
    bar,
    derive,
    overall,
    overall_bands,
    whole,
    wilson,
)


@pytest.fixture(scope="module")
def expected():
    return derive(ALL_SAMPLES, PANEL)


def test_annex_2_and_the_texts_figures(expected):
    assert {q.id: q.all.whole for q in expected.questions.values()} == ANNEX_2
    for (question, group), percent in REPORT_TEXT.items():
        assert expected.question(question).group(group).whole == percent, (question, group)
    assert expected.rows == [100, 29, 23]


def test_ratings_and_overall_as_published(expected):
    assert {s: expected.final(s) for s in PUBLISHED_RATINGS} == PUBLISHED_RATINGS
    rating, total, _ = overall(expected)
    assert (rating, total) == PUBLISHED_OVERALL
    unpanelled = derive(ALL_SAMPLES)
    from_cases = {s.id: s.from_cases for s in unpanelled.standards.values()}
    assert (from_cases["2.2"], from_cases["2.3"]) == ("Requires improvement", "Inadequate")  # before the panel


@pytest.mark.parametrize(
    ("percent", "rounded"),
    [(Fraction(125, 2), 63), (Fraction(49, 2), 25), (Fraction(4999, 100), 50), (Fraction(4949, 100), 49), (0, 0)],
)
def test_whole_is_half_up(percent, rounded):
    assert whole(percent) == rounded


def test_wilson_textbook_values_and_overall_bands():
    low, high = wilson(5, 10, 0.95)  # Newcombe (1998): 0.2366-0.7634
    assert (round(low, 2), round(high, 2)) == (23.66, 76.34)
    low, high = wilson(81, 263, 0.95)
    assert (round(low, 2), round(high, 2)) == (25.53, 36.62)
    assert overall_bands(10) == [("Inadequate", 0, 5), ("Requires improvement", 6, 15), ("Good", 16, 25),
                                 ("Outstanding", 26, 30)]  # fmt: skip
    assert overall_bands(12) == [("Inadequate", 0, 6), ("Requires improvement", 7, 18), ("Good", 19, 30),
                                 ("Outstanding", 31, 36)]  # fmt: skip
    assert bar(Fraction(79), 10) == "███████▉  "
