"""``sample-size``, ``draw`` and ``check-sample`` through click's CliRunner: exact output, seeded.

The commands are mounted on a fresh group of the main CLI's class, so these tests exercise the same
error handling as ``hmirate`` itself without depending on when the commands are registered there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import subprocess
import sys
import tempfile
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from hmirate.cli import _Group
from hmirate.cli.sampling import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
POPULATION = str(ROOT / "data" / "samples" / "population" / "population.csv")
GROUP = _Group(name="hmirate", commands=COMMANDS)
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}

SMALL = """\
case_id,gender,disposal,notes
C01,female,co,"first, with comma"
C02,male,co,
C03,male,co,
C04,male,sso,
C05,female,sso,
C06,male,co,
C07,male,sso,
C08,female,co,
C09,male,co,
C10,male,sso,
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(GROUP, list(args), env=ENV)


def lines(text: str) -> str:
    """Rich pads table lines to the table's width; compare without trailing spaces."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.csv"
    path.write_text(SMALL, encoding="utf-8", newline="")
    return path


# --- sample-size -------------------------------------------------------------------------------------

SIZE_TABLE = """\
Sample size: 80% confidence, margin of error 5 points
┏━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃        ┃  value ┃ how                                    ┃
┡━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ N      │    250 │ eligible population (cases)            │
│ z      │ 1.2816 │ two-sided normal quantile for 80%      │
│ p      │    0.5 │ assumed proportion (the most cautious) │
│ e      │   0.05 │ margin of error, 5 points              │
│ n0     │ 164.24 │ z^2 p(1-p) / e^2                       │
│ n      │  99.36 │ n0 N / (n0 + N - 1)                    │
│ sample │    100 │ n rounded up to a whole case           │
└────────┴────────┴────────────────────────────────────────┘
"""


def test_sample_size_for_the_reports_settings_shows_its_working():
    result = run("sample-size", "--population", "250")
    assert (result.exit_code, lines(result.stdout), result.stderr) == (0, SIZE_TABLE, "")


def test_sample_size_counts_a_population_file_and_writes_json():
    result = run("sample-size", POPULATION, "--format", "json")
    assert result.exit_code == 0
    assert result.stdout == (
        "{\n"
        '  "population": 250,\n'
        '  "confidence": 0.8,\n'
        '  "margin": 5.0,\n'
        '  "proportion": 0.5,\n'
        '  "z": 1.2815515655446008,\n'
        '  "n0": 164.2374415149817,\n'
        '  "n": 99.3602134119709,\n'
        '  "sample_size": 100,\n'
        '  "formula": "n0 = z^2 p(1-p) / e^2; n = n0 N / (n0 + N - 1), rounded up"\n'
        "}\n"
    )


def test_sample_size_options_change_the_result():
    document = json.loads(run("sample-size", "--population", "1000", "--confidence", "0.95",
                              "--margin", "5", "--format", "json").stdout)  # fmt: skip
    assert (document["sample_size"], round(document["z"], 2)) == (278, 1.96)


def test_sample_size_confidence_is_checked_as_every_command_checks_it():
    result = run("sample-size", "--population", "250", "--confidence", "80")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: Invalid value for '--confidence': confidence must be between 0 and 1, exclusive (80% is 0.8), not 80\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "hmirate: give the eligible population as --population N or a population file (one of them)\n"),
        (["--population", "250", POPULATION],
         "hmirate: give the eligible population as --population N or a population file (one of them)\n"),
        (["missing.csv"], "hmirate: missing.csv: no such file\n"),
    ],
)  # fmt: skip
def test_sample_size_usage_errors_exit_2(args, message):
    result = run("sample-size", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


# --- draw --------------------------------------------------------------------------------------------

SMALL_TABLE = """\
Stratified sample: 5 of 10 eligible cases, seed 1
┏━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━┳━━━━━━━━┳━━━━━━━━━━┓
┃ gender ┃ disposal ┃ population ┃ pop. % ┃ quota ┃ sample ┃ sample % ┃
┡━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━╇━━━━━━━━╇━━━━━━━━━━┩
│ female │ co       │          2 │  20.0% │  1.00 │      1 │    20.0% │
│ female │ sso      │          1 │  10.0% │  0.50 │      1 │    20.0% │
│ male   │ co       │          4 │  40.0% │  2.00 │      1 │    20.0% │
│ male   │ sso      │          3 │  30.0% │  1.50 │      2 │    40.0% │
├────────┼──────────┼────────────┼────────┼───────┼────────┼──────────┤
│ total  │          │         10 │ 100.0% │  5.00 │      5 │   100.0% │
└────────┴──────────┴────────────┴────────┴───────┴────────┴──────────┘
quota: the stratum's part of the 5 by its population share, before
rounding; sample: the cases drawn (the quota rounded).
Longlist: 10 cases in {small}.
  excluded, gender neither male nor female: 0
  one case per person: 0 later cases of the same person dropped
  eligible, one case per person: 10
  not run: redacted (no first_name or family_name column)
  not run: not started (no start_date column)
  not run: one case per person by PNC (no pnc column)
  not run: one case per person by name and date of birth (no first_name or family_name or dob column)
