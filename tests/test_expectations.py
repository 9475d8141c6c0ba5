"""The independent side of the format tests checked against the published report: the figures that
tests/expectations.py works out from the bundled case files with the standard library are the report's."""

from __future__ import annotations

import pytest
from conftest import ALL_SAMPLES, PANEL
from expectations import (
    ANNEX_2,
    PUBLISHED_OVERALL,
    PUBLISHED_RATINGS,
    REPORT_TEXT,
    Cell,
    derive,
    float_half_up,
    overall,
    overall_bands,
    share_half_up,
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
    ("part", "whole", "rounded"),
    [(5, 8, 63), (49, 200, 25), (4999, 10000, 50), (4949, 10000, 49), (0, 7, 0), (49, 78, 63), (38, 78, 49)],
)
def test_share_half_up(part, whole, rounded):
    """62.5 -> 63, 24.5 -> 25, 49.99 -> 50, 49.49 -> 49; 49/78 and 38/78 are Annex 2's 63% and 49%."""
    assert share_half_up(part, whole) == rounded


@pytest.mark.parametrize(("number", "rounded"), [(62.5, 63), (49.49999, 49), (0.5, 1), (73.33, 73), (100.0, 100)])
def test_float_half_up(number, rounded):
    assert float_half_up(number) == rounded


def test_wilson_textbook_values_and_overall_bands():
    low, high = wilson(5, 10, 0.95)  # Newcombe (1998): 0.2366-0.7634
    assert (round(low, 2), round(high, 2)) == (23.66, 76.34)
    low, high = wilson(81, 263, 0.95)
    assert (round(low, 2), round(high, 2)) == (25.53, 36.62)
    assert overall_bands(10) == [("Inadequate", 0, 5), ("Requires improvement", 6, 15), ("Good", 16, 25),
                                 ("Outstanding", 26, 30)]  # fmt: skip
    assert overall_bands(12) == [("Inadequate", 0, 6), ("Requires improvement", 7, 18), ("Good", 19, 30),
                                 ("Outstanding", 31, 36)]  # fmt: skip
    assert Cell(79, 21, 0).bar(10) == "███████▉  "  # 2.1.1: 79% is 63.2 eighths of 10 cells, so 63 = 7 x 8 + 7
    assert Cell(38, 40, 22).bar(5) == "██▍  "  # 2.3.3: 49% of 40 eighths is 19.49, so 19 = 2 x 8 + 3
    assert Cell(1, 1, 0).bar(5) == "██▌  "  # 50% of 40 eighths is exactly 20 = 2 x 8 + 4
