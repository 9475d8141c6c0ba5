"""The floor: the least work any scorer of a case file must do, timed beside ``hmirate score``.

    python benchmarks/floor.py benchmarks/out/cases-1000000.csv

It reads the file with pyarrow (text columns; only the ones needed, dictionary-encoded while parsing,
quoted newlines allowed, as hmirate reads them), checks in Arrow that every case id is there and is
distinct (a scorer that skipped this could count a case twice: the case_id column has been read since
issue 11; before, the floor read only grade, gender and the answers), maps each distinct answer spelling
to a code once, and counts answers per key question and per group of grade and of gender with one
``np.bincount`` per question over the joint (grade, gender) cell. It prints the counts as JSON. No
validation beyond that, no ratings, no report, no pandas or pydantic: a target of "1.6x the floor" is
then a budget for everything hmirate adds, not a race against a strawman.
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

QUESTIONS = [f"2.{standard}.{k}" for standard in range(1, 5) for k in range(1, 4)]
GROUPS = ("grade", "gender")
ANSWERS = {"no": 0, "n": 0, "yes": 1, "y": 1, "n/a": 2, "na": 2, "n.a.": 2, "notapplicable": 2}
"""hmirate's accepted spellings (ignoring case and spaces); applied to each distinct value only."""
KINDS = ("no", "yes", "not_applicable")


def _read(path: str) -> pa.Table:
    columns = [*GROUPS, *QUESTIONS]
    dictionary = pa.dictionary(pa.int32(), pa.string())
    table = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            include_columns=["case_id", *columns],
            column_types={"case_id": pa.string(), **dict.fromkeys(columns, dictionary)},
            null_values=[],
            strings_can_be_null=False,
        ),
    )
    return table.unify_dictionaries().combine_chunks()


def _codes(table: pa.Table, name: str) -> tuple[np.ndarray, list[str]]:
    """Row codes (int64, ready for arithmetic) and the distinct values they index."""
    column = table.column(name).chunk(0)
    return column.indices.to_numpy().astype(np.int64), column.dictionary.to_pylist()


def count_file(path: str) -> dict:
    """Counts ``[no, yes, n/a]`` per key question, overall and per grade and gender group."""
    table = _read(path)
    ids = pc.utf8_trim_whitespace(table.column("case_id"))
    if pc.min(pc.utf8_length(ids)).as_py() == 0 or pc.count_distinct(ids).as_py() != table.num_rows:
        raise SystemExit(f"{path}: a blank or repeated case id: a case would be counted twice or not at all")
    grade, grades = _codes(table, "grade")
    gender, genders = _codes(table, "gender")
    cell = (grade * len(genders) + gender) * 3
    width = len(grades) * len(genders) * 3
    result: dict = {"rows": table.num_rows, "questions": {}}
    for question in QUESTIONS:
        indices, values = _codes(table, question)
        lookup = np.array([ANSWERS.get("".join(v.split()).casefold(), -1) for v in values], dtype=np.int64)
        if (lookup < 0).any():
            raise SystemExit(f"{path}: {question}: unknown answer in {values}")
        counts = np.bincount(cell + lookup[indices], minlength=width).reshape(len(grades), len(genders), 3)
        result["questions"][question] = {
            "all": counts.sum(axis=(0, 1)).tolist(),
            "grade": dict(zip(grades, counts.sum(axis=1).tolist(), strict=True)),
            "gender": dict(zip(genders, counts.sum(axis=0).tolist(), strict=True)),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: floor.py FILE.csv", file=sys.stderr)
        return 2
    json.dump(count_file(args[0]), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