Adjustments:
  stratum 'male / co': decreased for rounding, 2 -> 1
"""
# The inspectorate's rule: quotas 1.0, 0.5, 2.0, 1.5 round half up to 1, 1, 2, 2 = 6, one too many; one case
# comes off the largest (descending order, ties in listed order: male/co 2 before male/sso 2), so 1, 1, 1, 2.
# (Largest remainder gave 1, 1, 2, 1.) Random(1).random() gives C01 .134, C02 .847, C03 .764, C04 .255,
# C05 .495, C06 .449, C07 .652, C08 .789, C09 .094, C10 .028; each cell takes its smallest: C01 | C05 | C09 |
# C10, C04.
SMALL_SAMPLE = """\
case_id,gender,disposal,notes
C01,female,co,"first, with comma"
C04,male,sso,
C05,female,sso,
C09,male,co,
C10,male,sso,
"""


def test_draw_writes_the_rows_to_a_file_and_the_table_to_stdout(small, tmp_path):
    out = tmp_path / "sample.csv"
    result = run("draw", str(small), "--size", "5", "--seed", "1", "--strata", "gender,disposal", "-o", str(out))
    assert (result.exit_code, lines(result.stdout), result.stderr) == (0, SMALL_TABLE.format(small=small), "")
    assert out.read_bytes() == SMALL_SAMPLE.encode()


def test_draw_to_stdout_keeps_the_table_on_stderr(small):
    result = run("draw", str(small), "--size", "5", "--seed", "1", "--strata", "gender, disposal")
    assert (result.exit_code, result.stdout, lines(result.stderr)) == (0, SMALL_SAMPLE, SMALL_TABLE.format(small=small))


def test_draw_without_strata_is_a_simple_random_sample(small):
    result = run("draw", str(small), "--size", "3", "--seed", "1", "--strata", "")
    assert result.exit_code == 0
    assert (
        result.stdout
        == 'case_id,gender,disposal,notes\nC01,female,co,"first, with comma"\nC09,male,co,\nC10,male,sso,\n'
    )
    assert (
        lines(result.stderr).split("Longlist:")[0]
        == """\
