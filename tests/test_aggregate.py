"""Counting with pandas: every key question and group, zeros kept, the same whichever way the joint is taken."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmirate import aggregate
from hmirate.aggregate import ALL, count_answers, pool

ANSWERS = ["Yes", "No", "N/A"]


def frame(rows: list[tuple[str, str, str | None, str | None]]) -> pd.DataFrame:
    grade, gender, first, second = zip(*rows, strict=True) if rows else ((), (), (), ())
    answers = pd.CategoricalDtype(ANSWERS)
    return pd.DataFrame(
        {
            "grade": pd.Categorical(grade),
            "gender": pd.Categorical(gender),
            "2.1.1": pd.Series(first, dtype=answers),
            "2.1.2": pd.Series(second, dtype=answers),
        }
    )


def by_hand(rows, question: int) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(split, group) -> (yes, no, n/a), counted with a Counter; a missing answer is not asked."""
    counts: dict[tuple[str, str], Counter] = {}
    for grade, gender, *answers in rows:
        answer = answers[question]
        for key in ((ALL, ALL), ("grade", grade), ("gender", gender)):
            counts.setdefault(key, Counter())
            if answer is not None:
                counts[key][answer] += 1
    return {key: (c["Yes"], c["No"], c["N/A"]) for key, c in counts.items()}


ROWS = st.lists(
    st.tuples(
        st.sampled_from(["scm", "cm", "im"]),
        st.sampled_from(["male", "female"]),
        st.sampled_from([*ANSWERS, None]),
        st.sampled_from(ANSWERS),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(ROWS, st.booleans())
def test_counts_equal_a_count_by_hand_whichever_joint(rows, few_cells):
    """The joint of every combination (few groups) and of the observed ones (many) give the same counts."""
    limit = aggregate.JOINT_CELLS
    aggregate.JOINT_CELLS = limit if few_cells else 0
    try:
        counts = count_answers(frame(rows), ["2.1.1", "2.1.2"], ["grade", "gender"])
    finally:
        aggregate.JOINT_CELLS = limit
    for position, question in enumerate(["2.1.1", "2.1.2"]):
        found = {
            (split, group): (yes, no, na)
            for q, split, group, yes, no, na in counts.itertuples(index=False, name=None)
            if q == question
        }
        assert found == by_hand(rows, position)


def test_groups_with_no_case_asked_are_zero_and_order_is_largest_first():
    rows = [("cm", "male", "Yes", "Yes"), ("cm", "female", None, "No"), ("scm", "male", None, "Yes")]
    counts = count_answers(frame(rows), ["2.1.1"], ["grade", "gender"])
    assert counts.values.tolist() == [
        ["2.1.1", ALL, ALL, 1, 0, 0],
        ["2.1.1", "grade", "cm", 1, 0, 0],
        ["2.1.1", "grade", "scm", 0, 0, 0],  # scm's only case was not asked 2.1.1
        ["2.1.1", "gender", "male", 1, 0, 0],
        ["2.1.1", "gender", "female", 0, 0, 0],
    ]


def test_pool_unifies_labels_and_leaves_unasked_questions_missing():
    one = frame([("cm", "male", "Yes", "No")])
    two = frame([("scm", "female", "No", "Yes")]).drop(columns=["2.1.1"])
    pooled = pool([one, two], ["2.1.1", "2.1.2"], ["grade", "gender"])
    assert pooled["grade"].tolist() == ["cm", "scm"]
    assert pooled["2.1.1"].isna().tolist() == [False, True]
    assert list(pooled["2.1.2"].cat.categories) == ANSWERS


@pytest.mark.parametrize("splits", [[], ["grade"]])
def test_no_or_one_split(splits):
    counts = count_answers(frame([("cm", "male", "Yes", "No"), ("cm", "male", "N/A", "No")]), ["2.1.1"], splits)
    assert counts.values.tolist()[0] == ["2.1.1", ALL, ALL, 1, 0, 1]


def test_no_key_questions_is_an_empty_table():
    counts = count_answers(frame([("cm", "male", "Yes", "No")]), [], ["grade", "gender"])
    assert counts.empty and list(counts.columns) == list(aggregate.COUNT_COLUMNS)


def test_a_split_column_with_a_missing_group_is_refused():
    """Every case is in one group of each split, so each split's groups add up to the whole sample."""
    cases = frame([("cm", "male", "Yes", "No"), ("cm", "male", "No", "No")])
    cases["grade"] = pd.Categorical(["cm", None], categories=["cm"])
    with pytest.raises(ValueError, match="split column grade has missing values"):
        count_answers(cases, ["2.1.1"], ["grade", "gender"])
