"""Check every row of a read file against the framework and turn it into counted, coded cases.

Two paths, one set of rules. The bulk path checks whole columns at once: each distinct cell value of a
column (pyarrow's dictionary) is normalised once, with the very functions the pydantic case row uses, so
a million rows cost a few dozen Python calls. Only rows that fail go through the pydantic model, one by
one, so every message is the model's, names the line and the column, and quotes only the offending cell.
``per_row=True`` runs the model on every row instead: slower, and there so a test can prove the two paths
agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ValidationError

from hmirate.errors import Problem, UsageError
from hmirate.read.csv import ColumnPlan, RawFile
from hmirate.rules.framework import Framework
from hmirate.validate.caserow import (
    ANSWER_CODES,
    REQUIRED_COLUMNS,
    case_row_model,
    field_name,
    normalise_answer,
    normalise_label,
)
from hmirate.validate.headers import resolve_headers

BLANK_GROUP = "(blank)"
"""The group a blank cell of a ``--by`` column falls in: extra columns may be blank, unlike grade."""


def header_key(name: str) -> str:
    """Headers match ignoring case and surrounding spaces: ``Grade `` is ``grade``."""
    return name.strip().casefold()


def split_columns(by: Iterable[str]) -> list[str]:
    """The ``--by`` columns beyond grade and gender (always split), once each, ignoring case and spaces."""
    columns: dict[str, str] = {}
    for column in by:
        key = header_key(column)
        if key == "case_id":
            raise UsageError("case_id cannot be a split column: every case is its own group")
        if key and key not in REQUIRED_COLUMNS:
            columns.setdefault(key, column.strip())
    return list(columns.values())


def column_plan(framework: Framework, by: list[str]) -> ColumnPlan:
    """The columns validation needs, so the reader skips the rest (free text, names): case ids as text,
    answers and split columns as labels, and blank-headed columns to check they are empty."""

    def plan(header: list[str]) -> dict[int, bool]:
        resolved = resolve_headers(header, framework, by)
        wanted = {position: name != "case_id" for name, position in resolved.positions.items()}
        return {**dict.fromkeys(resolved.blank, False), **wanted}

    return plan


@dataclass
class Labels:
    """A text column coded as small integers: ``values[codes[i]]`` is row i's trimmed text."""

    codes: np.ndarray
    values: list[str]

    def decoded(self) -> list[str]:
        return [self.values[code] for code in self.codes]


@dataclass
class Cases:
    """A file's valid cases, coded for counting: answers 0 No, 1 Yes, 2 N/A (-1: not asked)."""

    ids: pa.ChunkedArray
    answers: dict[str, np.ndarray]
    labels: dict[str, Labels]

    def __len__(self) -> int:
        return len(self.ids)

    def decoded(self) -> dict[str, list]:
        """Every column as plain values, for comparing two codings of the same file."""
        return {
            "case_id": self.ids.to_pylist(),
            **{name: labels.decoded() for name, labels in self.labels.items()},
            **{question: codes.tolist() for question, codes in self.answers.items()},
        }


@dataclass
class ValidatedFile:
    """One file after validation: coded cases when every row passed, else the problems found."""

    name: str
    rows_read: int
    key_questions: list[str]
    problems: list[Problem] = field(default_factory=list)
    invalid_rows: int = 0
    cases: Cases | None = None

    @property
    def rows_valid(self) -> int:
        return self.rows_read - self.invalid_rows


def _any_text(column: pa.ChunkedArray) -> bool:
    trimmed = pc.utf8_trim_whitespace(column.cast(pa.string()))
    return bool(pc.any(pc.greater(pc.utf8_length(trimmed), 0)).as_py())


