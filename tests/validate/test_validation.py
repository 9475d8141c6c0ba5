"""Every row is checked; every problem is reported with file, line and column; nothing is scored from a subset."""

from __future__ import annotations

import pytest

import hmirate
from hmirate.errors import InvalidData

HEADER = "case_id,grade,gender,2.1.1,2.1.2,2.1.3\n"


def problems(path) -> list[str]:
    with pytest.raises(InvalidData) as raised:
        hmirate.score(path)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize(
    ("cell", "answer"),
    [("Yes", 1), (" yes ", 1), ("Y", 1), ("NO", 0), ("n", 0), ("N/A", 2), ("NA", 2), ("n / a", 2),
     ("N.A.", 2), ("Not applicable", 2), ("na", 2)],
)  # fmt: skip
def test_accepted_spellings(write, cell, answer):
    path = write(HEADER + f"A,scm,male,{cell},Yes,No\n")
    figures = hmirate.score(path).key_question("2.1.1")
    assert (figures.no, figures.yes, figures.not_applicable) == tuple(int(answer == code) for code in (0, 1, 2))


def test_na_is_an_answer_not_missing(write):
    path = write(HEADER + "A,scm,male,N/A,NA,Yes\nB,cm,female,No,Yes,Yes\n")
    report = hmirate.score(path)
    first = report.key_question("2.1.1")
    assert (first.yes, first.no, first.not_applicable, first.base, first.percent) == (0, 1, 1, 1, 0.0)
    second = report.key_question("2.1.2")
    assert (second.base, second.percent, second.percent_whole) == (1, 100.0, 100)


def test_base_zero_has_no_percent(write):
    path = write(HEADER + "A,scm,male,N/A,Yes,Yes\n")
    figures = hmirate.score(path).key_question("2.1.1")
    assert (figures.base, figures.percent, figures.percent_whole) == (0, None, None)
    assert hmirate.score(path).standard("2.1").driving_key_question == "2.1.2"


def test_every_error_listed_in_file_order(write):
    path = write(
        HEADER
        + "A,scm,male,Yes,n/a,NO\n"
        + "B,,female,Yse,,y\n"
        + '"C\nD",cm,male,yes,yes,yes\n'
        + "A,cm,male,yes,yes,2\n"
        + "E,cm,male,yes,yes\n"
        + " ,cm,male,yes,yes,yes\n"
    )
    assert problems(path) == [
        f"{path}:3: grade: blank grade; the responsible officer's grade is required",
        f"{path}:3: 2.1.1: expected Yes, No or N/A, got 'Yse'",
        f"{path}:3: 2.1.2: blank answer; write Yes, No or N/A (N/A where it does not apply)",
        f"{path}:6: 2.1.3: expected Yes, No or N/A, got '2'",
        f"{path}:6: case_id: duplicate case_id 'A' (first on line 2)",
        f"{path}:7: row has 5 cells, the header has 6",
        f"{path}:8: case_id: blank case identifier; every case needs one",
    ]


def test_row_accounting(write):
    path = write(HEADER + "A,scm,male,Yes,Yes,Yes\nB,,male,Yes,Yes,Yes\nC,cm,male,Yes,Yes\n")
    with pytest.raises(InvalidData) as raised:
        hmirate.score(path)
    assert (raised.value.rows.read, raised.value.rows.with_errors) == (3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "case_id,gender,2.1.1,2.1.2,2.1.3\nA,m,Yes,Yes,Yes\n",
            ["{p}:1: missing required column 'grade' (framework crc-2018 splits by it)"],
        ),
        (
            "case_id,grade,gender,2.1.1,2.1.2\nA,x,m,Yes,Yes\n",
            ["{p}:1: standard 2.1 is incomplete: missing 2.1.3"],
        ),
        (
            HEADER.strip() + ",2.1.9\nA,x,m,Yes,Yes,Yes,Yes\n",
            ["{p}:1: 2.1.9: unknown key question: framework crc-2018 has no 2.1.9"],
        ),
        (
            "case_id,grade,Grade ,gender,2.1.1,2.1.2,2.1.3\nA,x,y,m,Yes,Yes,Yes\n",
            ["{p}:1: Grade: duplicate column header (same as column 2)"],
        ),
        (
            "case_id,grade,gender,office\nA,x,m,West\n",
            ["{p}:1: no key-question columns of framework crc-2018 (such as 2.1.1)"],
        ),
        (HEADER, ["{p}: no cases: the file has a header but no rows"]),
        ("", ["{p}: file is empty: expected a header row"]),
    ],
)
def test_file_level_problems(write, text, expected):
    path = write(text)
    assert problems(path) == [line.format(p=path) for line in expected]


def test_headers_match_ignoring_case_and_spaces(write):
    path = write(" Case_ID ,Grade ,GENDER,2.1.1,2.1.2,2.1.3\nA,scm,male,Yes,Yes,No\n")
    assert hmirate.score(path).key_question("2.1.3").no == 1


