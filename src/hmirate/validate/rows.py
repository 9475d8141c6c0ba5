"""Check every row of a read file against the case-row model and hand the valid cases on as a DataFrame.

A column is checked by value, not by row: each distinct cell value (pyarrow's dictionary, or a pandas
frame's categories) goes once through the model's own field type (:func:`~hmirate.validate.caserow.
field_adapters`), and every row takes the outcome of its value. A million rows of answers cost a few dozen
validations, and the model alone decides what is valid and says what is wrong: there is no second copy of
the rules here. Case ids are all distinct, so each goes through the model once, as one list.

The same problem in many rows is one line (:mod:`hmirate.validate.problems`), so a bad column in a
million-row file is a screenful, not a million lines; every row with a problem is still counted as invalid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import TypeAdapter, ValidationError

from hmirate.columns import column_of, fold, leading_id
from hmirate.errors import Problem, RowCount, UsageError
from hmirate.read.raw import ColumnPlan, RawFile
from hmirate.rules.framework import Framework
from hmirate.validate import caserow
from hmirate.validate.caserow import ALL, ANSWERS, BLANK_GROUP
from hmirate.validate.headers import required_columns, resolve_headers
from hmirate.validate.long import unread_questions
from hmirate.validate.problems import Failures, column_problems, line_ranges, repeated_ids, rows_by_message

if TYPE_CHECKING:
    import pandas as pd

MISSING_HINT = (
    "pandas turned these cells into NaN (its default reading of 'N/A', 'NA' and blank cells): "
    "read the file with pandas.read_csv(..., keep_default_na=False, dtype=str)"
)
CHECK_CHUNK = 10_000
"""Distinct values of a column validated in one call to the model."""


def split_columns(by: Iterable[str], framework: Framework) -> list[str]:
    """The ``--by`` columns beyond the framework's splits (always split), once each, matched as headers are.

    A name that is, or is an alias of, one of the framework's splits adds nothing; an alias of another
    declared column (``officer grade`` where the framework does not split by grade, ``Responsible Officer``) is
    that column, checked by its type; case_id
    (every case its own group), a key question (its answers are the figures, not groups) and ``(all)``
    (the whole sample's name in every output) cannot be split by.
    """
    taken = {fold(name) for name in required_columns(framework)}
    columns: dict[str, str] = {}
    for column in by:
        key = fold(column)
        if not key:
            continue
        known = column_of(column)
        if known == "case_id":
            raise UsageError("case_id cannot be a split column: every case is its own group")
        if leading_id(column) is not None:
            raise UsageError(
                f"{column.strip()!r} is a key question: its answers are the figures, not groups to split by"
            )
        if column.strip() == ALL:
            raise UsageError(f"{ALL!r} names the whole sample in every output: rename the column to split by it")
        name = known or column.strip()
        if fold(name) not in taken:
            columns.setdefault(fold(name), name)
    return list(columns.values())


def plan_file(
    header: list[str],
    framework: Framework,
    by: list[str],
    *,
    file: str = "<file>",
    delimiter: str = ",",
    questions_from: int | None = None,
) -> ColumnPlan:
    """The columns validation needs, resolved once from the header, so the reader skips the rest (free
    text, names) and validation takes the same positions. ``questions_from``: where a long export's pivoted
    header turns into its question cells (:attr:`~hmirate.read.raw.LongRows.questions_from`)."""
    if len(header) == 1 and (other := _other_delimiter(header[0], delimiter)):
        # one problem for the whole file, not a missing column for every name run together
        shown = "tab" if other == "\t" else other
        message = f"the header was read as one column; is the delimiter {shown!r}? (say `delimiter` {shown!r})"
        return ColumnPlan(problems=[Problem(file, 1, None, message)])
    return resolve_headers(header, framework, by, file=file, questions_from=questions_from)


def _other_delimiter(header: str, delimiter: str) -> str | None:
    """The delimiter a header read as one column most likely uses: the commonest of ``, ; tab`` in it."""
    counts = {candidate: header.count(candidate) for candidate in (",", ";", "\t") if candidate != delimiter}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else None


@dataclass
class ValidatedFile:
    """One file after validation: its valid cases as a DataFrame when every row passed, else the problems.

    ``cases`` has a ``case_id`` column and one categorical column per split column (the framework's, each
    ``--by``) and per key question (categories Yes, No, N/A), in the model's canonical spellings.
    """

    name: str
    rows_read: int
    key_questions: list[str]
    problems: list[Problem] = field(default_factory=list)
    invalid_rows: int = 0
    unchecked_rows: int = 0
    """Rows not checked one by one because the file as a whole has a problem (a missing column, say)."""
    cases: pd.DataFrame | None = None
    lines: Any = None
    """The raw file's line numbers per row (lazy), for messages about a case across files."""
    notes: list[str] = field(default_factory=list)
    """What reading and resolving the file had to interpret, said once."""

    @property
    def rows(self) -> RowCount:
        return RowCount(self.rows_read, self.invalid_rows, self.unchecked_rows)


def _any_text(column: pa.ChunkedArray) -> bool:
    trimmed = pc.utf8_trim_whitespace(column.cast(pa.string()))
    return bool(pc.any(pc.greater(pc.utf8_length(trimmed), 0)).as_py())


def _blank_headed(raw: RawFile, plan: ColumnPlan) -> tuple[list[Problem], list[str]]:
    """A column with values but no header is a column hmirate would silently skip: an error. Blank-headed
    columns with no values (a sheet formatted to its last column leaves 16,000 of them) are ignored, said
    in one note. Each kind is one line however many columns it has."""
    kinds: dict[bool, list[int]] = {True: [], False: []}
    for position in plan.blank:
        values = raw.column(position)
        if values is not None:
            kinds[_any_text(values)].append(position)
    columns = range(1, len(raw.header) + 1)  # a position's column number, as line_ranges looks lines up
    problems, notes = [], []
    if with_values := kinds[True]:
        which = _columns(with_values, columns)
        verb = "has" if len(with_values) == 1 else "have"
        problems.append(Problem(raw.name, 1, None, f"{which} {verb} values but a blank header"))
    if empty := kinds[False]:
        which = _columns(empty, columns)
        notes.append(f"{raw.name}: ignored {which} with a blank header and no values")
    return problems, notes


def _columns(positions: list[int], columns: range) -> str:
    """``column 7``, ``columns 7-16006``, ``columns 7, 9-12``: the first few runs, as lines are shown, and
    the count when runs are left out."""
    ranges = line_ranges(np.array(positions), columns)
    if len(positions) == 1:
        return f"column {ranges}"
    return f"columns {ranges}" + (f" ({len(positions):,} in all)" if ranges.endswith("...") else "")


@dataclass
class _Checked:
    """One column after checking: each row's code into ``categories`` (-1 invalid, -2 missing/NaN), and
    for each invalid code the model's message, keyed by the row positions that carry it."""

    codes: np.ndarray
    categories: list[str]
    failures: Failures
    distinct: bool = False
    """Every value is known to be different from every other (case ids only)."""
    cleaned: tuple[int, str] | None = None
    """The first row whose case id the model cleaned (an invisible character or a space taken away), and the id
    as written there."""
    cleaned_ids: int = 0
    """How many different case ids were cleaned."""


def _distinct(column: pa.ChunkedArray) -> tuple[np.ndarray, list[Any]]:
    """Each row's index into the column's distinct values (-1 for a null), and those values."""
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    column = column.unify_dictionaries()
    chunks = [chunk for chunk in column.chunks if len(chunk)]
    if not chunks:
        return np.empty(0, dtype=np.int32), []
    indices = [chunk.indices.fill_null(-1).to_numpy() for chunk in chunks]
    return np.concatenate(indices).astype(np.int32, copy=False), chunks[0].dictionary.to_pylist()


def _check_values(values: list[Any], adapter: TypeAdapter[list[Any]]) -> tuple[list[Any], dict[int, str]]:
    """Each value as the model keeps it (None where rejected), and the model's message for each rejected one.

    The values go through the model's field type as lists of :data:`CHECK_CHUNK`; where some fail, the
    others of that list go through again without them, to keep what they become. A chunk at a time, so
    a column of a million different bad values (free text, shifted columns) never holds a million of
    pydantic's error details at once.
    """
    outcome: list[Any] = []
    failed: dict[int, str] = {}
    for start in range(0, len(values), CHECK_CHUNK):
        chunk = values[start : start + CHECK_CHUNK]
        try:
            outcome += adapter.validate_python(chunk)
            continue
        except ValidationError as error:
            here = {
                int(detail["loc"][0]): detail["msg"]
                for detail in error.errors(include_url=False, include_context=False, include_input=False)
            }
        kept = iter(adapter.validate_python([value for at, value in enumerate(chunk) if at not in here]))
        outcome += [None if at in here else next(kept) for at in range(len(chunk))]
        failed.update((start + at, message) for at, message in here.items())
    return outcome, failed


def _check_column(column: pa.ChunkedArray, adapter: TypeAdapter[list[Any]]) -> _Checked:
    indices, values = _distinct(column)
    outcome, failed = _check_values(values, adapter)
    categories: dict[str, int] = {}
    lookup = np.empty(len(values) + 1, dtype=np.int32)
    lookup[-1] = -2  # a null (a NaN in a DataFrame): index -1 reads the last slot
    for position, clean in enumerate(outcome):
        lookup[position] = -1 if position in failed else categories.setdefault(clean, len(categories))
    return _Checked(lookup[indices], list(categories), rows_by_message(indices, failed, len(values)))


def _check_ids(column: pa.ChunkedArray, adapter: TypeAdapter[list[Any]]) -> _Checked:
    """Case ids go through the model once per distinct id, as one list (they are nearly all distinct).

    The reader dictionary-encodes the column while parsing, in its own threads, so the distinct ids come
    for free; when there are as many as rows and the model keeps each as written, no id can repeat, and
    ``distinct`` says so without hashing a million strings again.
    """
    indices, values = _distinct(column)
    kept, failed = _check_values(values, adapter)
    distinct = not failed and len(values) == len(indices) and kept == values and _all_used(indices, len(values))
    clean = np.array([*kept, None], dtype=object)[indices].tolist()  # index -1 (a null) reads the None
    codes = np.arange(len(indices), dtype=np.int64)
    failures = rows_by_message(indices, failed, len(values))
    codes[failures.rows] = -1
    codes[indices < 0] = -2
    changed = [at for at, (was, now) in enumerate(zip(values, kept, strict=True)) if now not in (None, was)]
    changed = [at for at in changed if isinstance(values[at], str)]  # a DataFrame's number is not "cleaned"
    first = int(np.flatnonzero(np.isin(indices, changed))[0]) if changed else None
    cleaned = None if first is None else (first, values[indices[first]])
    return _Checked(codes, clean, failures, distinct, cleaned, len(changed))


def _all_used(indices: np.ndarray, count: int) -> bool:
    """Whether every one of ``count`` dictionary values is some row's (a dictionary can keep the value of a
    row the reader dropped), and no row is null: with as many values as rows, then, each row has its own."""
    used = np.zeros(count, dtype=bool)
    used[indices[indices >= 0]] = True
    return bool(used.all()) and bool((indices >= 0).all())


def _missing(raw: RawFile, checked: dict[str, _Checked]) -> list[Problem]:
    """NaN cells can only come from a DataFrame: one message for them all, with the fix."""
    missing = {name: int((column.codes == -2).sum()) for name, column in checked.items()}
    columns = [name for name, cells in missing.items() if cells]
    if not columns:
        return []
    where = ", ".join(columns)
    return [Problem(raw.name, None, None, f"{sum(missing.values()):,} missing (NaN) cells in {where}: {MISSING_HINT}")]


def _frame(checked: dict[str, _Checked], questions: list[str]) -> pd.DataFrame:
    """The valid cases: categorical split and answer columns, ids as text."""
    import pandas as pd  # imported here, not at the top: see hmirate.pipeline's preload

    frame: dict[str, Any] = {"case_id": pd.Series(checked["case_id"].categories, dtype=object)}
    for name, column in checked.items():
        if name == "case_id":
            continue
        if name in questions:
            categories = list(ANSWERS)
            order = np.array([ANSWERS.index(c) for c in column.categories] + [-1], dtype=np.int32)
            codes = order[column.codes]
        else:  # a split whose blank cells are allowed (a declared column's None) is the group (blank)
            categories = [BLANK_GROUP if c is None else c for c in column.categories]
            codes = column.codes
        frame[name] = pd.Categorical.from_codes(codes, categories=pd.Index(categories))
    return pd.DataFrame(frame, copy=False)


@dataclass(frozen=True)
class CheckedColumns:
    """The columns of one file checked by their types: each row's value (by code), the problems in file
    order, and how many rows have one."""

    columns: dict[str, _Checked]
    problems: list[Problem]
    invalid_rows: int
    notes: list[str] = field(default_factory=list)
    """What checking had to interpret (case ids cleaned), said once."""

    def values(self, name: str) -> list[Any]:
        """A column's checked values, one a row (None where a row's value was rejected)."""
        column = self.columns[name]
        if name == "case_id":
            return [None if code < 0 else value for code, value in zip(column.codes, column.categories, strict=True)]
        table = np.array([*column.categories, None, None], dtype=object)  # -1 and -2 read the Nones
        return table[column.codes].tolist()


def check_columns(
    raw: RawFile, positions: dict[str, int], adapters: dict[str, TypeAdapter[list[Any]]], *, unique_ids: bool = True
) -> CheckedColumns:
    """Check each planned column of a file by its type, each distinct value once; ``case_id`` (when planned)
    also for repeats, unless ``unique_ids`` is False (a longlist lists a person's cases under one id).

    The one engine for every file kind: case files, longlists, populations and samples.
    """
    order = list(positions)
    checked: dict[str, _Checked] = {}
    for name in order:
        column = raw.column(positions[name])
        assert column is not None  # the column plan reads every resolved column
        checked[name] = (_check_ids if name == "case_id" else _check_column)(column, adapters[name])
    bad = np.zeros(raw.frame.num_rows, dtype=bool)
    for column in checked.values():
        bad |= column.codes < 0
    found = [
        (row, rank, p)
        for rank, name in enumerate(order)
        for row, p in column_problems(raw, name, checked[name].failures, positions[name])
    ]
    missing = _missing(raw, checked)
    repeated: list[Problem] = []
    if unique_ids and not missing and "case_id" in checked and not checked["case_id"].distinct:
        repeated, rows = repeated_ids(checked["case_id"].categories, raw.lines, raw.name)
        bad[rows] = True
    problems = [*missing, *(problem for _, _, problem in sorted(found, key=lambda item: item[:2])), *repeated]
    notes = _cleaned_ids(raw, checked["case_id"]) if "case_id" in checked else []
    return CheckedColumns(checked, sorted(problems, key=_file_order), int(bad.sum()), notes)


def _cleaned_ids(raw: RawFile, ids: _Checked) -> list[str]:
    """Case ids are cleaned as headers are (an id with a zero-width space is the id without it), and said once."""
    if ids.cleaned is None:
        return []
    row, written = ids.cleaned
    count = "1 case id" if ids.cleaned_ids == 1 else f"{ids.cleaned_ids:,} case ids"
    return [
        f"{raw.name}: read {count} without invisible characters or surrounding spaces "
        f"(the first, {written!r} on line {raw.lines[row]}, as {ids.categories[row]!r})"
    ]


def validate_file(
    raw: RawFile, framework: Framework, by: list[str] | None = None, plan: ColumnPlan | None = None
) -> ValidatedFile:
    """Validate every row of a file against the case-row model; the cases as a DataFrame when all pass.

    ``plan`` is the header as resolved before reading (:func:`plan_file`); without it, it is resolved here.
    """
    by = split_columns(by or [], framework)
    if plan is None:
        questions_from = raw.long.questions_from if raw.long is not None else None
        plan = plan_file(
            raw.header, framework, by, file=raw.name, delimiter=raw.delimiter, questions_from=questions_from
        )
    blank_headed, blank_notes = _blank_headed(raw, plan)
    problems = [*plan.problems, *blank_headed]
    unread, unread_lines = unread_questions(raw, framework)  # a long export's question cells, on their rows
    problems += unread
    positions = dict(plan.positions)
    questions = [q for q in framework.key_questions if q in positions]
    notes = [*raw.notes, *plan.notes, *blank_notes]
    result = ValidatedFile(raw.name, raw.rows_read, questions, problems=list(raw.problems), lines=raw, notes=notes)
    result.invalid_rows = raw.rows_with_problems  # one row may have several; one problem may stand for many
    result.invalid_rows += len(unread_lines - {problem.line for problem in raw.problems})
    if raw.rows_read == 0:
        problems.append(Problem(raw.name, None, None, "no cases: the file has a header but no rows"))
    if problems:
        result.problems = sorted([*problems, *result.problems], key=_file_order)
        result.unchecked_rows = raw.rows_read - result.invalid_rows
        return result
    required = required_columns(framework)
    adapters = caserow.field_adapters(caserow.case_row_model(tuple(questions), required[1:], tuple(by)))
    order = [*required, *by, *questions]
    checked = check_columns(raw, {name: positions[name] for name in order}, adapters)
    result.notes += checked.notes
    result.invalid_rows += checked.invalid_rows
    result.problems = sorted([*result.problems, *checked.problems], key=_file_order)
    if not result.problems:
        result.cases = _frame(checked.columns, questions)
    return result


def _file_order(problem: Problem) -> int:
    """Problems in file order: whole-file problems first, then by line (stable within a line)."""
    return problem.line or 0
