"""Match a file's headers to the columns hmirate reads, the way exports really head them.

A key question is rarely headed with its bare id: exports write ``2.4.1 Does reviewing focus ...``,
``Q2.4.1:``, the question's full wording, or the id with an invisible character after it. Treating such a
header as free text silently drops the question, so every header is resolved here, once, to the column it
names: required columns (with their documented aliases), ``--by`` columns, and key questions (by leading
id or exact wording). What could not be resolved is an error with a did-you-mean, never a dropped column;
how headers were read is said once, in a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from hmirate.columns import COLUMNS, LEADING_ID, clean_header, column_of, fold, leading_id
from hmirate.errors import Problem, cut, quoted
from hmirate.read.raw import ColumnPlan
from hmirate.rules.framework import Framework
from hmirate.validate.problems import grouped_header_problems

CASE_ID = "case_id"
ID_INSIDE = re.compile(r"(?<![\d.])\d+(?:\.\d+)+(?!\d|\.\d)")
"""A dotted number standing alone in a header: ``2.1.1`` in ``Question 2.1.1``, not in ``12.1.1`` or ``2.1.10``."""
NAMES_AN_ID = "name an id of framework {} but are not read as it"
"""The kind of a header that names an id of the framework and resolves to nothing, as counted when capped."""
LEADING_STANDARD = re.compile(r"^(?:kq|q|question|standard)?[\s:.\-]*(\d+\.\d+)(?!\d|\.\d)", re.IGNORECASE)
"""A header that starts with a two-part id (``2.1 Assessment``, ``Standard 2.1``, ``Q2.1``)."""


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
    header: Sequence[str],
    framework: Framework,
    by: Sequence[str] = (),
    *,
    file: str = "<file>",
    questions_from: int | None = None,
) -> ColumnPlan:
    """Resolve every header of one file into the plan the reader and validation both take; problems name
    ``file`` and line 1 (the header row).

    ``by`` are the extra split columns (beyond the framework's), matched folded like aliases. Only the columns
    asked for are claimed: a longlist's ``Surname`` in a case file is a column hmirate does not read. A header
    that does not resolve but names an id of the framework (``Question 2.1.1``) is an error: left unread, its
    key question would show "no cases" though every case answered it.

    ``questions_from`` is where a long export's pivoted header turns into its question cells: those are key
    questions or nothing, and one that is not is left to :func:`long_question_problems`, which names its rows.
    """
    found: list[tuple[str, int, Problem]] = []  # (kind, position, problem): grouped by kind at the end
    required = required_columns(framework)
    wordings = key_question_wordings(framework)
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
        if questions_from is not None and position >= questions_from:
            if question_problem(text, framework, wordings) is not None:
                continue
            canonical = question or wordings[wording_key(text)]
            kind = "id" if text == question else "leading id" if question else "wording"
        elif question is not None:
            if question not in framework.key_questions:
                message = f"unknown key question: framework {framework.id} has no {question}"
                found.append(
                    (
                        f"name key questions framework {framework.id} does not have",
                        position,
                        Problem(file, 1, cut(text), message),
                    )
                )
                continue
            canonical, kind = question, "id" if text == question else "leading id"
        elif wording_key(text) in wordings:
            canonical, kind = wordings[wording_key(text)], "wording"
        elif (named := column_of(text)) is not None and named in wanted:
            canonical, kind = named, "column"
            if folded != canonical:
                aliased.append(f"{quoted(text)} as {canonical}")
        elif folded in by_folded:
            canonical, kind = by_folded[folded], "by"
        else:
            if (why := _names_an_id(text, position, framework)) is not None:
                found.append(
                    (
                        NAMES_AN_ID.format(framework.id),
                        position,
                        Problem(file, 1, cut(text), why),
                    )
                )
            unresolved.append(position)
            continue
        if canonical in claimed:
            found.append(
                (
                    "repeat a column already read",
                    position,
                    Problem(file, 1, cut(text), _twice(header, claimed[canonical], text, canonical)),
                )
            )
            continue
        claimed[canonical] = position
        if kind in how:
            how[kind] += 1
    positions = _in_order(claimed, required, framework, by)
    problems = grouped_header_problems(found, file)
    names_an_id = any(kind == NAMES_AN_ID.format(framework.id) for kind, _, _ in found)
    problems.extend(_missing(header, unresolved, positions, required, framework, by, file, named=names_an_id))
    note = _note(how, aliased, cleaned)
    return ColumnPlan(
        positions=positions,
        blank=blank,
        notes=[f"{file}: {note}"] if note else [],
        problems=problems,
        key_questions=[q for q in framework.key_questions if q in claimed],
    )


def framework_id_in(text: str, framework: Framework) -> str | None:
    """The id of the framework a header names, if any: a key question's anywhere in it (a three-part id is
    not written by chance), a standard's only at its start (``2.1 Assessment``, ``Standard 2.1``), as a
    two-part number inside text (``version 1.2``) is too common to be taken for one."""
    text = clean_header(text)
    for match in ID_INSIDE.finditer(text):
        if match.group() in framework.key_questions:
            return match.group()
    start = LEADING_STANDARD.match(text)
    if start is not None and framework.standard(start.group(1)) is not None:
        return start.group(1)
    return None


def _names_an_id(text: str, position: int, framework: Framework) -> str | None:
    """Why a header that resolves to nothing but names an id of the framework is an error, with the fix."""
    named = framework_id_in(text, framework)
    if named is None:
        return None
    otherwise = "or take the id out if the column holds something else"
    if named in framework.key_questions:
        return (
            f"column {position + 1} names key question {named} but is not read as it (a key question's header "
            f"starts with its id, after an optional Q or KQ, or is its wording): rename it {named!r}, {otherwise}"
        )
    questions = [q.id for q in framework.standard(named).key_questions]  # type: ignore[union-attr]
    if not questions:
        return f"column {position + 1} names standard {named}, which inspectors rate, not cases: take the id out"
    return (
        f"column {position + 1} names standard {named}, whose answers are read by key question, one column "
        f"each ({', '.join(questions)}): head each with its id, {otherwise}"
    )


def key_question_wordings(framework: Framework) -> dict[str, str]:
    """Each key question's :func:`wording_key`, to its id: worked out once per file, not once per header."""
    return {wording_key(q.text): q.id for q in framework.key_questions.values()}


