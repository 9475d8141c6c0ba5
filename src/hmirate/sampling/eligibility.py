"""Which cases of the longlist may be sampled: the inspectorate's three exclusions, each one counted.

Sensitive cases come redacted (an asterisk in a name); cases that have not started by the inspection's
reference date are not yet being supervised; and a case whose gender is neither male nor female cannot
be placed in the standard strata. A rule whose columns the longlist lacks does not run, and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hmirate.sampling.longlist import Longlist

REDACTED = "redacted"
NOT_STARTED = "not started"
OTHER_GENDER = "gender neither male nor female"


@dataclass
class Eligibility:
    """The eligible cases (longlist positions, in file order) and why the others are out."""

    as_of: dt.date
    eligible: list[int]
    excluded: dict[str, list[int]] = field(default_factory=dict)
    """Rule -> the cases it excluded; a case is counted under the first rule (in this order) that excludes it."""
    not_run: dict[str, str] = field(default_factory=dict)
    """Rule -> why it did not run (the columns it needs are absent)."""


def eligibility(longlist: Longlist, as_of: dt.date) -> Eligibility:
    """Apply the rules in the service's order: redacted names, future starts, other genders."""
    rules = []
    if longlist.has("first_name") or longlist.has("family_name"):
        rules.append((REDACTED, lambda c: "*" in (c.first_name or "") or "*" in (c.family_name or "")))
    if longlist.has("start_date"):
        rules.append((NOT_STARTED, lambda c: c.start_date is not None and c.start_date > as_of))
    if longlist.has("gender"):
        rules.append((OTHER_GENDER, lambda c: c.sex == "other"))
    result = Eligibility(as_of, [], {name: [] for name, _ in rules})
    needs = {REDACTED: "first_name or family_name", NOT_STARTED: "start_date", OTHER_GENDER: "gender"}
    ran = {name for name, _ in rules}
    result.not_run = {rule: f"no {columns} column" for rule, columns in needs.items() if rule not in ran}
    for position, case in enumerate(longlist.cases):
        rule = next((name for name, test in rules if test(case)), None)
        if rule is None:
            result.eligible.append(position)
        else:
            result.excluded[rule].append(position)
    return result
