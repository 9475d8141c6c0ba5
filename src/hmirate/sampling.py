"""Size, draw and check the case sample the way the inspection's methodology describes it.

"The sample size was set to achieve a confidence level of 80 per cent (with a margin of error of 5), and
we ensured that the ratios in relation to gender, type of disposal and risk of serious harm level matched
those in the eligible population." This module turns that sentence into three reproducible steps:

* :func:`sample_size`: n0 = z^2 p(1-p) / e^2, then the finite population correction
  n = n0 N / (n0 + N - 1), rounded up to a whole case.
* :func:`draw`: a stratified random sample. Strata are the combinations (*cells*) of the stratum
  columns' values; :func:`allocate` shares the sample out by largest remainder, and rows are chosen with
  ``random.Random(seed).random()`` only, whose sequence Python guarantees across versions and machines.
* :func:`check_sample`: per stratum column, sample against population shares, the largest gap and a
  chi-square goodness-of-fit test whose p-value is computed exactly here (no scipy).

Pure logic: no click, no rich; every result is a small dataclass the CLI renders.
"""

from __future__ import annotations

import csv
import math
import random
import tomllib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from statistics import NormalDist
from typing import IO

from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.read import read_csv
from hmirate.validate import header_key

DEFAULT_STRATA = ("gender", "disposal", "rosh")
"""The report's stratum columns: gender, type of disposal and risk of serious harm level."""

Cell = tuple[str, ...]
Shares = dict[str, dict[str, Fraction]]
"""Stratum column -> value -> share of the population (the shares of one column add up to 1)."""


@dataclass(frozen=True)
class SampleSize:
    """A sample size with every intermediate value, so the output can show its working."""

    population: int
    confidence: float
    margin: float
    """Margin of error in percentage points (5 means plus or minus 5 points)."""
    proportion: float
    z: float
    n0: float
    exact: float
    """n0 N / (n0 + N - 1) before rounding up."""
    size: int


def sample_size(population: int, confidence: float = 0.80, margin: float = 5, proportion: float = 0.5) -> SampleSize:
    """The cases to sample from an eligible population of ``population`` for the given precision.

    z is the two-sided normal quantile of ``confidence``; p = 0.5 is the most cautious assumption.
    Rounding up ignores float noise below 1e-9, so an exact whole number is not pushed up by one.
    """
    if population < 1:
        raise UsageError(f"the population must have at least one case, not {population}")
    if not 0 < confidence < 1:
        raise UsageError(f"confidence must be between 0 and 1 (0.80 for 80%), not {confidence:g}")
    if not 0 < margin < 100:
        raise UsageError(f"margin must be in percentage points, between 0 and 100, not {margin:g}")
    if not 0 < proportion < 1:
        raise UsageError(f"proportion must be between 0 and 1, not {proportion:g}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    e = margin / 100
    n0 = z * z * proportion * (1 - proportion) / (e * e)
    exact = n0 * population / (n0 + population - 1)
    size = min(population, math.ceil(exact - 1e-9))
    return SampleSize(population, confidence, margin, proportion, z, n0, exact, size)


@dataclass
class CaseTable:
    """A population or sample file as text: its header and its rows in file order."""

    name: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str]

    def column(self, name: str) -> int:
        """The position of a stratum column; headers match ignoring case and surrounding spaces."""
        keys = [header_key(cell) for cell in self.header]
        if header_key(name) not in keys:
            raise InvalidData([Problem(self.name, 1, None, f"missing stratum column '{name}'")])
        return keys.index(header_key(name))

    def cells(self, columns: Sequence[str]) -> list[Cell]:
        """Each row's stratum values (trimmed; compared case-sensitively), in file order."""
        positions = [self.column(name) for name in columns]
        return [tuple(row[i].strip() for i in positions) for row in self.rows]


def load_cases(path: str) -> CaseTable:
    """Read a CSV of cases (``-`` for stdin); ragged rows and header-only files are invalid data."""
    raw = read_csv(path)
    if raw.problems:
        raise InvalidData(raw.problems)
    columns = [column.to_pylist() for column in raw.frame.columns]
    rows = [list(row) for row in zip(*columns, strict=True)]
    if not rows:
        raise InvalidData([Problem(raw.name, None, None, "has no cases, only a header")])
    return CaseTable(raw.name, list(raw.header), rows, list(raw.notes))


