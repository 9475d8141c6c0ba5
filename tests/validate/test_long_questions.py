"""A long export's question cells that are none of the framework's key questions (validate/long.py, issue 18).

Before, the pivot made each such question a column nobody read: its answer rows were lost while the summary
counted them valid. Now each is an error on the rows that carry it, grouped like any repeated problem, and
those rows are counted as with errors. Expected lines and counts are worked out from the files written here.
"""

from __future__ import annotations

import pytest

from hmirate.cli import main

LONG = "case_id,question,answer,grade,gender\n"
CASE_A = "A,2.1.1,Yes,cm,male\nA,2.1.2,No,cm,male\nA,2.1.3,N/A,cm,male\n"


NOT_A_KEY_QUESTION = "is not a key question of framework crc-2018: write its id ('2.1.1') or its wording"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # the issue: a planning question's answer rows were lost while counted valid
        (
            "A,Planning: is the plan sufficient?,No,cm,male\n",
            ["5: question: 'Planning: is the plan sufficient?' " + NOT_A_KEY_QUESTION],
        ),
        # an unknown id and an id inside text, named on their rows, not on the (pivot's) header
        (
            "A,2.1.9,Yes,cm,male\nB,Question 2.1.1,Yes,cm,male\nB,2.1.2,No,cm,male\n",
            [
                "5: question: unknown key question: framework crc-2018 has no 2.1.9",
                "6: question: 'Question 2.1.1' names key question 2.1.1 but is not read as it: write '2.1.1' "
                "(or Q2.1.1), or its wording",
            ],
        ),
        # a row with an unknown question and a clash is one row with errors
        (
            "A,Planning,Yes,scm,male\n",
            ["5: question: 'Planning' " + NOT_A_KEY_QUESTION, "5: grade: 'scm' here but 'cm' on line 2, for case 'A'"],
        ),
    ],
)
def test_a_question_that_is_no_key_question_is_an_error_on_its_rows(runner, write, rows, expected):
    path = write(LONG + CASE_A + rows)
    result = runner.invoke(main, ["validate", str(path)])
    read, bad = 3 + rows.count("\n"), len({line.split(":")[0] for line in expected})
    assert result.stdout.splitlines() == [
        *(f"{path}:{line}" for line in expected),
        f"{read} rows read, 0 valid, {bad} with errors, {read - bad} not checked because of a problem with the "
        "whole file (shown above)",
    ]
    assert result.exit_code == 1
    scored = runner.invoke(main, ["score", str(path)])
    assert (scored.exit_code, scored.stdout) == (1, "")


def test_many_different_questions_are_a_screenful_with_every_row_counted(runner, write):
    rows = "".join(f"{case},Note {n},Yes,cm,male\n" for case in "AB" for n in range(7))
    path = write(LONG + CASE_A + CASE_A.replace("A,", "B,") + rows)
    # lines: 2-4 case A's answers, 5-7 case B's, 8-14 A's notes 0-6, 15-21 B's notes 0-6
    result = runner.invoke(main, ["validate", str(path)])
    message = NOT_A_KEY_QUESTION
    assert result.stdout.splitlines() == [
        *(f"{path}:{8 + n}: question: 'Note {n}' {message} (2 rows: lines {8 + n}, {15 + n})" for n in range(5)),
        f"{path}:13: question: 2 more different values rejected as above (4 rows: lines 13-14, 20-21)",
        "20 rows read, 0 valid, 14 with errors, 6 not checked because of a problem with the whole file (shown above)",
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize("stdin", [False, True])
def test_a_long_workbook_names_the_question_cell(runner, tmp_path, stdin):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Answers"
    for line in (LONG + CASE_A + "A,Planning,Yes,cm,male\n").splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "long.xlsx"
    book.save(path)
    name = "<stdin>" if stdin else str(path)
    result = runner.invoke(main, ["validate", "-" if stdin else str(path)], input=path.read_bytes() if stdin else None)
    assert result.stdout.splitlines() == [
        f"{name}: Answers!B5: question: 'Planning' is not a key question of framework crc-2018: write its id "
        "('2.1.1') or its wording",
        "4 rows read, 0 valid, 1 with errors, 3 not checked because of a problem with the whole file (shown above)",
    ]
    assert result.exit_code == 1


def test_a_question_column_nobody_reads_is_never_built(write, framework):
    """Free text in the question column once made a 10,000 x 10,000 pivot (16 s, 616 MB): the pivot builds the
    question columns the plan reads, and the header still names every question, for the messages."""
    from hmirate.read.csv import open_file
    from hmirate.validate.rows import plan_file

    path = write(LONG + CASE_A + "".join(f"C{n},Note {n},Yes,cm,male\n" for n in range(3)))
    opened = open_file(str(path))
    assert opened.header == ["case_id", "grade", "gender", "2.1.1", "2.1.2", "2.1.3", "Note 0", "Note 1", "Note 2"]
    assert opened.questions_from == 3
    plan = plan_file(opened.header, framework, [], file=str(path), questions_from=opened.questions_from)
    assert (plan.problems, plan.key_questions) == ([], ["2.1.1", "2.1.2", "2.1.3"])
    raw = opened.read(plan)
    assert raw.frame.column_names == ["c0", "c1", "c2", "c3", "c4", "c5"]
    assert raw.column(4).to_pylist() == ["No", "", "", ""]  # case A's 2.1.2, and no answer for C0-C2
