"""Clear gaps between groups: is 60% against 32% a difference the sample shows, or noise?

Read off the groups' Yes and base once their figures are built, never off the counting stage, so this
stays a pure function of the report's own figures. Every pair of groups big enough to read (both bases at
least ``min_base``) gets the difference of their exact percents and Newcombe's hybrid score interval of it;
a gap is *clear* when that interval excludes 0.
"""

from __future__ import annotations

from itertools import combinations

from hmirate.report.model import Gap, Group
from hmirate.rules.intervals import difference

MAX_GAP_GROUPS = 100
"""The most groups big enough to read that one split compares pair by pair (4,950 pairs a key question).

Past it the pairs are not worked out, and the report's notes say so: a split into hundreds of readable
groups (officers across a whole caseload, say) would be hundreds of thousands of pairs a key question, and
gigabytes of report, where the groups' own figures stay a few lines each.
"""


MAX_GAP_PAIRS = 10_000
"""The most pairs of groups compared for one key question across all its splits (two splits of 100 readable
groups). Each split's pairs are worked out in turn while they fit: twelve splits of 100 groups would be
59,400 pairs a key question, 16 s and 1.4 GB for a report of 200 MB."""


def readable(groups: list[Group], min_base: int) -> list[Group]:
    """The groups big enough to read (a base of ``min_base`` or more), the only ones compared."""
    return [g for g in groups if g.base > 0 and g.base >= min_base]


def pairs(groups: list[Group], min_base: int) -> int:
    """How many pairs :func:`group_gaps` would compare."""
    count = len(readable(groups, min_base))
    return count * (count - 1) // 2


def group_gaps(groups: list[Group], min_base: int, confidence: float) -> list[Gap] | None:
    """Every pair of readable groups, in the groups' order: first minus second; None (not worked out) when
    more than :data:`MAX_GAP_GROUPS` groups are readable."""
    readable_groups = readable(groups, min_base)
    if len(readable_groups) > MAX_GAP_GROUPS:
        return None
    gaps = []
    for first, second in combinations(readable_groups, 2):
        gap = difference(first.yes, first.base, second.yes, second.base, confidence)
        if gap is None:  # pragma: no cover - both bases are positive
            continue
        gaps.append(
            Gap(
                first=first.value,
                second=second.value,
                difference=gap.difference,
                ci_low=gap.low,
                ci_high=gap.high,
                clear=gap.direction != "no clear change",
            )
        )
    return gaps