def test_bom_crlf_semicolons_and_windows_1252(write):
    text = "\ufeffcase_id;grade;gender;2.1.1;2.1.2;2.1.3;name\r\nA;scm;female;Yes;No;N/A;Jos\u00e9\r\n"
    path = write(text.removeprefix("\ufeff").encode("cp1252"))
    report = hmirate.score(path)
    assert report.notes == [f"{path}: not UTF-8; read as Windows-1252 (line 2 is the first that needed it)"]
    assert report.key_question("2.1.1").splits[1].groups[0].value == "female"
    utf8 = write(text, name="utf8.csv")
    assert hmirate.score(utf8).key_question("2.1.2").no == 1
    assert hmirate.score(utf8).notes == []


def test_duplicate_case_across_pooled_files(write):
    first = write(HEADER + "A,scm,male,Yes,Yes,Yes\n", name="one.csv")
    second = write(HEADER + "B,scm,male,Yes,Yes,Yes\nA,cm,male,No,No,No\n", name="two.csv")
    with pytest.raises(InvalidData) as raised:
        hmirate.score([first, second])
    assert [str(p) for p in raised.value.problems] == [
        f"{second}:3: case_id: duplicate case_id 'A' (also {first}:2, which carries the same key questions)"
    ]


def test_same_case_in_files_of_different_standards_is_fine(write):
    first = write(HEADER + "A,scm,male,Yes,Yes,Yes\n", name="one.csv")
    second = write("case_id,grade,gender,4.2.1,4.2.2,4.2.3\nA,scm,male,Yes,Yes,Yes\n", name="two.csv")
    assert hmirate.score([first, second]).standard("4.2").cases == 1


def test_a_repeated_case_is_reported_against_the_first_file_sharing_a_key_question(write):
    """Worked by hand: C has no key question of D's, so D's A is a repeat of A in E (line 3, after B), and
    F's B repeats E's and F's A is C's (F shares 2.1.x with E and 4.2.x with C, first of all)."""
    c = write("case_id,grade,gender,4.2.1,4.2.2,4.2.3\nA,scm,male,Yes,Yes,Yes\n", name="c.csv")
    e = write(HEADER + "B,scm,male,Yes,Yes,Yes\nA,scm,male,Yes,Yes,Yes\n", name="e.csv")
    d = write(HEADER + "A,cm,male,No,No,No\n", name="d.csv")
    both = "case_id,grade,gender,2.1.1,2.1.2,2.1.3,4.2.1,4.2.2,4.2.3\n"
    f = write(
        both + "X,scm,male,Yes,Yes,Yes,No,No,No\nB,scm,male,Yes,Yes,Yes,No,No,No\nA,scm,male,No,No,No,No,No,No\n",
        name="f.csv",
    )
    with pytest.raises(InvalidData) as raised:
        hmirate.score([c, e, d, f])
    assert [str(p) for p in raised.value.problems] == [
        f"{d}:2: case_id: duplicate case_id 'A' (also {e}:3, which carries the same key questions)",
        f"{f}:3: case_id: duplicate case_id 'B' (also {e}:2, which carries the same key questions)",
        f"{f}:4: case_id: duplicate case_id 'A' (also {c}:2, which carries the same key questions)",
    ]
    assert raised.value.rows is not None and raised.value.rows.with_errors == 3


def test_a_rule_changed_in_the_model_alone_changes_counts_and_messages(write, monkeypatch):
    """The model is the one source of the rules: swap its answer type, and scoring follows it."""
    from typing import Annotated, Literal

    from pydantic import BeforeValidator, Field, create_model
    from pydantic_core import PydanticCustomError

    from hmirate import columns
    from hmirate.validate import caserow

    def strict(value):
        text = str(value).strip()
        if text == "y":
            raise PydanticCustomError("short", "write Yes in full, not {value}", {"value": repr(text)})
        return {"Partly": "No"}.get(text, text)

    StrictAnswer = Annotated[Literal["Yes", "No", "N/A"], BeforeValidator(strict)]

    def model(questions, splits, by=()):
        fields = {"case_id": (columns.CaseId, ...), **{split: (str, ...) for split in splits}}
        fields.update({f"q{i}": (StrictAnswer, Field(alias=q)) for i, q in enumerate(questions)})
        return create_model("StrictRow", **fields)

    monkeypatch.setattr(caserow, "case_row_model", model)
    path = write(HEADER + "A,scm,male,Partly,Yes,Yes\nB,cm,male,Yes,Yes,Yes\n")
    figures = hmirate.score(path).key_question("2.1.1")
    assert (figures.yes, figures.no, figures.not_applicable) == (1, 1, 0)
    bad = write(HEADER + "A,scm,male,y,Yes,Yes\nB,cm,male,yes,Yes,Yes\n", name="bad.csv")
    assert problems(bad) == [
        f"{bad}:2: 2.1.1: write Yes in full, not 'y'",
        f"{bad}:3: 2.1.1: Input should be 'Yes', 'No' or 'N/A'",
    ]


