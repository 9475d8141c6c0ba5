"""The inspectorate's allocation rule: share a number of cases out to groups in proportion to their size.

The rule is the one the Ministry of Justice's ``probation-case-sampler`` applies at every level (strata,
clusters, local delivery units, officers), so a sample drawn here can be explained in the same words as
the inspectorate's own: each group gets the total times its share, rounded half up, never more than it
has; if the groups then add up to too few, one case at a time goes to the groups in ascending order of
their count (cycling, skipping full groups); if too many, one case at a time comes off the groups in
descending order (cycling, skipping empty ones). Ties keep the order the groups are listed in.

Shares are exact fractions, so a quota of exactly 2.5 is rounded up on every machine (the service
rounds a double, which can fall just short of .5).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from hmirate.rules.rate import round_half_up  # as the service rounds (Kotlin's roundToInt): 2.5 -> 3


class Reason(StrEnum):
    """Why a group's count changed: each step of the allocation is recorded so the plan can explain it."""

    INITIAL = "initial"
    BUFFER = "buffer"
    INCREASED_FOR_ROUNDING = "increased for rounding"
    DECREASED_FOR_ROUNDING = "decreased for rounding"
    INCREASED_FOR_OFFICER_CAP = "increased for the officer cap"
    DECREASED_FOR_OFFICER_CAP = "decreased for the officer cap"


@dataclass
class Share:
    """One group's part of an allocation: how many cases it has and how its count got where it is."""

    key: Hashable
    available: int
    steps: list[tuple[Reason, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.steps[-1][1] if self.steps else 0

    def move(self, reason: Reason, count: int) -> None:
        """Record a new count; repeated moves for the same reason are one step (+3, not +1 +1 +1)."""
        if self.steps and self.steps[-1][0] == reason and len(self.steps) > 1:
            self.steps[-1] = (reason, count)
        else:
            self.steps.append((reason, count))


def allocate(groups: Sequence[tuple[Hashable, int]], size: int, buffer: Fraction = Fraction(0)) -> list[Share]:
    """Share ``size`` cases (plus ``buffer`` per cent) out to ``groups`` of (key, cases available).

    With a buffer, each group first adds its own count times the percentage, rounded half up (capped at
    what it has), and the total is then brought to ``size`` plus ``size`` times the percentage, rounded
    half up. The total can only fall short when the groups hold fewer cases than it.
    """
    total = sum(available for _, available in groups)
    shares = []
    for key, available in groups:
        base = min(available, round_half_up(Fraction(size * available, total))) if total else 0
        share = Share(key, available, [(Reason.INITIAL, base)])
        with_buffer = min(available, base + round_half_up(base * buffer / 100))
        if with_buffer != base:
            share.move(Reason.BUFFER, with_buffer)
        shares.append(share)
    adjust(shares, size + round_half_up(size * buffer / 100))
    return shares


def adjust(shares: list[Share], target: int) -> None:
    """Bring the shares' total to ``target`` one case at a time, cycling through them in count order."""
    missing = target - sum(share.count for share in shares)
    if not shares or missing == 0:
        return
    growing = missing > 0
    order = sorted(shares, key=lambda share: share.count, reverse=not growing)  # stable: ties keep listed order
    reason = Reason.INCREASED_FOR_ROUNDING if growing else Reason.DECREASED_FOR_ROUNDING
    step = 1 if growing else -1
    turn = 0
    for _ in range(abs(missing)):
        for _ in range(len(order)):
            share = order[turn % len(order)]
            turn += 1
            if (share.count < share.available) if growing else (share.count > 0):
                share.move(reason, share.count + step)
                break
        else:
            return  # every group is full (or empty): the total cannot be reached


def cap_officers(officers: list[Share], used: dict[Hashable, int], cap: int) -> int:
    """Hold each officer to ``cap`` cases across the whole sample; move the excess within the group.

    ``officers`` are one local delivery unit's officers for one stratum, ``used`` what each has in the
    sample so far (updated here). Cases over the cap go one at a time to the officers in ascending order
    of their count in this group (ties in listed order, cycling), skipping any at the cap or with no
    more cases. Returns how many cases could not be placed: the shortfall.
    """
    removed = 0
    for officer in officers:
        allowed = max(0, cap - used.get(officer.key, 0))
        if officer.count > allowed:
            removed += officer.count - allowed
            officer.move(Reason.DECREASED_FOR_OFFICER_CAP, allowed)
        used[officer.key] = used.get(officer.key, 0) + officer.count
    order = sorted(officers, key=lambda officer: officer.count)
    turn = 0
    placed = 0
    for _ in range(removed):
        for _ in range(len(order)):
            officer = order[turn % len(order)]
            turn += 1
            if used[officer.key] < cap and officer.count < officer.available:
                officer.move(Reason.INCREASED_FOR_OFFICER_CAP, officer.count + 1)
                used[officer.key] += 1
                placed += 1
                break
    return removed - placed
