"""How sure a percentage is, and a difference of two: Wilson and Newcombe intervals, standard library only.

An inspection's samples are sized for a 5-point margin of error at 80% confidence, so a percentage read
alone overstates what a sample can tell; the interval shows the spread. Wilson's interval rather than the
textbook normal ("Wald") one because it stays inside 0-100 and behaves on small bases and at 0% or 100%,
where split groups often sit. A difference between two percentages (two groups, or two inspections) gets
Newcombe's hybrid score interval, built from the two Wilson intervals. Pure functions of counts, like
:mod:`hmirate.rules.rate`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

from hmirate.settings import DEFAULTS, check_confidence


def z_for(confidence: float) -> float:
    """The two-sided standard normal quantile for a confidence level: 1.2816 for 0.80, 1.96 for 0.95."""
    return NormalDist().inv_cdf(0.5 + check_confidence(confidence) / 2)


def wilson_interval(yes: int, base: int, confidence: float = DEFAULTS.confidence) -> tuple[float, float] | None:
    """The Wilson score interval for yes/base, in percent (0-100); None when the base is 0.

    centre = (p + z^2/2n) / (1 + z^2/n), half-width = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2).
    At p = 0 the lower end is exactly 0 and at p = 1 the upper end exactly 100 (set so, not left to
    floating-point noise); the ends are otherwise clamped to 0-100.
    """
    if base <= 0:
        return None
    z = z_for(confidence)
    n, p = base, yes / base
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = 0.0 if yes == 0 else max(0.0, 100 * (centre - half))
    high = 100.0 if yes == base else min(100.0, 100 * (centre + half))
    return low, high


def newcombe_interval(
    yes1: int, base1: int, yes2: int, base2: int, confidence: float = DEFAULTS.confidence
) -> tuple[float, float] | None:
    """The interval of (yes1/base1 - yes2/base2), in percentage points; None when either base is 0.

    Newcombe's hybrid score interval (method 10 of his 1998 comparison of eleven methods): with each
    proportion's Wilson interval (l, u), the difference d = p1 - p2 runs from
    d - sqrt((p1 - l1)^2 + (u2 - p2)^2) to d + sqrt((u1 - p1)^2 + (p2 - l2)^2). It keeps Wilson's good
    behaviour on small bases and at 0% or 100%, where the textbook (Wald) interval collapses to a point.
    """
    first, second = wilson_interval(yes1, base1, confidence), wilson_interval(yes2, base2, confidence)
    if first is None or second is None:
        return None
    p1, p2 = 100 * yes1 / base1, 100 * yes2 / base2
    (low1, high1), (low2, high2) = first, second
    difference = p1 - p2
    below = math.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2)
    above = math.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2)
    return max(-100.0, difference - below), min(100.0, difference + above)


@dataclass(frozen=True)
class Difference:
    """A difference of two percentages, in points, with its Newcombe interval at some confidence."""

    difference: float
    """yes1/base1 - yes2/base2 in percentage points (the same float arithmetic as the interval's centre)."""
    low: float
    high: float

    @property
    def direction(self) -> Literal["up", "down", "no clear change"]:
        """Up or down when the interval excludes 0 (a difference the sample shows), else no clear change."""
        return "up" if self.low > 0 else "down" if self.high < 0 else "no clear change"


def difference(
    yes1: int, base1: int, yes2: int, base2: int, confidence: float = DEFAULTS.confidence
) -> Difference | None:
    """yes1/base1 minus yes2/base2 with :func:`newcombe_interval`; None when either base is 0."""
    interval = newcombe_interval(yes1, base1, yes2, base2, confidence)
    if interval is None:
        return None
    return Difference(100 * yes1 / base1 - 100 * yes2 / base2, *interval)