Simple random sample: 3 of 10 eligible cases, seed 1
┏━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━┳━━━━━━━━┳━━━━━━━━━━┓
┃ stratum ┃ population ┃ pop. % ┃ quota ┃ sample ┃ sample % ┃
┡━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━╇━━━━━━━━╇━━━━━━━━━━┩
│ all     │         10 │ 100.0% │  3.00 │      3 │   100.0% │
└─────────┴────────────┴────────┴───────┴────────┴──────────┘
quota: the stratum's part of the 3 by its population share,
before rounding; sample: the cases drawn (the quota rounded).
"""
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--size", "5", "--seed", "1", "--strata", "gender,rosh"], 1, "{small}:1: missing stratum column 'rosh'\n"),
        (["--size", "11", "--seed", "1", "--strata", "gender"], 2,
         "hmirate: --size 11 exceeds the 10 eligible cases in {small}\n"),
        (["--size", "0", "--seed", "1"], 2, "hmirate: --size must be at least 1, not 0\n"),
        (["--size", "2", "--seed", "1", "--strata", "gender,GENDER"], 2,
         "hmirate: stratum column listed twice: gender\n"),
    ],
)  # fmt: skip
def test_draw_errors(small, args, code, message):
    result = run("draw", str(small), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message.format(small=small))


def test_draw_needs_a_seed(small):
    result = run("draw", str(small), "--size", "2")
    assert result.exit_code == 2 and "Missing option '--seed'" in result.stderr


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("fm"), st.sampled_from(["co", "sso", "lic", "pss"])), min_size=1, max_size=80),
    st.integers(0, 10**6),
    st.data(),
)
def test_drawn_stratum_counts_never_differ_from_proportional_by_more_than_the_rules_bound(cells, seed, data):
    """Half a case from rounding half up, one more from the one-at-a-time adjustment: at most 3/2.

    (Quotas 1.2, .6, .6, .6 for 3 of 5 round to 1, 1, 1, 1; the surplus case comes off the first of the
    equal largest, leaving it 0 for a quota of 1.2.)
    """
    size = data.draw(st.integers(1, len(cells)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "population.csv"
        rows = "".join(f"P{i},{gender},{disposal}\n" for i, (gender, disposal) in enumerate(cells))
        path.write_text("case_id,gender,disposal\n" + rows)
        result = run("draw", str(path), "--size", str(size), "--seed", str(seed), "--strata", "gender,disposal")
    assert result.exit_code == 0, result.stderr
    sample = list(csv.reader(io.StringIO(result.stdout)))[1:]
    drawn = Counter((gender, disposal) for _, gender, disposal in sample)
    assert len(sample) == size
    for cell, count in Counter(cells).items():
        assert abs(drawn[cell] - Fraction(size * count, len(cells))) <= Fraction(3, 2)


# --- the bundled walk-through: draw, then check ------------------------------------------------------

# The inspectorate's rule on the bundled population: quotas (100 x count / 250) rounded half up add up to
# 3+6+0+0+0+2+4+19+18+2+14+0+10+9+12 = 99, so one case goes to the smallest stratum first in listed (sorted)
# order, female / licence / low (0 of 1 -> 1). Largest remainder gave it instead to female / community order /
# medium (6.4 -> 7).
BUNDLED_TABLE = """\
Stratified sample: 100 of 250 eligible cases, seed 2019
┏━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━┓
┃ gender ┃ disposal                  ┃ rosh   ┃ population ┃ pop. % ┃  quota ┃ sample ┃ sample % ┃
┡━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━┩
│ female │ community order           │ low    │          7 │   2.8% │   2.80 │      3 │     3.0% │
│ female │ community order           │ medium │         16 │   6.4% │   6.40 │      6 │     6.0% │
│ female │ licence                   │ low    │          1 │   0.4% │   0.40 │      1 │     1.0% │
│ female │ licence                   │ medium │          1 │   0.4% │   0.40 │      0 │     0.0% │
│ female │ post-sentence supervision │ low    │          1 │   0.4% │   0.40 │      0 │     0.0% │
│ female │ suspended sentence order  │ low    │          4 │   1.6% │   1.60 │      2 │     2.0% │
│ female │ suspended sentence order  │ medium │         10 │   4.0% │   4.00 │      4 │     4.0% │
│ male   │ community order           │ low    │         47 │  18.8% │  18.80 │     19 │    19.0% │
│ male   │ community order           │ medium │         45 │  18.0% │  18.00 │     18 │    18.0% │
│ male   │ licence                   │ low    │          5 │   2.0% │   2.00 │      2 │     2.0% │
│ male   │ licence                   │ medium │         35 │  14.0% │  14.00 │     14 │    14.0% │
│ male   │ post-sentence supervision │ low    │          1 │   0.4% │   0.40 │      0 │     0.0% │
│ male   │ post-sentence supervision │ medium │         26 │  10.4% │  10.40 │     10 │    10.0% │
│ male   │ suspended sentence order  │ low    │         22 │   8.8% │   8.80 │      9 │     9.0% │
│ male   │ suspended sentence order  │ medium │         29 │  11.6% │  11.60 │     12 │    12.0% │
├────────┼───────────────────────────┼────────┼────────────┼────────┼────────┼────────┼──────────┤
│ total  │                           │        │        250 │ 100.0% │ 100.00 │    100 │   100.0% │
└────────┴───────────────────────────┴────────┴────────────┴────────┴────────┴────────┴──────────┘
quota: the stratum's part of the 100 by its population share, before rounding; sample: the cases
drawn (the quota rounded).
Longlist: 250 cases in {population}.
  excluded, gender neither male nor female: 0
  one case per person: 0 later cases of the same person dropped
  eligible, one case per person: 250
  not run: redacted (no first_name or family_name column)
  not run: not started (no start_date column)
  not run: one case per person by PNC (no pnc column)
  not run: one case per person by name and date of birth (no first_name or family_name or dob column)
