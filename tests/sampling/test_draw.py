"""Drawing from a longlist: strata, nesting, the officer cap, shortfalls, the buffer and its reserves."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmirate.errors import InvalidData, UsageError
from hmirate.sampling import DrawOptions, build_plan, draw, load_longlist, sample_rows

ROOT = Path(__file__).resolve().parents[2]
LONGLIST_DIR = ROOT / "data" / "samples" / "longlist"
LONGLIST = LONGLIST_DIR / "longlist.csv"
AS_OF = dt.date(2019, 4, 1)


def rows(*cases: tuple[str, str, str, str, str]) -> list[str]:
    """Longlist lines from (gender, sentence type, rosh, LDU, officer); case ids numbered, one cluster."""
    header = "case_id,gender,sentence_type,rosh,start_date,cluster,ldu,officer"
    return [header] + [f"X{i},{g},{s},{r},2019-01-01,C1,{ldu},{o}" for i, (g, s, r, ldu, o) in enumerate(cases)]


def test_the_five_standard_strata_in_their_listed_order(write):
    path = write(*rows(("male", "licence", "Medium", "L", "a"), ("female", "licence", "low", "L", "a"),
                       ("M", "community order", "RLRH", "L", "a"), ("male", "PSS", "low", "L", "a"),
                       ("male", "ORA Suspended Sentence Order", "Very high", "L", "a")))  # fmt: skip
    sample = draw(load_longlist(str(path)), DrawOptions(5, 1, nest="", as_of=AS_OF))
    assert [group.name for group in sample.strata] == ["female", "male community low", "male community non-low",
                                                       "male post-custody low", "male post-custody non-low"]  # fmt: skip
    header, chosen = sample_rows(sample)
    assert header[-1] == "stratum" and [row[-1] for row in chosen] == [
        "male post-custody non-low", "female", "male community low", "male post-custody low", "male community non-low",
    ]  # fmt: skip


def test_an_officer_over_the_cap_passes_cases_to_the_officer_of_the_same_ldu_with_the_fewest(write):
    # One stratum (female), one LDU, 8 of 12 cases: officers a (8 cases), b (3), c (1) get
    # 8 x 8/12 = 5.33 -> 5, 8 x 3/12 = 2, 8 x 1/12 = 0.67 -> 1: 8. With a cap of 3, a gives back 2;
    # ascending order c (1), b (2), a (3): c is out of cases, b takes one (3, at the cap), c, a at the cap,
    # b at the cap: the second case cannot be placed.
    cases = [("female", "licence", "low", "L1", "a")] * 8 + [("female", "licence", "low", "L1", "b")] * 3
    path = write(*rows(*cases, ("female", "licence", "low", "L1", "c")))
    longlist = load_longlist(str(path))
    sample = draw(longlist, DrawOptions(8, 1, max_per_officer=3, allow_short=True, as_of=AS_OF))
    (ldu,) = sample.strata[0].children[0].children
    assert [(o.name, o.share.steps) for o in ldu.children] == [
        ("a", [("initial", 5), ("decreased for the officer cap", 3)]),
        ("b", [("initial", 2), ("increased for the officer cap", 3)]),
        ("c", [("initial", 1)]),
    ]
    assert ldu.short == 1 and len(sample.chosen) == 7
    assert Counter(longlist.cases[p].officer for p in sample.chosen) == {"a": 3, "b": 3, "c": 1}
    with pytest.raises(InvalidData) as caught:
        draw(longlist, DrawOptions(8, 1, max_per_officer=3, as_of=AS_OF))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: short of 1 case in stratum 'female', cluster 'C1', LDU 'L1': its officers are at the cap of 3 "
        "cases or have no more cases in the stratum",
        f"{path}: nothing drawn; use `allow_short` to accept a short sample, or a larger `max_per_officer`",
    ]


def test_the_cap_counts_an_officers_cases_across_strata(write):
    # Officer a holds 4 female and 4 male licence-low cases, b 4 male licence-low; 8 of 12, cap 4.
    # Strata: female 8 x 4/12 = 2.67 -> 3, male post-custody low 8 x 8/12 = 5.33 -> 5. Female first: a 3.
    # Male: a and b 5 x 4/8 = 2.5 -> 3 each, 6, one over: the first of the equal largest (a) gives one back,
    # a 2, b 3. But a already has 3 of the 4 allowed: a 1, one case to place; ascending a (1), b (3): a is at
    # the cap, b takes it (4). So a 3 + 1 = 4 and b 4, nothing short.
    cases = [("female", "licence", "low", "L1", "a")] * 4 + [("male", "licence", "low", "L1", "a")] * 4
    path = write(*rows(*cases, *[("male", "licence", "low", "L1", "b")] * 4))
    longlist = load_longlist(str(path))
    sample = draw(longlist, DrawOptions(8, 1, max_per_officer=4, as_of=AS_OF))
    assert Counter(longlist.cases[p].officer for p in sample.chosen) == {"a": 4, "b": 4}
    male = sample.strata[1].children[0].children[0].children
    assert [(o.name, o.share.steps) for o in male] == [
        ("a", [("initial", 3), ("decreased for rounding", 2), ("decreased for the officer cap", 1)]),
        ("b", [("initial", 3), ("increased for the officer cap", 4)]),
    ]


def test_a_buffer_marks_as_reserves_what_it_added_to_each_stratum(write):
    # 10 of 20 female and 10 male community low, a 20% buffer: 5 + 1 = 6 each, 12 = 10 + 2. Without the buffer
    # 5 and 5, so one case of each stratum is a reserve.
    cases = [("female", "licence", "low", "L1", f"f{i}") for i in range(10)]
    path = write(*rows(*cases, *[("male", "community order", "low", "L1", f"m{i}") for i in range(10)]))
    sample = draw(load_longlist(str(path)), DrawOptions(10, 7, buffer=Fraction(20), as_of=AS_OF))
    header, chosen = sample_rows(sample)
    assert header[-2:] == ["stratum", "reserve"] and len(chosen) == 12
    assert Counter((row[-2], row[-1]) for row in chosen) == {
        ("female", "no"): 5, ("female", "yes"): 1, ("male community low", "no"): 5, ("male community low", "yes"): 1,
    }  # fmt: skip


def test_the_size_must_fit_the_eligible_cases_buffer_included(write):
    path = write(*rows(*[("female", "licence", "low", "L1", "a")] * 10))
    longlist = load_longlist(str(path))
    with pytest.raises(UsageError, match=f"^`size` 11 exceeds the 10 eligible cases in {path}$"):
        draw(longlist, DrawOptions(11, 1, as_of=AS_OF))
    with pytest.raises(UsageError, match=f"^`size` 9 with a 20% buffer needs 11 cases, but {path} has 10 eligible$"):
        draw(longlist, DrawOptions(9, 1, buffer=Fraction(20), as_of=AS_OF))


# --- the bundled longlist ----------------------------------------------------------------------------


def test_the_generator_rebuilds_the_bundled_longlist_byte_for_byte():
    spec = importlib.util.spec_from_file_location("longlist_generate", LONGLIST_DIR / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == LONGLIST.read_bytes()


def test_the_bundled_longlist_has_the_promised_shape():
    longlist = load_longlist(str(LONGLIST))
    cases = longlist.cases
    officers = Counter(case.officer for case in cases)
    assert len(cases) >= 1000 and len({c.cluster for c in cases}) == 3 and len({c.ldu for c in cases}) == 8
    assert len(officers) == 60 and officers.most_common(2)[0][1] == 40 and officers.most_common(2)[1][1] < 40
    assert sum(not case.pnc for case in cases) > 1
    sample = draw(longlist, DrawOptions(142, 2019, buffer=Fraction(20), as_of=AS_OF))
    plan = build_plan(sample)
    assert plan.excluded == {"redacted": 12, "not started": 15, "gender neither male nor female": 3}
    assert plan.duplicates == {"cases dropped": 24, "people linked by PNC": 10, "people linked by case id": 4,
                               "people linked by name and date of birth": 10}  # fmt: skip
    assert (plan.eligible, plan.people, plan.target, plan.drawn) == (1034, 1010, 170, 170)  # 142 + 28.4 -> 28
    assert sum(s.reserves for s in plan.strata) == 28
    drawn = Counter(cases[p].officer for p in sample.chosen)
    assert max(drawn.values()) == 6
    moved = [(s.name, [(x.reason, x.count) for x in s.steps]) for a in plan.allocation for c in a.within
             for ldu in c.within for s in ldu.within if any("officer cap" in x.reason for x in s.steps)]  # fmt: skip
    assert moved == [
        ("Zoe Bailey", [("initial", 7), ("decreased for the officer cap", 6)]),
        ("Stephen Taylor", [("initial", 0), ("increased for the officer cap", 1)]),
    ]


# --- properties --------------------------------------------------------------------------------------

CASE = st.tuples(
    st.sampled_from(["male", "female"]),
    st.sampled_from(["licence", "community order"]),
    st.sampled_from(["low", "high"]),
    st.sampled_from(["L1", "L2"]),
    st.sampled_from(["a", "b", "c", "d", "e"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(CASE, min_size=1, max_size=80), st.integers(0, 2**32), st.integers(1, 6), st.data())
def test_the_cap_holds_the_total_is_exact_or_short_and_the_same_seed_gives_the_same_sample(cases, seed, cap, data):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "longlist.csv"
        path.write_text("\n".join(rows(*cases)) + "\n")
        longlist = load_longlist(str(path))
    size = data.draw(st.integers(1, len(cases)))
    options = DrawOptions(size, seed, max_per_officer=cap, allow_short=True, as_of=AS_OF)
    sample = draw(longlist, options)
    officers = Counter(longlist.cases[p].officer for p in sample.chosen)
    assert all(count <= cap for count in officers.values())
    assert len(sample.chosen) == size - sum(s.missing for s in sample.shortfalls)
    assert draw(longlist, options).chosen == sample.chosen


def test_strata_whose_values_join_to_the_same_words_stay_two_strata(write):
    """("x / y", "z") and ("x", "y / z") both read "x / y / z" joined. By hand: 10 cases each of 20, --size 10
    gives each 10 x 10/20 = 5; a 20% buffer adds 5 x 20% = 1 to each (target 10 + 2 = 12): 6 drawn in each
    stratum, 1 of them a reserve, half the sample each."""
    header = "case_id,gender,a,b"
    path = write(header, *[f"P{i},female,x / y,z" for i in range(10)], *[f"Q{i},female,x,y / z" for i in range(10)])
    longlist = load_longlist(str(path))
    sample = draw(longlist, DrawOptions(10, 1, strata="a,b", nest="", buffer=Fraction(20), as_of=AS_OF))
    plan = build_plan(sample)
    assert [(s.key, s.population, s.sample, s.sample_share, s.reserves) for s in plan.strata] == [
        (["x", "y / z"], 10, 6, 0.5, 1),
        (["x / y", "z"], 10, 6, 0.5, 1),
    ]
    assert plan.drawn == 12 and len(sample.reserves) == 2
    drawn = Counter(longlist.cases[p].case_id[0] for p in sample.chosen)
    reserves = Counter(longlist.cases[p].case_id[0] for p in sample.reserves)
    assert (drawn, reserves) == ({"P": 6, "Q": 6}, {"P": 1, "Q": 1})
