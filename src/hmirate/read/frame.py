"""Take a pandas DataFrame in as if it were a read file, column by column, with no Python per cell.

Each needed column is factorised (pandas hashes it in C) and only its distinct values are turned into
text the way a person sees a cell (``1`` not ``1.0``, dates in ISO form), so a million-row frame costs a
few dozen conversions per column, and validation then treats it exactly like a CSV. A missing cell
(NaN, None) stays missing, so validation can say that pandas, not the analyst, blanked it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from hmirate.read.raw import ColumnPlan, RawFile

if TYPE_CHECKING:
    import pandas as pd


def is_frame(source: object) -> bool:
    """A pandas DataFrame, recognised without importing pandas (reading files never needs it)."""
    return type(source).__name__ == "DataFrame" and type(source).__module__.startswith("pandas")


def _column(series: pd.Series) -> pa.DictionaryArray:
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        dictionary = pa.array(uniques, type=pa.string())
    else:
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
    table = pa.table({f"c{i}": _column(frame.iloc[:, i]) for i in sorted(wanted)})
    return RawFile(name=name, header=header, frame=table, row_lines=range(2, len(frame) + 2))
