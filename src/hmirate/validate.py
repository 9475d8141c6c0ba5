"""Check every row of a read file against the framework and turn it into counted, coded cases.

Two paths, one set of rules. The bulk path checks whole columns at once (each distinct cell value is
normalised once, with the functions the pydantic case row uses); only rows that fail go through the
pydantic model, one by one, so every message is the model's, names the line and the column, and quotes
only the offending cell. ``per_row=True`` runs the model on every row instead: slower, and there so a
test can prove the two paths agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pydantic import ValidationError

from hmirate.caserow import (
    ANSWER_CODES,
    REQUIRED_COLUMNS,
    case_row_model,
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


def _codes(column: pd.Series, normalise, table: dict | None) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Normalise each distinct value once; return codes per row, a validity mask and the clean values."""
    codes, uniques = pd.factorize(column, sort=False)
    clean = [normalise(value) for value in uniques]
    ok = np.array([value is not None for value in clean], dtype=bool)
    if table is not None:
        lookup = np.array([table[value] if value is not None else -1 for value in clean], dtype=np.int8)
        return lookup[codes] if len(codes) else np.empty(0, np.int8), ok[codes], uniques
    labels = pd.Index([value if value is not None else "" for value in clean], dtype=object)
    return codes, ok[codes], labels


def validate_file(raw: RawFile, framework: Framework, by: list[str] | None = None, *, per_row: bool = False) -> ValidatedFile:
    """Validate every row of a file; code the cases when all pass."""
    by = [column for column in (by or []) if header_key(column) not in REQUIRED_COLUMNS]
    positions, problems = _resolve_columns(raw, framework, by)
    questions = [q for q in framework.key_questions if q in positions]
    result = ValidatedFile(raw.name, raw.rows_read, questions, problems=list(raw.problems))
    result.invalid_rows = len(raw.problems)
    if problems:
        result.invalid_rows = raw.rows_read
        return result
    frame = raw.frame
    column = {name: frame[f"c{position}"] for name, position in positions.items()}
    model = case_row_model(tuple(questions))
    cases: dict[str, object] = {}
    bad = np.zeros(len(frame), dtype=bool)
    if per_row:
        bad[:] = True
    else:
        for name in REQUIRED_COLUMNS:
            codes, ok, labels = _codes(column[name], normalise_label, None)
            cases[name] = labels[codes]
            bad |= ~ok
        for question in questions:
            codes, ok, _ = _codes(column[question], normalise_answer, ANSWER_CODES)
            cases[question] = codes
            bad |= ~ok
    row_problems: dict[int, list[Problem]] = {}
    failing = np.flatnonzero(bad)
    if len(failing):
        lines = raw.lines
        records = {name: column[name].to_numpy()[failing] for name in (*REQUIRED_COLUMNS, *questions)}
        for i, index in enumerate(failing):
            row = {name: values[i] for name, values in records.items()}
            try:
                model.model_validate(row)
            except ValidationError as error:
                row_problems[int(index)] = [
                    Problem(raw.name, lines[index], str(detail["loc"][0]), detail["msg"]) for detail in error.errors()
                ]
    if per_row:
        ids = column["case_id"].str.strip()
    else:
        ids = pd.Series(cases["case_id"], copy=False)
    duplicated = np.flatnonzero((ids.to_numpy() != "") & ids.duplicated(keep="first").to_numpy())
    if len(duplicated):
        lines = raw.lines
        first_index = {}
        for index, value in enumerate(ids.to_numpy()):
            first_index.setdefault(value, index)
        for index in duplicated:
            value = ids.iloc[index]
            row_problems.setdefault(int(index), []).append(
                Problem(raw.name, lines[index], "case_id", f"duplicate case_id {value!r} (first on line {lines[first_index[value]]})")
            )
    result.invalid_rows += len(row_problems)
    for index in sorted(row_problems):
        result.problems.extend(row_problems[index])
    if result.problems:
        return result
    if per_row:
        return _coded_per_row(result, column, questions, by)
    for name in by:
        cases[name] = column[name].str.strip().replace("", BLANK_GROUP).to_numpy()
    result.cases = pd.DataFrame({name: _as_array(value) for name, value in cases.items()})
    return result


def _as_array(value: object) -> object:
    return value.to_numpy() if isinstance(value, pd.Index) else value


def _coded_per_row(result: ValidatedFile, column: dict[str, pd.Series], questions: list[str], by: list[str]) -> ValidatedFile:
    data: dict[str, object] = {name: column[name].str.strip().to_numpy() for name in REQUIRED_COLUMNS}
    for question in questions:
        data[question] = np.array([ANSWER_CODES[normalise_answer(v)] for v in column[question]], dtype=np.int8)
    for name in by:
        data[name] = column[name].str.strip().replace("", BLANK_GROUP).to_numpy()
    result.cases = pd.DataFrame(data)
    return result
