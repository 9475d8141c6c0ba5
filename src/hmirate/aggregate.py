"""Count answers per key question, for the whole sample and for each group of each split column: pandas.

Validation hands over each file's valid cases as a DataFrame of categoricals (answers with the categories
Yes, No, N/A; grade, gender and each ``--by`` column with their labels). Files are pooled into one frame
(a key question a file does not carry is missing for its rows, so it is not counted), and the counts come
from ``groupby(..., observed=False)``, which keeps every zero. The result is one tidy frame that every
later stage reads: the rating, the report, each output format.
"""

from __future__ import annotations

import pandas as pd
from pandas.api.types import union_categoricals

from hmirate.validate.caserow import ANSWERS

ALL = "(all)"
"""The ``split`` and ``group`` of a key question's whole-sample counts."""

COUNT_COLUMNS = ("key_question", "split", "group", "yes", "no", "not_applicable")
"""One row per key question and group; the whole sample is split ``(all)``, group ``(all)``."""


def pool(files: list[pd.DataFrame], questions: list[str], splits: list[str]) -> pd.DataFrame:
    """All files' cases as one frame, with each split column's labels unified across files."""
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


def _concat(parts: list[pd.Series]) -> pd.Categorical:
    return union_categoricals(parts) if len(parts) > 1 else parts[0].array


def group_order(cases: pd.DataFrame, column: str) -> list[str]:
    """A split's groups, the largest first, then by name: an order that never depends on row order."""
    sizes = cases[column].value_counts(sort=False)
    return sorted((str(group) for group in sizes.index), key=lambda group: (-int(sizes[group]), group))


def count_answers(cases: pd.DataFrame, questions: list[str], splits: list[str]) -> pd.DataFrame:
    """The tidy counts frame (:data:`COUNT_COLUMNS`): yes, no and not applicable for each key question,
    over the whole sample and per group of each split, groups in :func:`group_order`."""
    orders = {column: group_order(cases, column) for column in splits}
    tables = []
    for question in questions:
        overall = cases[question].value_counts(sort=False).reindex(list(ANSWERS), fill_value=0)
        tables.append(pd.DataFrame([[question, ALL, ALL, *overall.tolist()]], columns=list(COUNT_COLUMNS)))
        for column in splits:
            table = cases.groupby([column, question], observed=False).size().unstack(question)
            table = table.reindex(index=orders[column], columns=list(ANSWERS), fill_value=0)
            table.columns = list(COUNT_COLUMNS[3:])
            tables.append(table.rename_axis("group").reset_index().assign(key_question=question, split=column))
    if not tables:
        return pd.DataFrame(columns=list(COUNT_COLUMNS))
    counts = pd.concat(tables, ignore_index=True)[list(COUNT_COLUMNS)]
    return counts.astype({"yes": "int64", "no": "int64", "not_applicable": "int64"})