def question_problem(question: str, framework: Framework, wordings: Mapping[str, str]) -> str | None:
    """Why a long export's question cell is not one of the framework's key questions, or None when it is one
    (by its id, leading id or wording, as a header); ``wordings`` are :func:`key_question_wordings`."""
    text = clean_header(question)
    match = LEADING_ID.match(text)
    asked = match.group(1) if match else None
    if asked in framework.key_questions or (asked is None and wording_key(text) in wordings):
        return None
    if asked is not None:
        return f"unknown key question: framework {framework.id} has no {asked}"
    named = framework_id_in(text, framework)
    if named in framework.key_questions:
        return (
            f"{text!r} names key question {named} but is not read as it: write {named!r} (or Q{named}), or its wording"
        )
    example = next(iter(framework.key_questions))
    return f"{text!r} is not a key question of framework {framework.id}: write its id ({example!r}) or its wording"


def _twice(header: Sequence[str], first: int, text: str, canonical: str) -> str:
    other = clean_header(header[first])
    if fold(other) == fold(text):
        return f"duplicate column header (same as column {first + 1})"
    return f"read as {canonical}, which column {first + 1} ({quoted(other)}) already is: keep one of the two"


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
    *,
    named: bool = False,
) -> list[Problem]:
    problems = []
    spare = [clean_header(header[i]) for i in unresolved]
    for column in (*required, *by):
        if column in positions:
            continue
        what = "required column" if column in required else "column named by `by`"
        guess = _closest([column, *(COLUMNS[column].aliases if column in COLUMNS else ())], spare)
        why = [f"framework {framework.id} splits by it"] if column in required[1:] else []
        hint = "; ".join([*why, *([f"did you mean {quoted(guess)}?"] if guess else [])])
        problems.append(Problem(file, 1, None, f"missing {what} {column!r}" + (f" ({hint})" if hint else "")))
    for standard in framework.standards:
        ids = [q.id for q in standard.key_questions]
        present = [q for q in ids if q in positions]
        if present and len(present) < len(ids):
            missing = ", ".join(q for q in ids if q not in positions)
            problems.append(Problem(file, 1, None, f"standard {standard.id} is incomplete: missing {missing}"))
    if not (any(q in positions for q in framework.key_questions) or named or any(leading_id(n) for n in header)):
        example = next(iter(framework.key_questions))
        problems.append(
            Problem(file, 1, None, f"no key-question columns of framework {framework.id} (such as {example})")
        )
    return problems


def _closest(names: Sequence[str], headers: Sequence[str]) -> str | None:
    """The header closest to any of ``names`` when compared folded, if close enough to suggest.

    difflib is imported here, not at the top: only a file missing a column pays for it.
    """
    import difflib

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
    found: list[tuple[str, int, Problem]] = []
    for position, name in enumerate(header):
        text = clean_header(name)
        if (canonical := column_of(text)) is None:
            continue
        if canonical in claimed:
            problem = Problem(file, 1, cut(text), _twice(header, claimed[canonical], text, canonical))
            found.append(("repeat a column already read", position, problem))
            continue
        claimed[canonical] = position
    return ColumnPlan(positions=claimed, problems=grouped_header_problems(found, file))
