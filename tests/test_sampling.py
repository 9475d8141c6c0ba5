"""The sampling library: sample size, largest-remainder allocation, the seeded draw and the fit test."""

from __future__ import annotations

import importlib.util
import math
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmirate.errors import InvalidData, UsageError
from hmirate.sampling import (
    CaseTable,
    allocate,
    check_sample,
    chi_square_p,
    draw,
    gamma_q,
    goodness_of_fit,
    load_cases,
    load_profile,
    parse_strata,
    population_shares,
    sample_size,
)

POPULATION_DIR = Path(__file__).resolve().parent.parent / "data" / "samples" / "population"
POPULATION = POPULATION_DIR / "population.csv"
STRATA = ["gender", "disposal", "rosh"]


def table_of(cells: list[tuple[str, ...]], columns: list[str]) -> CaseTable:
    """A population whose row i has case id i and the given stratum values."""
    return CaseTable("test.csv", ["case_id", *columns], [[str(i), *cell] for i, cell in enumerate(cells)], [])


# --- sample size -------------------------------------------------------------------------------------


def test_the_reports_settings_give_100_cases_from_250():
    result = sample_size(250, 0.80, 5)
    assert result.size == 100
    assert round(result.z, 4) == 1.2816
    assert result.n0 == pytest.approx(result.z**2 * 0.25 / 0.05**2)
    assert result.n0 == pytest.approx(164.2374, abs=1e-4)  # 164.25 with z rounded to 1.2816 first
    assert result.exact == pytest.approx(result.n0 * 250 / (result.n0 + 249))


@pytest.mark.parametrize(
    ("population", "confidence", "margin", "size"),
    [
        (1000, 0.95, 5, 278),  # the textbook table's values (z = 1.96)
        (10**9, 0.95, 5, 385),
        (10**9, 0.80, 5, 165),  # n0 = 164.24 rounded up: the finite correction no longer bites
        (1, 0.80, 5, 1),  # n = n0 / n0 exactly: float noise must not push it to 2
        (50, 0.80, 5, 39),
    ],
)
def test_sample_size_known_values(population, confidence, margin, size):
    assert sample_size(population, confidence, margin).size == size


@given(st.integers(1, 100_000))
def test_sample_size_is_never_more_than_the_population_and_grows_with_it(population):
    size = sample_size(population).size
    assert 1 <= size <= population
    assert size <= sample_size(population + 1).size <= 165


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population": 0}, "the population must have at least one case, not 0"),
        ({"population": 250, "confidence": 80}, "confidence must be between 0 and 1 (0.80 for 80%), not 80"),
        ({"population": 250, "margin": 0}, "margin must be in percentage points, between 0 and 100, not 0"),
        ({"population": 250, "proportion": 1.5}, "proportion must be between 0 and 1, not 1.5"),
    ],
)
def test_sample_size_rejects_impossible_settings(kwargs, message):
    with pytest.raises(UsageError, match=None) as caught:
        sample_size(**kwargs)
    assert str(caught.value) == message


# --- allocation --------------------------------------------------------------------------------------


def test_largest_remainder_gives_leftovers_to_the_largest_fractions_then_sorted_key():
    counts = {("b",): 3, ("a",): 3, ("c",): 4}  # quotas for 5 of 10: 1.5, 1.5, 2.0
    assert [(s.key, s.allocated) for s in allocate(counts, 5)] == [(("a",), 2), (("b",), 1), (("c",), 2)]
    counts = {("x",): 7, ("y",): 2, ("z",): 1}  # quotas for 4 of 10: 2.8, 0.8, 0.4
    assert [s.allocated for s in allocate(counts, 4)] == [3, 1, 0]
    assert [s.quota for s in allocate(counts, 4)] == [Fraction(14, 5), Fraction(4, 5), Fraction(2, 5)]


def test_allocate_refuses_more_cases_than_the_population():
    with pytest.raises(UsageError, match="cannot allocate 11 cases from a population of 10"):
        allocate({("a",): 10}, 11)


@settings(deadline=None)
@given(st.lists(st.integers(1, 60), min_size=1, max_size=25), st.data())
def test_allocation_is_the_quota_rounded_down_or_up(counts, data):
    total = sum(counts)
    size = data.draw(st.integers(0, total))
    strata = allocate({(f"cell{i:02d}",): count for i, count in enumerate(counts)}, size)
    assert sum(s.allocated for s in strata) == size
    for stratum in strata:
        assert stratum.quota == Fraction(size * stratum.population, total)
        assert abs(stratum.allocated - stratum.quota) < 1
        assert 0 <= stratum.allocated <= stratum.population


# --- the draw ----------------------------------------------------------------------------------------

