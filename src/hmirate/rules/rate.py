"""The rating rules, as pure functions of counts: no pandas, no I/O, so every rule is easy to test.

Percentages are computed exactly (as fractions) and rounded half up only where a whole number is
published; the band is chosen on that published whole percent, so hmirate's ratings agree with the
figures a reader sees in the report.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from pydantic import Field

from hmirate.rules.framework import Framework
from hmirate.rules.result import Result


def exact_percent(yes: int, base: int) -> Fraction | None:
    """Yes as a share of Yes + No, in percent; None when no case answered Yes or No."""
    return Fraction(100 * yes, base) if base else None


def round_half_up(percent: Fraction | float | int) -> int:
    """The whole percent as published: 49.5 becomes 50, 49.4999 stays 49 (no banker's rounding).

    The one rounding rule of hmirate: published percents, the ends of an interval, a sample's allocation
    (as the inspectorate's service rounds: 2.5 -> 3) all round so.
    """
    return math.floor(Fraction(percent) + Fraction(1, 2))


def whole_percent(yes: int, base: int) -> int | None:
    """The published whole percent of yes/base, computed exactly (no float drift at a half); None at base 0."""
    exact = exact_percent(yes, base)
    return None if exact is None else round_half_up(exact)


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


class PercentBand(Result):
    """A band of the lowest key question's whole percent, from ``low`` to ``high`` inclusive."""

    name: str
    rating: str
    low: int
    high: int


def percent_bands(framework: Framework) -> list[PercentBand]:
    """The framework's bands with both ends, so every output can show the table it was rated by."""
    starts = [band.from_percent for band in framework.bands]
    highs = [start - 1 for start in starts[1:]] + [100]
    return [
        PercentBand(name=band.name, rating=band.rating, low=band.from_percent, high=high)
        for band, high in zip(framework.bands, highs, strict=True)
    ]


def rating_scale(bands: list[PercentBand]) -> list[str]:
    """The ratings the bands give, lowest first: what a rating's rank (and its colour) is read off."""
    return list(dict.fromkeys(band.rating for band in bands))


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
    """The standards counted in the total (those left out are in ``not_counted``)."""
    bands: list[OverallBand]
    not_counted: list[str] = Field(default_factory=list)
    """Standards rated and reported but left out of the total and the maximum (``counts_to_overall =
    false`` in the framework), by id."""

    @property
    def band(self) -> OverallBand:
        """The band the total fell in (each rating has one overall band)."""
        return next(band for band in self.bands if band.rating == self.rating)


def rate_overall(framework: Framework, ratings: list[str], not_counted: Sequence[str] = ()) -> OverallResult:
    """Band the total of the counted standards' scores, with the bands for that many standards; the
    standards ``not_counted`` are only named."""
    total = sum(framework.rating(name).score for name in ratings)
    bands = [OverallBand(rating=n, low=low, high=high) for n, low, high in framework.overall_ranges(len(ratings))]
    rating = next(band.rating for band in bands if band.low <= total <= band.high)
    return OverallResult(
        rating=rating,
        total=total,
        maximum=bands[-1].high,
        standards=len(ratings),
        bands=bands,
        not_counted=list(not_counted),
    )
