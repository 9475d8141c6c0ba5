"""The inspectorate's allocation rule and officer cap, with every figure worked out by hand here.

The worked example and the cap cases are those of the Ministry of Justice's ``probation-case-sampler``
tests (its SampleSizeCalculatorTest and RoAllocationAdjusterTest); the arithmetic is shown beside each.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmirate.rules.rate import round_half_up
from hmirate.sampling.allocate import Reason, Share, adjust, allocate, cap_officers

INITIAL, BUFFER = Reason.INITIAL, Reason.BUFFER
UP, DOWN = Reason.INCREASED_FOR_ROUNDING, Reason.DECREASED_FOR_ROUNDING
CAP_UP, CAP_DOWN = Reason.INCREASED_FOR_OFFICER_CAP, Reason.DECREASED_FOR_OFFICER_CAP
WORKED = [("A", 454), ("B", 138), ("C", 327), ("D", 129), ("E", 169)]  # 1,217 cases


def counts(shares: list[Share]) -> list[int]:
    return [share.count for share in shares]


def test_round_half_up_on_exact_fractions():
    assert [round_half_up(Fraction(n, 10)) for n in (24, 25, 26, 35, 5, 4)] == [2, 3, 3, 4, 1, 0]


def test_the_services_worked_example_needs_one_case_taken_off_the_largest():
    # 148 x 454/1217 = 55.21 -> 55; x 138 = 16.78 -> 17; x 327 = 39.77 -> 40; x 129 = 15.69 -> 16;
    # x 169 = 20.55 -> 21. 55 + 17 + 40 + 16 + 21 = 149, one too many: the largest, A, gives one back.
    shares = allocate(WORKED, 148)
    assert counts(shares) == [54, 17, 40, 16, 21]
    assert [share.steps for share in shares] == [
        [(INITIAL, 55), (DOWN, 54)], [(INITIAL, 17)], [(INITIAL, 40)], [(INITIAL, 16)], [(INITIAL, 21)],
    ]  # fmt: skip


def test_a_20_percent_buffer_on_the_worked_example():
    # Each stratum adds 20% of its own count, rounded half up: 55 + 11 = 66, 17 + 3.4 -> 3 = 20, 40 + 8 = 48,
    # 16 + 3.2 -> 3 = 19, 21 + 4.2 -> 4 = 25; together 178 = 148 + 29.6 rounded half up (30): no adjustment.
    shares = allocate(WORKED, 148, Fraction(20))
    assert counts(shares) == [66, 20, 48, 19, 25]
    assert [share.steps for share in shares][:2] == [[(INITIAL, 55), (BUFFER, 66)], [(INITIAL, 17), (BUFFER, 20)]]


def test_a_buffer_whose_total_needs_adjusting():
    # 10 over 60/30/30: 5, 2.5 -> 3, 2.5 -> 3. A 10% buffer: 5 + 0.5 -> 1 = 6, 3 + 0.3 -> 0 = 3, 3.
    # 6 + 3 + 3 = 12 but the target is 10 + 1 = 11: the largest, 6, gives one back.
    shares = allocate([("A", 60), ("B", 30), ("C", 30)], 10, Fraction(10))
    assert [share.steps for share in shares] == [[(INITIAL, 5), (BUFFER, 6), (DOWN, 5)], [(INITIAL, 3)], [(INITIAL, 3)]]


def test_three_equal_strata_need_one_case_added_to_the_first_listed():
    # 10 x 50/150 = 3.33 -> 3 each: 9, one short; all tie on 3, so the first listed gets it.
    shares = allocate([("A", 50), ("B", 50), ("C", 50)], 10)
    assert [share.steps for share in shares] == [[(INITIAL, 3), (UP, 4)], [(INITIAL, 3)], [(INITIAL, 3)]]


def test_two_cases_added_go_to_two_groups_not_one():
    # 20 over 6 equal groups of 10: 3.33 -> 3 each = 18; the first two listed get one each.
    assert counts(allocate([(k, 10) for k in "ABCDEF"], 20)) == [4, 4, 3, 3, 3, 3]


def test_additions_skip_full_groups_and_stop_when_all_are_full():
    shares = [Share("k1", 8, [(INITIAL, 8)]), Share("k2", 10, [(INITIAL, 9)]), Share("k3", 10, [(INITIAL, 9)])]
    adjust(shares, 27)  # k1 is smallest but full: k2 takes the case
    assert counts(shares) == [8, 10, 9]
    shares = [Share("k1", 8, [(INITIAL, 1)]), Share("k2", 10, [(INITIAL, 1)]), Share("k3", 12, [(INITIAL, 2)])]
    adjust(shares, 500)  # cannot be reached: every group ends full
    assert counts(shares) == [8, 10, 12] and shares[0].steps == [(INITIAL, 1), (UP, 8)]


def test_removals_cycle_through_the_largest_first_and_skip_empty_groups():
    shares = [Share("k1", 6, [(INITIAL, 6)]), Share("k2", 10, [(INITIAL, 10)]), Share("k3", 4, [(INITIAL, 4)])]
    adjust(shares, 18)  # descending: k2 (10), k1 (6), k3 (4): k2 and k1 give one each
    assert counts(shares) == [5, 9, 4]
    adjust(shares, 0)
    assert counts(shares) == [0, 0, 0]


@pytest.mark.parametrize("buffer", [Fraction(0), Fraction(10)])
def test_totals_are_exact_for_every_size_from_10_to_90_over_60_30_30(buffer):
    for size in range(10, 91):
        target = size + (size + 5) // 10 if buffer else size  # 10% of size rounded half up is (size + 5) // 10
        assert sum(counts(allocate([("A", 60), ("B", 30), ("C", 30)], size, buffer))) == target, size


# --- the officer cap ---------------------------------------------------------------------------------


def officers(*spec: tuple[int, int]) -> list[Share]:
    """ro1, ro2, ... each with (cases allocated, cases available)."""
    return [Share(f"ro{i}", available, [(INITIAL, count)]) for i, (count, available) in enumerate(spec, 1)]


def test_a_case_over_the_cap_goes_to_the_officer_with_the_fewest():
    # ro2 has 7, one over 6. Ascending by count: ro4 (1), ro1 (4), ro3 (5), ro2 (6), ro5 (6); ro4 has room.
    group, used = officers((4, 4), (7, 7), (5, 5), (1, 3), (6, 6)), {}
    assert cap_officers(group, used, 6) == 0
    assert counts(group) == [4, 6, 5, 2, 6]
    assert group[1].steps == [(INITIAL, 7), (CAP_DOWN, 6)] and group[3].steps == [(INITIAL, 1), (CAP_UP, 2)]
    assert used == {"ro1": 4, "ro2": 6, "ro3": 5, "ro4": 2, "ro5": 6}


def test_the_excess_cycles_round_the_officers_smallest_first():
    # ro2 12 -> 6: six to place. Order ro4 (1), ro1 (4), ro3 (5), ro2 (6), ro5 (6):
    # ro4 2, ro1 5, ro3 6, [ro2, ro5 at the cap], ro4 3, ro1 6, [ro3 ro2 ro5], ro4 4.
    group = officers((4, 6), (12, 12), (5, 6), (1, 5), (6, 6))
    assert cap_officers(group, {}, 6) == 0
    assert counts(group) == [6, 6, 6, 4, 6]


def test_the_cap_counts_an_officers_cases_across_strata():
    used: dict = {}
    first = officers((2, 8), (7, 8), (3, 8))  # ro2 7 -> 6; ro1 (2) is the smallest: 3
    assert cap_officers(first, used, 6) == 0 and counts(first) == [3, 6, 3]
    second = [Share("ro1", 8, [(INITIAL, 4)]), Share("ro2", 8, [(INITIAL, 1)]), Share("ro4", 8, [(INITIAL, 2)])]
    # ro1 has 3 already: 4 -> 3; ro2 has 6: 1 -> 0; two to place. Order ro2 (0), ro4 (2), ro1 (3):
    # ro2 at the cap, ro4 3, ro1 at the cap, ro2 at the cap, ro4 4.
    assert cap_officers(second, used, 6) == 0
    assert counts(second) == [3, 0, 4] and used == {"ro1": 6, "ro2": 6, "ro3": 3, "ro4": 4}


def test_what_no_officer_can_take_is_the_shortfall():
    # ro2 120 -> 6 (114 over), ro5 8 -> 6 (2 over): 116 to place; room: ro1 2, ro3 1, ro4 5 = 8; 108 short.
    group = officers((4, 8), (120, 120), (5, 8), (1, 8), (8, 8))
    assert cap_officers(group, {}, 6) == 108
    assert counts(group) == [6, 6, 6, 6, 6]


# --- properties --------------------------------------------------------------------------------------

GROUPS = st.lists(st.integers(0, 60), min_size=1, max_size=12).filter(lambda sizes: sum(sizes) > 0)


@settings(deadline=None)
@given(GROUPS, st.data())
def test_the_total_is_the_size_and_each_group_within_three_halves_of_its_quota(sizes, data):
    """Rounding half up is at most 1/2 off; the adjustment then moves each group at most one case (the
    surplus or deficit is under half the groups rounded the wrong way), so never more than 3/2 off."""
    total = sum(sizes)
    size = data.draw(st.integers(0, total))
    shares = allocate([(f"g{i}", n) for i, n in enumerate(sizes)], size)
    assert sum(counts(shares)) == size
    for share in shares:
        assert 0 <= share.count <= share.available
        assert abs(share.count - Fraction(size * share.available, total)) <= Fraction(3, 2)


@settings(deadline=None)
@given(GROUPS, st.data())
def test_with_a_buffer_the_total_is_size_plus_buffer_unless_the_groups_run_out(sizes, data):
    size = data.draw(st.integers(0, sum(sizes)))
    buffer = Fraction(data.draw(st.integers(0, 50)))
    shares = allocate([(f"g{i}", n) for i, n in enumerate(sizes)], size, buffer)
    target = size + (2 * size * int(buffer) + 100) // 200  # size x buffer / 100, a half going up
    assert sum(counts(shares)) == min(target, sum(sizes))
    assert all(0 <= share.count <= share.available for share in shares)


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=8), st.integers(1, 6))
def test_the_cap_holds_and_cases_are_only_moved_or_counted_short(spec, cap):
    group = officers(*((min(count, available), available) for count, available in spec))
    before = sum(counts(group))
    used: dict = {}
    short = cap_officers(group, used, cap)
    assert all(share.count <= min(cap, share.available) for share in group)
    assert sum(counts(group)) + short == before
    assert used == {share.key: share.count for share in group}
