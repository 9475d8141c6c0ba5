"""Count answers per key question, for the whole sample and for each group of each split column: pandas.

Validation hands over each file's valid cases as a DataFrame of categoricals (answers with the categories
Yes, No, N/A; grade, gender and each ``--by`` column with their labels). Files are pooled into one frame
(a key question a file does not carry is missing for its rows, so it is not counted), and the counts come
from ``groupby(..., observed=False)``, which keeps every zero. The result is one tidy frame that every
later stage reads: the rating, the report, each output format.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from hmirate.validate.caserow import ALL, ANSWERS

JOINT_CELLS = 1_000_000
"""Up to this many combinations of split groups and answers, the joint count lists every one (fast);
beyond it, only those that occur (bounded by the rows)."""

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


def _concat(parts: list[pd.Series]) -> pd.Categorical:
    from pandas.api.types import union_categoricals

    return union_categoricals(parts) if len(parts) > 1 else parts[0].array


def group_order(cases: pd.DataFrame, column: str) -> list[int]:
    """A split's groups (as positions among its categories), the largest first, then by name: an order
    that never depends on row order."""
    sizes = cases[column].value_counts(sort=False)  # in the order of the categories, zeros included
    names = [str(group) for group in sizes.index]
    return sorted(range(len(names)), key=lambda at: (-int(sizes.iloc[at]), names[at]))


def count_answers(cases: pd.DataFrame, questions: list[str], splits: list[str]) -> pd.DataFrame:
    """The tidy counts frame (:data:`COUNT_COLUMNS`): yes, no and not applicable for each key question,
    over the whole sample and per group of each split, groups in :func:`group_order`.

    One groupby per key question over every split column at once (the combinations that occur), then
    each split's table and the whole sample's row are sums over it, with ``observed=False`` bringing
    back every group and answer with no case as a zero. Categorical levels keep their categories' order,
    so rows and columns are taken by position, not looked up by label.
    """
    import pandas as pd

    orders = {column: group_order(cases, column) for column in splits}
    names = {column: [str(group) for group in cases[column].cat.categories] for column in splits}
    cells = math.prod(len(names[column]) for column in splits) * len(ANSWERS)
    rows: list[tuple[object, ...]] = []
    for question in questions:
        if list(cases[question].cat.categories) != list(ANSWERS):
            raise ValueError(f"answers to {question} must be categorical in the order {ANSWERS}")
        if splits:
            # Every combination is fastest while there are few; many --by groups would make it huge.
            joint = cases.groupby([*splits, question], observed=cells > JOINT_CELLS).size()
            overall = joint.groupby(level=question, observed=False).sum()
        else:
            overall = cases[question].value_counts(sort=False)
        rows.append((question, ALL, ALL, *overall.to_numpy().tolist()))
        for column in splits:
            table = joint.groupby(level=[column, question], observed=False).sum().unstack(question).to_numpy()
            rows += [(question, column, names[column][at], *table[at].tolist()) for at in orders[column]]
    counts = pd.DataFrame(rows, columns=list(COUNT_COLUMNS))
    return counts.astype({"yes": "int64", "no": "int64", "not_applicable": "int64"})