def _resolve_columns(raw: RawFile, framework: Framework, by: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Map each column hmirate uses (required, split, key question) to its position in the file."""
    resolved = resolve_headers(raw.header, framework, by, file=raw.name)
    problems = list(resolved.problems)
    for position in resolved.blank:
        values = raw.column(position)
        if values is not None and _any_text(values):
            problems.append(Problem(raw.name, 1, None, f"column {position + 1} has values but a blank header"))
    raw.notes.extend(resolved.notes)
    return resolved.positions, problems


def _chunks(column: pa.ChunkedArray) -> list[pa.DictionaryArray]:
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    return [chunk for chunk in column.chunks if len(chunk)]


def _indices(chunk: pa.DictionaryArray) -> np.ndarray:
    """A dictionary chunk's indices as numpy, straight from the buffer: ``to_numpy`` would import pandas."""
    indices = chunk.indices
    width = indices.type.bit_width // 8
    dtype = np.dtype(f"int{indices.type.bit_width}")
    return np.frombuffer(indices.buffers()[1], dtype=dtype, count=len(indices), offset=indices.offset * width)


def _per_value(column: pa.ChunkedArray, lookup: Callable[[list[str]], np.ndarray], dtype: type) -> np.ndarray:
    """Each row's code, from a lookup built once per chunk over its distinct values (the dictionary)."""
    parts = [lookup(chunk.dictionary.to_pylist())[_indices(chunk)] for chunk in _chunks(column)]
    return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)


def _coded(column: pa.ChunkedArray, normalise: Callable[[str], str | None]) -> Labels:
    """Normalise each distinct value once; code -1 marks a row whose value the rules reject."""
    values: list[str] = []
    index: dict[str, int] = {}

    def lookup(distinct: list[str]) -> np.ndarray:
        codes = []
        for value in distinct:
            clean = normalise(value)
            if clean is not None and clean not in index:
                index[clean] = len(values)
                values.append(clean)
            codes.append(-1 if clean is None else index[clean])
        return np.array(codes, dtype=np.int32)

    return Labels(_per_value(column, lookup, np.int32), values)


def _answers(column: pa.ChunkedArray) -> np.ndarray:
    """Answer codes per row straight from the dictionary: -1 where the cell is not an accepted spelling."""

    def lookup(distinct: list[str]) -> np.ndarray:
        return np.array([ANSWER_CODES.get(normalise_answer(value), -1) for value in distinct], dtype=np.int8)

    return _per_value(column, lookup, np.int8)


def _ids(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray | None]:
    """Trimmed case ids, and which rows are blank or repeat an earlier id (None when none do).

    The fast path holds when every id is printable ASCII without surrounding spaces and all are
    distinct: then the ids are exactly what ``str.strip`` (the pydantic field) keeps. Anything else
    (accents, control characters, spaces to trim, blanks, repeats) goes the Python way.
    """
    text = column.cast(pa.string())
    if (
        len(text)
        and pc.min(pc.binary_length(text)).as_py() > 0  # an empty string counts as printable
        and pc.all(pc.ascii_is_printable(text)).as_py()
        and not pc.any(pc.starts_with(text, " ")).as_py()
        and not pc.any(pc.ends_with(text, " ")).as_py()
        and len(pc.unique(text.combine_chunks())) == len(text)
    ):
        return text, None
    clean = [normalise_label(value) for value in text.to_pylist()]
    seen: set[str] = set()
    bad = np.zeros(len(clean), dtype=bool)
    for position, value in enumerate(clean):
        if value is None or value in seen:
            bad[position] = True
        else:
            seen.add(value)
    return pa.chunked_array([pa.array(clean, type=pa.string())]), bad


def _explain(
    raw: RawFile, model: type[BaseModel], columns: dict[str, pa.ChunkedArray], failing: np.ndarray
) -> dict[int, list[Problem]]:
    """Pydantic's messages for the rows that failed a field, each naming the line and the column."""
    explained: dict[int, list[Problem]] = {}
    if not len(failing):
        return explained
    lines = raw.lines
    names = list(columns)
    values = [columns[name].take(pa.array(failing)).cast(pa.string()).to_pylist() for name in names]
    for index, row in zip(failing, zip(*values, strict=True), strict=True):
        try:
            model.model_validate(dict(zip(names, row, strict=True)))
        except ValidationError as error:
            explained[int(index)] = [
                Problem(raw.name, lines[index], str(detail["loc"][0]), detail["msg"]) for detail in error.errors()
            ]
    return explained


def _duplicates(raw: RawFile, ids: list[str | None], found: dict[int, list[Problem]]) -> None:
    """A case counted twice would bias every figure: each repeat of a case id is an error."""
    lines = raw.lines
    first: dict[str, int] = {}
    for index, value in enumerate(ids):
        if value is None:
            continue
        if value in first:
            message = f"duplicate case_id {value!r} (first on line {lines[first[value]]})"
            found.setdefault(index, []).append(Problem(raw.name, lines[index], "case_id", message))
        else:
            first[value] = index