def test_the_same_problem_in_many_rows_is_one_line_with_its_count(write):
    rows = (
        "".join(f"C{i},cm,male,Maybe,Yes,Yes\n" for i in range(8)) + "D,cm,male,Yes,Yes,Yes\nE,cm,male,Maybe,Yes,Yes\n"
    )
    path = write(HEADER + rows)
    with pytest.raises(InvalidData) as raised:
        hmirate.score(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:2: 2.1.1: expected Yes, No or N/A, got 'Maybe' (9 rows: lines 2-9, 11)"
    ]
    assert (raised.value.rows.read, raised.value.rows.with_errors) == (10, 9)


def test_blank_id_alone_is_caught_on_the_fast_path(write):
    """Found by the property test: Arrow calls an empty string printable ASCII."""
    path = write(HEADER + ",cm,male,Yes,Yes,Yes\nB,cm,male,Yes,Yes,Yes\n")
    assert problems(path) == [f"{path}:2: case_id: blank case identifier; every case needs one"]


@pytest.mark.parametrize(
    ("text", "delimiter", "shown"),
    [
        ("case_id;grade;gender;2.1.1;2.1.2;2.1.3\nA;cm;m;Yes;No;No\n", ",", ";"),
        ("case_id\tgrade\tgender\t2.1.1\t2.1.2\t2.1.3\nA\tcm\tm\tYes\tNo\tNo\n", ";", "tab"),
    ],
)
def test_a_header_read_as_one_column_is_one_problem_naming_the_delimiter(write, text, delimiter, shown):
    path = write(text)
    with pytest.raises(InvalidData) as raised:
        hmirate.score(path, delimiter=delimiter)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:1: the header was read as one column; is the delimiter '{shown}'? (say `delimiter` '{shown}')"
    ]
    assert (
        str(raised.value.rows)
        == "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)"
    )


def test_repeated_ids_are_found_when_the_dictionary_keeps_a_dropped_rows_value():
    """As many distinct values as rows does not make the ids distinct when one value is no row's."""
    import pyarrow as pa

    from hmirate.read.raw import RawFile
    from hmirate.rules.framework import load_framework
    from hmirate.validate.rows import validate_file

    def column(values: list[str], indices: list[int]) -> pa.DictionaryArray:
        return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(values))

    ids = column(["A", "B"], [0, 0])  # "B" belonged to a row the reader dropped
    frame = pa.table(
        {"c0": ids, "c1": column(["cm"], [0, 0]), "c2": column(["m"], [0, 0]),
         **{f"c{i}": column(["Yes"], [0, 0]) for i in (3, 4, 5)}}
    )  # fmt: skip
    raw = RawFile(name="f.csv", header=HEADER.strip().split(","), frame=frame, row_lines=[2, 3])
    result = validate_file(raw, load_framework("crc-2018"))
    assert [str(p) for p in result.problems] == ["f.csv:3: case_id: duplicate case_id 'A' (first on line 2)"]
    assert (result.rows.read, result.rows.with_errors) == (2, 1)


def test_many_different_bad_values_in_a_column_are_five_lines_and_one_for_the_rest(write):
    path = write(HEADER + "".join(f"C{i},cm,m,note {i},Yes,No\n" for i in range(8)))
    assert problems(path) == [
        *(f"{path}:{i + 2}: 2.1.1: expected Yes, No or N/A, got 'note {i}'" for i in range(5)),
        f"{path}:7: 2.1.1: 3 more different values rejected as above (3 rows: lines 7-9)",
    ]


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("2.1.1", "'2.1.1' is a key question: its answers are the figures, not groups to split by"),
        ("(all)", "'(all)' names the whole sample in every output: rename the column to split by it"),
        ("CRN", "case_id cannot be a split column: every case is its own group"),
    ],
)
def test_by_columns_that_cannot_be_split_by_are_usage_errors(write, by, message):
    from hmirate.errors import UsageError

    path = write(HEADER + "A,cm,m,Yes,Yes,Yes\n")
    with pytest.raises(UsageError) as raised:
        hmirate.score(path, by=[by])
    assert str(raised.value) == message


def test_by_an_alias_of_grade_or_gender_adds_nothing(write):
    """`--by "Officer grade"` on a file whose grade column is headed so: grade is split already."""
    path = write("case_id,Officer grade,sex,2.1.1,2.1.2,2.1.3\nA,cm,m,Yes,Yes,Yes\n")
    assert hmirate.score(path, by=["Officer grade", "sex"]).splits == ["grade", "gender"]