Adjustments:
  stratum 'female / licence / low': increased for rounding, 0 -> 1
"""

# From the allocation above: disposal community order 3+6+19+18 = 46, licence 1+2+14 = 17, post-sentence
# supervision 10, suspended sentence order 2+4+9+12 = 27; rosh low 3+1+2+19+2+9 = 36, medium 64.
# chi-square: disposal 0/46 + 0.2^2/16.8 + 1.2^2/11.2 + 1^2/26 = 0.169; rosh 0.8^2/35.2 + 0.8^2/64.8 = 0.028.
BUNDLED_CHECK = """\
Sample (100 cases) against the population
┏━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┓
┃ column   ┃ value                     ┃ population ┃ sample ┃ gap (points) ┃ expected ┃ observed ┃
┡━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━┩
│ gender   │ female                    │      16.0% │  16.0% │         +0.0 │     16.0 │       16 │
│          │ male                      │      84.0% │  84.0% │         +0.0 │     84.0 │       84 │
├──────────┼───────────────────────────┼────────────┼────────┼──────────────┼──────────┼──────────┤
│ disposal │ community order           │      46.0% │  46.0% │         +0.0 │     46.0 │       46 │
│          │ licence                   │      16.8% │  17.0% │         +0.2 │     16.8 │       17 │
│          │ post-sentence supervision │      11.2% │  10.0% │         -1.2 │     11.2 │       10 │
│          │ suspended sentence order  │      26.0% │  27.0% │         +1.0 │     26.0 │       27 │
├──────────┼───────────────────────────┼────────────┼────────┼──────────────┼──────────┼──────────┤
│ rosh     │ low                       │      35.2% │  36.0% │         +0.8 │     35.2 │       36 │
│          │ medium                    │      64.8% │  64.0% │         -0.8 │     64.8 │       64 │
└──────────┴───────────────────────────┴────────────┴────────┴──────────────┴──────────┴──────────┘
Goodness of fit (chi-square)
┏━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━┳━━━━━━━┳━━━━━━━━┓
┃ column   ┃ largest gap                      ┃ chi-square ┃ df ┃     p ┃ within ┃
┡━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━╇━━━━━━━╇━━━━━━━━┩
│ gender   │ +0.0 (female)                    │      0.000 │  1 │ 1.000 │    yes │
│ disposal │ -1.2 (post-sentence supervision) │      0.169 │  3 │ {p_disposal} │    yes │
│ rosh     │ +0.8 (low)                       │      0.028 │  1 │ {p_rosh} │    yes │
└──────────┴──────────────────────────────────┴────────────┴────┴───────┴────────┘
OK: every share is within 5 points of the population
"""


@pytest.fixture
def bundled_draw(tmp_path: Path) -> tuple[Result, Path]:
    out = tmp_path / "sample.csv"
    return run("draw", POPULATION, "--size", "100", "--seed", "2019", "-o", str(out)), out


def test_the_bundled_population_gives_the_documented_100_case_draw(bundled_draw):
    result, out = bundled_draw
    assert (result.exit_code, lines(result.stdout), result.stderr) == (
        0,
        BUNDLED_TABLE.format(population=POPULATION),
        "",
    )
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == ["case_id", "office", "grade", "gender", "disposal", "rosh"]
    assert [row[0] for row in rows[1:4]] == ["EP-004", "EP-013", "EP-017"] and len(rows) == 101


def test_check_sample_of_the_bundled_draw_passes(bundled_draw):
    _, out = bundled_draw
    result = run("check-sample", str(out), "--population", POPULATION)
    disposal = 0.04 / 16.8 + 1.44 / 11.2 + 1 / 26
    rosh = 0.64 / 35.2 + 0.64 / 64.8
    # closed forms of the chi-square tail: df 1, erfc(sqrt(x/2)); df 3, that plus sqrt(2x/pi) e^(-x/2)
    p_disposal = math.erfc(math.sqrt(disposal / 2)) + math.sqrt(2 * disposal / math.pi) * math.exp(-disposal / 2)
    p_rosh = math.erfc(math.sqrt(rosh / 2))
    expected = BUNDLED_CHECK.format(p_disposal=f"{p_disposal:.3f}", p_rosh=f"{p_rosh:.3f}")
    assert (result.exit_code, lines(result.stdout), result.stderr) == (0, expected, "")


# --- check-sample ------------------------------------------------------------------------------------

FAILING_CHECK = """\
Sample (30 cases) against the population
┏━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┓
┃ column ┃ value                   ┃ population ┃ sample ┃ gap (points) ┃ expected ┃ observed ┃
┡━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━┩
│ gender │ female                  │      16.0% │  16.7% │         +0.7 │      4.8 │        5 │
│        │ male                    │      84.0% │  83.3% │         -0.7 │     25.2 │       25 │
├────────┼─────────────────────────┼────────────┼────────┼──────────────┼──────────┼──────────┤
│ office │ East (Portsmouth)       │      32.4% │  23.3% │         -9.1 │      9.7 │        7 │
│        │ Isle of Wight (Newport) │       8.8% │   6.7% │         -2.1 │      2.6 │        2 │
│        │ North (Basingstoke)     │      23.6% │  26.7% │         +3.1 │      7.1 │        8 │
│        │ West (Southampton)      │      35.2% │  43.3% │         +8.1 │     10.6 │       13 │
└────────┴─────────────────────────┴────────────┴────────┴──────────────┴──────────┴──────────┘
Goodness of fit (chi-square)
┏━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━┳━━━━━━━┳━━━━━━━━┓
┃ column ┃ largest gap              ┃ chi-square ┃ df ┃     p ┃ within ┃
┡━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━╇━━━━━━━╇━━━━━━━━┩
│ gender │ +0.7 (female)            │      0.010 │  1 │ 0.921 │    yes │
│ office │ -9.1 (East (Portsmouth)) │      1.600 │  3 │ 0.659 │     NO │
└────────┴──────────────────────────┴────────────┴────┴───────┴────────┘
note: gender has expected counts below 5; its p-value is approximate
note: office has expected counts below 5; its p-value is approximate
FAIL: office 'East (Portsmouth)' is -9.1 points from the population (tolerance 5)
FAIL: office 'West (Southampton)' is +8.1 points from the population (tolerance 5)
"""


@pytest.fixture
def first_30(tmp_path: Path) -> Path:
    """The population's first 30 cases: a convenience sample, not a stratified one."""
    path = tmp_path / "first-30.csv"
    path.write_text("".join(Path(POPULATION).read_text().splitlines(keepends=True)[:31]))
    return path