CELL_VALUES = st.tuples(st.sampled_from(["female", "male"]), st.sampled_from(["co", "sso", "lic"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(CELL_VALUES, min_size=1, max_size=120), st.integers(0, 2**32), st.data())
def test_a_drawn_samples_stratum_counts_are_within_one_case_of_proportional(cells, seed, data):
    table = table_of(cells, ["gender", "disposal"])
    size = data.draw(st.integers(1, len(cells)))
    result = draw(table, ["gender", "disposal"], size, seed)
    drawn = Counter(cells[position] for position in result.rows)
    population = Counter(cells)
    assert len(result.rows) == size and result.rows == sorted(set(result.rows))
    for cell, count in population.items():
        assert abs(drawn[cell] - Fraction(size * count, len(cells))) < 1
    assert {s.key: s.allocated for s in result.strata} == {cell: drawn[cell] for cell in population}
    assert draw(table, ["gender", "disposal"], size, seed) == result


def test_the_bundled_draw_is_pinned_so_any_machine_gets_the_same_cases():
    table = load_cases(str(POPULATION))
    result = draw(table, STRATA, 100, 2019)
    ids = [table.rows[position][0] for position in result.rows]
    assert ids[:10] == ["EP-004", "EP-013", "EP-017", "EP-021", "EP-025", "EP-026", "EP-028", "EP-029",
                        "EP-030", "EP-032"]  # fmt: skip
    assert ids[-5:] == ["EP-240", "EP-246", "EP-247", "EP-249", "EP-250"]
    assert len(ids) == 100 and ids == sorted(ids)
    assert draw(table, STRATA, 100, 2020).rows != result.rows


def test_no_strata_is_a_simple_random_sample():
    table = table_of([("a",)] * 6, ["x"])
    result = draw(table, [], 3, 7)
    assert [(s.key, s.population, s.allocated) for s in result.strata] == [((), 6, 3)]
    assert len(result.rows) == 3


def test_missing_stratum_column_is_invalid_data_on_the_header_line():
    with pytest.raises(InvalidData) as caught:
        draw(table_of([("f",)], ["gender"]), ["gender", "rosh"], 1, 1)
    assert [str(p) for p in caught.value.problems] == ["test.csv:1: missing stratum column 'rosh'"]


def test_stratum_columns_match_headers_ignoring_case_and_spaces():
    table = CaseTable("t.csv", ["case_id", " Gender "], [["1", " male"], ["2", "female "]], [])
    assert table.cells(["GENDER"]) == [("male",), ("female",)]


@pytest.mark.parametrize("size", [0, 3])
def test_draw_size_must_fit_the_population(size):
    with pytest.raises(UsageError):
        draw(table_of([("a",), ("b",)], ["x"]), ["x"], size, 1)


def test_parse_strata():
    assert parse_strata(" gender, disposal ,rosh,") == ["gender", "disposal", "rosh"]
    assert parse_strata("") == []
    with pytest.raises(UsageError, match="stratum column listed twice: gender"):
        parse_strata("gender,Gender")


def test_load_cases_rejects_header_only_and_ragged_files(tmp_path):
    (tmp_path / "empty.csv").write_text("case_id,gender\n")
    (tmp_path / "ragged.csv").write_text("case_id,gender\n1,male\n2\n")
    with pytest.raises(InvalidData, match="has no cases, only a header"):
        load_cases(str(tmp_path / "empty.csv"))
    with pytest.raises(InvalidData, match="row has 1 cells, the header has 2"):
        load_cases(str(tmp_path / "ragged.csv"))


# --- chi-square --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statistic", "df", "p"),
    [
        (3.841458820694124, 1, 0.05),
        (5.991464547107979, 2, 0.05),
        (11.070497693516351, 5, 0.05),
        (18.307038053275146, 10, 0.05),
        (6.6348966010212145, 1, 0.01),
        (0.5, 3, 0.9188914116546758),
        (2.0, 1, 0.15729920705028513),
    ],
)
def test_chi_square_p_matches_tables(statistic, df, p):
    assert chi_square_p(statistic, df) == pytest.approx(p, rel=1e-12)


@given(st.floats(1e-6, 200))
def test_gamma_q_matches_closed_forms(x):
    assert gamma_q(0.5, x) == pytest.approx(math.erfc(math.sqrt(x)), rel=1e-10, abs=1e-300)
    assert gamma_q(1.5, x) == pytest.approx(
        math.erfc(math.sqrt(x)) + 2 * math.sqrt(x / math.pi) * math.exp(-x), rel=1e-10, abs=1e-300
    )
    for a in (1, 2, 5, 12):  # Q(k, x) = e^-x sum_{i<k} x^i / i!
        expected = math.exp(-x) * sum(x**i / math.factorial(i) for i in range(a))
        assert gamma_q(a, x) == pytest.approx(expected, rel=1e-10, abs=1e-300)


def test_chi_square_edge_cases():
    assert chi_square_p(0.0, 3) == 1.0
    assert chi_square_p(4.0, 0) == 1.0
    assert chi_square_p(math.inf, 2) == 0.0


def test_goodness_of_fit():
    assert goodness_of_fit([(10, Fraction(20)), (30, Fraction(20))]) == (10.0, 1)
    assert goodness_of_fit([(5, Fraction(5)), (0, Fraction(0))]) == (0.0, 0)
    assert goodness_of_fit([(4, Fraction(5)), (1, Fraction(0))]) == (math.inf, 0)


# --- checking a sample -------------------------------------------------------------------------------


def test_check_sample_compares_shares_and_flags_gaps_over_tolerance():
    population = table_of([("f",)] * 20 + [("m",)] * 80, ["gender"])
    sample = table_of([("f",)] * 5 + [("m",)] * 15, ["gender"])  # 25% vs 20%: exactly 5 points
    shares = population_shares(population, ["gender"])
    assert shares == {"gender": {"f": Fraction(1, 5), "m": Fraction(4, 5)}}
    result = check_sample(sample, shares, 5)
    (column,) = result.columns
    assert [(r.value, r.observed, r.gap) for r in column.rows] == [("f", 5, 5), ("m", 15, -5)]
    assert (column.largest.value, column.df) == ("f", 1)
    assert column.chi_square == pytest.approx(0.3125)  # (5-4)^2/4 + (15-16)^2/16
    assert result.passed and column.rough(20)
    assert [(c, r.value) for c, r in check_sample(sample, shares, 4.9).failures] == [("gender", "f"), ("gender", "m")]


def test_a_value_the_population_lacks_fails_the_fit():
    shares = {"rosh": {"low": Fraction(1, 2), "medium": Fraction(1, 2)}}
    result = check_sample(table_of([("low",), ("medium",), ("high",)], ["rosh"]), shares)
    (column,) = result.columns
    assert [r.value for r in column.rows] == ["high", "low", "medium"]
    assert (column.chi_square, column.p_value, result.passed) == (math.inf, 0.0, False)


def test_profile_shares_are_exact_and_normalised(tmp_path):
    path = tmp_path / "profile.toml"
    path.write_text('[gender]\nmale = 84.0\nfemale = 16\n\n[office]\na = 33.3\nb = 33.3\n"c d" = 33.3\n')
    shares = load_profile(str(path))
    assert shares["gender"] == {"female": Fraction(4, 25), "male": Fraction(21, 25)}
    assert shares["office"] == {"a": Fraction(1, 3), "b": Fraction(1, 3), "c d": Fraction(1, 3)}


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("[gender]\nmale = 84\nfemale = 1\n", ["p.toml: gender: shares add up to 85, not 100"]),
        ('[rosh]\nlow = "x"\nmedium = 100\n', ["p.toml: rosh: share of 'low' must be a number, 0 to 100"]),
        ("[rosh]\nlow = true\nmedium = 100\n", ["p.toml: rosh: share of 'low' must be a number, 0 to 100"]),
        ("[rosh]\nlow = -5\nmedium = 105\n", ["p.toml: rosh: share of 'low' must be a number, 0 to 100"]),
        ("size = 250\n", ["p.toml: size: must be a table of value = per cent"]),
        ("", ["p.toml: has no stratum columns"]),
    ],
)
def test_bad_profiles_are_reported(tmp_path, monkeypatch, text, problems):
    monkeypatch.chdir(tmp_path)
    Path("p.toml").write_text(text)
    with pytest.raises(InvalidData) as caught:
        load_profile("p.toml")
    assert [str(p) for p in caught.value.problems] == problems


def test_a_profile_that_is_not_toml_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("p.toml").write_text("[gender\n")
    with pytest.raises(InvalidData) as caught:
        load_profile("p.toml")
    (problem,) = caught.value.problems
    assert str(problem).startswith("p.toml: is not valid TOML: ")  # the rest is tomllib's wording


# --- the bundled population --------------------------------------------------------------------------


def test_the_generator_reproduces_the_bundled_population_byte_for_byte():
    spec = importlib.util.spec_from_file_location("population_generate", POPULATION_DIR / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == POPULATION.read_bytes()


def test_the_bundled_population_has_the_promised_shape():
    table = load_cases(str(POPULATION))
    assert table.header == ["case_id", "office", "grade", "gender", "disposal", "rosh"]
    assert len(table.rows) == 250
    assert sample_size(len(table.rows)).size == 100
    shares = population_shares(table, STRATA)
    assert shares["gender"] == {"female": Fraction(40, 250), "male": Fraction(210, 250)}
    assert set(shares["disposal"]) == {"community order", "suspended sentence order", "licence",
                                       "post-sentence supervision"}  # fmt: skip
    assert set(shares["rosh"]) == {"low", "medium"}