def _check_bulk(columns: dict[str, pa.ChunkedArray], questions: list[str], by: list[str]) -> tuple[Cases, np.ndarray]:
    ids, bad_ids = _ids(columns["case_id"])
    bad = np.zeros(len(ids), dtype=bool)
    labels = {}
    for name in ("grade", "gender"):
        labels[name] = _coded(columns[name], normalise_label)
        bad |= labels[name].codes < 0
    for name in by:
        labels[name] = _coded(columns[name], lambda value: value.strip() or BLANK_GROUP)
    answers = {}
    for question in questions:
        answers[question] = _answers(columns[question])
        bad |= answers[question] < 0
    if bad_ids is not None:
        bad |= bad_ids
    return Cases(ids, answers, labels), bad


def _check_per_row(
    columns: dict[str, pa.ChunkedArray], questions: list[str], by: list[str], model: type[BaseModel]
) -> tuple[Cases, np.ndarray]:
    names = [*REQUIRED_COLUMNS, *questions]
    rows = [columns[name].cast(pa.string()).to_pylist() for name in names]
    count = len(rows[0])
    clean: dict[str, list] = {name: [None] * count for name in names}
    bad = np.zeros(count, dtype=bool)
    for index, values in enumerate(zip(*rows, strict=True)):
        try:
            case = model.model_validate(dict(zip(names, values, strict=True)))
        except ValidationError as error:
            bad[index] = True
            if not any(detail["loc"] == ("case_id",) for detail in error.errors()):
                clean["case_id"][index] = normalise_label(values[0])  # as the model's field accepted it
            continue
        for name in names:
            clean[name][index] = getattr(case, field_name(name) if name in questions else name)
    seen: set[str] = set()
    for index, value in enumerate(clean["case_id"]):
        if value is not None and value in seen:
            bad[index] = True
        seen.add(value)
    labels = {name: _labels_of(clean[name]) for name in ("grade", "gender")}
    for name in by:
        labels[name] = _labels_of(
            [value.strip() or BLANK_GROUP for value in columns[name].cast(pa.string()).to_pylist()]
        )
    answers = {q: np.array([ANSWER_CODES.get(a, -1) for a in clean[q]], dtype=np.int8) for q in questions}
    return Cases(pa.chunked_array([pa.array(clean["case_id"], type=pa.string())]), answers, labels), bad


def _labels_of(values: list[str | None]) -> Labels:
    index: dict[str, int] = {}
    codes = np.array([-1 if v is None else index.setdefault(v, len(index)) for v in values], dtype=np.int32)
    return Labels(codes, list(index))


def validate_file(
    raw: RawFile, framework: Framework, by: list[str] | None = None, *, per_row: bool = False
) -> ValidatedFile:
    """Validate every row of a file; code the cases when all pass."""
    by = split_columns(by or [])
    positions, problems = _resolve_columns(raw, framework, by)
    questions = [q for q in framework.key_questions if q in positions]
    result = ValidatedFile(raw.name, raw.rows_read, questions, problems=list(raw.problems))
    result.invalid_rows = len(raw.problems)
    if raw.rows_read == 0:
        problems.append(Problem(raw.name, None, None, "no cases: the file has a header but no rows"))
    if problems:
        result.problems = sorted([*problems, *result.problems], key=_file_order)
        result.invalid_rows = raw.rows_read
        return result
    columns = {name: raw.column(positions[name]) for name in (*REQUIRED_COLUMNS, *questions, *by)}
    model = case_row_model(tuple(questions))
    if per_row:
        cases, bad = _check_per_row(columns, questions, by, model)
    else:
        cases, bad = _check_bulk(columns, questions, by)
    if bad.any():
        fields = {name: columns[name] for name in (*REQUIRED_COLUMNS, *questions)}
        found = _explain(raw, model, fields, np.flatnonzero(bad))
        ids = cases.ids.to_pylist()
        for index in found:
            if any(problem.column == "case_id" for problem in found[index]):
                ids[index] = None  # a blank id is its own problem, not a repeat
        _duplicates(raw, ids, found)
        result.invalid_rows += len(found)
        result.problems.extend(problem for index in sorted(found) for problem in found[index])
    result.problems.sort(key=_file_order)
    if not result.problems:
        result.cases = cases
    return result


def _file_order(problem: Problem) -> int:
    """Problems in file order: whole-file problems first, then by line (stable within a line)."""
    return problem.line or 0
