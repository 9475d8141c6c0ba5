"""Band edges: borderline standards and the distance to the next band, checked against brute force."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmirate.rules.edges import (
    LowerBand,
    NearEdge,
    QuestionChange,
    RaiseBand,
    distance_down,
    distance_up,
    near_edges,
    yes_to_fall_below,
    yes_to_reach,
)
from hmirate.rules.framework import Framework


def whole(yes: int, base: int) -> int:
    """The whole percent, a half going up, in integers: floor(100 y / b + 1/2) = (200 y + b) // 2b."""
    return (200 * yes + base) // (2 * base)


def rank(framework: Framework, counts: dict[str, tuple[int, int]]) -> int:
    """The rating's position on the scale, worked out here from the framework's data (not by hmirate's rules):
    the lowest whole percent, the last band whose start it reaches, that band's rating on the scale."""
    lowest = min(whole(yes, base) for yes, base in counts.values() if base)
    band = [band for band in framework.bands if lowest >= band.from_percent][-1]
    return [r.name for r in framework.ratings].index(band.rating)


def other_bands(framework: Framework) -> Framework:
    """The same framework with other edges (40, 60, 75): nothing may assume 50, 65 and 80."""
    data = framework.model_dump()
    for band, start in zip(data["bands"], (0, 40, 60, 75), strict=True):
        band["from_percent"] = start
    return Framework.model_validate(data)


@pytest.mark.parametrize(
    ("percent", "margin", "expected"),
    [
        (63, 5, [NearEdge(edge=65, edge_rating="Good", side="under", points=2, towards="Good")]),
        (
            49,
            5,
            [
                NearEdge(
                    edge=50, edge_rating="Requires improvement", side="under", points=1, towards="Requires improvement"
                )
            ],
        ),
        (44, 5, []),  # 2.4 Reviewing: 6 under, not flagged
        (
            45,
            5,
            [
                NearEdge(
                    edge=50, edge_rating="Requires improvement", side="under", points=5, towards="Requires improvement"
                )
            ],
        ),  # within: at most
        (69, 5, [NearEdge(edge=65, edge_rating="Good", side="above", points=4, towards="Requires improvement")]),
        (
            65,
            0,
            [NearEdge(edge=65, edge_rating="Good", side="above", points=0, towards="Requires improvement")],
        ),  # on the edge: one point falls
        (64, 0, []),
        (
            57,
            8,
            [
                NearEdge(edge=50, edge_rating="Requires improvement", side="above", points=7, towards="Inadequate"),
                NearEdge(edge=65, edge_rating="Good", side="under", points=8, towards="Good"),
            ],
        ),
        (2, 5, []),  # the bottom band's start is no edge
    ],
)
def test_near_edges(framework, percent, margin, expected):
    assert near_edges(framework, percent, margin) == expected


def test_near_edges_follow_the_frameworks_bands(framework):
    assert near_edges(other_bands(framework), 63, 5) == [
        NearEdge(edge=60, edge_rating="Good", side="above", points=3, towards="Requires improvement")
    ]


@pytest.mark.parametrize(
    ("yes", "base", "edge", "needed"),
    [
        (49, 78, 65, 2),  # 2.2.3: 51/78 = 65.4%, 50/78 = 64.1%
        (38, 78, 50, 1),  # 2.3.3: 39/78 = 50%
        (34, 78, 50, 5),  # 2.4.3: 39/78
        (1, 3, 50, 1),  # 2/3 = 67%
        (0, 1, 80, 1),  # a base of 1 jumps from 0% to 100%
        (79, 100, 80, 1),
        (80, 100, 80, 0),
    ],
)
def test_yes_to_reach(yes, base, edge, needed):
    assert yes_to_reach(yes, base, edge) == needed


@pytest.mark.parametrize(
    ("yes", "base", "edge", "needed"),
    [
        (49, 78, 50, 11),  # 2.2.3: 38/78 = 48.7%, 39/78 = 50%
        (20, 29, 65, 2),  # 4.1.1: 18/29 = 62.1%, 19/29 = 65.5%
        (14, 23, 50, 3),  # 4.2.2: 11/23 = 47.8%
        (2, 3, 50, 1),  # 1/3 = 33%
        (65, 100, 65, 1),  # on the edge
        (0, 5, 50, 0),  # already under
        (3, 3, 0, None),  # nothing is under 0%
    ],
)
def test_yes_to_fall_below(yes, base, edge, needed):
    assert yes_to_fall_below(yes, base, edge) == needed


