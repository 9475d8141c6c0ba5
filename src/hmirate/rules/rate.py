"""The rating rules, as pure functions of counts: no pandas, no I/O, so every rule is easy to test.

Percentages are computed exactly (as fractions) and rounded half up only where a whole number is
published; the band is chosen on that published whole percent, so hmirate's ratings agree with the
figures a reader sees in the report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from hmirate.rules.framework import Framework


def exact_percent(yes: int, base: int) -> Fraction | None:
    """Yes as a share of Yes + No, in percent; None when no case answered Yes or No."""
    return Fraction(100 * yes, base) if base else None


def round_half_up(percent: Fraction | float | int) -> int:
    """The whole percent as published: 49.5 becomes 50, 49.4999 stays 49 (no banker's rounding)."""
    return math.floor(Fraction(percent) + Fraction(1, 2))


@dataclass(frozen=True)
class CaseRating:
    """What the cases say about a standard: the key question that holds it down and where that falls."""

    driving_key_question: str
    lowest_percent: int
    band: str
    rating: str


def rate_percent(framework: Framework, percent: Fraction | float | int) -> tuple[str, str]:
    """The band name and rating for a percentage, banded on its whole percent (half up)."""
    band = framework.band_for(round_half_up(percent))
    return band.name, band.rating


def rate_from_cases(framework: Framework, percents: dict[str, Fraction | None]) -> CaseRating | None:
    """Rate a standard from its key questions' percentages: the lowest one decides.

    Questions with no base (every case N/A) say nothing and are skipped; ties go to the question
    listed first, so the driver is stable. None when no question has a base.
    """
    known = [(percent, question) for question, percent in percents.items() if percent is not None]
    if not known:
        return None
    lowest, driver = min(known, key=lambda pair: pair[0])
    band, rating = rate_percent(framework, lowest)
    return CaseRating(driver, round_half_up(lowest), band, rating)


@dataclass(frozen=True)
class OverallRating:
    rating: str
    total: int
    maximum: int
    ranges: list[tuple[str, int, int]]


def rate_overall(framework: Framework, ratings: list[str]) -> OverallRating:
    """Band the total of the standards' scores, with the bands for that many standards."""
    total = sum(framework.rating(name).score for name in ratings)
    ranges = framework.overall_ranges(len(ratings))
    rating = next(name for name, low, high in ranges if low <= total <= high)
    return OverallRating(rating, total, ranges[-1][2], ranges)
