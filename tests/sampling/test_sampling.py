"""The sampling library on plain population files: sample size, the seeded draw and the fit test.

The allocation rule itself, the longlist, eligibility, people and the officer cap are tested in tests/sampling/.
"""

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
    DrawOptions,
    check_shares,
    chi_square_p,
    draw,
    goodness_of_fit,
    load_cases,
    load_longlist,
    load_profile,
    parse_strata,
    population_shares,
    sample_size,
)

POPULATION_DIR = Path(__file__).resolve().parents[2] / "data" / "samples" / "population"
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
        ({"population": 250, "confidence": 80}, "confidence must be between 0 and 1, exclusive (80% is 0.8), not 80"),
        ({"population": 250, "margin": 0}, "`margin` must be in percentage points, between 0 and 100, not 0"),
        ({"population": 250, "proportion": 1.5}, "proportion must be between 0 and 1, not 1.5"),
    ],
)
def test_sample_size_rejects_impossible_settings(kwargs, message):
    with pytest.raises(UsageError, match=None) as caught:
        sample_size(**kwargs)
    assert str(caught.value) == message


# --- the draw ----------------------------------------------------------------------------------------

CELL_VALUES = st.tuples(st.sampled_from(["female", "male"]), st.sampled_from(["co", "sso", "lic"]))


def longlist_of(tmp_path: Path, cells: list[tuple[str, ...]], columns: list[str]):
    """A population file whose row i has case id i and the given stratum values, read as a longlist."""
    path = tmp_path / "population.csv"
    lines = [",".join(["case_id", *columns])] + [",".join([f"P{i}", *cell]) for i, cell in enumerate(cells)]
    path.write_text("\n".join(lines) + "\n")
    return load_longlist(str(path))


@settings(max_examples=100, deadline=None)
@given(st.lists(CELL_VALUES, min_size=1, max_size=120), st.integers(0, 2**32), st.data())
def test_a_drawn_samples_stratum_counts_are_within_the_rules_bound_of_proportional(cells, seed, data):
    """Rounded half up, a stratum is at most 1/2 off its quota; the one-at-a-time adjustment moves it at most
    one more case, so never more than 3/2 (largest remainder, which this rule replaced, kept it under 1)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        longlist = longlist_of(Path(folder), cells, ["gender", "disposal"])
    size = data.draw(st.integers(1, len(cells)))
    result = draw(longlist, DrawOptions(size, seed, strata="gender,disposal"))
    drawn = Counter(cells[position] for position in result.chosen)
    population = Counter(cells)
    assert len(result.chosen) == size and result.chosen == sorted(set(result.chosen))
    for cell, count in population.items():
        assert abs(drawn[cell] - Fraction(size * count, len(cells))) <= Fraction(3, 2)
    assert {key: group.share.count for key, group in zip(result.keys, result.strata, strict=True)} == {
        cell: drawn[cell] for cell in population
    }
    again = draw(longlist, DrawOptions(size, seed, strata="gender,disposal"))
    assert again.chosen == result.chosen


def test_the_bundled_draw_differs_from_the_largest_remainder_draw_by_the_two_cases_the_rule_moves():
    """The old draw (largest remainder, :func:`old_positions`) took 100 cases; under the inspectorate's rule two strata change.

    Quotas for 100 of 250: female/community order/medium 16 -> 6.4, female/licence/low 1 -> 0.4, and so on.
    Rounded half up they add up to 99 (3+6+0+0+0+2+4+19+18+2+14+0+10+9+12), so one case is added to the
    smallest stratum first in listed (sorted) order: female/licence/low, 0 -> 1. Largest remainder had given
    the hundredth case to female/community order/medium (remainder .4 on 6.4 beat the .4s after it in key
    order) and nothing to female/licence/low. So the new sample is the old one without the female/community
    order/medium case with the 7th smallest random number, plus the one female/licence/low case.
    """
    import random

    table = load_cases(str(POPULATION))
    longlist = load_longlist(str(POPULATION))
    result = draw(longlist, DrawOptions(100, 2019))
    ids = [table.rows[position][0] for position in result.chosen]
    rng = random.Random(2019)
    numbers = [rng.random() for _ in table.rows]
    cells = table.cells(STRATA)
    medium = sorted((p for p, c in enumerate(cells) if c == ("female", "community order", "medium")),
                    key=lambda p: numbers[p])  # fmt: skip
    (licence_low,) = [p for p, c in enumerate(cells) if c == ("female", "licence", "low")]
    expected = sorted((set(old_positions(table)) - {medium[6]}) | {licence_low})
    assert ids == [table.rows[p][0] for p in expected]
    assert draw(longlist, DrawOptions(100, 2020)).chosen != result.chosen


def old_positions(table: CaseTable) -> list[int]:
    """The largest-remainder draw of 100 with seed 2019: each cell's allocated count of smallest numbers."""
    import random

    rng = random.Random(2019)
    numbers = [rng.random() for _ in table.rows]
    old = {("female", "community order", "low"): 3, ("female", "community order", "medium"): 7,
           ("female", "suspended sentence order", "low"): 2, ("female", "suspended sentence order", "medium"): 4,
           ("male", "community order", "low"): 19, ("male", "community order", "medium"): 18,
           ("male", "licence", "low"): 2, ("male", "licence", "medium"): 14,
           ("male", "post-sentence supervision", "medium"): 10, ("male", "suspended sentence order", "low"): 9,
           ("male", "suspended sentence order", "medium"): 12}  # fmt: skip
    cells = table.cells(STRATA)
    chosen = []
    for cell, count in old.items():
        chosen += sorted((p for p, c in enumerate(cells) if c == cell), key=lambda p: (numbers[p], p))[:count]
    return sorted(chosen)


