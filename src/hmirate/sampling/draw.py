"""Share a sample out to strata and pick the cases, reproducibly from a seed."""

from __future__ import annotations

import csv
import math
import random
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import IO

from hmirate.errors import UsageError
from hmirate.sampling.cases import CaseTable, Cell


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
