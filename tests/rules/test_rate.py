"""The rating rules: half-up rounding, band edges, the lowest key question, overall bands for N standards."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hmirate.rules.rate import (
    exact_percent,
    percent_bands,
    rate_from_cases,
    rate_overall,
    rate_percent,
    round_half_up,
    whole_percent,
)


@pytest.mark.parametrize(
    ("percent", "whole"),
    [(49.4, 49), (49.5, 50), (64.5, 65), (79.5, 80), (0, 0), (100, 100), (Fraction(200, 3), 67), (62.5, 63)],
)
def test_round_half_up(percent, whole):
    assert round_half_up(percent) == whole


@pytest.mark.parametrize(
    ("percent", "band", "rating"),
    [
        (49.4, "minority", "Inadequate"),
        (49.5, "too few", "Requires improvement"),
        (64.4, "too few", "Requires improvement"),
        (64.5, "reasonable majority", "Good"),
        (79.4, "reasonable majority", "Good"),
        (79.5, "large majority", "Outstanding"),
        (0, "minority", "Inadequate"),
        (100, "large majority", "Outstanding"),
    ],
)
def test_band_edges(framework, percent, band, rating):
    assert rate_percent(framework, percent) == (band, rating)


def test_exact_percent_is_none_for_base_zero():
    assert exact_percent(0, 0) is None
    assert exact_percent(49, 78) == Fraction(4900, 78)


def test_lowest_key_question_drives_and_base_zero_is_skipped(framework):
    rating = rate_from_cases(framework, {"a": Fraction(80), "b": None, "c": Fraction(6450, 100)})
    assert (rating.driving_key_question, rating.lowest_percent, rating.band, rating.rating) == (
        "c",
        65,
        "reasonable majority",
        "Good",
    )


def test_tie_goes_to_first_listed(framework):
    rating = rate_from_cases(framework, {"x": Fraction(60), "y": Fraction(60)})
    assert rating.driving_key_question == "x"


def test_no_base_anywhere_gives_no_rating(framework):
    assert rate_from_cases(framework, {"a": None, "b": None}) is None


@pytest.mark.parametrize(
    ("standards", "ranges"),
    [
        (
            9,
            [
                ("Inadequate", 0, 4),
                ("Requires improvement", 5, 13),
                ("Good", 14, 22),
                ("Outstanding", 23, 27),
            ],
        ),
        (
            10,
            [
                ("Inadequate", 0, 5),
                ("Requires improvement", 6, 15),
                ("Good", 16, 25),
                ("Outstanding", 26, 30),
            ],
        ),
        (
            12,
            [
                ("Inadequate", 0, 6),
                ("Requires improvement", 7, 18),
                ("Good", 19, 30),
                ("Outstanding", 31, 36),
            ],
        ),
    ],
)
def test_overall_bands(framework, standards, ranges):
    assert framework.overall_ranges(standards) == ranges


@pytest.mark.parametrize(
    ("ratings", "total", "overall"),
    [
        (["Good", "Requires improvement", "Good", "Outstanding", "Good", "Good",
          "Requires improvement", "Inadequate", "Good", "Requires improvement"], 16, "Good"),
        (["Requires improvement"] * 10, 10, "Requires improvement"),
        (["Good"] * 7 + ["Requires improvement"] + ["Inadequate"] * 2, 15, "Requires improvement"),
        (["Inadequate"] * 5 + ["Requires improvement"] * 5, 5, "Inadequate"),
        (["Outstanding"] * 6 + ["Good"] * 4, 26, "Outstanding"),
        (["Good"] * 12, 24, "Good"),
        (["Requires improvement"] * 6 + ["Good"] * 3, 12, "Requires improvement"),
    ],
)  # fmt: skip
def test_overall_rating(framework, ratings, total, overall):
    result = rate_overall(framework, ratings)
    assert (result.total, result.rating) == (total, overall)


@pytest.mark.parametrize(
    ("yes", "base", "whole"),
    [(49, 78, 63), (38, 78, 49), (5, 8, 63), (1, 8, 13), (0, 5, 0), (7, 7, 100), (0, 0, None)],
)
def test_whole_percent(yes, base, whole):
    """Annex 2's 63% (2.2.3) and 49% (2.3.3); 62.5 and 12.5 go up; no base, no percent."""
    assert whole_percent(yes, base) == whole


def test_percent_bands_are_the_published_table(framework):
    assert [(b.low, b.high, b.name, b.rating) for b in percent_bands(framework)] == [
        (0, 49, "minority", "Inadequate"),
        (50, 64, "too few", "Requires improvement"),
        (65, 79, "reasonable majority", "Good"),
        (80, 100, "large majority", "Outstanding"),
    ]


def test_the_overall_result_names_its_band(framework):
    ratings = ["Good", "Requires improvement", "Good", "Outstanding", "Good", "Good", "Requires improvement",
               "Inadequate", "Good", "Requires improvement"]  # fmt: skip
    band = rate_overall(framework, ratings).band  # the published 16 of 30
    assert (band.rating, band.low, band.high) == ("Good", 16, 25)
