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
from hmirate.rules.result import Result


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


class OverallBand(Result):
    """The totals an overall rating covers, for the number of standards rated: ``low`` to ``high``."""

    rating: str
    low: int
    high: int


class OverallResult(Result):
    rating: str
    total: int
    maximum: int
    standards: int
    bands: list[OverallBand]


def rate_overall(framework: Framework, ratings: list[str]) -> OverallResult:
    """Band the total of the standards' scores, with the bands for that many standards."""
    total = sum(framework.rating(name).score for name in ratings)
    bands = [OverallBand(rating=n, low=low, high=high) for n, low, high in framework.overall_ranges(len(ratings))]
    rating = next(band.rating for band in bands if band.low <= total <= band.high)
    return OverallResult(rating=rating, total=total, maximum=bands[-1].high, standards=len(ratings), bands=bands)