counts_strategy = st.integers(1, 40).flatmap(lambda base: st.tuples(st.integers(0, base), st.just(base)))


@given(counts_strategy, st.sampled_from([0, 1, 33, 50, 65, 80, 99, 100]))
def test_single_question_minimum_is_exact(counts, edge):
    yes, base = counts
    reach = yes_to_reach(yes, base, edge)
    reachable = [k for k in range(base - yes + 1) if whole(yes + k, base) >= edge]
    assert reach == (min(reachable) if reachable else None)
    fall = yes_to_fall_below(yes, base, edge)
    falling = [f for f in range(yes + 1) if whole(yes - f, base) < edge]
    assert fall == (min(falling) if falling and edge > 0 else None)


def brute_up(framework: Framework, counts: dict[str, tuple[int, int]]) -> int | None:
    """Fewest No -> Yes, over every combination, that lift the rating at least one band."""
    start, ids = rank(framework, counts), list(counts)
    options = [range(base - yes + 1) for yes, base in counts.values()]
    best = None
    for extra in product(*options):
        moved = {q: (counts[q][0] + k, counts[q][1]) for q, k in zip(ids, extra, strict=True)}
        if rank(framework, moved) > start and (best is None or sum(extra) < best):
            best = sum(extra)
    return best


def brute_down(framework: Framework, counts: dict[str, tuple[int, int]]) -> int | None:
    start, ids = rank(framework, counts), list(counts)
    best = None
    for fewer in product(*(range(yes + 1) for yes, _ in counts.values())):
        moved = {q: (counts[q][0] - f, counts[q][1]) for q, f in zip(ids, fewer, strict=True)}
        if rank(framework, moved) < start and (best is None or sum(fewer) < best):
            best = sum(fewer)
    return best


small_counts = st.integers(1, 9).flatmap(lambda base: st.tuples(st.integers(0, base), st.just(base)))


@settings(max_examples=150, deadline=None)
@given(st.lists(small_counts, min_size=1, max_size=3), st.booleans())
def test_distances_match_brute_force(framework, questions, shifted):
    framework = other_bands(framework) if shifted else framework
    counts = {f"q{i}": c for i, c in enumerate(questions)}
    up, down = distance_up(framework, counts), distance_down(framework, counts)
    assert (up.no_to_yes if up else None) == brute_up(framework, counts)
    assert (down.yes_to_no if down else None) == brute_down(framework, counts)


def up(to: str, edge: int, changes: dict[str, tuple[int, int]]) -> RaiseBand:
    """A raise from {key question: (whole percent, Yes needed)}."""
    questions = [QuestionChange(id=q, percent_whole=p, no_to_yes=k) for q, (p, k) in changes.items()]
    return RaiseBand(to=to, edge=edge, no_to_yes=sum(k for _, k in changes.values()), key_questions=questions)


def test_the_reports_standards(framework):
    planning = {"2.2.1": (79, 100), "2.2.2": (78, 100), "2.2.3": (49, 78)}
    assert distance_up(framework, planning) == up("Good", 65, {"2.2.3": (63, 2)})
    assert distance_down(framework, planning) == LowerBand(to="Inadequate", edge=50, yes_to_no=11, key_question="2.2.3")
    delivery = {"2.3.1": (75, 100), "2.3.2": (59, 100), "2.3.3": (38, 78)}
    assert distance_up(framework, delivery) == up("Requires improvement", 50, {"2.3.3": (49, 1)})
    assert distance_down(framework, delivery) is None  # already Inadequate
    through_the_gate = {"4.2.1": (15, 23), "4.2.2": (14, 23), "4.2.3": (14, 22)}
    # 4.2.2 (61%) and 4.2.3 (64%) both hold it under Good: each needs one more Yes
    assert distance_up(framework, through_the_gate) == up("Good", 65, {"4.2.2": (61, 1), "4.2.3": (64, 1)})


def test_top_band_and_no_base(framework):
    assert distance_up(framework, {"a": (9, 10)}) is None
    assert distance_up(framework, {"a": (0, 0)}) is None
    assert distance_down(framework, {"a": (0, 0)}) is None
    assert distance_up(framework, {"a": (9, 10), "b": (0, 0)}) is None  # a question with no base is ignored
