"""Newcombe's hybrid score interval for a difference of two proportions, against his published values.

Newcombe, "Interval estimation for the difference between independent proportions: comparison of eleven
methods", Statistics in Medicine 17 (1998) 873-890, Table II, method 10, at 95%: eight worked examples,
from an ordinary one (56/70 vs 48/80) to the degenerate ones at 0% and 100% where simpler intervals fail.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hmirate.rules.intervals import difference, newcombe_interval


@pytest.mark.parametrize(
    ("first", "second", "low", "high"),
    [
        ((56, 70), (48, 80), 0.0524, 0.3339),
        ((9, 10), (3, 10), 0.1705, 0.8090),
        ((6, 7), (2, 7), 0.0582, 0.8062),
        ((5, 56), (0, 29), -0.0381, 0.1926),
        ((0, 10), (0, 20), -0.1611, 0.2775),
        ((0, 10), (0, 10), -0.2775, 0.2775),
        ((10, 10), (0, 20), 0.6791, 1.0000),
        ((10, 10), (0, 10), 0.6075, 1.0000),
    ],
)
def test_newcombe_table_ii_method_10(first, second, low, high):
    interval = newcombe_interval(*first, *second, confidence=0.95)
    assert interval is not None
    # hmirate works in percentage points; Newcombe tabulates proportions to four places
    assert (round(interval[0] / 100, 4), round(interval[1] / 100, 4)) == (low, high)


def test_no_interval_without_a_base():
    assert newcombe_interval(0, 0, 3, 10) is None
    assert newcombe_interval(3, 10, 0, 0) is None


def test_80_percent_is_narrower_than_95():
    low80, high80 = newcombe_interval(56, 70, 48, 80, 0.80)
    low95, high95 = newcombe_interval(56, 70, 48, 80, 0.95)
    assert low95 < low80 < 20 < high80 < high95


@given(
    st.integers(1, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
)
def test_swapping_the_groups_mirrors_the_interval(first, second):
    low, high = newcombe_interval(*first, *second, confidence=0.8)
    mirrored = newcombe_interval(*second, *first, confidence=0.8)
    difference = 100 * first[0] / first[1] - 100 * second[0] / second[1]
    assert -100 <= low <= difference <= high <= 100
    assert mirrored == pytest.approx((-high, -low), abs=1e-9)


@pytest.mark.parametrize(
    ("first", "second", "points", "direction"),
    [
        ((10, 10), (0, 20), 100.0, "up"),  # Newcombe's 0.6791 to 1.0000: above 0
        ((0, 20), (10, 10), -100.0, "down"),  # the same, mirrored
        ((9, 10), (3, 10), 60.0, "up"),  # 0.1705 to 0.8090
        ((0, 10), (0, 10), 0.0, "no clear change"),  # -0.2775 to 0.2775
    ],
)
def test_a_difference_and_its_direction(first, second, points, direction):
    found = difference(*first, *second, confidence=0.95)
    assert found is not None
    assert (found.difference, found.direction) == (points, direction)
    assert (found.low, found.high) == newcombe_interval(*first, *second, confidence=0.95)


def test_no_difference_without_a_base():
    assert difference(0, 0, 3, 10) is None
