"""Draw the case sample the way the inspectorate does, reproducibly from a seed.

The steps, each recorded for the plan: the eligible cases (:mod:`eligibility`), one case per person
(:mod:`people`), the strata, the allocation of the size (and buffer) to strata and within each stratum
to clusters, local delivery units and officers by the inspectorate's rule (:mod:`allocate`), the cap on
cases per officer, then the cases themselves: within each officer's share (or each stratum's, without
nesting) the cases with the smallest random numbers. Every row of the longlist gets its number from
``random.Random(seed).random()`` in file order, the only part of :mod:`random` whose sequence Python
promises across versions and machines; a second pass of numbers chooses the reserve cases.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from hmirate.errors import InvalidData, Problem, UsageError, counted
from hmirate.rules.rate import round_half_up
from hmirate.sampling.allocate import Share, allocate, cap_officers
from hmirate.sampling.cases import parse_columns
from hmirate.sampling.eligibility import Eligibility, eligibility
from hmirate.sampling.longlist import Longlist
from hmirate.sampling.people import Person, one_per_person

STANDARD = "standard"
STANDARD_STRATA = (
    "female",
    "male community low",
    "male community non-low",
    "male post-custody low",
    "male post-custody non-low",
)
"""The inspectorate's five strata, in the order ties are settled."""
STANDARD_COLUMNS = ("gender", "sentence_type", "rosh")
REPORT_STRATA = ("gender", "disposal", "rosh")
"""The stratum columns of a plain population file when ``--strata`` is not given and the standard ones are absent."""
NEST_COLUMNS = ("cluster", "ldu", "officer")
LEVEL_NAMES = {"ldu": "LDU"}

Key = tuple[str, ...]


@dataclass(frozen=True)
class DrawOptions:
    """What the analyst asked for; ``strata`` and ``nest`` None mean the defaults for the file's columns."""

    size: int
    seed: int
    strata: str | None = None
    nest: str | None = None
    buffer: Fraction = Fraction(0)
    max_per_officer: int = 6
    allow_short: bool = False
    as_of: dt.date | None = None
    """Cases starting after it are not eligible; None is today, which the plan records as not given: a draw
    that names no date is not repeatable tomorrow."""


@dataclass
class Group:
    """A stratum, or a cluster, LDU or officer within one: its share of the sample and its cases."""

    level: str
    share: Share
    members: list[int]
    children: list[Group] = field(default_factory=list)
    short: int = 0
    """Cases this group's officers could not take (only on the group just above the officers)."""

    @property
    def key(self) -> Hashable:
        """What the group is keyed by: a stratum's values in its stratum columns (a tuple, so values holding
        ``" / "`` cannot make two strata one), or a cluster's, LDU's or officer's value."""
        return self.share.key

    @property
    def name(self) -> str:
        return stratum_label(self.key) if isinstance(self.key, tuple) else str(self.key)


@dataclass(frozen=True)
class Shortfall:
    """Cases that could not be placed: in which stratum and where (cluster, LDU), and how many."""

    stratum: str
    where: tuple[tuple[str, str], ...]
    """(level, name) from the outermost (cluster) in."""
    missing: int

    def describe(self) -> str:
        places = ", ".join(f"{LEVEL_NAMES.get(level, level)} '{name}'" for level, name in self.where)
        return f"stratum '{self.stratum}'" + (f", {places}" if places else "")


@dataclass
class Sample:
    """A drawn sample with everything the plan needs to explain it."""

    longlist: Longlist
    options: DrawOptions
    scheme: str
    """``standard``, ``columns`` or ``none``."""
    strata_columns: list[str]
    nest: list[str]
    eligibility: Eligibility
    people: list[Person]
    kept: list[int]
    strata: list[Group]
    keys: list[Key]
    """Each stratum's values in the stratum columns, in the order of :attr:`strata`."""
    base: dict[Key, int]
    """Each stratum's allocation without the buffer: the cases that are not reserves."""
    stratum_of: dict[int, Key]
    """Each kept case's stratum key (:func:`stratum_label` words it)."""
    chosen: list[int]
    reserves: set[int]
    shortfalls: list[Shortfall]
    capped: bool

    @property
    def target(self) -> int:
        return self.options.size + round_half_up(self.options.size * self.options.buffer / 100)


