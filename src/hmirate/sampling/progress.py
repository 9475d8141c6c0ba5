"""How far the recording of a drawn sample has got: the lead inspector's daily question.

Read from the filled template (or any case file): each case is *complete* (every key question the file has
answered), *partly answered* or *untouched*, overall and per standard; and, where the file has the ``stratum``
and ``reserve`` columns the template copies from the draw, which reserves stand in for which main cases. A
reserve stands in when it has answers while a main case of its stratum has none: the first such reserve (in
file order) for the first such main case, and so on. An answer here is any non-blank cell: whether it is a
valid one is validation's business, reported beside this.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from hmirate.columns import fold
from hmirate.errors import InvalidData, Problem
from hmirate.read.csv import read_file
from hmirate.rules.framework import Framework, load_framework
from hmirate.settings import DEFAULT_FRAMEWORK
from hmirate.validate.headers import resolve_headers

STRATUM, RESERVE = "stratum", "reserve"


@dataclass(frozen=True)
class Tally:
    """Cases by how much of a set of key questions they answer."""

    complete: int = 0
    partly: int = 0
    untouched: int = 0


@dataclass(frozen=True)
class StandardProgress:
    standard: str
    title: str
    tally: Tally


@dataclass(frozen=True)
class Replacement:
    """A reserve recorded in place of a main case of its stratum left empty (``replaced`` None: no main case
    of its stratum is empty, so it stands in for none)."""

    reserve: str
    replaced: str | None
    stratum: str


@dataclass(frozen=True)
class RecordingProgress:
    name: str
    cases: Tally
    """Every case of the file, against every key question it has."""
    main: Tally
    """The main sample only (every case when the file has no ``reserve`` column)."""
    standards: tuple[StandardProgress, ...]
    replacements: tuple[Replacement, ...]
    reserves: bool
    """Whether the file says which cases are reserves."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def recording_progress(
    source: str, *, framework: str | Framework = DEFAULT_FRAMEWORK, sheet: str | None = None
) -> RecordingProgress:
    """The progress of one filled template (a path; ``-`` for stdin): complete, partly answered and
    untouched cases, per standard, and the reserves that replaced main cases."""
    framework = load_framework(framework) if isinstance(framework, str) else framework
    raw = read_file(source, sheet=sheet)
    if raw.problems:
        raise InvalidData(list(raw.problems))
    questions_from = raw.long.questions_from if raw.long is not None else None
    resolved = resolve_headers(raw.header, framework, [STRATUM, RESERVE], file=raw.name, questions_from=questions_from)
    positions = resolved.positions
    if "case_id" not in positions:
        raise InvalidData([Problem(raw.name, 1, None, "no case_id column: progress is counted by case")])

    def column(name: str) -> list[str]:
        values = raw.column(positions[name]) if name in positions else None
        return ["" if value is None else str(value) for value in values.to_pylist()] if values is not None else []

    ids = column("case_id")
    answered = {q: [bool(v.strip()) for v in column(q)] for q in framework.key_questions if q in positions}
    reserve_of = [fold(value) == "yes" for value in column(RESERVE)] or [False] * len(ids)
    strata = column(STRATUM) or [""] * len(ids)
    rows = range(len(ids))
    everything = [_state([answered[q][row] for q in answered]) for row in rows]
    standards = []
    for standard in framework.standards:
        questions = [q.id for q in standard.key_questions if q.id in answered]
        if questions:
            states = [_state([answered[q][row] for q in questions]) for row in rows]
            standards.append(StandardProgress(standard.id, standard.title, _tally(states)))
    main = [state for state, reserve in zip(everything, reserve_of, strict=True) if not reserve]
    return RecordingProgress(
        raw.name,
        _tally(everything),
        _tally(main),
        tuple(standards),
        _replacements(ids, strata, reserve_of, everything),
        RESERVE in positions,
    )


def _state(answers: list[bool]) -> str:
    return "complete" if answers and all(answers) else "partly" if any(answers) else "untouched"


def _tally(states: list[str]) -> Tally:
    return Tally(states.count("complete"), states.count("partly"), states.count("untouched"))


def _replacements(ids: list[str], strata: list[str], reserve: list[bool], states: list[str]) -> tuple[Replacement, ...]:
    """Each recorded reserve, paired in file order with an untouched main case of its stratum."""
    empty: dict[str, list[str]] = {}
    for case_id, stratum, is_reserve, state in zip(ids, strata, reserve, states, strict=True):
        if not is_reserve and state == "untouched":
            empty.setdefault(stratum, []).append(case_id)
    found = []
    for case_id, stratum, is_reserve, state in zip(ids, strata, reserve, states, strict=True):
        if is_reserve and state != "untouched":
            waiting = empty.get(stratum, [])
            found.append(Replacement(case_id.strip(), waiting.pop(0).strip() if waiting else None, stratum.strip()))
    return tuple(found)
