"""Pivot a long export (one row per case and question) into the wide table validation takes.

Case-management systems often export answers long: ``case_id, question, answer`` with the case's other
columns (grade, gender, office) repeated on every row. Pivoting keeps hmirate's promise that nothing is
guessed or dropped silently: a case with two answers to one question, or with two different values in a
column that describes the case (two grades, say), is an error naming both lines. Each wide row keeps the
line of its case's first long row, so later messages point into the file the user has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from hmirate.errors import Problem
from hmirate.read.names import FOLDED_ALIASES, LONG_ANSWER, LONG_QUESTION, fold
from hmirate.read.raw import RawFile


@dataclass
class _Case:
    line: int
    values: list[str]
    lines: list[int]
    answers: dict[str, tuple[str, int]] = field(default_factory=dict)
    broken: bool = False


def _positions(header: list[str]) -> tuple[int, int, int]:
    folded = [fold(name) for name in header]
    case = next(i for i, name in enumerate(folded) if FOLDED_ALIASES.get(name) == "case_id")
    question = next(i for i, name in enumerate(folded) if name in LONG_QUESTION)
    answer = folded.index(LONG_ANSWER)
    return case, question, answer


def pivot(raw: RawFile) -> RawFile:
    """One row per case: the case's columns, then one column per question in order of first appearance."""
    case_at, question_at, answer_at = _positions(raw.header)
    kept = [i for i in range(len(raw.header)) if i not in (question_at, answer_at)]
    columns = {i: _texts(raw, i) for i in range(len(raw.header))}
    lines = raw.lines
    cases: dict[str, _Case] = {}
    questions: dict[str, None] = {}
    problems: list[Problem] = []
    for row, line in enumerate(lines):
        case_id, question = columns[case_at][row].strip(), columns[question_at][row].strip()
        if not case_id or not question:
            what, where = ("case identifier", case_at) if not case_id else ("question", question_at)
            message = f"blank {what} in a long export: every row needs a case and a question"
            problems.append(Problem(raw.name, line, raw.header[where].strip(), message))
            continue
        values = [columns[i][row] for i in kept]
        case = cases.setdefault(case_id, _Case(line, values, [line] * len(kept)))
        clashes = []  # one problem per row, naming every clash on it
        for slot, position in enumerate(kept):
            here, there = values[slot].strip(), case.values[slot].strip()
            if here != there:
                clashes.append(
                    (raw.header[position].strip(), f"{here!r} here but {there!r} on line {case.lines[slot]}")
                )
            elif not there:
                case.lines[slot] = line
        questions.setdefault(question, None)
        if question in case.answers:
            clashes.append((question, f"a second answer (the first is on line {case.answers[question][1]})"))
        else:
            case.answers[question] = (columns[answer_at][row], line)
        if clashes:
            detail = "; ".join(clash if len(clashes) == 1 else f"{column}: {clash}" for column, clash in clashes)
            column = clashes[0][0] if len(clashes) == 1 else None
            problems.append(Problem(raw.name, line, column, f"{detail}, for case {case_id!r}"))
            case.broken = True
    good = [case for case in cases.values() if not case.broken]
    header = [raw.header[i] for i in kept] + list(questions)
    table = [[case.values[slot] for case in good] for slot in range(len(kept))]
    table += [[case.answers.get(question, ("", 0))[0] for case in good] for question in questions]
    frame = pa.table({f"c{i}": pa.array(values, type=pa.string()) for i, values in enumerate(table)})
    wide = RawFile(
        name=raw.name,
        header=header,
        frame=frame,
        problems=sorted([*raw.problems, *problems], key=lambda p: p.line or 0),
        notes=[
            *raw.notes,
            f"{raw.name}: read as a long export: {_counted(len(lines), 'row')} into "
            f"{_counted(len(cases), 'case')} and {_counted(len(questions), 'question')}",
        ],
        row_lines=[case.line for case in good],
        source=raw.source,
    )
    wide.skipped = frozenset(range(len(good), len(lines) + len(raw.skipped)))  # rows read: the long rows
    return wide


def _texts(raw: RawFile, position: int) -> list[str]:
    column = raw.column(position)
    return [] if column is None else column.cast(pa.string()).to_pylist()


def _counted(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")
