"""The standard strata of a sample and of its population, so ``check-sample`` checks what ``draw`` drew.

A sample written by ``draw`` carries its ``stratum`` column; any other sample with gender, sentence type
and RoSH gets its stratum worked out the same way. The population's shares are those of the eligible
cases, one per person, as the draw counted them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from fractions import Fraction

from hmirate.errors import InvalidData, Problem
from hmirate.sampling.cases import CaseTable, Shares
from hmirate.sampling.draw import STANDARD_COLUMNS, standard_strata
from hmirate.sampling.eligibility import eligibility
from hmirate.sampling.longlist import as_longlist, load_longlist
from hmirate.sampling.people import one_per_person

STRATUM = "stratum"


def has_standard_strata(table: CaseTable) -> bool:
    """Whether a sample carries a ``stratum`` column or the columns to work it out."""
    return table.position(STRATUM) is not None or table.has(*STANDARD_COLUMNS)


def standard_sample(table: CaseTable) -> CaseTable:
    """A sample as its case ids and its stratum: the ``stratum`` column as written, or worked out per row."""
    longlist = as_longlist(table)
    position = longlist.position(STRATUM)
    if position is not None:
        labels = [row[position].strip() for row in longlist.rows]
    else:
        missing = [name for name in STANDARD_COLUMNS if not longlist.has(name)]
        if missing:
            raise InvalidData(
                [Problem(longlist.name, 1, None, f"missing column '{missing[0]}' for the standard strata")]
            )
        others = [i for i, case in enumerate(longlist.cases) if case.sex == "other"]
        if others:
            gender = longlist.header[longlist.columns["gender"]]
            raise InvalidData(
                [
                    Problem(longlist.name, longlist.lines[i], gender, "neither male nor female: in no standard stratum")
                    for i in others
                ]
            )
        strata = standard_strata(longlist, range(len(longlist.cases)))
        labels = [strata[i] for i in range(len(longlist.cases))]
    # The case ids go along, so the check still sees a case listed twice.
    ids = [case.case_id or "" for case in longlist.cases]
    rows = [[case_id, label] for case_id, label in zip(ids, labels, strict=True)]
    return CaseTable(longlist.name, ["case_id", STRATUM], rows, list(table.notes), list(longlist.lines))


def standard_population(path: str, as_of: dt.date, sheet: str | None = None) -> tuple[Shares, list[str]]:
    """The eligible population's stratum shares (after the exclusions and one case per person) and notes."""
    longlist = load_longlist(path, sheet=sheet)
    missing = [name for name in STANDARD_COLUMNS if not longlist.has(name)]
    if missing:
        raise InvalidData([Problem(longlist.name, 1, None, f"missing column '{missing[0]}' for the standard strata")])
    kept, _ = one_per_person(longlist.cases, eligibility(longlist, as_of).eligible)
    counts = Counter(standard_strata(longlist, kept).values())
    total = sum(counts.values())
    return {STRATUM: {label: Fraction(n, total) for label, n in sorted(counts.items())}}, longlist.notes
