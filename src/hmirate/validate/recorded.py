"""Which rows of a drawn sample's record were not inspected, so validation does not take them for blanks.

A record of a drawn sample (a file with a ``reserve`` column: the template ``hmirate template`` writes)
lists every drawn case, inspected or not. A case with no answer to any key question was not inspected: a
reserve not needed, a main case a reserve replaced, one not reached yet. It is left out, with a note, rather
than reported as a row of blank answers; a case with some answers must still have them all. Any other file
keeps today's rule: every row is a case, and a blank answer is an error.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hmirate.columns import fold
from hmirate.read.raw import ColumnPlan, RawFile

RESERVE = "reserve"
"""The column a drawn sample (and its recording template) marks reserves in."""


def leave_out_unrecorded(raw: RawFile, plan: ColumnPlan) -> tuple[RawFile, int]:
    """The file without the cases of a drawn sample's record that have no answers, and a note saying so;
    and how many were left out, so the row count still accounts for every row read."""
    answers = [plan.positions[question] for question in plan.key_questions]
    if not answers or raw.frame.num_rows == 0 or RESERVE not in (fold(name) for name in raw.header):
        return raw, 0
    untouched = np.ones(raw.frame.num_rows, dtype=bool)
    for position in answers:
        column = raw.column(position)
        if column is None:
            return raw, 0
        text = pc.utf8_trim_whitespace(column.cast(pa.string()))
        untouched &= pc.equal(pc.utf8_length(text), 0).fill_null(False).to_numpy(zero_copy_only=False)
    if not untouched.any():
        return raw, 0
    count = int(untouched.sum())
    cases = "1 case" if count == 1 else f"{count:,} cases"
    note = f"{raw.name}: left out {cases} with no answers (not inspected: reserves not used, or cases replaced)"
    kept = raw.but(
        frame=raw.frame.filter(pa.array(~untouched)),
        row_lines=[line for line, left in zip(raw.lines, untouched.tolist(), strict=True) if not left],
        notes=[*raw.notes, note],
    )
    return kept, count