def stratum_label(key: Key) -> str:
    return " / ".join(key) if key else "all"


def standard_strata(longlist: Longlist, positions: Sequence[int]) -> dict[int, str]:
    labels = {}
    for position in positions:
        case = longlist.cases[position]
        if case.sex == "female":
            labels[position] = "female"
        else:
            low = "low" if case.rosh == "low" else "non-low"
            labels[position] = f"male {case.sentence_type} {low}"
    return labels


MAX_STRATA = 1_000
"""The most strata a draw shares its cases out to: past it a stratum column is an id or free text, and the
allocation and its table would grow with the rows (100,000 strata took 40 s and 1.2 GB)."""


def _strata(longlist: Longlist, options: DrawOptions, kept: list[int]) -> tuple[str, list[str], dict[int, Key]]:
    """The scheme, its columns, and each kept case's stratum key."""
    text = options.strata
    if text is None:
        text = STANDARD if longlist.has(*STANDARD_COLUMNS) else ",".join(REPORT_STRATA)
    if text.strip().casefold() == STANDARD:
        missing = [name for name in STANDARD_COLUMNS if not longlist.has(name)]
        if missing:
            raise InvalidData(
                [Problem(longlist.name, 1, None, f"missing column '{missing[0]}' for the standard strata")]
            )
        return STANDARD, list(STANDARD_COLUMNS), {p: (label,) for p, label in standard_strata(longlist, kept).items()}
    columns = parse_columns(text, "stratum")
    values = [longlist.values_of(name) for name in columns]
    keys = {p: tuple(v[p] for v in values) for p in kept}
    if (count := len(set(keys.values()))) > MAX_STRATA:
        raise UsageError(
            f"`strata` {','.join(columns)}: {count:,} strata, more than the {MAX_STRATA:,} a draw can share "
            "cases out to (is a column an id or free text?)",
            param="strata",
        )
    return ("columns" if columns else "none"), columns, keys


def _nest(longlist: Longlist, options: DrawOptions) -> tuple[list[str], bool]:
    """The nesting columns and whether the last is the officer (so the cap applies)."""
    if options.nest is None:
        columns = [name for name in NEST_COLUMNS if longlist.has(name)]
    else:
        columns = parse_columns(options.nest, "nesting")
        for name in columns:
            if longlist.position(name) is None:
                raise InvalidData([Problem(longlist.name, 1, None, f"missing nesting column '{name}'")])
    officer = longlist.columns.get("officer")
    capped = bool(columns) and officer is not None and longlist.position(columns[-1]) == officer
    return columns, capped


