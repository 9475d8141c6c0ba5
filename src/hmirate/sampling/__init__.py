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

from hmirate.sampling.cases import DEFAULT_STRATA, CaseTable, Cell, Shares, load_cases, parse_strata
from hmirate.sampling.check import (
    ColumnCheck,
    SampleCheck,
    ShareRow,
    check_sample,
    chi_square_p,
    gamma_q,
    goodness_of_fit,
    load_profile,
    population_shares,
)
from hmirate.sampling.draw import Draw, Stratum, allocate, draw, write_rows
from hmirate.sampling.size import SampleSize, sample_size

__all__ = [
    "DEFAULT_STRATA",
    "CaseTable",
    "Cell",
    "ColumnCheck",
    "Draw",
    "SampleCheck",
    "SampleSize",
    "ShareRow",
    "Shares",
    "Stratum",
    "allocate",
    "check_sample",
    "chi_square_p",
    "draw",
    "gamma_q",
    "goodness_of_fit",
    "load_cases",
    "load_profile",
    "parse_strata",
    "population_shares",
    "sample_size",
    "write_rows",
]
