"""Count answers per key question, for the whole sample and for each group of each split column.

Validation hands over answers already coded (0 No, 1 Yes, 2 N/A, -1 not asked in that file) and every
split column as integer codes with their labels, so counting is one ``bincount`` of group x answer per
key question and split: numpy, the engine under pandas, without pandas' start-up cost (a quarter of a
second, more than scoring a whole inspection sample takes). The counts are the only thing the rating
and report stages see.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hmirate.validate.rows import Cases

KINDS = ("yes", "no", "not_applicable")
_COLUMN_OF_CODE = (1, 0, 2)
"""Where each answer code's count goes in a (yes, no, not_applicable) row: code 0 No, 1 Yes, 2 N/A."""


@dataclass(frozen=True)
class Pooled:
    """All files' cases as one: answers per key question, and each split column's codes and labels."""

    answers: dict[str, np.ndarray]
    splits: dict[str, tuple[np.ndarray, list[str]]]


@dataclass(frozen=True)
class Counts:
    """Answer counts as (yes, no, not_applicable): ``overall[question]`` and ``groups[column][question]``
    (one row per group, in the order of ``values[column]``: the largest group first, then by name, so
    the order never depends on row order); ``sizes[column]`` the number of cases in each group."""

    overall: dict[str, tuple[int, int, int]]
    values: dict[str, list[str]]
    sizes: dict[str, list[int]]
    groups: dict[str, dict[str, np.ndarray]]


def pool(files: list[Cases], questions: list[str], splits: list[str]) -> Pooled:
    """One set of arrays for all files: a question a file does not carry is coded -1 for its rows, and
    each split column's labels are unified across files."""
    answers = {
        q: np.concatenate([f.answers.get(q, np.full(len(f), -1, dtype=np.int8)) for f in files]) for q in questions
    }
    pooled_splits = {}
    for column in splits:
        values: list[str] = []
        index: dict[str, int] = {}
        parts = []
        for cases in files:
            labels = cases.labels[column]
            lookup = np.array([index.setdefault(v, len(index)) for v in labels.values], dtype=np.int32)
            values = list(index)
            parts.append(lookup[labels.codes] if len(lookup) else labels.codes)
        pooled_splits[column] = (np.concatenate(parts), values)
    return Pooled(answers, pooled_splits)


def _by_answer(answers: np.ndarray, cells: np.ndarray | None = None, count: int = 1) -> np.ndarray:
    """Rows of (yes, no, not_applicable) per group; rows not asked the question (-1) are not counted.

    ``cells`` is each row's group times 4 plus 1, so that adding the answer code (-1..2) gives a
    distinct bin per group and answer, with "not asked" in bin 0 of each group, then dropped.
    """
    bins = answers + 1 if cells is None else cells + answers
    table = np.bincount(bins, minlength=count * 4).reshape(count, 4)[:, 1:]
    return table[:, list(_COLUMN_OF_CODE)]


def count_answers(pooled: Pooled, questions: list[str], splits: list[str]) -> Counts:
    overall = {q: tuple(int(n) for n in _by_answer(pooled.answers[q].astype(np.intp))[0]) for q in questions}
    values, sizes, groups = {}, {}, {}
    for column in splits:
        codes, labels = pooled.splits[column]
        size = np.bincount(codes, minlength=len(labels))
        order = sorted(range(len(labels)), key=lambda g: (-int(size[g]), labels[g]))
        values[column] = [labels[g] for g in order]
        sizes[column] = [int(size[g]) for g in order]
        cells = codes.astype(np.intp) * 4 + 1
        groups[column] = {q: _by_answer(pooled.answers[q], cells, len(labels))[order] for q in questions}
    return Counts(overall, values, sizes, groups)
