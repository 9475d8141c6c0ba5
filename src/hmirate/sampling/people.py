"""One case per person: the cases of one person count once, so nobody is inspected twice.

Two cases are one person when they share a PNC number, or a case id (CRN), or the same first name,
family name and date of birth; the links chain (A shares a PNC with B, B a name and birth date with
C: one person). A blank value never matches another blank one: the inspectorate's service compares
PNCs as they are, so every case without a PNC would be one person there. Of each person's cases the
earliest start is kept (the first in the file on a tie).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hmirate.sampling.longlist import LonglistCase

BY_PNC = "PNC"
BY_CASE_ID = "case id"
BY_NAME = "name and date of birth"


@dataclass(frozen=True)
class Person:
    """Cases found to be one person: the one kept, the ones dropped and which rules linked them."""

    kept: int
    dropped: tuple[int, ...]
    rules: tuple[str, ...]


def _keys(case: LonglistCase) -> list[tuple[str, tuple[str, ...]]]:
    """The identifiers a case can match on; blank ones are left out, so they match nothing."""
    keys: list[tuple[str, tuple[str, ...]]] = []
    if pnc := "".join((case.pnc or "").split()).upper():
        keys.append((BY_PNC, (pnc,)))
    if case_id := (case.case_id or "").strip():
        keys.append((BY_CASE_ID, (case_id,)))
    first, family = (" ".join((name or "").split()).casefold() for name in (case.first_name, case.family_name))
    if first and family and case.dob is not None:
        keys.append((BY_NAME, (first, family, case.dob.isoformat())))
    return keys


def one_per_person(cases: Sequence[LonglistCase], positions: Sequence[int]) -> tuple[list[int], list[Person]]:
    """The positions to keep (file order) and every group of two or more cases merged into one person."""
    parent = {position: position for position in positions}

    def root(position: int) -> int:
        while parent[position] != position:
            parent[position] = parent[parent[position]]
            position = parent[position]
        return position

    first_seen: dict[tuple[str, tuple[str, ...]], int] = {}
    links: dict[int, set[str]] = {}
    for position in positions:
        for key in _keys(cases[position]):
            if key not in first_seen:
                first_seen[key] = position
                continue
            a, b = root(first_seen[key]), root(position)
            rules = links.pop(a, set()) | links.pop(b, set()) | {key[0]}
            parent[max(a, b)] = min(a, b)
            links[min(a, b)] = rules
    groups: dict[int, list[int]] = {}
    for position in positions:
        groups.setdefault(root(position), []).append(position)
    kept, people = [], []
    for members in groups.values():
        earliest = min(members, key=lambda p: (cases[p].start_date or dt.date.min, p))
        kept.append(earliest)
        if len(members) > 1:
            rules = links.get(root(members[0]), set())
            order = (BY_PNC, BY_CASE_ID, BY_NAME)
            dropped = tuple(p for p in members if p != earliest)
            people.append(Person(earliest, dropped, tuple(r for r in order if r in rules)))
    return sorted(kept), people
