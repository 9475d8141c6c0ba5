"""Pivot a long export (one row per case and question) into the wide table validation takes.

Case-management systems often export answers long: ``case_id, question, answer`` with the case's other
columns (grade, gender, office) repeated on every row. Pivoting keeps hmirate's promise that nothing is
guessed or dropped silently: a case with two answers to one question, or with two different values in a
column that describes the case (two grades, say), is an error naming both lines. Each wide row keeps the
line of its case's first long row, so later messages point into the file the user has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hmirate.columns import FOLDED_ALIASES, LONG_ANSWER, LONG_QUESTION, fold
from hmirate.errors import Problem, cut, quoted
from hmirate.read.raw import ColumnPlan, LongRows, RawFile


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


def pivot_header(raw: RawFile) -> list[str]:
    """The header the pivot gives: the case's columns, then each question in order of first appearance (a
    row with a blank case or question is an error, and names no question). Known before any column is
    built, so the plan made from it chooses the question columns to build."""
    case_at, question_at, answer_at = _positions(raw.header)
    ids, questions = _stripped(raw, case_at), _stripped(raw, question_at)
    named = pc.and_(pc.greater(pc.utf8_length(ids), 0), pc.greater(pc.utf8_length(questions), 0))
    kept = [raw.header[i] for i in range(len(raw.header)) if i not in (question_at, answer_at)]
    return kept + pc.unique(questions.filter(named)).to_pylist()  # unique keeps the order of first appearance


def pivot(raw: RawFile, plan: ColumnPlan | None = None) -> RawFile:
    """One row per case: the case's columns, then one column per question in order of first appearance,
    built only for the questions ``plan`` reads (every one without a plan): a question column nobody
    reads (free text in the question column) costs nothing, however many cases and questions there are.

    A clean export is pivoted column-wise by pyarrow; only an export with a problem (a blank key, a
    second answer, a clash) is walked row by row, to name the lines.
    """
    case_at, question_at, answer_at = _positions(raw.header)
    kept = [i for i in range(len(raw.header)) if i not in (question_at, answer_at)]
    header = pivot_header(raw)
    reads = None if plan is None else plan.reads()
    wanted = [q for at, q in enumerate(header[len(kept) :], len(kept)) if reads is None or at in reads]
    fast = _pivot_clean(raw, case_at, question_at, answer_at, kept, header, wanted)
    if fast is not None:
        return fast
    columns = {i: _texts(raw, i) for i in range(len(raw.header)) if i not in (case_at, question_at)}
    columns[case_at] = _stripped(raw, case_at).to_pylist()  # stripped as the header's questions are
    columns[question_at] = _stripped(raw, question_at).to_pylist()
    lines = raw.lines
    cases: dict[str, _Case] = {}
    problems: list[Problem] = []
    for row, line in enumerate(lines):
        case_id, question = columns[case_at][row], columns[question_at][row]
        if not case_id or not question:
            what, where = ("case identifier", case_at) if not case_id else ("question", question_at)
            message = f"blank {what} in a long export: every row needs a case and a question"
            problems.append(Problem(raw.name, line, cut(raw.header[where].strip()), message))
            continue
        values = [columns[i][row] for i in kept]
        case = cases.setdefault(case_id, _Case(line, values, [line] * len(kept)))
        clashes = []  # one problem per row, naming every clash on it
        for slot, position in enumerate(kept):
            here, there = values[slot].strip(), case.values[slot].strip()
            if here != there:
                clashes.append(
                    (
                        cut(raw.header[position].strip()),
                        f"{quoted(here)} here but {quoted(there)} on line {case.lines[slot]}",
                    )
                )
            elif not there:
                case.lines[slot] = line
        if question in case.answers:
            clashes.append((question, f"a second answer (the first is on line {case.answers[question][1]})"))
        else:
            case.answers[question] = (columns[answer_at][row], line)
        if clashes:
            detail = "; ".join(clash if len(clashes) == 1 else f"{column}: {clash}" for column, clash in clashes)
            column = clashes[0][0] if len(clashes) == 1 else None
            problems.append(Problem(raw.name, line, column, f"{detail}, for case {quoted(case_id)}"))
            case.broken = True
    good = [case for case in cases.values() if not case.broken]
    table = [[case.values[slot] for case in good] for slot in range(len(kept))]
    table += [[case.answers.get(question, ("", 0))[0] for case in good] for question in wanted]
    columns_out = [pa.array(values, type=pa.string()) for values in table]
    skipped = frozenset(range(len(good), len(lines) + len(raw.skipped)))  # rows read: the long rows
    built = _positions_built(header, len(kept), wanted)
    wide = _wide(raw, header, built, columns_out, [case.line for case in good], len(cases), problems, skipped)
    return wide.but(long=_rows(raw, question_at, len(kept)))


def _positions_built(header: list[str], questions_from: int, wanted: list[str]) -> list[int]:
    """Where the built columns stand in the pivot's header: the case's columns, then the wanted questions."""
    at = {question: position for position, question in enumerate(header[questions_from:], questions_from)}
    return [*range(questions_from), *(at[question] for question in wanted)]


def _wide(
    raw: RawFile,
    header: list[str],
    built: list[int],
    columns: list[pa.Array],
    lines: list[int],
    cases: int,
    problems: list[Problem],
    skipped: frozenset[int],
) -> RawFile:
    frame = pa.table({f"c{at}": values for at, values in zip(built, columns, strict=True)}) if columns else pa.table({})
    rows = raw.frame.num_rows
    questions = len(header) - (len(raw.header) - 2)
    return RawFile(
        name=raw.name,
        header=header,
        frame=frame,
        problems=sorted([*raw.problems, *problems], key=lambda p: p.line or 0),
        notes=[
            *raw.notes,
            f"{raw.name}: read as a long export: {_counted(rows, 'row')} into "
            f"{_counted(cases, 'case')} and {_counted(questions, 'question')}",
        ],
        row_lines=lines,
        source=raw.source,
        sha256=raw.sha256,
        skipped=skipped,
        rejected=None if raw.rejected is None else raw.rejected + len({problem.line for problem in problems}),
    )


def _texts(raw: RawFile, position: int) -> list[str]:
    column = raw.column(position)
    return [] if column is None else column.cast(pa.string()).to_pylist()


def _counted(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _text(raw: RawFile, position: int) -> pa.Array:
    """A column as one text array (blank when the reader did not read it)."""
    column = raw.column(position)
    if column is None:
        return pa.array([""] * raw.frame.num_rows, type=pa.string())
    return column.combine_chunks().cast(pa.string())


def _stripped(raw: RawFile, position: int) -> pa.Array:
    return pc.utf8_trim_whitespace(_text(raw, position))


def _pivot_clean(
    raw: RawFile,
    case_at: int,
    question_at: int,
    answer_at: int,
    kept: list[int],
    header: list[str],
    wanted: list[str],
) -> RawFile | None:
    """The pivot done by pyarrow, or None when the export has a problem the row-by-row walk must name."""
    count = raw.frame.num_rows
    ids, questions = _stripped(raw, case_at), _stripped(raw, question_at)
    if (
        count == 0
        or not pc.all(pc.and_(pc.greater(pc.utf8_length(ids), 0), pc.greater(pc.utf8_length(questions), 0))).as_py()
    ):
        return None
    described = {f"k{slot}": _stripped(raw, position) for slot, position in enumerate(kept)}
    table = pa.table({"case": ids, "question": questions, "row": pa.array(np.arange(count)), **described})
    pairs = table.group_by(["case", "question"]).aggregate([("row", "count")])
    if pc.max(pairs["row_count"]).as_py() > 1:
        return None
    per_case = table.group_by("case", use_threads=False).aggregate(
        [("row", "min"), *((name, "count_distinct") for name in described)]
    )
    if any(pc.max(per_case[f"{name}_count_distinct"]).as_py() > 1 for name in described):
        return None
    per_case = per_case.sort_by("row_min")
    first_rows = per_case["row_min"]
    where = pc.index_in(ids, value_set=per_case["case"]).to_numpy()
    answers = _text(raw, answer_at)
    columns = [_text(raw, position).take(first_rows) for position in kept]
    for question in wanted:
        mask = pc.equal(questions, question)
        column = np.full(len(per_case), "", dtype=object)
        column[where[mask.to_numpy(zero_copy_only=False)]] = answers.filter(mask).to_numpy(zero_copy_only=False)
        columns.append(pa.array(column, type=pa.string()))
    lines = raw.lines
    starts = [lines[row] for row in first_rows.to_pylist()]
    skipped = frozenset(range(len(per_case), count + len(raw.skipped)))  # rows read: the long rows
    built = _positions_built(header, len(kept), wanted)
    wide = _wide(raw, header, built, columns, starts, len(per_case), [], skipped)
    return wide.but(long=_rows(raw, question_at, len(kept)))


def _rows(raw: RawFile, question_at: int, questions_from: int) -> LongRows:
    """The long rows as validation needs them to name a question's lines: the question column only."""
    name = f"c{question_at}"
    return LongRows(raw.but(frame=raw.frame.select([name])), question_at, questions_from)
