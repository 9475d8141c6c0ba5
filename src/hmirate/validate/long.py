"""A long export's question cells checked against the framework, on the rows that hold them.

The pivot turns each different question cell into a column, without knowing the framework; a column that
is no key question would then be a column hmirate does not read, and every answer row under it would be
lost while counted valid. Here each such question is an error on the long rows that carry it, grouped like
any repeated problem (the first line, the count and the lines), and those rows are counted as with errors.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from hmirate.errors import Problem
from hmirate.read.raw import RawFile
from hmirate.rules.framework import Framework
from hmirate.validate.headers import key_question_wordings, question_problem
from hmirate.validate.problems import column_problems, rows_by_message


def unread_questions(raw: RawFile, framework: Framework) -> tuple[list[Problem], set[int]]:
    """The problems of a long export's question cells that are none of the framework's key questions, and
    the lines of the rows carrying them; nothing for a file that is not a long export's pivot."""
    long = raw.long
    if long is None:
        return [], set()
    wordings = key_question_wordings(framework)
    why = {
        raw.header[position]: reason
        for position in range(long.questions_from, len(raw.header))
        if (reason := question_problem(raw.header[position], framework, wordings)) is not None
    }
    if not why:
        return [], set()
    column = long.file.column(long.question_at)
    assert column is not None  # the pivot keeps it
    encoded = pc.dictionary_encode(column.cast(pa.string())).combine_chunks()
    values = encoded.dictionary.to_pylist()  # stripped as the pivot strips them
    failed = {number: why[value.strip()] for number, value in enumerate(values) if value.strip() in why}
    indices = encoded.indices.fill_null(-1).to_numpy()
    failures = rows_by_message(indices, failed, len(values))
    name = long.file.header[long.question_at].strip()
    found = column_problems(long.file, name, failures, long.question_at)
    lines = long.file.lines
    return [problem for _, problem in found], {lines[int(row)] for row in failures.rows}