def test_check_sample_exits_1_when_a_share_is_off_by_more_than_the_tolerance(first_30):
    result = run("check-sample", str(first_30), "--population", POPULATION, "--strata", "gender,office")
    assert (result.exit_code, lines(result.stdout), result.stderr) == (1, FAILING_CHECK, "")


def test_check_sample_tolerance_is_an_option(first_30):
    args = ["check-sample", str(first_30), "--population", POPULATION, "--strata", "gender,office"]
    assert run(*args, "--tolerance", "9.1").exit_code == 0  # the largest gap, -9.1 points, is not *more*
    assert run(*args, "--tolerance", "9").exit_code == 1


def test_check_sample_json_with_a_profile(tmp_path, bundled_draw):
    _, out = bundled_draw
    profile = tmp_path / "profile.toml"
    profile.write_text("[gender]\nmale = 84\nfemale = 16\n\n[rosh]\nlow = 35.2\nmedium = 64.8\n")
    result = run("check-sample", str(out), "--profile", str(profile), "--strata", "rosh", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "sample_size": 100,
        "tolerance": 5.0,
        "passed": True,
        "strata": [
            {
                "column": "rosh",
                "values": [
                    {"value": "low", "population_share": 0.352, "sample_share": 0.36, "gap_points": 0.8,
                     "expected": 35.2, "observed": 36},
                    {"value": "medium", "population_share": 0.648, "sample_share": 0.64, "gap_points": -0.8,
                     "expected": 64.8, "observed": 64},
                ],
                "largest_gap": {"value": "low", "points": 0.8},  # equal gaps: the first value
                "chi_square": pytest.approx(0.8**2 / 35.2 + 0.8**2 / 64.8, rel=1e-12),
                "df": 1,
                "p_value": pytest.approx(math.erfc(math.sqrt((0.8**2 / 35.2 + 0.8**2 / 64.8) / 2)), rel=1e-12),
                "within_tolerance": True,
                "expected_below_5": False,
            }
        ],
    }  # fmt: skip


