"""Count answers per key question, for the whole sample and for each group of each split column: pandas.

Validation hands over each file's valid cases as a DataFrame of categoricals (answers with the categories
Yes, No, N/A; the framework's splits and each ``by`` column with their labels). Files are pooled into one frame
(a key question a file does not carry is missing for its rows, so it is not counted), and the counts are
sums of answer indicators (``get_dummies``) by ``groupby(..., observed=False)``, which keeps every zero.
The result is one tidy frame that every later stage reads: the rating, the report, each output format.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

from hmirate.columns import joined_note, label_key, spellings_joined
from hmirate.validate.caserow import ALL, ANSWERS

JOINT_CELLS = 1_000_000
"""Up to this many cells (combinations of split groups, times key questions and answers), the joint table
lists every combination (fast); beyond it, only those that occur (bounded by the rows)."""

MAX_GROUPS = 1_000
"""The most groups one split column may have: past it, the column is an id or free text, not a split, and
a report of every key question for each of its groups would run to gigabytes."""

LABELS_SHOWN = 3
"""How many sets of joined labels a note lists before a count of the rest."""

MAX_TOTAL_GROUPS = 1_100
"""The most groups of all the splits together: one split of :data:`MAX_GROUPS` beside the framework's own,
but not twelve ``by`` columns of 100 groups (each group is a row of every key question in every output:
that was a report of 200 MB)."""

COUNT_COLUMNS = ("key_question", "split", "group", "yes", "no", "not_applicable")
"""One row per key question and group; the whole sample is split ``(all)``, group ``(all)``."""


def pool(files: list[pd.DataFrame], questions: list[str], splits: list[str]) -> pd.DataFrame:
    """All files' cases as one frame, with each split column's labels unified across files."""
    import pandas as pd  # imported here, not at the top: see hmirate.pipeline's preload
    from pandas.api.types import union_categoricals

    answer_type = pd.CategoricalDtype(list(ANSWERS))
    columns: dict[str, pd.Series] = {}
    for question in questions:
        parts = [
            frame[question] if question in frame else pd.Series(pd.Categorical([None] * len(frame), dtype=answer_type))
            for frame in files
        ]
        columns[question] = pd.Series(pd.Categorical(_concat(parts), dtype=answer_type))
    for column in splits:
        columns[column] = pd.Series(union_categoricals([frame[column] for frame in files]))
    return pd.DataFrame(columns, copy=False)


def fold_labels(cases: pd.DataFrame, splits: list[str]) -> list[str]:
    """Labels of a split that differ only by letter case or spacing (``male``, ``Male``, ``MALE``;
    ``case  manager``) are one group, under its most common spelling
    (:func:`~hmirate.columns.spellings_joined`), and a note says which were joined. In place, on the pooled
    cases; one note per split that had any.

    Joined rather than kept apart: a person reads them as one group, and kept apart they would be small
    groups of one label each, too small to read, and compared with each other in the gaps.
    """
    import numpy as np
    import pandas as pd

    notes = []
    for column in splits:
        series = cases[column]
        labels = [str(label) for label in series.cat.categories]
        if len({label_key(label) for label in labels}) == len(labels):
            continue
        sizes = np.bincount(series.cat.codes[series.cat.codes >= 0], minlength=len(labels))
        joined = spellings_joined(dict(zip(labels, sizes.tolist(), strict=True)))
        named = [joined.get(label, label) for label in labels]
        groups = list(dict.fromkeys(named))
        lookup = np.array([groups.index(name) for name in named] + [-1], dtype=np.int64)
        cases[column] = pd.Categorical.from_codes(lookup[series.cat.codes.to_numpy()], categories=pd.Index(groups))
        notes.append(joined_note(column, joined, LABELS_SHOWN))
    return notes


def _concat(parts: list[pd.Series]) -> pd.Categorical:
    from pandas.api.types import union_categoricals

    return union_categoricals(parts) if len(parts) > 1 else parts[0].array


def group_order(sizes: list[int], names: list[str]) -> list[int]:
    """A split's groups (as positions among its categories), the largest first, then by name: an order
    that never depends on row order. ``sizes`` are the cases that carry the key question being ordered, so
    a standard's groups keep one order whatever other files (carrying other standards) are in the run."""
    return sorted(range(len(names)), key=lambda at: (-sizes[at], names[at]))


def count_answers(cases: pd.DataFrame, questions: list[str], splits: list[str]) -> pd.DataFrame:
    """The tidy counts frame (:data:`COUNT_COLUMNS`): yes, no and not applicable for each key question,
    over the whole sample and per group of each split, groups in :func:`group_order` of the cases that
    carry each key question (a file carries a standard whole, so every key question of a standard has the
    same order, and a gap's first and second group do not change when files of other standards are added).

    Every key question at once: each answer column becomes three indicator columns (Yes, No, N/A; a
    question a file does not carry is none of them), summed in one ``groupby`` over every split column
    together; the whole sample and each split's table are sums of that joint table, with
    ``observed=False`` bringing back every group with no case as zeros. One groupby for all key
    questions rather than one each: at 100 cases the per-call cost of pandas is most of the time.
    Categorical levels keep their categories' order, so groups are taken by position, not looked up by
    label.
    """
    import pandas as pd

    for question in questions:
        if list(cases[question].cat.categories) != list(ANSWERS):
            raise ValueError(f"answers to {question} must be categorical in the order {ANSWERS}")
    for column in splits:  # validation reports a missing group; here it would leave the groups' sums short
        if cases[column].isna().any():
            raise ValueError(f"split column {column} has missing values")
    if not questions:
        return _frame([])
    answers = pd.get_dummies(cases[questions], prefix_sep="\x00", dtype=bool)
    if list(answers.columns) != [f"{question}\x00{answer}" for question in questions for answer in ANSWERS]:
        raise ValueError("one indicator column per key question and answer, in order, was expected")
    blocks = [_rows(questions, ALL, [ALL], answers.sum().to_numpy()[None, :])]
    if splits:
        names = {column: [str(group) for group in cases[column].cat.categories] for column in splits}
        # Every combination is fastest while there are few; many --by groups would make it huge.
        observed = math.prod(len(names[column]) for column in splits) * answers.shape[1] > JOINT_CELLS
        joint = answers.groupby([cases[column] for column in splits], observed=observed).sum()
        for at, column in enumerate(splits):
            table = joint.groupby(level=at, observed=False).sum().to_numpy()
            blocks.append(_rows(questions, column, names[column], table))
    return _frame([row for k in range(len(questions)) for block in blocks for row in block[k]])


def _rows(questions: list[str], column: str, names: list[str], table: np.ndarray) -> list[list[tuple[object, ...]]]:
    """One split's rows from its table (a row per group, three columns per key question): for each key
    question, a row per group, in :func:`group_order` of the group's cases carrying that question."""
    width = len(ANSWERS)
    rows = []
    for k, question in enumerate(questions):
        counts = table[:, k * width : (k + 1) * width]
        order = group_order([int(carried) for carried in counts.sum(axis=1)], names)
        rows.append([(question, column, names[at], *counts[at].tolist()) for at in order])
    return rows


def _frame(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    import pandas as pd

    counts = pd.DataFrame(rows, columns=list(COUNT_COLUMNS))
    return counts.astype({"yes": "int64", "no": "int64", "not_applicable": "int64"})
