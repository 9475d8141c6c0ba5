"""Take a pandas DataFrame in as if it were a read file, column by column, with no Python per cell.

Each needed column is factorised (pandas hashes it in C) and only its distinct values are turned into
text the way a person sees a cell (``1`` not ``1.0``, dates in ISO form), so a million-row frame costs a
few dozen conversions per column, and validation then treats it exactly like a CSV. A missing cell
(NaN, None) stays missing, so validation can say that pandas, not the analyst, blanked it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from hmirate.arguments import shown
from hmirate.errors import InvalidData, Problem, counted
from hmirate.read.raw import ColumnPlan, RawFile

if TYPE_CHECKING:
    import pandas as pd


def is_frame(source: object) -> bool:
    """A pandas DataFrame, recognised without importing pandas (reading files never needs it)."""
    return type(source).__name__ == "DataFrame" and type(source).__module__.startswith("pandas")


def is_value(cell: object) -> bool:
    """Whether a cell holds one value, as a spreadsheet's does: not a list, a dict, a set, an array or bytes."""
    return isinstance(cell, str) or not isinstance(cell, bytes | bytearray | Iterable)


class NotValues(Exception):
    """A column with cells that hold no one value: where they are (positions in the frame) and the first."""

    def __init__(self, positions: np.ndarray, first: object) -> None:
        super().__init__()
        self.positions, self.first = positions, first

    def problem(self, name: str, column: str) -> Problem:
        what = f"{shown(self.first)},"  # "a ndarray," for what has no short form
        if isinstance(self.first, bytes | bytearray | list | tuple | dict | set | frozenset):
            kind = type(self.first).__name__
            what = f"{kind if kind.startswith('byte') else 'a ' + kind}, {what}"
        more = len(self.positions) - 1
        also = f" ({counted(more, 'more cell')} of this column likewise)" if more else ""
        message = f"holds {what} not one value: a cell must be text, a number or a date{also}"
        return Problem(name, int(self.positions[0]) + 2, column, message)


def _column(series: pd.Series) -> pa.DictionaryArray:
    """The column dictionary-encoded; :class:`NotValues` when a cell holds a list or the like (a cell pandas
    cannot hash is found in a pass over the column, made only then)."""
    import pandas as pd

    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable: a list, a dict, a set
        wrong = np.flatnonzero([not is_value(cell) for cell in series])
        raise NotValues(wrong, series.iloc[wrong[0]]) from None
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        dictionary = pa.array(uniques, type=pa.string())
    else:
        if bad := [code for code, value in enumerate(uniques) if not is_value(value)]:
            wrong = np.flatnonzero(np.isin(codes, bad))
            raise NotValues(wrong, uniques[codes[wrong[0]]])
        # distinct values can read the same (1 and "1"): factorise the text again, so the dictionary holds
        # each text once and a repeated case id is seen as one
        from hmirate.read.sheet_xml import cell_text  # a cell as a person sees it: 1 not 1.0, dates in ISO form

        texts, distinct = pd.factorize(pd.Series([cell_text(value) for value in uniques], dtype=object))
        codes = np.where(codes < 0, codes, texts[codes]) if len(texts) else codes
        dictionary = pa.array(distinct, type=pa.string())
    indices = pa.array(codes, type=pa.int32(), mask=codes < 0)
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def read_frame(frame: pd.DataFrame, name: str, plan: ColumnPlan | None = None) -> RawFile:
    """The frame's needed columns (``plan``), each dictionary-encoded; rows numbered as if written to CSV."""
    header = [str(column) for column in frame.columns]
    wanted = plan.reads() if plan else dict.fromkeys(range(len(header)), False)
    if not wanted and header:
        wanted = {0: False}  # nothing hmirate uses, but the rows must still be counted
    columns, problems = {}, []
    for i in sorted(wanted):
        try:
            columns[f"c{i}"] = _column(frame.iloc[:, i])
        except NotValues as cells:
            problems.append(cells.problem(name, header[i]))
    if problems:
        raise InvalidData(problems)
    table = pa.table(columns)
    return RawFile(name=name, header=header, frame=table, row_lines=range(2, len(frame) + 2))
