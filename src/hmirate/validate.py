"""Check every row of a read file against the framework and turn it into counted, coded cases.

Two paths, one set of rules. The bulk path checks whole columns at once (each distinct cell value is
normalised once, with the functions the pydantic case row uses); only rows that fail go through the
pydantic model, one by one, so every message is the model's, names the line and the column, and quotes
only the offending cell. ``per_row=True`` runs the model on every row instead: slower, and there so a
test can prove the two paths agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pydantic import BaseModel, ValidationError

from hmirate.caserow import (
    ANSWER_CODES,
    REQUIRED_COLUMNS,
    case_row_model,
    field_name,
    normalise_answer,
    normalise_label,
)
from hmirate.errors import Problem
from hmirate.framework import KEY_QUESTION_ID, Framework
from hmirate.read import RawFile

BLANK_GROUP = "(blank)"
"""The group a blank cell of a ``--by`` column falls in: extra columns may be blank, unlike grade."""


def header_key(name: str) -> str:
    """Headers match ignoring case and surrounding spaces: ``Grade `` is ``grade``."""
    return name.strip().casefold()


@dataclass
class ValidatedFile:
    """One file after validation: coded cases when every row passed, else the problems found."""

    name: str
    rows_read: int
    key_questions: list[str]
    problems: list[Problem] = field(default_factory=list)
    invalid_rows: int = 0
    cases: pd.DataFrame | None = None
    """Columns case_id, grade, gender, the split columns (trimmed text) and one int8 code per key question."""

    @property
    def rows_valid(self) -> int:
        return self.rows_read - self.invalid_rows


def _resolve_columns(raw: RawFile, framework: Framework, by: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Map each column hmirate uses (required, split, key question) to its position in the file."""
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    seen: dict[str, int] = {}
    for position, name in enumerate(raw.header):
        key = header_key(name)
        if not key:
            if (raw.frame[f"c{position}"].str.strip() != "").any():
                problems.append(Problem(raw.name, 1, None, f"column {position + 1} has values but a blank header"))
            continue
        if key in seen:
            problems.append(
                Problem(raw.name, 1, name.strip(), f"duplicate column header (same as column {seen[key] + 1})")
            )
            continue
        seen[key] = position
        if KEY_QUESTION_ID.match(key) and key not in framework.key_questions:
            problems.append(
                Problem(raw.name, 1, name.strip(), f"unknown key question: framework {framework.id} has no {key}")
            )
    for column in (*REQUIRED_COLUMNS, *by):
        if header_key(column) in seen:
            positions[column] = seen[header_key(column)]
        else:
            what = "required column" if column in REQUIRED_COLUMNS else "column named by --by"
            problems.append(Problem(raw.name, 1, None, f"missing {what} {column!r}"))
    questions = [q for q in framework.key_questions if q in seen]
    for question in questions:
        positions[question] = seen[question]
    for standard in framework.standards:
        ids = [q.id for q in standard.key_questions]
        present = [q for q in ids if q in seen]
        if present and len(present) < len(ids):
            missing = ", ".join(q for q in ids if q not in seen)
            problems.append(Problem(raw.name, 1, None, f"standard {standard.id} is incomplete: missing {missing}"))
    if not questions and not any(KEY_QUESTION_ID.match(header_key(n)) for n in raw.header):
        example = next(iter(framework.key_questions))
        problems.append(
            Problem(raw.name, 1, None, f"no key-question columns of framework {framework.id} (such as {example})")
        )
    return positions, problems