def test_check_sample_json_reports_failure_with_exit_1(small, tmp_path):
    sample = tmp_path / "sample.csv"
    sample.write_text(SMALL_SAMPLE)
    result = run("check-sample", str(sample), "--population", str(small), "--strata", "gender", "--format", "json")
    document = json.loads(result.stdout)
    assert (result.exit_code, document["passed"]) == (1, False)
    assert document["strata"][0]["largest_gap"] == {"value": "female", "points": 10.0}  # 40% vs 30%


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "hmirate: give the population as --population (a file of its cases) or --profile (its shares), one of them\n"),
        (["--population", "{small}", "--profile", "{profile}"],
         "hmirate: give the population as --population (a file of its cases) or --profile (its shares), one of them\n"),
        (["--profile", "{profile}", "--strata", "disposal"],
         "hmirate: {profile}: no shares for stratum column 'disposal'\n"),
        (["--population", "{small}", "--tolerance", "-1"], "hmirate: --tolerance must not be negative, not -1\n"),
    ],
)  # fmt: skip
def test_check_sample_usage_errors_exit_2(small, tmp_path, args, message):
    profile = tmp_path / "profile.toml"
    profile.write_text("[gender]\nmale = 70\nfemale = 30\n")
    names = {"small": small, "profile": profile}
    result = run("check-sample", str(small), *(arg.format(**names) for arg in args))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message.format(**names))


def test_check_sample_missing_column_in_the_sample_is_invalid_data(small):
    result = run("check-sample", str(small), "--population", POPULATION, "--strata", "gender,rosh")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"{small}:1: missing stratum column 'rosh'\n")


def test_importing_the_commands_does_not_load_pandas_or_rich():
    code = "import sys, hmirate.cli.sampling; print(sorted(m for m in ('pandas', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"


