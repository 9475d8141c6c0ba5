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
from dataclasses import dataclass, field

from hmirate.errors import Problem
from hmirate.read.names import ALIASES, FOLDED_ALIASES, clean_header, fold, leading_id
from hmirate.rules.framework import Framework

CASE_ID = "case_id"


def required_columns(framework: Framework) -> tuple[str, ...]:
    """The columns every case file of this framework must have: the case id and the framework's splits,
    each by its canonical name (``Sex`` in a framework is ``gender``, as in a header)."""
    return (CASE_ID, *(FOLDED_ALIASES.get(fold(split), split) for split in framework.splits))


@dataclass
class Headers:
    """A header row resolved: each column hmirate reads, by its canonical name, to its position."""

    positions: dict[str, int] = field(default_factory=dict)
    """``case_id``, the framework's splits, each ``--by`` column (as given) and each key-question id."""
    blank: list[int] = field(default_factory=list)
    """Positions of blank headers: the caller checks their cells are empty too."""
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    key_questions: list[str] = field(default_factory=list)
    """The key questions found, in the framework's order (a subset of :attr:`positions`)."""


def wording_key(text: str) -> str:
    """A question's wording compared ignoring case, spaces and punctuation."""
    return re.sub(r"[\W_]+", "", clean_header(text).casefold())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def resolve_headers(
    header: Sequence[str], framework: Framework, by: Sequence[str] = (), *, file: str = "<file>"
) -> Headers:
    """Resolve every header of one file; problems name ``file`` and line 1 (the header row).

    ``by`` are the extra split columns (beyond the framework's), matched folded like aliases.
    """
    result = Headers()
    required = required_columns(framework)
    wordings = {wording_key(q.text): q.id for q in framework.key_questions.values()}
    by_folded = {fold(name): name for name in (*required[1:], *by)}
    claimed: dict[str, int] = {}
    how = {"id": 0, "leading id": 0, "wording": 0}
    aliased: list[str] = []
    cleaned = 0
    unresolved: list[int] = []
    for position, name in enumerate(header):
        text = clean_header(name)
        cleaned += text != name.strip()
        if not text:
            result.blank.append(position)
            continue
        folded = fold(text)
        question = leading_id(text)
        if question is not None:
            if question not in framework.key_questions:
                message = f"unknown key question: framework {framework.id} has no {question}"
                result.problems.append(Problem(file, 1, text, message))
                continue
            canonical, kind = question, "id" if text == question else "leading id"
        elif wording_key(text) in wordings:
            canonical, kind = wordings[wording_key(text)], "wording"
        elif folded in by_folded:
            canonical, kind = by_folded[folded], "by"
        elif folded in FOLDED_ALIASES:
            canonical, kind = FOLDED_ALIASES[folded], "column"
            if folded != canonical:
                aliased.append(f"{text!r} as {canonical}")
        else:
            unresolved.append(position)
            continue
        if canonical in claimed:
            result.problems.append(Problem(file, 1, text, _twice(header, claimed[canonical], text, canonical)))
            continue
        claimed[canonical] = position
        if kind in how:
            how[kind] += 1
    result.positions = _in_order(claimed, required, framework, by)
    result.key_questions = [q for q in framework.key_questions if q in claimed]
    result.problems.extend(_missing(header, unresolved, result.positions, required, framework, by, file))
    note = _note(how, aliased, cleaned)
    if note:
        result.notes.append(f"{file}: {note}")
    return result


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
        what = "required column" if column in required else "column named by --by"
        guess = _closest([column, *ALIASES.get(column, ())], spare)
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
