"""Match a file's headers to the columns hmirate reads, the way exports really head them.

A key question is rarely headed with its bare id: exports write ``2.4.1 Does reviewing focus ...``,
``Q2.4.1:``, the question's full wording, or the id with an invisible character after it. Treating such a
header as free text silently drops the question, so every header is resolved here, once, to the column it
names: required columns (with their documented aliases), ``--by`` columns, and key questions (by leading
id or exact wording). What could not be resolved is an error with a did-you-mean, never a dropped column;
how headers were read is said once, in a note.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from hmirate.columns import COLUMNS, clean_header, column_of, fold, leading_id
from hmirate.errors import Problem
from hmirate.read.raw import ColumnPlan
from hmirate.rules.framework import Framework

CASE_ID = "case_id"


def required_columns(framework: Framework) -> tuple[str, ...]:
    """The columns every case file of this framework must have: the case id and the framework's splits,
    each by its canonical name (``Sex`` in a framework is ``gender``, as in a header)."""
    return (CASE_ID, *(column_of(split) or split for split in framework.splits))


def wording_key(text: str) -> str:
    """A question's wording compared ignoring case, spaces and punctuation."""
    return re.sub(r"[\W_]+", "", clean_header(text).casefold())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def resolve_headers(
    header: Sequence[str], framework: Framework, by: Sequence[str] = (), *, file: str = "<file>"
) -> ColumnPlan:
    """Resolve every header of one file into the plan the reader and validation both take; problems name
    ``file`` and line 1 (the header row).

    ``by`` are the extra split columns (beyond the framework's), matched folded like aliases. Only the columns
    asked for are claimed: a longlist's ``Surname`` in a case file is a column hmirate does not read.
    """
    problems: list[Problem] = []
    required = required_columns(framework)
    wordings = {wording_key(q.text): q.id for q in framework.key_questions.values()}
    by_folded = {fold(name): name for name in (*required[1:], *by)}
    wanted = {*required, *by}
    claimed: dict[str, int] = {}
    how = {"id": 0, "leading id": 0, "wording": 0}
    aliased: list[str] = []
    cleaned = 0
    unresolved: list[int] = []
    blank: list[int] = []
    for position, name in enumerate(header):
        text = clean_header(name)
        cleaned += text != name.strip()
        if not text:
            blank.append(position)
            continue
        folded = fold(text)
        question = leading_id(text)
        if question is not None:
            if question not in framework.key_questions:
                message = f"unknown key question: framework {framework.id} has no {question}"
                problems.append(Problem(file, 1, text, message))
                continue
            canonical, kind = question, "id" if text == question else "leading id"
        elif wording_key(text) in wordings:
            canonical, kind = wordings[wording_key(text)], "wording"
        elif (named := column_of(text)) in wanted:
            canonical, kind = named, "column"
            if folded != canonical:
                aliased.append(f"{text!r} as {canonical}")
        elif folded in by_folded:
            canonical, kind = by_folded[folded], "by"
        else:
            unresolved.append(position)
            continue
        if canonical in claimed:
            problems.append(Problem(file, 1, text, _twice(header, claimed[canonical], text, canonical)))
            continue
        claimed[canonical] = position
        if kind in how:
            how[kind] += 1
    positions = _in_order(claimed, required, framework, by)
    problems.extend(_missing(header, unresolved, positions, required, framework, by, file))
    note = _note(how, aliased, cleaned)
    return ColumnPlan(
        positions=positions,
        blank=blank,
        notes=[f"{file}: {note}"] if note else [],
        problems=problems,
        key_questions=[q for q in framework.key_questions if q in claimed],
    )


def _twice(header: Sequence[str], first: int, text: str, canonical: str) -> str:
    other = clean_header(header[first])
    if fold(other) == fold(text):
        return f"duplicate column header (same as column {first + 1})"
    return f"read as {canonical}, which column {first + 1} ({other!r}) already is: keep one of the two"


def _in_order(
    claimed: dict[str, int], required: Sequence[str], framework: Framework, by: Sequence[str]
) -> dict[str, int]:
    """Required columns, then ``--by`` columns, then key questions in the framework's order."""
    order = [*required, *by, *framework.key_questions]
    return {name: claimed[name] for name in order if name in claimed}


def _missing(
    header: Sequence[str],
    unresolved: list[int],
    positions: dict[str, int],
    required: Sequence[str],
    framework: Framework,
    by: Sequence[str],
    file: str,
) -> list[Problem]:
    problems = []
    spare = [clean_header(header[i]) for i in unresolved]
    for column in (*required, *by):
        if column in positions:
            continue
        what = "required column" if column in required else "column named by `by`"
        guess = _closest([column, *(COLUMNS[column].aliases if column in COLUMNS else ())], spare)
        why = [f"framework {framework.id} splits by it"] if column in required[1:] else []
        hint = "; ".join([*why, *([f"did you mean {guess!r}?"] if guess else [])])
        problems.append(Problem(file, 1, None, f"missing {what} {column!r}" + (f" ({hint})" if hint else "")))
    for standard in framework.standards:
        ids = [q.id for q in standard.key_questions]
        present = [q for q in ids if q in positions]
        if present and len(present) < len(ids):
            missing = ", ".join(q for q in ids if q not in positions)
            problems.append(Problem(file, 1, None, f"standard {standard.id} is incomplete: missing {missing}"))
    if not any(q in positions for q in framework.key_questions) and not any(leading_id(n) for n in header):
        example = next(iter(framework.key_questions))
        problems.append(
            Problem(file, 1, None, f"no key-question columns of framework {framework.id} (such as {example})")
        )
    return problems


def _closest(names: Sequence[str], headers: Sequence[str]) -> str | None:
    """The header closest to any of ``names`` when compared folded, if close enough to suggest."""
    folded = {fold(h): h for h in headers if fold(h)}
    best: tuple[float, str] | None = None
    for name in names:
        for match in difflib.get_close_matches(fold(name), list(folded), n=1, cutoff=0.6):
            ratio = difflib.SequenceMatcher(None, fold(name), match).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, folded[match])
    return best[1] if best else None


def _note(how: dict[str, int], aliased: list[str], cleaned: int) -> str:
    """How headers were read, said once, and only when something other than the plain names was used."""
    parts = []
    for kind, what in (("leading id", "leading id"), ("wording", "wording")):
        if how[kind]:
            whose = "its" if how[kind] == 1 else "their"
            parts.append(f"read {_plural(how[kind], 'key-question header')} by {whose} {what}")
    parts.extend(aliased)
    if cleaned:
        parts.append(f"removed invisible characters from {_plural(cleaned, 'header')}")
    return "; ".join(parts)


def resolve_declared(header: Sequence[str], *, file: str = "<file>") -> ColumnPlan:
    """Every declared column a file has (:data:`~hmirate.columns.COLUMNS`, by name or alias): how a longlist,
    a population or a sample is read. A column given twice under two names is an error, as in a case file;
    the columns a command needs are its to require."""
    claimed: dict[str, int] = {}
    problems = []
    for position, name in enumerate(header):
        text = clean_header(name)
        if (canonical := column_of(text)) is None:
            continue
        if canonical in claimed:
            problems.append(Problem(file, 1, text, _twice(header, claimed[canonical], text, canonical)))
            continue
        claimed[canonical] = position
    return ColumnPlan(positions=claimed, problems=problems)