def parse_strata(text: str) -> list[str]:
    """``gender, disposal,rosh`` -> the column names; an empty text means no strata at all."""
    columns = [name.strip() for name in text.split(",") if name.strip()]
    seen = [name.casefold() for name in columns]
    duplicates = sorted({name for name in seen if seen.count(name) > 1})
    if duplicates:
        raise UsageError(f"stratum column listed twice: {', '.join(duplicates)}")
    return columns


@dataclass(frozen=True)
class Stratum:
    """One cell of the stratification: its population count, exact quota and the cases it gets."""

    key: Cell
    population: int
    quota: Fraction
    allocated: int


def allocate(counts: Mapping[Cell, int], size: int) -> list[Stratum]:
    """Share ``size`` cases out to cells in proportion to their counts, by largest remainder.

    Each cell first gets the whole part of its quota size * count / N (exact fractions, no float
    ties); the cases left over go one each to the cells with the largest fractional remainders, ties
    broken by the cell's sorted key. So every cell gets its quota rounded down or up, never further.
    """
    total = sum(counts.values())
    if not 0 <= size <= total:
        raise UsageError(f"cannot allocate {size} cases from a population of {total}")
    keys = sorted(counts)
    quotas = {key: Fraction(size * counts[key], total) for key in keys}
    given = {key: math.floor(quotas[key]) for key in keys}
    leftover = size - sum(given.values())
    for key in sorted(keys, key=lambda k: (-(quotas[k] - given[k]), k))[:leftover]:
        given[key] += 1
    return [Stratum(key, counts[key], quotas[key], given[key]) for key in keys]


@dataclass(frozen=True)
class Draw:
    """A drawn sample: the allocation and the chosen row positions, in population file order."""

    columns: list[str]
    strata: list[Stratum]
    rows: list[int]
    seed: int

    @property
    def population(self) -> int:
        return sum(stratum.population for stratum in self.strata)


def draw(table: CaseTable, columns: Sequence[str], size: int, seed: int) -> Draw:
    """A stratified random sample of ``size`` rows, the same for the same seed on any machine.

    Every row, in file order, gets one number from ``random.Random(seed).random()``; each cell takes
    its allocated number of rows with the smallest numbers (file order breaks ties). Using only
    ``random()`` matters: Python guarantees its sequence, not that of ``sample`` or ``shuffle``.
    """
    if size < 1:
        raise UsageError(f"--size must be at least 1, not {size}")
    if size > len(table.rows):
        raise UsageError(f"--size {size} exceeds the population of {len(table.rows)} cases in {table.name}")
    cells = table.cells(columns)
    strata = allocate(Counter(cells), size)
    rng = random.Random(seed)
    numbers = [rng.random() for _ in cells]
    members: dict[Cell, list[int]] = defaultdict(list)
    for position, cell in enumerate(cells):
        members[cell].append(position)
    chosen: list[int] = []
    for stratum in strata:
        ranked = sorted(members[stratum.key], key=lambda p: (numbers[p], p))
        chosen.extend(ranked[: stratum.allocated])
    return Draw(list(columns), strata, sorted(chosen), seed)


def write_rows(table: CaseTable, rows: Sequence[int], handle: IO[str]) -> None:
    """Write the header and the given rows, all columns kept, as comma-separated UTF-8 text."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows[position] for position in rows)


def population_shares(table: CaseTable, columns: Sequence[str]) -> Shares:
    """Each stratum column's value shares in a population file, as exact fractions."""
    shares: Shares = {}
    for name in columns:
        counts = Counter(cell[0] for cell in table.cells([name]))
        shares[name] = {value: Fraction(count, len(table.rows)) for value, count in sorted(counts.items())}
    return shares


def load_profile(path: str) -> Shares:
    """Population shares from a TOML profile: one table per stratum column, value = per cent.

    Shares are read as exact decimals; each column's must add up to 100 within half a point (rounded
    shares such as 33.3 three times are fine) and are then scaled to add up to exactly 1.
    """
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle, parse_float=Decimal)
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidData([Problem(path, None, None, f"is not valid TOML: {error}")]) from None
    problems, shares = [], {}
    for column, values in data.items():
        if not isinstance(values, dict) or not values:
            problems.append(Problem(path, None, column, "must be a table of value = per cent"))
            continue
        bad = [v for v, s in values.items() if isinstance(s, bool) or not isinstance(s, int | Decimal)]
        bad += [v for v, s in values.items() if v not in bad and not 0 <= s <= 100]
        if bad:
            problems.append(Problem(path, None, column, f"share of {bad[0]!r} must be a number, 0 to 100"))
            continue
        total = sum(Fraction(s) for s in values.values())
        if abs(total - 100) > Fraction(1, 2):
            problems.append(Problem(path, None, column, f"shares add up to {float(total):g}, not 100"))
            continue
        shares[column] = {v: Fraction(s) / total for v, s in sorted(values.items())}
    if problems or not shares:
        raise InvalidData(problems or [Problem(path, None, None, "has no stratum columns")])
    return shares


