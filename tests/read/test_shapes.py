"""The shapes real exports come in: long exports, rows of only delimiters, encodings (read/long.py,
read/csv.py, read/encoding.py). Messages and exit codes are exact; figures come from the published report."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import CASE_SUPERVISION

from hmirate.cli import main

HEADER = "case_id,grade,gender,2.1.1,2.1.2,2.1.3"
ROW = "A,senior case manager,male,Yes,No,N/A"


def run(runner, *args, command="validate", input=None):
    result = runner.invoke(main, [command, *map(str, args)], input=input)
    assert "Traceback" not in result.output
    return result


def _long_sample(question_header: str = "question") -> str:
    """The bundled sample, one row per case and key question, its other columns repeated on every row."""
    with CASE_SUPERVISION.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    questions = [name for name in rows[0] if name[0].isdigit()]
    others = [name for name in rows[0] if name not in questions]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*others, question_header, "answer"])
    for row in rows:
        for question in questions:
            writer.writerow([*(row[name] for name in others), question, row[question]])
    return out.getvalue()


# --- long exports ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("question_header", ["question", "Key Question"])
def test_a_long_export_scores_as_the_wide_one(runner, write, question_header):
    path = write(_long_sample(question_header), name="long.csv")
    result = run(runner, path, "--format", "json", command="score")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"hmirate: {path}: read as a long export: 1,200 rows into 100 cases and 12 questions\n"
    standards = {s["id"]: s for s in json.loads(result.stdout)["standards"]}
    published = {"2.1": [79, 77, 75], "2.2": [79, 78, 63], "2.3": [75, 59, 49], "2.4": [70, 64, 44]}  # the report
    assert {sid: [q["percent_whole"] for q in standards[sid]["key_questions"]] for sid in published} == published


def test_long_export_conflicts_name_both_lines(runner, write):
    path = write(
        "case_id,question,answer,grade,gender\n"
        "A,2.1.1,Yes,cm,male\n"
        "A,2.1.2,No,scm,male\n"
        "A,2.1.3,N/A,cm,female\n"
        "A,2.1.1,No,cm,male\n"
        "B,2.1.1,Yes,cm,male\n"
        "B,2.1.2,Yes,cm,male\n"
        "B,2.1.3,Yes,cm,male\n"
    )
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:3: grade: 'scm' here but 'cm' on line 2, for case 'A'",
        f"{path}:4: gender: 'female' here but 'male' on line 2, for case 'A'",
        f"{path}:5: 2.1.1: a second answer (the first is on line 2), for case 'A'",
        "7 rows read, 4 valid, 3 with errors",
    ]
    assert result.exit_code == 1


def test_long_export_row_with_two_clashes_and_blank_keys(runner, write):
    path = write(
        "case_id,question,answer,grade,gender\n"
        "A,2.1.1,Yes,cm,male\n"
        "A,2.1.2,No,scm,female\n"
        ",2.1.3,Yes,cm,male\n"
        "A,,Yes,cm,male\n"
        "A,2.1.3,Yes,cm,male\n"
    )
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:3: grade: 'scm' here but 'cm' on line 2; gender: 'female' here but 'male' on line 2, for case 'A'",
        f"{path}:4: case_id: blank case identifier in a long export: every row needs a case and a question",
        f"{path}:5: question: blank question in a long export: every row needs a case and a question",
        "5 rows read, 2 valid, 3 with errors",
    ]


def test_long_export_missing_answer_is_blank_on_the_cases_first_line(runner, write):
    path = write(
        "case_id,question,answer,grade,gender\n"
        "A,2.1.1,Yes,cm,male\nA,2.1.2,No,cm,male\n"
        "B,2.1.1,Yes,cm,male\nB,2.1.2,No,cm,male\nB,2.1.3,No,cm,male\n"
    )
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:2: 2.1.3: blank answer; write Yes, No or N/A (N/A where it does not apply)",
        "5 rows read, 4 valid, 1 with errors",
    ]


def test_long_export_questions_spelled_as_headers_are(runner, write, framework):
    path = write(
        "CRN,Key_Question,Answer,Grade,Sex\n"
        "A,Q2.1.1,Yes,cm,male\n"
        f"A,{framework.key_questions['2.1.2'].text},No,cm,male\n"
        "A,2.1.3 safety,N/A,cm,male\n"
    )
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "3 rows read, 3 valid, 0 with errors\n")
    assert result.stderr.splitlines() == [
        f"hmirate: {path}: read as a long export: 3 rows into 1 case and 3 questions",
        f"hmirate: {path}: read 2 key-question headers by their leading id; read 1 key-question header by its "
        "wording; 'CRN' as case_id; 'Sex' as gender",
    ]


def test_long_export_in_a_workbook_from_stdin(runner, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "ReadMe"
    sheet = book.create_sheet("Answers")
    for row in csv.reader(io.StringIO(_long_sample())):
        sheet.append(row)
    path = tmp_path / "long.xlsx"
    book.save(path)
    result = run(runner, "-", input=path.read_bytes())
    assert (result.exit_code, result.stdout) == (0, "1200 rows read, 1200 valid, 0 with errors\n")
    assert result.stderr.splitlines() == [
        "hmirate: <stdin>: read sheet 'Answers', which has the case columns (others: 'ReadMe')",
        "hmirate: <stdin>: read as a long export: 1,200 rows into 100 cases and 12 questions",
    ]


# --- rows of only delimiters -------------------------------------------------------------------------------


def test_trailing_delimiter_rows_are_skipped_and_counted(runner, write):
    path = write(f"{HEADER},notes\n{ROW},x\n,,,,,,\n,,,,,,\n ,, ,,,,\n")
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "1 row read, 1 valid, 0 with errors\n")
    assert result.stderr == f"hmirate: {path}: skipped 3 rows with no values (only delimiters), from line 3 to 5\n"


def test_an_empty_row_in_the_middle_and_a_short_one_keep_line_numbers(runner, write):
    path = write(f"{HEADER}\n{ROW}\n,,,,,\nB,cm,m,Yse,No,No\n,,\n")
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:4: 2.1.1: expected Yes, No or N/A, got 'Yse'",
        "2 rows read, 1 valid, 1 with errors",
    ]
    assert result.stderr == f"hmirate: {path}: skipped 2 rows with no values (only delimiters), from line 3 to 5\n"


def test_a_row_blank_only_in_the_columns_read_is_not_skipped(runner, write):
    path = write(f"{HEADER},notes\n{ROW},x\n,,,,,,a note\n")
    result = run(runner, path)
    assert result.stdout.splitlines()[0] == f"{path}:3: case_id: blank case identifier; every case needs one"
    assert result.stderr == ""


# --- encodings ------------------------------------------------------------------------------------------------


def test_valid_utf8_is_never_redecoded(runner, write):
    path = write(f"{HEADER}\nA,cm,f\u00e9male,Yes,No,N/A\n")
    result = run(runner, path, "--format", "json", command="score")
    groups = json.loads(result.stdout)["standards"][4]["key_questions"][0]["splits"][1]["groups"]
    assert [g["value"] for g in groups] == ["f\u00e9male"]
    assert result.stderr == ""


def test_utf8_with_a_few_bad_bytes_is_an_error_per_line(runner, write):
    text = f"{HEADER},name\n{ROW},Zo\u00eb\n".encode() + b"B,cm,m,Yes,No,No,Jos\xe9\nC,cm,m,Yes,No,No,x\xff\xfey\n"
    path = write(text)
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:3: byte 0xe9 is not UTF-8 (is the file Windows-1252? then every line would need it)",
        f"{path}:4: byte 0xff is not UTF-8 (is the file Windows-1252? then every line would need it)",
        "0 rows read, 0 valid, 0 with errors",
    ]
    assert result.exit_code == 1


def test_many_bad_lines_are_listed_up_to_twenty(runner, write):
    rows = b"".join(b"C%d,cm,m,Yes,No,No,Jos\xe9\n" % i for i in range(25))
    path = write(f"{HEADER},name\n{ROW},Zo\u00eb\n".encode() + rows)
    lines = run(runner, path).stdout.splitlines()
    assert len(lines) == 22
    assert lines[19] == f"{path}:22: byte 0xe9 is not UTF-8 (is the file Windows-1252? then every line would need it)"
    assert lines[20] == f"{path}: 5 more lines have bytes that are not UTF-8 (the last is line 27)"


def test_windows_1252_note_names_the_first_line(runner, write):
    path = write(f"{HEADER},name\n{ROW},plain\nB,cm,m,Yes,No,No,Zo\u00eb\n".encode("cp1252"))
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "2 rows read, 2 valid, 0 with errors\n")
    assert result.stderr == f"hmirate: {path}: not UTF-8; read as Windows-1252 (line 3 is the first that needed it)\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(runner, write, codec):
    path = write(f"{HEADER}\n{ROW}\n".encode(codec))
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}: is UTF-16 text without a byte order mark: save it as CSV UTF-8",
        "0 rows read, 0 valid, 0 with errors",
    ]
    assert result.exit_code == 1


# --- the whole-file UTF-8 check, chunk by chunk ---------------------------------------------------------------


def test_utf8_check_across_chunk_edges():
    from hmirate.read.encoding import Utf8Check

    data = "caf\u00e9 \u20ac".encode()
    for cut in range(len(data) + 1):
        check = Utf8Check()
        check.feed(data[:cut])
        check.feed(data[cut:])
        check.finish()
        assert check.invalid_at == -1, cut
    check = Utf8Check()
    check.feed(b"abc\xc3")
    check.feed(b"(def")  # 0xc3 must be followed by a continuation byte: the error is at offset 3
    check.finish()
    assert check.invalid_at == 3
    check = Utf8Check()
    check.feed(b"abc\xe2\x82")  # the file ends inside a character
    check.finish()
    assert check.invalid_at == 3


def test_by_column_did_you_mean(runner, write):
    path = write(f"{HEADER},Office Name\n{ROW},East\n")
    result = run(runner, path, "--by", "office", command="score")
    assert (
        result.stderr.splitlines()[0]
        == f"{path}:1: missing column named by --by 'office' (did you mean 'Office Name'?)"
    )
    assert result.exit_code == 1


@pytest.mark.parametrize(("text", "rows"), [("\x01\n0", 1), ("x,y\n1,2\n3,4\n", 2)])
def test_a_file_with_no_column_hmirate_reads_is_refused_not_a_crash(runner, tmp_path, text, rows):
    """With no column to read, pyarrow was asked for none, which it takes as every column with its type guessed:
    a column of numbers came back as integers and the blank-row check failed on it (exit 70, found by hypothesis
    with ``\\x01\\n0``). The first column is read as text instead, to count the rows."""
    path = tmp_path / "numbers.csv"
    path.write_bytes(text.encode())
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"{path}:1: missing required column 'case_id'",
        f"{path}:1: missing required column 'grade' (framework crc-2018 splits by it)",
        f"{path}:1: missing required column 'gender' (framework crc-2018 splits by it)",
        f"{path}:1: no key-question columns of framework crc-2018 (such as 2.1.1)",
        f"hmirate: {rows} row{'s' * (rows != 1)} read, 0 valid, 0 with errors, {rows} not checked because of a "
        f"problem with the whole file (shown above); nothing scored",
    ]
