"""How many cases to read: the sample size for a confidence level and margin of error, with its working."""

from __future__ import annotations

import math
from dataclasses import dataclass

from hmirate.arguments import checked
from hmirate.errors import UsageError
from hmirate.rules.intervals import z_for
from hmirate.settings import DEFAULTS


@dataclass(frozen=True)
class SampleSize:
    """A sample size with every intermediate value, so the output can show its working."""

    population: int
    confidence: float
    margin: float
    """Margin of error in percentage points (5 means plus or minus 5 points)."""
    proportion: float
    z: float
    n0: float
    exact: float
    """n0 N / (n0 + N - 1) before rounding up."""
    size: int
    notes: tuple[str, ...] = ()
    """What counting a population file noticed, for the user."""


MAX_POPULATION = 10**9
"""More cases than any probation service holds; past about 10**308 the arithmetic would overflow."""


@checked
def sample_size(
    population: int, confidence: float = DEFAULTS.confidence, margin: float = 5, proportion: float = 0.5
) -> SampleSize:
    """The cases to sample from an eligible population of ``population`` for the given precision.

    z is the two-sided normal quantile of ``confidence``; p = 0.5 is the most cautious assumption.
    Rounding up ignores float noise below 1e-9, so an exact whole number is not pushed up by one.
    """
    if population < 1:
        raise UsageError(f"the population must have at least one case, not {population}", param="population")
    if population > MAX_POPULATION:
        raise UsageError(f"the population must be at most {MAX_POPULATION:,} cases", param="population")
    if not 0 < margin < 100:
        raise UsageError(f"`margin` must be in percentage points, between 0 and 100, not {margin:g}", param="margin")
    if not 0 < proportion < 1:
        raise UsageError(f"proportion must be between 0 and 1, not {proportion:g}", param="proportion")
    z = z_for(confidence)
    e = margin / 100
    n0 = z * z * proportion * (1 - proportion) / (e * e) if e * e else math.inf
    if not math.isfinite(n0):
        raise UsageError(f"`margin` {margin:g} points is too small: the sample size would be infinite", param="margin")
    exact = n0 * population / (n0 + population - 1)
    size = min(population, math.ceil(exact - 1e-9))
    return SampleSize(population, confidence, margin, proportion, z, n0, exact, size)
