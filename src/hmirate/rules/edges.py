"""Band edges: how near a standard's rating sits to one, and how many answers would carry it across.

A ratings panel looks hardest at standards whose driving key question sits a point or two from a band
edge, because a sample sized for a 5-point margin of error cannot tell such a score from the edge. These
are pure functions of counts and the framework's bands (no pandas, no hard-coded 50/65/80), so each rule
is exact and easy to test. Everything is judged on the whole percent as published (rounded half up),
the same figure the band is chosen on.
"""

from __future__ import annotations

from typing import Literal

from hmirate.rules.framework import Band, Framework
from hmirate.rules.rate import whole_percent
from hmirate.rules.result import Result


class NearEdge(Result):
    """The driving key question lies ``points`` whole points ``side`` (under/above) a band edge."""

    edge: int
    """The whole percent where the band ``edge_rating`` starts."""
    edge_rating: str
    side: Literal["under", "above"]
    points: int
    """Whole points between the driving key question's whole percent and the edge."""
    towards: str
    """The rating on the other side of the edge: a candidate to move up (under) or down (above)."""


def _whole(yes: int, base: int) -> int:
    """The published whole percent of a key question known to have a base."""
    whole = whole_percent(yes, base)
    assert whole is not None  # callers pass only bases above 0
    return whole


def near_edges(framework: Framework, whole_percent: int, margin: float) -> list[NearEdge]:
    """Every band edge the whole percent lies within ``margin`` points of (at most), nearest first.

    Under an edge the distance is edge - percent (63 is 2 under 65); above it, percent - edge (65 is 0
    above 65: one point less and it falls). The bottom band's start (0) is not an edge.
    """
    bands = framework.bands
    found = []
    for index in range(1, len(bands)):
        edge = bands[index]
        if whole_percent < edge.from_percent:
            side: Literal["under", "above"] = "under"
            points, towards = edge.from_percent - whole_percent, edge.rating
        else:
            side, points, towards = "above", whole_percent - edge.from_percent, bands[index - 1].rating
        if points <= margin:
            found.append(
                NearEdge(edge=edge.from_percent, edge_rating=edge.rating, side=side, points=points, towards=towards)
            )
    return sorted(found, key=lambda near: (near.points, near.edge))


def yes_to_reach(yes: int, base: int, edge: int) -> int | None:
    """Fewest No answers turned Yes (base fixed) so the whole percent reaches ``edge``; None if it cannot.

    round_half_up(100 (yes + k) / base) >= edge  <=>  200 (yes + k) >= (2 edge - 1) base.
    """
    if base <= 0:
        return None
    needed = max(0, -(-(2 * edge - 1) * base // 200) - yes) if edge > 0 else 0
    return needed if yes + needed <= base else None


def yes_to_fall_below(yes: int, base: int, edge: int) -> int | None:
    """Fewest Yes answers turned No so the whole percent falls under ``edge``; None if it cannot.

    round_half_up(100 (yes - f) / base) < edge  <=>  200 (yes - f) < (2 edge - 1) base.
    """
    if base <= 0 or edge <= 0:
        return None
    highest = -(-(2 * edge - 1) * base // 200) - 1  # the most Yes that still round under the edge
    return max(0, yes - highest) if highest >= 0 else None


class QuestionChange(Result):
    id: str
    percent_whole: int
    no_to_yes: int


class RaiseBand(Result):
    """The fewest No answers turned Yes (bases fixed) that lift the rating from cases one band."""

    to: str
    edge: int
    no_to_yes: int
    key_questions: list[QuestionChange]
    """Every key question under the edge, each with the Yes it needs."""


class LowerBand(Result):
    """The fewest Yes answers turned No, all on one key question, that drop the rating one band."""

    to: str
    edge: int
    yes_to_no: int
    key_question: str


class NextBand(Result):
    up: RaiseBand | None
    """Null at the top band."""
    down: LowerBand | None
    """Null at the bottom band."""


def _current(framework: Framework, counts: dict[str, tuple[int, int]]) -> tuple[int, dict[str, tuple[int, int]]] | None:
    """The band index the lowest whole percent falls in, and the questions with a base."""
    known = {q: (yes, base) for q, (yes, base) in counts.items() if base > 0}
    if not known:
        return None
    lowest = min(_whole(yes, base) for yes, base in known.values())
    return framework.bands.index(framework.band_for(lowest)), known


def distance_up(framework: Framework, counts: dict[str, tuple[int, int]]) -> RaiseBand | None:
    """Fewest No -> Yes to raise the rating one band, from {key question: (yes, base)}.

    The lowest whole percent decides, so every key question under the next band's start must reach it:
    the sum of each one's minimum. None at the top band, with no base, or when a base is too small.
    """
    current = _current(framework, counts)
    if current is None or current[0] + 1 >= len(framework.bands):
        return None
    index, known = current
    target: Band = framework.bands[index + 1]
    changes = []
    for question, (yes, base) in known.items():
        if (whole := _whole(yes, base)) < target.from_percent:
            needed = yes_to_reach(yes, base, target.from_percent)
            if needed is None:
                return None
            changes.append(QuestionChange(id=question, percent_whole=whole, no_to_yes=needed))
    total = sum(change.no_to_yes for change in changes)
    return RaiseBand(to=target.rating, edge=target.from_percent, no_to_yes=total, key_questions=changes)


def distance_down(framework: Framework, counts: dict[str, tuple[int, int]]) -> LowerBand | None:
    """Fewest Yes -> No to lower the rating one band: the cheapest single key question to push under.

    Ties go to the key question listed first. None at the bottom band or with no base.
    """
    current = _current(framework, counts)
    if current is None or current[0] == 0:
        return None
    index, known = current
    band = framework.bands[index]
    options = [(yes_to_fall_below(yes, base, band.from_percent), q) for q, (yes, base) in known.items()]
    possible = [(flips, q) for flips, q in options if flips is not None]
    if not possible:
        return None
    flips, question = min(possible, key=lambda option: option[0])
    return LowerBand(
        to=framework.bands[index - 1].rating, edge=band.from_percent, yes_to_no=flips, key_question=question
    )
