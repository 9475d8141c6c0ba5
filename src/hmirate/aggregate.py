"""Count answers per key question, for the whole sample and for each group of each split column.

The only stage that needs pandas' muscle: one vectorised pass per split column, whatever the number of
rows. Answers arrive coded by :mod:`hmirate.validate` (0 No, 1 Yes, 2 N/A, -1 not asked in that file).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

KINDS = {"yes": 1, "no": 0, "not_applicable": 2}


@dataclass(frozen=True)
class Counts:
    """Answer counts: ``overall`` indexed by key question; ``splits[column]`` indexed by (group, question).

    Both have the columns yes, no, not_applicable. ``sizes[column]`` is the number of cases in each group,
    in the order groups are shown: largest first, then by name, so the order never depends on row order.
    """

    overall: pd.DataFrame
    splits: dict[str, pd.DataFrame]
    sizes: dict[str, pd.Series]


def count_answers(cases: pd.DataFrame, questions: list[str], splits: list[str]) -> Counts:
    answers = cases[questions]
    indicators = pd.concat({kind: answers == code for kind, code in KINDS.items()}, axis=1)
    overall = indicators.sum().unstack(0).reindex(index=questions, columns=list(KINDS))
    by_split, sizes = {}, {}
    for column in splits:
        keys = cases[column]
        counted = indicators.groupby(keys, sort=False, observed=True).sum()
        size = keys.value_counts(sort=False)
        order = sorted(size.index, key=lambda group: (-int(size[group]), str(group)))
        counted = counted.reindex(order)
        long = counted.stack(level=1, future_stack=True)
        by_split[column] = long.reindex(columns=list(KINDS)).astype("int64")
        sizes[column] = size.reindex(order).astype("int64")
    return Counts(overall.astype("int64"), by_split, sizes)