def test_the_bundled_draw_is_pinned_so_any_machine_gets_the_same_cases():
    table = load_cases(str(POPULATION))
    result = draw(load_longlist(str(POPULATION)), DrawOptions(100, 2019))
    ids = [table.rows[position][0] for position in result.chosen]
    assert ids[:3] == ["EP-004", "EP-013", "EP-017"] and len(ids) == 100 and ids == sorted(ids)


def test_no_strata_is_a_simple_random_sample(tmp_path):
    longlist = longlist_of(tmp_path, [("a",)] * 6, ["x"])
    result = draw(longlist, DrawOptions(3, 7, strata=""))
    assert [(g.name, len(g.members), g.share.count) for g in result.strata] == [("all", 6, 3)]
    assert len(result.chosen) == 3


def test_missing_stratum_column_is_invalid_data_on_the_header_line(tmp_path):
    with pytest.raises(InvalidData) as caught:
        draw(longlist_of(tmp_path, [("f",)], ["gender"]), DrawOptions(1, 1, strata="gender,rosh"))
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'population.csv'}:1: missing stratum column 'rosh'"
    ]


def test_stratum_columns_match_headers_ignoring_case_and_spaces():
    table = CaseTable("t.csv", ["case_id", " Gender "], [["1", " male"], ["2", "female "]], [])
    assert table.cells(["GENDER"]) == [("male",), ("female",)]


@pytest.mark.parametrize(
    ("size", "message"),
    [(0, "`size` must be at least 1, not 0"), (3, "`size` 3 exceeds the 2 eligible cases in {path}")],
)
def test_draw_size_must_fit_the_population(tmp_path, size, message):
    with pytest.raises(UsageError) as caught:
        draw(longlist_of(tmp_path, [("a",), ("b",)], ["x"]), DrawOptions(size, 1, strata="x"))
    assert str(caught.value) == message.format(path=tmp_path / "population.csv")


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
def test_chi_square_p_matches_closed_forms(x):
    """P(chi2_df >= 2x) = Q(df/2, x), whose closed forms for half-integer and integer df/2 are known."""
    assert chi_square_p(2 * x, 1) == pytest.approx(math.erfc(math.sqrt(x)), rel=1e-10, abs=1e-300)
    assert chi_square_p(2 * x, 3) == pytest.approx(
        math.erfc(math.sqrt(x)) + 2 * math.sqrt(x / math.pi) * math.exp(-x), rel=1e-10, abs=1e-300
    )
    for a in (1, 2, 5, 12):  # Q(k, x) = e^-x sum_{i<k} x^i / i!
        expected = math.exp(-x) * sum(x**i / math.factorial(i) for i in range(a))
        assert chi_square_p(2 * x, 2 * a) == pytest.approx(expected, rel=1e-10, abs=1e-300)


def test_importing_the_library_does_not_load_scipy_until_a_p_value_is_needed():
    import subprocess
    import sys

    code = (
        "import sys, hmirate.sampling as s; print('scipy' in sys.modules); s.chi_square_p(2.0, 1); "
        "print('scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False\nTrue\n"


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
    result = check_shares(sample, shares, 5)
    (column,) = result.columns
    assert [(r.value, r.observed, r.gap) for r in column.rows] == [("f", 5, 5), ("m", 15, -5)]
    assert (column.largest.value, column.df) == ("f", 1)
    assert column.chi_square == pytest.approx(0.3125)  # (5-4)^2/4 + (15-16)^2/16
    assert result.passed and column.rough(20)
    assert [(c, r.value) for c, r in check_shares(sample, shares, 4.9).failures] == [("gender", "f"), ("gender", "m")]


def test_a_value_the_population_lacks_fails_the_fit():
    shares = {"rosh": {"low": Fraction(1, 2), "medium": Fraction(1, 2)}}
    result = check_shares(table_of([("low",), ("medium",), ("high",)], ["rosh"]), shares)
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
