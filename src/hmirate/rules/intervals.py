"""How sure a percentage is: the Wilson score interval, in percent units, standard library only.

An inspection's samples are sized for a 5-point margin of error at 80% confidence, so a percentage read
alone overstates what a sample can tell; the interval shows the spread. Wilson's interval rather than the
textbook normal ("Wald") one because it stays inside 0-100 and behaves on small bases and at 0% or 100%,
where split groups often sit. Pure functions of counts, like :mod:`hmirate.rules.rate`.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from hmirate.errors import UsageError

DEFAULT_CONFIDENCE = 0.80
"""The inspectorate's level: samples are 'set to achieve a confidence level of 80 per cent'."""


def check_confidence(confidence: float) -> float:
    """The confidence level, checked: strictly between 0 and 1 (0.80 is 80%), else a usage error."""
    if not (isinstance(confidence, int | float) and 0 < confidence < 1):
        raise UsageError(f"confidence must be between 0 and 1, exclusive (80% is 0.8), not {confidence!r}")
    if not 0.5 < 0.5 + confidence / 2 < 1:  # in floating point the quantile would be 0 or infinite
        edge = "1 to give a finite interval (0.9999999999 works)" if confidence > 0.5 else "0 to give an interval"
        raise UsageError(f"confidence {confidence!r} is too close to {edge}")
    return float(confidence)


def z_for(confidence: float) -> float:
    """The two-sided standard normal quantile for a confidence level: 1.2816 for 0.80, 1.96 for 0.95."""
    return NormalDist().inv_cdf(0.5 + check_confidence(confidence) / 2)


def wilson_interval(yes: int, base: int, confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float] | None:
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
