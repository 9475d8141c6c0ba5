"""Size, draw and check the case sample the way the inspectorate does.

"The sample size was set to achieve a confidence level of 80 per cent (with a margin of error of 5), and
we ensured that the ratios in relation to gender, type of disposal and risk of serious harm level matched
those in the eligible population." This package turns that sentence, and the inspectorate's own case
sampler (the Ministry of Justice's ``probation-case-sampler``), into reproducible steps:

* :func:`sample_size`: n0 = z^2 p(1-p) / e^2, then n = n0 N / (n0 + N - 1), rounded up.
* :func:`load_longlist` and :func:`draw`: the longlist checked with pydantic; the eligible cases, one per
  person, in five strata (or the strata columns given), allocated by the inspectorate's rule
  (:func:`allocate`) to strata, clusters, LDUs and officers, at most six cases an officer, picked with
  ``random.Random(seed).random()`` only; :func:`build_plan` explains every step.
* :func:`check_shares`: per stratum column, sample against population shares, the largest gap and a
  chi-square goodness-of-fit test (scipy, imported only when a p-value is needed).
* :func:`sample_size_for`, :func:`draw_file` and :func:`check_sample`: the three sampling commands as one call
  each, from files and settings as given (:mod:`hmirate.sampling.front`).

Pure logic: no click, no rich; every result is a small dataclass or model the CLI renders.
"""

from hmirate.sampling.allocate import Reason, Share, adjust, allocate, cap_officers
from hmirate.sampling.cases import DEFAULT_STRATA, CaseTable, Cell, Shares, load_cases, parse_strata
from hmirate.sampling.check import (
    ColumnCheck,
    SampleCheck,
    ShareRow,
    check_shares,
    chi_square_p,
    goodness_of_fit,
    load_profile,
    population_shares,
)
from hmirate.sampling.draw import STANDARD_STRATA, DrawOptions, Sample, Shortfall, draw
from hmirate.sampling.eligibility import Eligibility, eligibility
from hmirate.sampling.export import sample_csv, sample_rows, sample_xlsx
from hmirate.sampling.front import as_of_date, check_sample, draw_file, sample_size_for
from hmirate.sampling.longlist import Longlist, LonglistCase, load_longlist
from hmirate.sampling.people import Person, one_per_person
from hmirate.sampling.plan import Plan, build_plan, plan_json
from hmirate.sampling.size import SampleSize, sample_size
from hmirate.sampling.standard import has_standard_strata, standard_population, standard_sample

__all__ = [
    "DEFAULT_STRATA",
    "STANDARD_STRATA",
    "CaseTable",
    "Cell",
    "ColumnCheck",
    "DrawOptions",
    "Eligibility",
    "Longlist",
    "LonglistCase",
    "Person",
    "Plan",
    "Reason",
    "Sample",
    "SampleCheck",
    "SampleSize",
    "Share",
    "ShareRow",
    "Shares",
    "Shortfall",
    "adjust",
    "allocate",
    "as_of_date",
    "build_plan",
    "cap_officers",
    "check_sample",
    "check_shares",
    "chi_square_p",
    "draw",
    "draw_file",
    "eligibility",
    "goodness_of_fit",
    "has_standard_strata",
    "load_cases",
    "load_longlist",
    "load_profile",
    "one_per_person",
    "parse_strata",
    "plan_json",
    "population_shares",
    "sample_csv",
    "sample_rows",
    "sample_size",
    "sample_size_for",
    "sample_xlsx",
    "standard_population",
    "standard_sample",
]