def _bulk(column: pd.Series, normalise: Callable[[str], str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Normalise each distinct value of a column once: the clean value per row, and which rows failed."""
    codes, uniques = pd.factorize(column, sort=False)
    clean = np.array([normalise(value) for value in uniques], dtype=object)
    return clean[codes], pd.isna(clean)[codes]


def _check_bulk(columns: dict[str, pd.Series], questions: list[str]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    clean, bad = {}, np.zeros(len(next(iter(columns.values()))), dtype=bool)
    for name in REQUIRED_COLUMNS:
        clean[name], failed = _bulk(columns[name], normalise_label)
        bad |= failed
    for question in questions:
        answers, failed = _bulk(columns[question], normalise_answer)
        clean[question] = answers
        bad |= failed
    return clean, bad


def _check_per_row(
    columns: dict[str, pd.Series], questions: list[str], model: type[BaseModel]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    names = [*REQUIRED_COLUMNS, *questions]
    fields = [*REQUIRED_COLUMNS, *(field_name(q) for q in questions)]
    rows = len(columns[names[0]])
    clean = {name: np.empty(rows, dtype=object) for name in names}
    bad = np.zeros(rows, dtype=bool)
    for index, values in enumerate(zip(*(columns[name].to_numpy() for name in names), strict=True)):
        try:
            case = model.model_validate(dict(zip(names, values, strict=True)))
        except ValidationError as error:
            bad[index] = True
            if not any(detail["loc"] == ("case_id",) for detail in error.errors()):
                clean["case_id"][index] = normalise_label(values[0])  # as the model's field accepted it
            continue
        for name, attribute in zip(names, fields, strict=True):
            clean[name][index] = getattr(case, attribute)
    return clean, bad


def _explain(
    raw: RawFile, model: type[BaseModel], columns: dict[str, pd.Series], names: list[str], failing: np.ndarray
) -> dict[int, list[Problem]]:
    """Pydantic's messages for the rows that failed, each naming the line and the column."""
    explained: dict[int, list[Problem]] = {}
    if not len(failing):
        return explained
    lines = raw.lines
    values = [columns[name].to_numpy()[failing] for name in names]
    for index, row in zip(failing, zip(*values, strict=True), strict=True):
        try:
            model.model_validate(dict(zip(names, row, strict=True)))
        except ValidationError as error:
            explained[int(index)] = [
                Problem(raw.name, lines[index], str(detail["loc"][0]), detail["msg"]) for detail in error.errors()
            ]
    return explained


def _duplicates(raw: RawFile, ids: np.ndarray, found: dict[int, list[Problem]]) -> None:
    """A case counted twice would bias every figure: each repeat of a case id is an error."""
    series = pd.Series(ids, dtype=object)
    repeats = np.flatnonzero(series.notna().to_numpy() & series.duplicated(keep="first").to_numpy())
    if not len(repeats):
        return
    lines = raw.lines
    first: dict[str, int] = {}
    for index, value in enumerate(ids):
        first.setdefault(value, index)
    for index in repeats:
        value = ids[index]
        message = f"duplicate case_id {value!r} (first on line {lines[first[value]]})"
        found.setdefault(int(index), []).append(Problem(raw.name, lines[index], "case_id", message))


def validate_file(
    raw: RawFile, framework: Framework, by: list[str] | None = None, *, per_row: bool = False
) -> ValidatedFile:
    """Validate every row of a file; code the cases when all pass."""
    by = [column for column in (by or []) if header_key(column) not in REQUIRED_COLUMNS]
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
    columns = {name: raw.frame[f"c{position}"] for name, position in positions.items()}
    model = case_row_model(tuple(questions))
    if per_row:
        clean, bad = _check_per_row(columns, questions, model)
    else:
        clean, bad = _check_bulk(columns, questions)
    found = _explain(raw, model, columns, [*REQUIRED_COLUMNS, *questions], np.flatnonzero(bad))
    _duplicates(raw, clean["case_id"], found)
    result.invalid_rows += len(found)
    result.problems.extend(problem for index in sorted(found) for problem in found[index])
    result.problems.sort(key=_file_order)
    if result.problems:
        return result
    cases: dict[str, object] = {name: clean[name] for name in REQUIRED_COLUMNS}
    for question in questions:
        cases[question] = pd.Series(clean[question]).map(ANSWER_CODES).to_numpy(dtype=np.int8)
    for name in by:
        cases[name] = columns[name].str.strip().replace("", BLANK_GROUP).to_numpy()
    result.cases = pd.DataFrame(cases)
    return result


def _file_order(problem: Problem) -> int:
    """Problems in file order: whole-file problems first, then by line (stable within a line)."""
    return problem.line or 0