@dataclass(frozen=True)
class ShareRow:
    """One value of a stratum column: its share in population and sample."""

    value: str
    population: Fraction
    observed: int
    sample: Fraction

    @property
    def gap(self) -> Fraction:
        """Sample share minus population share, in percentage points."""
        return (self.sample - self.population) * 100


@dataclass(frozen=True)
class ColumnCheck:
    """A stratum column's comparison: rows by value, the largest gap and the goodness of fit."""

    column: str
    rows: list[ShareRow]
    chi_square: float
    df: int
    p_value: float

    @property
    def largest(self) -> ShareRow:
        """The value furthest from its population share (the first in value order on a tie)."""
        return max(self.rows, key=lambda row: abs(row.gap))

    def rough(self, size: int) -> bool:
        """Whether an expected count is below 5, where the chi-square p-value is only approximate."""
        return any(0 < row.population * size < 5 for row in self.rows)


@dataclass(frozen=True)
class SampleCheck:
    """The whole check: passes when no share is more than ``tolerance`` points off the population."""

    size: int
    tolerance: Fraction
    columns: list[ColumnCheck]

    def within(self, check: ColumnCheck) -> bool:
        """Whether every value of one stratum column is within tolerance."""
        return all(abs(row.gap) <= self.tolerance for row in check.rows)

    @property
    def failures(self) -> list[tuple[str, ShareRow]]:
        """(column, row) for every share more than ``tolerance`` points off, in table order."""
        return [(c.column, row) for c in self.columns for row in c.rows if abs(row.gap) > self.tolerance]

    @property
    def passed(self) -> bool:
        return not self.failures


def check_sample(sample: CaseTable, shares: Shares, tolerance: float | Fraction = 5) -> SampleCheck:
    """Compare a sample's stratum shares with the population's, column by column."""
    if tolerance < 0:
        raise UsageError(f"--tolerance must not be negative, not {float(tolerance):g}")
    size, checks = len(sample.rows), []
    for column, population in shares.items():
        counts = Counter(cell[0] for cell in sample.cells([column]))
        rows = [
            ShareRow(value, population.get(value, Fraction(0)), counts[value], Fraction(counts[value], size))
            for value in sorted(set(population) | set(counts))
        ]
        chi2, df = goodness_of_fit([(row.observed, row.population * size) for row in rows])
        checks.append(ColumnCheck(column, rows, chi2, df, chi_square_p(chi2, df)))
    return SampleCheck(size, Fraction(str(tolerance)), checks)


def goodness_of_fit(cells: Sequence[tuple[int, Fraction]]) -> tuple[float, int]:
    """Pearson's chi-square and degrees of freedom from (observed, expected) counts.

    A value the population lacks (expected 0) but the sample has makes the fit impossible: infinity.
    """
    if any(expected == 0 and observed > 0 for observed, expected in cells):
        return math.inf, max(0, sum(1 for _, e in cells if e > 0) - 1)
    used = [(observed, expected) for observed, expected in cells if expected > 0]
    statistic = sum((observed - expected) ** 2 / expected for observed, expected in used)
    return float(statistic), max(0, len(used) - 1)


def chi_square_p(statistic: float, df: int) -> float:
    """P(X >= statistic) for a chi-square with ``df`` degrees of freedom; 1 when df is 0."""
    if df <= 0 or statistic <= 0:
        return 1.0
    if math.isinf(statistic):
        return 0.0
    return gamma_q(df / 2, statistic / 2)


def gamma_q(a: float, x: float) -> float:
    """The regularized upper incomplete gamma function Q(a, x), standard library only.

    The series for P(a, x) converges fast below x = a + 1, the continued fraction (modified Lentz)
    for Q above it; each stops at double precision (Numerical Recipes, section 6.2).
    """
    if x <= 0:
        return 1.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1 / a
        n = a
        for _ in range(10_000):
            n += 1
            term *= x / n
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return max(0.0, 1 - total * math.exp(log_front))
    tiny = 1e-300
    b, c, d = x + 1 - a, 1 / tiny, 1 / (x + 1 - a)
    result = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1 / (d if abs(d) > tiny else tiny)
        c = b + an / c
        c = c if abs(c) > tiny else tiny
        result *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return result * math.exp(log_front)