def test_the_bundled_hiow_sample_matches_the_population_as_the_docs_say():
    sample = str(ROOT / "data" / "samples" / "hiow-crc-2019" / "case-supervision.csv")
    result = run("check-sample", sample, "--population", POPULATION, "--format", "json")
    largest = {s["column"]: s["largest_gap"] for s in json.loads(result.stdout)["strata"]}
    assert result.exit_code == 0
    assert {column: round(gap["points"], 1) for column, gap in largest.items()} == {
        "gender": 3.0, "disposal": 0.2, "rosh": -4.2,
    }  # fmt: skip


DOCS = ROOT / "docs" / "sampling.md"


def test_check_sample_refuses_a_case_listed_twice(small, tmp_path):
    """A repeated case would count twice in every share (and pass the check): it is an error, per line."""
    sample = tmp_path / "sample.csv"
    sample.write_text(SMALL_SAMPLE + "C04,male,sso,\nC01,female,co,again\n")
    result = run("check-sample", str(sample), "--population", str(small), "--strata", "gender,disposal")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{sample}:7: case_id: duplicate case_id 'C04' (first on line 3)",
        f"{sample}:8: case_id: duplicate case_id 'C01' (first on line 2)",
        "hmirate: 7 rows read, 5 valid, 2 with errors; the file was not used",
    ]
    sample.write_text(SMALL_SAMPLE)
    once = run(
        "check-sample", str(sample), "--population", str(small), "--strata", "gender,disposal", "--tolerance", "100"
    )
    assert once.exit_code == 0


def test_draw_refuses_a_stratum_column_with_a_value_per_case(tmp_path):
    """1,001 strata (a note on every case) would make the allocation and its table grow with the rows."""
    longlist = tmp_path / "longlist.csv"
    rows = "".join(f"C{k},{'female' if k % 2 else 'male'},note {k}\n" for k in range(1001))
    longlist.write_text("case_id,gender,note\n" + rows)
    result = run("draw", str(longlist), "--size", "10", "--seed", "1", "--strata", "note")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        2,
        "hmirate: --strata note: 1,001 strata, more than the 1,000 a draw can share cases out to "
        "(is a column an id or free text?)",
    )
    assert run("draw", str(longlist), "--size", "10", "--seed", "1", "--strata", "gender").exit_code == 0


def test_check_sample_with_standard_strata_still_sees_a_case_listed_twice(tmp_path):
    """A case export without a stratum column has its strata worked out per row; its case ids (here CRN)
    go along, so a repeated case is still an error, on the line of the repeat."""
    rows = (ROOT / "data" / "samples" / "longlist" / "longlist.csv").read_text().splitlines()
    sample = tmp_path / "sample.csv"
    sample.write_text("\n".join([*rows[:21], rows[5]]) + "\n")  # 20 cases, the 5th listed again on line 22
    crn = rows[5].split(",")[0]
    longlist = str(ROOT / "data" / "samples" / "longlist" / "longlist.csv")
    result = run("check-sample", str(sample), "--population", longlist, "--as-of", "2019-04-01")
    assert (result.exit_code, result.stderr) == (
        1,
        f"{sample}:22: case_id: duplicate case_id '{crn}' (first on line 6)\n"
        "hmirate: 21 rows read, 20 valid, 1 with errors; the file was not used\n",
    )


# --- draw reads at a glance: as-of, headings, the buffer, adjustments -------------------------------------------

LONGLIST = str(ROOT / "data" / "samples" / "longlist" / "longlist.csv")


def _plan(tmp_path: Path, *args: str) -> tuple[list[str], dict]:
    plan = tmp_path / "plan.json"
    result = run("draw", LONGLIST, "--seed", "1", "-o", str(tmp_path / "sample.csv"), "--plan", str(plan), *args)
    assert result.exit_code == 0, result.output
    return lines(result.stdout).splitlines(), json.loads(plan.read_text())


def _title(shown: list[str]) -> str:
    """The table's title, which rich wraps to the table's width."""
    return " ".join(shown[: next(n for n, line in enumerate(shown) if line.startswith("┏"))])


