"""Does a drawn sample match its population? Shares per stratum column, gaps and a goodness-of-fit test."""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from hmirate.columns import label_key
from hmirate.errors import InvalidData, Problem, UsageError, display_path, quoted
from hmirate.rules.source import parse_toml, read_rules_text
from hmirate.sampling.cases import CaseTable, Shares
from hmirate.validate.problems import repeated_ids


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
    shown = display_path(path)
    text = read_rules_text(path, "profile file")  # a regular UTF-8 file of a sensible size, or a usage error
    try:
        data = parse_toml(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise InvalidData([Problem(shown, None, None, f"is not valid TOML: {error}")]) from None
    problems, shares = [], {}
    for column, values in data.items():
        if not isinstance(values, dict) or not values:
            problems.append(Problem(shown, None, column, "must be a table of value = per cent"))
            continue
        bad = [v for v, s in values.items() if isinstance(s, bool) or not isinstance(s, int | Decimal)]
        bad += [v for v, s in values.items() if isinstance(s, Decimal) and not s.is_finite()]  # nan, inf
        bad += [v for v, s in values.items() if v not in bad and not 0 <= s <= 100]
        if bad:
            problems.append(Problem(shown, None, column, f"share of {quoted(bad[0])} must be a number, 0 to 100"))
            continue
        total = sum((Fraction(s) for s in values.values()), Fraction(0))
        if abs(total - 100) > Fraction(1, 2):
            problems.append(Problem(shown, None, column, f"shares add up to {float(total):g}, not 100"))
            continue
        shares[column] = {v: Fraction(s) / total for v, s in sorted(values.items())}
    if problems or not shares:
        raise InvalidData(problems or [Problem(shown, None, None, "has no stratum columns")])
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
    notes: tuple[str, ...] = ()
    """What reading the files noticed (an encoding guessed, a column renamed), for the user."""

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


def repeated_cases(sample: CaseTable) -> list[Problem]:
    """A case listed twice would count twice in every share: each repeat of a case id is an error, as in
    scoring. A sample without a case id column cannot be checked for repeats."""
    position = sample.position("case_id")
    if position is None:
        return []
    ids = sample.values.get("case_id") or [row[position].strip() or None for row in sample.rows]  # checked: cleaned
    return repeated_ids(ids, sample.lines or range(2, len(ids) + 2), sample.name)[0]


def check_tolerance(tolerance: float | Fraction) -> Fraction:
    """The largest allowed gap in points, exactly; a negative one is refused."""
    if tolerance < 0:
        raise UsageError(f"`tolerance` must not be negative, not {float(tolerance):g}", param="tolerance")
    return Fraction(str(tolerance)) if isinstance(tolerance, float) else Fraction(tolerance)


def check_shares(sample: CaseTable, shares: Shares, tolerance: float | Fraction = 5) -> SampleCheck:
    """Compare a sample's stratum shares with the population's, column by column."""
    limit = check_tolerance(tolerance)
    repeats = repeated_cases(sample)
    if repeats:
        raise InvalidData(repeats)
    size, checks = len(sample.rows), []
    for column, population in shares.items():
        spelt = {label_key(value): value for value in population}  # the population's spelling of each group
        counts = Counter(spelt.get(label_key(cell[0]), cell[0]) for cell in sample.cells([column]))
        rows = [
            ShareRow(value, population.get(value, Fraction(0)), counts[value], Fraction(counts[value], size))
            for value in sorted(set(population) | set(counts))
        ]
        chi2, df = goodness_of_fit([(row.observed, row.population * size) for row in rows])
        checks.append(ColumnCheck(column, rows, chi2, df, chi_square_p(chi2, df)))
    return SampleCheck(size, limit, checks)


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
    """P(X >= statistic) for a chi-square with ``df`` degrees of freedom; 1 when df is 0.

    scipy is imported here, not at the top, so commands that never test a fit (``--help``, ``score``)
    do not pay for loading it.
    """
    if df <= 0 or statistic <= 0:
        return 1.0
    if math.isinf(statistic):
        return 0.0
    from scipy.stats import chi2

    return float(chi2.sf(statistic, df))
