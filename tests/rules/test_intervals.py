"""The Wilson score interval: textbook values, its defining equation, and how it moves with confidence."""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hmirate.errors import UsageError
from hmirate.rules.intervals import wilson_interval, z_for
from hmirate.settings import check_confidence


def test_z_for_the_inspectorates_level_and_95():
    assert round(z_for(0.80), 4) == 1.2816
    assert round(z_for(0.95), 4) == 1.96


@pytest.mark.parametrize(
    ("yes", "base", "low", "high"),
    [
        (5, 10, 23.66, 76.34),  # Wilson's interval at 95%, as tabulated (Newcombe 1998, and every calculator)
        (0, 10, 0.00, 27.75),
        (10, 10, 72.25, 100.00),
        (81, 263, 25.53, 36.62),  # Newcombe's example 1
    ],
)
def test_textbook_values_at_95(yes, base, low, high):
    interval = wilson_interval(yes, base, 0.95)
    assert interval is not None
    assert (round(interval[0], 2), round(interval[1], 2)) == (low, high)


def test_base_zero_has_no_interval():
    assert wilson_interval(0, 0, 0.8) is None


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.floats(0.5, 0.99))  # fmt: skip
def test_ends_solve_the_score_equation(case, confidence):
    """Each end p satisfies (p_hat - p)^2 = z^2 p (1 - p) / n: the definition, not the closed form."""
    yes, base = case
    z, p_hat = NormalDist().inv_cdf(0.5 + confidence / 2), yes / base
    low, high = wilson_interval(yes, base, confidence)
    assert 0 <= low <= 100 * p_hat <= high <= 100
    for end in (low / 100, high / 100):
        assert (p_hat - end) ** 2 == pytest.approx(z * z * end * (1 - end) / base, abs=1e-12)


@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_more_confidence_is_wider(case):
    yes, base = case
    low80, high80 = wilson_interval(yes, base, 0.80)
    low95, high95 = wilson_interval(yes, base, 0.95)
    assert low95 <= low80 and high80 <= high95


@pytest.mark.parametrize("bad", [0, 1, 80, -0.2, math.nan, True])
def test_confidence_must_be_strictly_between_0_and_1(bad):
    with pytest.raises(UsageError, match=r"confidence must be between 0 and 1, exclusive \(80% is 0.8\)"):
        check_confidence(bad)