def test_draw_says_its_as_of_date_and_where_it_came_from(tmp_path):
    given, plan = _plan(tmp_path, "--size", "50", "--as-of", "2019-04-01")
    assert _title(given) == "Stratified sample: 50 of 1010 eligible cases, seed 1, as of 2019-04-01 (--as-of)"
    assert f"Longlist: 1064 cases in {LONGLIST}, as of 2019-04-01 (--as-of)." in given
    assert (plan["as_of"], plan["as_of_source"]) == ("2019-04-01", "given")
    before = dt.date.today().isoformat()
    today, plan = _plan(tmp_path, "--size", "50")
    assert before == dt.date.today().isoformat() or pytest.skip("the day changed during the draw")
    assert _title(today).endswith(f"eligible cases, seed 1, as of {before} (today, no --as-of)")
    at = today.index(f"Longlist: 1064 cases in {LONGLIST}, as of {before} (today, no --as-of).")
    assert today[at + 1] == "  (cases start every day: name the date with --as-of to draw the same sample again)"
    assert (plan["as_of"], plan["as_of_source"]) == (before, "today")


def _within(allocation: dict) -> int:
    """Rounding steps below the stratum level, counted from the plan: every step after a level's first."""
    return sum(len(child["steps"]) - 1 + _within(child) for child in allocation["within"])


def test_draw_headings_are_distinct_and_the_buffer_is_said(tmp_path):
    shown, _ = _plan(tmp_path, "--size", "142", "--buffer", "20", "--as-of", "2019-04-01")
    shown = shown[shown.index(next(line for line in shown if line.startswith("┏"))) - 1 :]  # from the title's last line
    assert [cell.strip() for cell in shown[2].split("┃")[1:-1]] == [
        "stratum", "population", "pop. %", "quota", "sample", "sample %", "reserve",
    ]  # fmt: skip
    assert [cell.strip() for cell in shown[10].split("│")[1:-1]] == [
        "total",
        "1010",
        "100.0%",
        "142.00",
        "170",
        "100.0%",
        "28",
    ]
    caption = " ".join(shown[12:14])
    assert caption == (
        "quota: the stratum's part of the 142 by its population share, before rounding; sample: the cases drawn, "
        "with the 28 of the buffer (the reserves)."
    )


def test_rounding_adjustments_within_strata_come_under_the_adjustments_heading(tmp_path):
    """With no stratum-level or officer-cap adjustment, the count of the rest had no heading above it."""
    shown, plan = _plan(tmp_path, "--size", "50", "--as-of", "2019-04-01", "--max-per-officer", "1000")
    within = sum(_within(stratum) for stratum in plan["allocation"])
    assert all(len(stratum["steps"]) == 1 for stratum in plan["allocation"])  # no stratum moved
    assert shown[-2:] == [
        "Adjustments:",
        f"  {within} rounding adjustments within strata (clusters, LDUs, officers): see --plan",
    ]
    assert within == 48  # the figure


@pytest.mark.parametrize(
    ("p", "shown"),
    [(0.9997, "> 0.999"), (1.0, "1.000"), (0.999, "0.999"), (0.5, "0.500"), (0.0004, "< 0.001"), (0.001, "0.001")],
)
def test_a_p_value_never_rounds_to_a_certainty(p, shown):
    from hmirate.render.sampling_tables import p_value

    assert p_value(p) == shown


def test_check_sample_heads_its_first_column_column_not_stratum(tmp_path):
    sample = tmp_path / "sample.csv"
    assert (
        run("draw", LONGLIST, "--size", "142", "--seed", "2019", "--as-of", "2019-04-01", "-o", str(sample)).exit_code
        == 0
    )
    result = run("check-sample", str(sample), "--population", LONGLIST, "--as-of", "2019-04-01")
    headers = [line for line in lines(result.stdout).splitlines() if line.startswith("┃")]
    assert [line.split("┃")[1].strip() for line in headers] == ["column", "column"]
    assert "│ stratum │ female" in result.stdout
