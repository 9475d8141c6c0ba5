"""The plan of a draw: everything needed to explain and repeat it, as a typed model written as JSON.

An inspection lead must be able to show how the sample came about: which cases were left out and why,
which were one person, how many each stratum, cluster, LDU and officer got and each adjustment's reason,
and how the sample's strata compare with the eligible population's. Same seed and longlist, same plan.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Literal

from pydantic import BaseModel

from hmirate.errors import counted
from hmirate.sampling.draw import Group, Sample
from hmirate.sampling.eligibility import OTHER_GENDER
from hmirate.sampling.people import BY_CASE_ID, BY_NAME, BY_PNC


class Step(BaseModel):
    reason: str
    count: int


class Allocation(BaseModel):
    """One group's allocation: its cases available, each step of its count, and the groups within it."""

    level: str
    name: str
    available: int
    steps: list[Step]
    count: int
    short: int = 0
    within: list[Allocation] = []


class StratumPlan(BaseModel):
    name: str
    key: list[str]
    """The stratum's value in each stratum column (one value, the name, for the standard strata)."""
    population: int
    population_share: float
    quota: float
    """The exact proportional share of the size, before rounding."""
    sample: int
    sample_share: float
    reserves: int


class Merged(BaseModel):
    """Cases found to be one person: the case kept (the earliest start) and the ones dropped."""

    kept: str
    dropped: list[str]
    by: list[str]


class Shortfall(BaseModel):
    stratum: str
    where: dict[str, str]
    missing: int


class Plan(BaseModel):
    longlist: str
    cases_read: int
    as_of: dt.date
    as_of_source: Literal["given", "today"]
    """Whether ``as_of`` was asked for or is the day of the draw (then the same command draws otherwise later)."""
    seed: int
    size: int
    buffer_percent: float
    target: int
    drawn: int
    strata_scheme: str
    strata_columns: list[str]
    nest: list[str]
    max_per_officer: int | None
    rules_not_run: dict[str, str]
    excluded: dict[str, int]
    eligible: int
    duplicates: dict[str, int]
    """Cases dropped as another case of the same person, and how many groups each rule linked."""
    people: int
    merged: list[Merged]
    strata: list[StratumPlan]
    allocation: list[Allocation]
    shortfalls: list[Shortfall]
    notes: list[str] = []
    """What a reader should know that the figures do not say."""


def _allocation(group: Group) -> Allocation:
    share = group.share
    return Allocation(
        level=group.level,
        name=group.name,
        available=share.available,
        steps=[Step(reason=str(reason), count=count) for reason, count in share.steps],
        count=share.count,
        short=group.short,
        within=[_allocation(child) for child in group.children],
    )


def _case(sample: Sample, position: int) -> str:
    """A case as a person can find it: its case id if it has one, and its line in the longlist."""
    case_id = sample.longlist.cases[position].case_id
    line = sample.longlist.lines[position]
    return f"{case_id} (line {line})" if case_id else f"line {line}"


def _people_rules_not_run(sample: Sample) -> dict[str, str]:
    longlist, missing = sample.longlist, {}
    if not longlist.has("pnc"):
        missing[f"one case per person by {BY_PNC}"] = "no pnc column"
    if not longlist.has("case_id"):
        missing[f"one case per person by {BY_CASE_ID}"] = "no case_id column"
    if not longlist.has("first_name", "family_name", "dob"):
        absent = [name for name in ("first_name", "family_name", "dob") if not longlist.has(name)]
        missing[f"one case per person by {BY_NAME}"] = f"no {' or '.join(absent)} column"
    return missing


def build_plan(sample: Sample) -> Plan:
    options, rules = sample.options, sample.eligibility
    size, eligible = options.size, len(sample.kept)
    drawn = Counter(sample.stratum_of[p] for p in sample.chosen)  # by key: two strata never share a count
    reserves = Counter(sample.stratum_of[p] for p in sample.reserves)
    total_drawn = len(sample.chosen)
    strata = [
        StratumPlan(
            name=group.name,
            key=list(key),
            population=len(group.members),
            population_share=len(group.members) / eligible,
            quota=size * len(group.members) / eligible,
            sample=drawn[key],
            sample_share=drawn[key] / total_drawn if total_drawn else 0.0,
            reserves=reserves[key],
        )
        for group, key in zip(sample.strata, sample.keys, strict=True)
    ]
    rules_linked = {
        rule: sum(1 for person in sample.people if rule in person.rules) for rule in (BY_PNC, BY_CASE_ID, BY_NAME)
    }
    return Plan(
        longlist=sample.longlist.name,
        cases_read=len(sample.longlist.rows),
        as_of=rules.as_of,
        as_of_source="given" if options.as_of else "today",
        seed=options.seed,
        size=size,
        buffer_percent=float(options.buffer),
        target=sample.target,
        drawn=total_drawn,
        strata_scheme=sample.scheme,
        strata_columns=sample.strata_columns,
        nest=sample.nest,
        max_per_officer=options.max_per_officer if sample.capped else None,
        rules_not_run=rules.not_run | _people_rules_not_run(sample),
        excluded={rule: len(cases) for rule, cases in rules.excluded.items()},
        eligible=len(rules.eligible),
        duplicates={
            "cases dropped": len(rules.eligible) - eligible,
            **{f"people linked by {k}": v for k, v in rules_linked.items()},
        },
        people=eligible,
        merged=[
            Merged(kept=_case(sample, p.kept), dropped=[_case(sample, d) for d in p.dropped], by=list(p.rules))
            for p in sample.people
        ],
        strata=strata,
        allocation=[_allocation(group) for group in sample.strata],
        shortfalls=[Shortfall(stratum=s.stratum, where=dict(s.where), missing=s.missing) for s in sample.shortfalls],
        notes=_notes(sample),
    )


def _notes(sample: Sample) -> list[str]:
    notes = []
    others = len(sample.eligibility.excluded.get(OTHER_GENDER, []))
    if others:
        notes.append(f"{others} case{'s are' if others > 1 else ' is'} of a gender neither male nor female: not "
                     "eligible, as the standard strata cannot place them")  # fmt: skip
    if sample.options.buffer:
        notes.append("reserve cases stand in for drawn cases that cannot be inspected, from the same stratum")
    if sample.shortfalls:
        notes.append(f"the sample is short: {counted(len(sample.chosen), 'case')}, not {sample.target}")
    return notes


def plan_json(plan: Plan) -> str:
    return plan.model_dump_json(indent=2) + "\n"