def _first_seen(members: Sequence[int], values: Sequence[str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for position in members:
        groups.setdefault(values[position], []).append(position)
    return groups


def _split(group: Group, levels: list[tuple[str, list[str]]], capped: bool, cap: int, used: dict) -> None:
    """Share a group's count out to its clusters, LDUs or officers, in order of first appearance."""
    if not levels:
        return
    (level, values), rest = levels[0], levels[1:]
    parts = _first_seen(group.members, values)
    shares = allocate([(name, len(members)) for name, members in parts.items()], group.share.count)
    if capped and not rest:
        group.short = cap_officers(shares, used, cap)
    for share in shares:
        child = Group(level, share, parts[str(share.key)])
        group.children.append(child)
        _split(child, rest, capped, cap, used)


def _leaves(group: Group) -> list[Group]:
    return [leaf for child in group.children for leaf in _leaves(child)] if group.children else [group]


def _shortfalls(group: Group, stratum: str, where: tuple[tuple[str, str], ...] = ()) -> list[Shortfall]:
    found = [Shortfall(stratum, where, group.short)] if group.short else []
    for child in group.children:
        found += _shortfalls(child, stratum, (*where, (child.level, child.name)))
    return found


def _pick(strata: list[Group], base: dict[Key, int], seed: int, rows: int, buffer: bool) -> tuple[list[int], set[int]]:
    """The cases: each leaf group's count of its cases with the smallest numbers; then the reserves."""
    rng = random.Random(seed)
    first = [rng.random() for _ in range(rows)]
    second = [rng.random() for _ in range(rows)] if buffer else first
    chosen: list[int] = []
    reserves: set[int] = set()
    for group in strata:
        picked = []
        for leaf in _leaves(group):
            picked += sorted(leaf.members, key=lambda p: (first[p], p))[: leaf.share.count]
        reserve = max(0, group.share.count - base[group.key])  # type: ignore[index]
        reserves.update(sorted(picked, key=lambda p: (second[p], p))[:reserve])
        chosen += picked
    return chosen, reserves


def _short(name: str, shortfalls: list[Shortfall], cap: int) -> InvalidData:
    """The error for a sample that would come out short: where, and what the analyst can do."""
    problems = [
        Problem(name, None, None, f"short of {s.missing} case{'s' * (s.missing > 1)} in {s.describe()}: its "
                f"officers are at the cap of {counted(cap, 'case')} or have no more cases in the stratum")
        for s in shortfalls
    ]  # fmt: skip
    advice = "nothing drawn; use `allow_short` to accept a short sample, or a larger `max_per_officer`"
    return InvalidData([*problems, Problem(name, None, None, advice)])


def draw(longlist: Longlist, options: DrawOptions) -> Sample:
    """Draw the sample; raises when it cannot be drawn as asked (too large, or short without allow_short)."""
    if options.size < 1:
        raise UsageError(f"`size` must be at least 1, not {options.size}", param="size")
    if options.max_per_officer < 1:
        raise UsageError(
            f"`max_per_officer` must be at least 1, not {options.max_per_officer}", param="max_per_officer"
        )
    if options.buffer < 0:
        raise UsageError(f"`buffer` must not be negative, not {float(options.buffer):g}", param="buffer")
    rules = eligibility(longlist, options.as_of or dt.date.today())
    kept, people = one_per_person(longlist.cases, rules.eligible)
    scheme, columns, keys = _strata(longlist, options, kept)
    nest, capped = _nest(longlist, options)
    target = options.size + round_half_up(options.size * options.buffer / 100)
    if options.size > len(kept):
        raise UsageError(
            f"`size` {options.size} exceeds the {len(kept)} eligible cases in {longlist.name}", param="size"
        )
    if target > len(kept):
        raise UsageError(
            f"`size` {options.size} with a {float(options.buffer):g}% buffer needs {target} cases, "
            f"but {longlist.name} has {len(kept)} eligible",
            param="size",
        )
    by_key: dict[Key, list[int]] = {}
    for position in kept:
        by_key.setdefault(keys[position], []).append(position)
    order = sorted(by_key, key=lambda k: STANDARD_STRATA.index(k[0])) if scheme == STANDARD else sorted(by_key)
    counts = [(key, len(by_key[key])) for key in order]
    shares = allocate(counts, options.size, options.buffer)
    base = {
        key: s.count for key, s in zip(order, allocate(counts, options.size) if options.buffer else shares, strict=True)
    }
    levels = [(name, longlist.values_of(name)) for name in nest]
    used: dict = {}
    strata = []
    for key, share in zip(order, shares, strict=True):
        group = Group("stratum", share, by_key[key])
        _split(group, levels, capped, options.max_per_officer, used)
        strata.append(group)
    chosen, reserves = _pick(strata, base, options.seed, len(longlist.rows), bool(options.buffer))
    shortfalls = [found for group in strata for found in _shortfalls(group, group.name)]
    if shortfalls and not options.allow_short:
        raise _short(longlist.name, shortfalls, options.max_per_officer)
    stratum_of = {p: keys[p] for p in kept}
    return Sample(
        longlist=longlist,
        options=options,
        scheme=scheme,
        strata_columns=columns,
        nest=nest,
        eligibility=rules,
        people=people,
        kept=kept,
        strata=strata,
        keys=order,
        base=base,
        stratum_of=stratum_of,
        chosen=sorted(chosen),
        reserves=reserves,
        shortfalls=shortfalls,
        capped=capped,
    )
