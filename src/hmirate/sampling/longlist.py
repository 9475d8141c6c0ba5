"""The longlist: every case in the inspected area and period, read and checked before anything is drawn.

Its columns are declared columns (:mod:`hmirate.columns`), matched like every header by name or alias
(``CRN`` for ``case_id``, ``Responsible Officer`` for ``officer``) and checked by the one engine that checks
case files: each distinct value once through its type, any problem stopping the draw with
``file:line: column: message``, so nothing is ever drawn from part of a file. Every column is optional: a
rule whose columns are absent does not run, so a plain population file (``case_id,gender,disposal,rosh``)
is a longlist too.

A case id on two rows is not an error here, unlike in a case file or a sample: an export lists each of a
person's sentences under the person's CRN. The rows are one person (:mod:`hmirate.sampling.people`), so
at most one of them is drawn; a note says how many ids repeat and where the first repeat is, and the plan
lists every person merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hmirate.columns import (
    COLUMNS,
    COMMUNITY,
    POST_CUSTODY,
    CaseId,
    Cluster,
    Gender,
    Ldu,
    Officer,
    OptionalDate,
    Rosh,
    SentenceType,
    StartDate,
    Text,
    parse_date,
)
from hmirate.errors import quoted
from hmirate.sampling.cases import CaseTable, load_cases
from hmirate.validate.problems import repeated_ids

__all__ = ["COMMUNITY", "POST_CUSTODY", "Longlist", "LonglistCase", "load_longlist", "parse_date"]

LONGLIST_COLUMNS = (
    "case_id",
    "pnc",
    "first_name",
    "family_name",
    "dob",
    "gender",
    "sentence_type",
    "rosh",
    "start_date",
    "end_date",
    "cluster",
    "ldu",
    "team",
    "officer",
)
"""The declared columns the sampler uses, in the order the docs list them."""

ALIASES = {name: COLUMNS[name].aliases for name in LONGLIST_COLUMNS}

Sex = Literal["male", "female", "other"]


def sex_of(gender: str | None) -> Sex | None:
    """The standard strata's reading of a gender: ``male``/``M``, ``female``/``F``, anything else other."""
    if gender is None:
        return None
    readings: dict[str, Sex] = {"m": "male", "male": "male", "f": "female", "female": "female"}
    return readings.get(" ".join(gender.split()).casefold(), "other")


class LonglistCase(BaseModel):
    """One case of the longlist as the sampler sees it; a column the file lacks stays None. Each field is its
    declared column's type."""

    model_config = ConfigDict(frozen=True)

    case_id: CaseId | None = None
    pnc: Text = None
    first_name: Text = None
    family_name: Text = None
    dob: OptionalDate = None
    gender: Gender | None = None
    sentence_type: SentenceType | None = None
    rosh: Rosh | None = None
    start_date: StartDate | None = None
    end_date: OptionalDate = None
    cluster: Cluster | None = None
    ldu: Ldu | None = None
    team: Text = None
    officer: Officer | None = None

    @property
    def sex(self) -> Sex | None:
        return sex_of(self.gender)


@dataclass
class Longlist(CaseTable):
    """The file as read (header and text rows, kept for the output) and each row as a checked case."""

    cases: list[LonglistCase] = field(default_factory=list)


def as_longlist(table: CaseTable) -> Longlist:
    """A checked table's rows as cases: the values are the engine's, already through each column's type."""
    used = [name for name in LONGLIST_COLUMNS if name in table.values]
    cases = [
        LonglistCase.model_construct(**{name: table.values[name][row] for name in used})  # checked above
        for row in range(len(table.rows))
    ]
    notes = list(table.notes)
    if "case_id" in table.values:
        ids = table.values["case_id"]
        _, rows = repeated_ids(ids, table.lines, table.name)
        if len(rows):
            again = int(rows[0])
            first = ids.index(ids[again])
            repeated = len({ids[row] for row in rows.tolist()})
            count = "1 case id is" if repeated == 1 else f"{repeated} case ids are"
            notes.append(
                f"{table.name}: {count} on more than one row (the first, {quoted(ids[again])}, on lines "
                f"{table.lines[first]} and {table.lines[again]}): each is one person, so only one of its "
                "rows can be sampled"
            )
    return Longlist(table.name, table.header, table.rows, notes, table.lines, table.columns, table.values, cases)


def load_longlist(path: str, *, sheet: str | None = None) -> Longlist:
    """Read and check a longlist (CSV or .xlsx, ``-`` for stdin); every problem is reported at once."""
    return as_longlist(load_cases(path, sheet=sheet, unique_ids=False))
