"""Whatever file a user points hmirate at: every row scored, or exactly what is wrong, where, and an exit code.

Each case of the input-problems issue has a test asserting the exact message and exit code, through the
``validate`` command (the same reading and validation ``score`` uses).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, workbook

from hmirate.cli import main

HEADER = "case_id,grade,gender,2.1.1,2.1.2,2.1.3"
ROW = "A,senior case manager,male,Yes,No,N/A"


def run(runner, *args, input=None):
    result = runner.invoke(main, ["validate", *map(str, args)], input=input)
    assert "Traceback" not in result.output
    return result


def check(runner, path, expected: list[str], summary: str, code: int = 1, *args):
    result = run(runner, path, *args)
    assert result.stdout.splitlines() == [line.format(p=path) for line in expected] + [summary]
    assert result.exit_code == code


# --- files that cannot be read as files -------------------------------------------------------------


def test_missing_path(runner):
    result = run(runner, "nope.csv")
    assert (result.exit_code, result.stderr) == (2, "hmirate: nope.csv: no such file\n")


def test_directory(runner, tmp_path):
    result = run(runner, tmp_path)
    assert (result.exit_code, result.stderr) == (2, f"hmirate: {tmp_path}: is a directory, not a case file\n")


def test_unreadable(runner, write, monkeypatch):
    path = write(HEADER + "\n" + ROW + "\n")

    class Refusing(type(Path())):
        def open(self, *args, **kwargs):
            raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("hmirate.read.scan.Path", Refusing)  # root reads anything: refuse as the OS would
    result = run(runner, path)
    assert (result.exit_code, result.stderr) == (2, f"hmirate: {path}: cannot read: Permission denied\n")


def test_empty_file(runner, write):
    check(runner, write(b""), ["{p}: file is empty: expected a header row"], "0 rows read, 0 valid, 0 with errors")


def test_header_only(runner, write):
    path = write(HEADER + "\n")
    check(runner, path, ["{p}: no cases: the file has a header but no rows"], "0 rows read, 0 valid, 0 with errors")


def test_stdin(runner):
    result = run(runner, "-", input=CASE_SUPERVISION.read_bytes())
    assert (result.exit_code, result.stdout) == (0, "100 rows read, 100 valid, 0 with errors\n")


def test_stdin_with_problems_names_stdin(runner):
    result = run(runner, "-", input=f"{HEADER}\n{ROW}\nB,,male,Yes,No,No\n")
    assert result.stdout.splitlines()[0] == "<stdin>:3: grade: blank grade; the responsible officer's grade is required"
    assert result.exit_code == 1


# --- headers -----------------------------------------------------------------------------------------


def test_missing_required_column(runner, write):
    path = write("case_id,grade,2.1.1,2.1.2,2.1.3\nA,cm,Yes,Yes,Yes\n")
    check(
        runner,
        path,
        ["{p}:1: missing required column 'gender' (framework crc-2018 splits by it)"],
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    )


def test_duplicate_column_header(runner, write):
    path = write("case_id,grade,gender,2.1.1,2.1.2,2.1.3,2.1.1\nA,cm,m,Yes,Yes,Yes,No\n")
    check(
        runner,
        path,
        ["{p}:1: 2.1.1: duplicate column header (same as column 4)"],
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    )


def test_headers_differing_by_case_or_spaces_are_the_same_column(runner, write):
    path = write("Case_ID, Grade ,GENDER,2.1.1,2.1.2,2.1.3\nA,cm,m,Yes,Yes,Yes\n")
    check(runner, path, [], "1 row read, 1 valid, 0 with errors", 0)


def test_unknown_key_question_column(runner, write):
    path = write(HEADER + ",2.1.9\n" + ROW + ",Yes\n")
    check(
        runner,
        path,
        ["{p}:1: 2.1.9: unknown key question: framework crc-2018 has no 2.1.9"],
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    )


def test_blank_header_with_values_and_trailing_empty_column(runner, write):
    result = run(runner, write(HEADER + ",\n" + ROW + ",\n"))
    assert (result.exit_code, result.stdout) == (0, "1 row read, 1 valid, 0 with errors\n")
    assert result.stderr.endswith(": ignored column 7 with a blank header and no values\n")
    path = write(HEADER + ",\n" + ROW + ",oops\n", name="b.csv")
    check(
        runner,
        path,
        ["{p}:1: column 7 has values but a blank header"],
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    )


def test_sixteen_thousand_empty_columns_are_one_note(runner, write):
    """What a sheet formatted to its last column leaves when saved as CSV: blank headers over blank cells.
    Each column was looked up by a scan of every column name (quadratic: over 100 s); one note says they
    were ignored."""
    empty = "," * 16_000
    path = write(f"{HEADER}{empty}\n{ROW}{empty}\n{ROW.replace('A', 'B', 1)}{empty}\n")
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "2 rows read, 2 valid, 0 with errors\n")
    assert result.stderr == f"hmirate: {path}: ignored columns 7-16006 with a blank header and no values\n"


def test_blank_headed_columns_with_values_are_one_problem(runner, write):
    header = "case_id,,grade,gender,2.1.1,,2.1.2,2.1.3" + ",," * 4
    path = write(f"{header}\nA,x,cm,m,Yes,,No,N/A,1,,2,,3,,4,\n")
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:1: columns 2, 9, 11, 13, 15 have values but a blank header",
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    ]
    assert result.stderr == f"hmirate: {path}: ignored columns 6, 10, 12, 14, 16 with a blank header and no values\n"
    path = write(HEADER + ",,x" * 7 + "\n" + ROW + ",1,x" * 7 + "\n", name="many.csv")
    result = run(runner, path)
    message = "columns 7, 9, 11, 13, 15, ... (7 in all) have values but a blank header"
    assert result.stdout.splitlines()[0] == f"{path}:1: {message}"


# --- cells -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["Yse", "2", "maybe"])
def test_answer_not_yes_no_na(runner, write, answer):
    path = write(f"{HEADER}\nA,cm,m,{answer},Yes,No\n")
    check(
        runner,
        path,
        [f"{{p}}:2: 2.1.1: expected Yes, No or N/A, got {answer!r}"],
        "1 row read, 0 valid, 1 with errors",
    )


def test_blank_answer(runner, write):
    path = write(f"{HEADER}\nA,cm,m,Yes,  ,No\n")
    check(
        runner,
        path,
        ["{p}:2: 2.1.2: blank answer; write Yes, No or N/A (N/A where it does not apply)"],
        "1 row read, 0 valid, 1 with errors",
    )


def test_surrounding_spaces_are_trimmed(runner, write):
    path = write(f"{HEADER}\n A , case manager ,  male , Yes ,no , n/a \n")
    check(runner, path, [], "1 row read, 1 valid, 0 with errors", 0)


def test_duplicate_and_blank_case_ids(runner, write):
    path = write(f"{HEADER}\n{ROW}\n B{ROW[1:]}\n,cm,m,Yes,Yes,Yes\nA ,cm,m,Yes,Yes,Yes\n")
    check(
        runner,
        path,
        [
            "{p}:4: case_id: blank case identifier; every case needs one",
            "{p}:5: case_id: duplicate case_id 'A' (first on line 2)",
        ],
        "4 rows read, 2 valid, 2 with errors",
    )


# --- rows and quoting --------------------------------------------------------------------------------


def test_ragged_rows(runner, write):
    path = write(f"{HEADER}\n{ROW},extra\nB,cm,m,Yes\n{ROW.replace('A', 'C', 1)}\n")
    check(
        runner,
        path,
        [
            "{p}:2: row has 7 cells, the header has 6, with a value past its last column",
            "{p}:3: row has 4 cells, the header has 6",
        ],
        "3 rows read, 1 valid, 2 with errors",
    )


def test_a_stray_delimiter_ending_every_row_is_read_with_a_note(runner, write):
    """The export put a comma after every row but the header: nothing is in the cells past it, so every row
    is read (said once); before, each was an error on its own line. A row wider than the first is read
    again by the csv module, which says which lines were cut."""
    path = write(f"{HEADER}\n{ROW},\nB,cm,m,Yes,Yes,Yes, ,\n{ROW.replace('A', 'C', 1)},\n")
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "3 rows read, 3 valid, 0 with errors\n")
    note = f"hmirate: {path}: 3 rows (lines 2-4) have empty cells past the header's 6 columns (a trailing delimiter): "
    assert result.stderr == note + "read without them\n"
    path = write(f"{HEADER}\n{ROW},\n{ROW.replace('A', 'C', 1)},\n", name="every.csv")
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "2 rows read, 2 valid, 0 with errors\n")
    every = f"hmirate: {path}: every row has empty cells past the header's 6 columns (a trailing delimiter): "
    assert result.stderr == every + "read without them\n"


def test_trailing_delimiters_on_some_rows_are_noted_by_line(runner, write):
    """Quoted cells (read by the csv module, not as lines), Windows line ends, a row of only delimiters
    wider than the header (skipped as blank, not cut), and a value after a trailing delimiter (an error)."""
    rows = [HEADER, f"{ROW},", '"B",cm,m,Yes,"No",No', f"{ROW.replace('A', 'C', 1)},,", ",,,,,,,,"]
    rows.append("D,cm,m,Yes,No,No,,x")
    path = write("\r\n".join(rows) + "\r\n")
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:6: row has 8 cells, the header has 6, with a value past its last column",
        "4 rows read, 3 valid, 1 with errors",
    ]
    assert result.stderr.splitlines() == [
        f"hmirate: {path}: 2 rows (lines 2, 4) have empty cells past the header's 6 columns (a trailing delimiter): "
        "read without them",
        f"hmirate: {path}: skipped 1 row with no values (only delimiters), on line 5",
    ]
    assert result.exit_code == 1


def test_a_value_past_the_header_after_rows_that_end_in_a_stray_delimiter(runner, write):
    """The first row's width (7, its last cell empty) is read at once; a later row with a value in that
    seventh cell is not cut to fit."""
    path = write(f"{HEADER}\n{ROW},\nB,cm,m,Yes,Yes,Yes,Smith\n{ROW.replace('A', 'C', 1)},\n")
    check(
        runner,
        path,
        ["{p}:3: row has 7 cells, the header has 6, with a value past its last column"],
        "3 rows read, 2 valid, 1 with errors",
    )


def test_ragged_rows_are_grouped_by_cell_count(runner, write):
    """A thousand rows with a value past the header are one problem with their lines, as a repeated bad value
    is; past five different cell counts, one problem for the rest (every row still counted)."""
    rows = [f"C{n},cm,m,Yes,Yes,Yes,x" for n in range(1000)] + ["D,cm", "E,cm,m", "F,cm,m,Yes", "G,cm,m,Yes,No"]
    rows += ["H,cm,m,Yes,No,No,x,y", "I,cm,m,Yes,No,No,x,y,z", f"{ROW}", "J,cm,m,Yes,No,No,x,y"]
    path = write("\n".join([HEADER, *rows]) + "\n")
    check(
        runner,
        path,
        [
            "{p}:2: row has 7 cells, the header has 6, with a value past its last column (1,000 rows: lines 2-1001)",
            "{p}:1002: row has 2 cells, the header has 6",
            "{p}:1003: row has 3 cells, the header has 6",
            "{p}:1004: row has 4 cells, the header has 6",
            "{p}:1005: row has 5 cells, the header has 6",
            "{p}:1006: rows with 2 other numbers of cells, the header has 6 (3 rows: lines 1006-1007, 1009)",
        ],
        "1008 rows read, 1 valid, 1007 with errors",
    )


def test_quoted_comma_quote_and_newline(runner, write):
    path = write(
        f"{HEADER},notes\n"
        'A,"senior case manager",male,Yes,No,N/A,"moved, twice"\n'
        'B,case manager,female,No,No,No,"said ""no"""\n'
        'C,case manager,male,Yes,Yes,"N/A","line one\nline two"\n'
        "D,,male,Yes,Yes,Yes,x\n"
    )
    check(
        runner,
        path,
        ["{p}:6: grade: blank grade; the responsible officer's grade is required"],
        "4 rows read, 3 valid, 1 with errors",
    )


def test_unclosed_quote_is_reported_not_swallowed(runner, write):
    path = write(f'{HEADER},notes\n{ROW},"never closed\nB,cm,m,Yes,Yes,Yes,x\n')
    check(
        runner,
        path,
        ['{p}:2: a quoted field opened on this line is never closed (unbalanced ")'],
        "0 rows read, 0 valid, 0 with errors",
    )


@pytest.mark.parametrize("ending", ["\n", "", "\r\n"])
def test_a_quote_left_open_on_the_last_line_is_an_error(runner, write, ending):
    """Nothing follows it to swallow, so the line counts agree: this was read as "1 row read, 1 valid"."""
    path = write(f'{HEADER}\nA,cm,female,Yes,No,"N/A{ending}')
    check(
        runner,
        path,
        ['{p}:2: a quoted field opened on this line is never closed (unbalanced ")'],
        "0 rows read, 0 valid, 0 with errors",
    )


@pytest.mark.parametrize(
    "last",
    ['"A","cm","f""e","Yes","No","N/A"', 'B,cm,f,Yes,No,"N/A"', 'C,cm,f,Yes,No,N/A,"two\nlines"'],
    ids=["all quoted with a doubled quote", "closed", "closed on the next line"],
)
def test_a_quote_closed_on_the_last_line_is_read(runner, write, last):
    header = HEADER + (",notes" if last.startswith("C") else "")
    check(runner, write(f"{header}\n{last}\n"), [], "1 row read, 1 valid, 0 with errors", 0)


# --- encodings, line endings, delimiters ---------------------------------------------------------------


def test_byte_order_mark_and_windows_line_endings(runner, write):
    path = write(f"\ufeff{HEADER}\r\n{ROW}\r\nB,cm,f,No,No,No\r\n".encode())
    check(runner, path, [], "2 rows read, 2 valid, 0 with errors", 0)


def test_windows_1252_export(runner, write):
    path = write(f"{HEADER},name\n{ROW},Zo\u00eb Bront\u00eb\n".encode("cp1252"))
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "1 row read, 1 valid, 0 with errors\n")
    assert result.stderr == f"hmirate: {path}: not UTF-8; read as Windows-1252 (line 2 is the first that needed it)\n"


@pytest.mark.parametrize(("delimiter", "option"), [(";", ";"), ("\t", "tab")])
def test_semicolon_and_tab_detected_or_chosen(runner, write, delimiter, option):
    path = write(f"{HEADER}\n{ROW}\n".replace(",", delimiter))
    check(runner, path, [], "1 row read, 1 valid, 0 with errors", 0)
    check(runner, path, [], "1 row read, 1 valid, 0 with errors", 0, "--delimiter", option)


def test_wrong_delimiter_chosen_is_one_problem_naming_the_delimiter(runner, write):
    path = write(f"{HEADER}\n{ROW}\n".replace(",", ";"))
    result = run(runner, path, "--delimiter", ",")
    assert result.stdout.splitlines() == [
        f"{path}:1: the header was read as one column; is the delimiter ';'? (say --delimiter ';')",
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    ]
    assert result.exit_code == 1


# --- Excel -----------------------------------------------------------------------------------------------


def test_excel_two_case_sheets_and_named_sheet(runner, tmp_path):
    """Two visible sheets with case columns: which is the export is the analyst's to say, not the tabs' order."""
    good = [HEADER.split(","), ["A", "cm", "f", "Yes", "no", "N/A"], [None] * 6, [2, "scm", "m", "Yes", "Yes", "Yes"]]
    bad = [HEADER.split(","), ["A", "cm", "f", "Yes", "maybe", "N/A"]]
    path = workbook(tmp_path / "cases.xlsx", {"Cases": good, "Draft": bad})
    result = run(runner, path)
    message = f"hmirate: {path}: sheets 'Cases' and 'Draft' both have case columns: choose one with --sheet\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    check(runner, path, [], "2 rows read, 2 valid, 0 with errors", 0, "--sheet", "Cases")
    check(
        runner,
        path,
        ["{p}: Draft!E2: 2.1.2: expected Yes, No or N/A, got 'maybe'"],
        "1 row read, 0 valid, 1 with errors",
        1,
        "--sheet",
        "Draft",
    )
    result = run(runner, path, "--sheet", "Other")
    assert (result.exit_code, result.stderr) == (2, f"hmirate: {path}: no sheet 'Other'; sheets: Cases, Draft\n")


def test_excel_scores_like_csv(runner, tmp_path):
    import csv

    with CASE_SUPERVISION.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    path = workbook(tmp_path / "cs.xlsx", {"Sheet1": rows})
    from_excel = runner.invoke(main, ["score", str(path), "--format", "json"])
    from_csv = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--format", "json"])
    assert json.loads(from_excel.stdout)["standards"] == json.loads(from_csv.stdout)["standards"]


# --- not text at all ------------------------------------------------------------------------------------


def test_binary_file_and_nul_byte(runner, write):
    check(
        runner,
        write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ["{p}:3: contains a NUL byte: this is not a text CSV file"],
        "0 rows read, 0 valid, 0 with errors",
    )
    path = write(f"{HEADER}\n{ROW}\nB,cm,m,Yes\x00,No,No\n".encode(), name="nul.csv")
    check(
        runner, path, ["{p}:3: contains a NUL byte: this is not a text CSV file"], "0 rows read, 0 valid, 0 with errors"
    )


def test_undecodable_bytes(runner, write):
    path = write(f"{HEADER}\n{ROW}\n".encode() + b"B,cm,m,Yes,No,\x81\x8d\n")
    check(
        runner,
        path,
        ["{p}:3: is not text in UTF-8 or Windows-1252 (is it a binary file?)"],
        "0 rows read, 0 valid, 0 with errors",
    )


def test_very_long_line(runner, write):
    long_note = "x" * 5_000_000
    path = write(f"{HEADER},notes\n{ROW},{long_note}\nB,cm,m,Yes,No,No,short\n")
    check(runner, path, [], "2 rows read, 2 valid, 0 with errors", 0)


# --- frameworks and panels --------------------------------------------------------------------------------


def test_unknown_framework(runner):
    result = run(runner, CASE_SUPERVISION, "--framework", "yos-2019")
    assert (result.exit_code, result.stderr) == (
        2,
        "hmirate: unknown framework 'yos-2019'; built-in frameworks: crc-2018\n",
    )


def test_bundled_samples_validate(runner):
    result = run(runner, *ALL_SAMPLES)
    assert (result.exit_code, result.stdout) == (0, "152 rows read, 152 valid, 0 with errors\n")


# --- output of validate --------------------------------------------------------------------------------------


BROKEN = f"{HEADER},name\nA,cm,m,Yse,No,No,Alice Private\nB,,m,Yes,No,No,Bob Private\nA,cm,m,Yes,No,No,Carol\n"


def test_max_errors_caps_printed_not_counted(runner, write):
    path = write(BROKEN)
    result = run(runner, path, "--max-errors", "1")
    assert result.stdout.splitlines() == [
        f"{path}:2: 2.1.1: expected Yes, No or N/A, got 'Yse'",
        "3 rows read, 0 valid, 3 with errors (2 more problems not shown)",
    ]
    assert result.exit_code == 1


def test_json_list(runner, write):
    path = write(BROKEN)
    result = run(runner, path, "--format", "json")
    assert json.loads(result.stdout) == [
        {"file": str(path), "line": 2, "column": "2.1.1", "message": "expected Yes, No or N/A, got 'Yse'"},
        {
            "file": str(path),
            "line": 3,
            "column": "grade",
            "message": "blank grade; the responsible officer's grade is required",
        },
        {"file": str(path), "line": 4, "column": "case_id", "message": "duplicate case_id 'A' (first on line 2)"},
    ]
    assert result.stderr == "3 rows read, 0 valid, 3 with errors\n"
    assert result.exit_code == 1


def test_output_never_echoes_unused_columns(runner, write):
    path = write(BROKEN + "D,cm,m,Yes,No\n")
    for command in (["validate"], ["score"], ["validate", "--format", "json"]):
        result = runner.invoke(main, [*command, str(path)])
        assert result.exit_code == 1
        assert "Private" not in result.output and "Carol" not in result.output


def test_stable_order_across_files(runner, write):
    first = write(f"{HEADER}\nA,cm,m,x,No,No\n", name="a.csv")
    second = write(f"{HEADER}\nA,,m,Yes,No,No\n", name="b.csv")
    result = run(runner, second, first)
    assert result.stdout.splitlines()[:2] == [
        f"{second}:2: grade: blank grade; the responsible officer's grade is required",
        f"{first}:2: 2.1.1: expected Yes, No or N/A, got 'x'",
    ]


# --- found in review: each of these once lost rows, crashed or misreported --------------------------------


def test_unclosed_quote_not_masked_by_a_literal_quote(runner, write):
    path = write(
        f"{HEADER},notes\nA,cm,male,Yes,No,Yes,he is 5'10\" tall\n"
        'B,cm,male,Yes,No,Yes,"open quote\nC,cm,male,No,No,No,x\nD,cm,male,No,No,No,y\n'
    )
    check(
        runner,
        path,
        ['{p}:3: a quoted field opened on this line is never closed (unbalanced ")'],
        "0 rows read, 0 valid, 0 with errors",
    )


def test_a_literal_quote_alone_is_read(runner, write):
    path = write(f"{HEADER},notes\nA,cm,male,Yes,No,Yes,he is 5'10\" tall\n")
    check(runner, path, [], "1 row read, 1 valid, 0 with errors", 0)


def test_unclosed_quote_in_a_file_with_old_mac_line_endings(runner, write):
    path = write(f'{HEADER},notes\r{ROW},ok\rB,cm,m,Yes,No,No,"open\rC,cm,m,Yes,No,No,x\r')
    check(
        runner,
        path,
        ['{p}:3: a quoted field opened on this line is never closed (unbalanced ")'],
        "0 rows read, 0 valid, 0 with errors",
    )


def test_huge_cell_with_an_error_elsewhere(runner, write):
    path = write(f"{HEADER},notes\nA,cm,m,Yes,No,No,{'x' * 200_000}\nB,cm,m,Yse,No,No,short\n")
    check(runner, path, ["{p}:3: 2.1.1: expected Yes, No or N/A, got 'Yse'"], "2 rows read, 1 valid, 1 with errors")


def test_damagedworkbook(runner, tmp_path):
    import zipfile

    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<bad")
    check(runner, path, ["{p}: is not a readable .xlsx workbook"], "0 rows read, 0 valid, 0 with errors")


def test_overlong_path(runner):
    result = run(runner, "a" * 5000)
    assert result.exit_code == 2
    assert result.stderr.endswith(": cannot read: File name too long\n")


def test_late_bytes_windows_1252_cannot_decode(runner, write):
    rows = "".join(f"C{i},case manager,female,Yes,No,Yes\n" for i in range(3000))
    path = write(f"{HEADER}\n{rows}".encode() + b"Z1,cm,f\x81male,Yes,No,Yes\n")
    result = run(runner, path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{path}:3002: is not text in UTF-8 or Windows-1252 (is it a binary file?)"


def test_late_windows_1252_in_an_unused_column_does_not_hide_errors(runner, write):
    rows = "".join(f"C{i},case manager,female,Yes,No,Yes,x\n" for i in range(3000))
    tail = b"Z1,cm,male,Yes,No,Yes,caf\xe9\nZ2,cm,male,Yse,No,Yes,x\n"
    path = write(f"{HEADER},notes\n{rows}".encode() + tail)
    check(
        runner,
        path,
        ["{p}:3003: 2.1.1: expected Yes, No or N/A, got 'Yse'"],
        "3002 rows read, 3001 valid, 1 with errors",
    )


def test_by_a_required_column_in_another_case(runner):
    result = runner.invoke(
        main, ["score", str(CASE_SUPERVISION), "--by", "Grade", "--by", "office", "--by", "Office", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["splits"] == ["grade", "gender", "office"]
    refused = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--by", "CASE_ID"])
    assert (refused.exit_code, refused.stderr) == (
        2,
        "hmirate: case_id cannot be a split column: every case is its own group\n",
    )


def test_same_case_in_three_pooled_files_counts_each_row_once(runner, write):
    paths = [write(f"{HEADER}\nA,cm,male,Yes,No,Yes\nB{i},cm,male,Yes,No,Yes\n", name=f"d{i}.csv") for i in (1, 2, 3)]
    result = run(runner, *paths)
    assert result.stdout.splitlines() == [
        f"{paths[1]}:2: case_id: duplicate case_id 'A' (also {paths[0]}:2, which carries the same key questions)",
        f"{paths[2]}:2: case_id: duplicate case_id 'A' (also {paths[0]}:2, which carries the same key questions)",
        "6 rows read, 4 valid, 2 with errors",
    ]


def test_header_longer_than_the_sniffed_head(runner, write):
    extra = ",".join(f"extra_column_{i}" for i in range(4000))
    path = write(f"{extra},{HEADER}\n{','.join('x' * 4000)},{ROW}\n")
    check(runner, path, [], "1 row read, 1 valid, 0 with errors", 0)


def test_byte_order_mark_with_windows_1252_body(runner, write):
    path = write(b"\xef\xbb\xbf" + f"{HEADER},name\n{ROW},Jos".encode() + b"\xe9\n")
    check(runner, path, [], "1 row read, 1 valid, 0 with errors", 0)


def test_utf16_text(runner, write):
    path = write(f"{HEADER}\n{ROW}\n".encode("utf-16"))
    check(
        runner,
        path,
        ["{p}: is UTF-16 text (Excel's 'Unicode text'): save it as CSV UTF-8"],
        "0 rows read, 0 valid, 0 with errors",
    )


def test_thousands_of_different_bad_values_are_five_lines_and_one_for_the_rest(runner, write):
    """12,500 different bad answers (more than the model sees in one call) between valid ones: the first
    five by line, then one line for the other 12,495 with its rows, and every row accounted for."""
    rows = "".join(f"C{i},case manager,male,{'Yes' if i % 2 == 0 else f'bad{i}'},No,N/A\n" for i in range(25_000))
    path = write(f"{HEADER}\n{rows}")
    expected = [f"{{p}}:{i + 2}: 2.1.1: expected Yes, No or N/A, got 'bad{i}'" for i in (1, 3, 5, 7, 9)]
    expected.append(
        "{p}:13: 2.1.1: 12,495 more different values rejected as above (12,495 rows: lines 13, 15, 17, 19, 21, ...)"
    )
    check(runner, path, expected, "25000 rows read, 12500 valid, 12500 with errors")


# --- counts are said as people say them -----------------------------------------------------------------------


def test_one_row_is_a_row_and_the_unchecked_say_why_in_plain_words():
    from hmirate.errors import RowCount, counted

    assert str(RowCount(1)) == "1 row read, 1 valid, 0 with errors"
    assert str(RowCount(0)) == "0 rows read, 0 valid, 0 with errors"
    assert str(RowCount(3, 1, 2)) == (
        "3 rows read, 0 valid, 1 with errors, 2 not checked because of a problem with the whole file (shown above)"
    )
    assert [counted(n, "person", "people") for n in (0, 1, 2)] == ["0 people", "1 person", "2 people"]


def test_one_case_scored_is_one_row_one_file_one_case(runner, write):
    path = write(f"{HEADER}\n{ROW}\n")
    assert run(runner, path).stdout == "1 row read, 1 valid, 0 with errors\n"
    table = runner.invoke(main, ["score", str(path)]).stdout
    assert "\n1 row read from 1 file, 1 scored, 0 with errors\n" in table
    markdown = runner.invoke(main, ["score", str(path), "--format", "markdown"]).stdout
    assert "/cases.csv (1 case). " in markdown  # (the folder's underscores are escaped in markdown)


def test_long_values_are_quoted_cut_with_their_length(runner, write):
    """A 100 MB answer cell was echoed whole in its error; every quoted value is cut at 60 characters, with
    an ellipsis and its length (here 1,000 and 100 characters: the cut does not depend on the size)."""
    long_id = "A" * 100
    path = write(f"{HEADER}\n{long_id},cm,m,{'Y' * 1000},No,N/A\n{long_id},cm,m,Yes,No,N/A\n")
    check(
        runner,
        path,
        [
            f"{{p}}:2: 2.1.1: expected Yes, No or N/A, got '{'Y' * 60}'… (1,000 characters)",
            f"{{p}}:3: case_id: duplicate case_id '{'A' * 60}'… (100 characters) (first on line 2)",
        ],
        "2 rows read, 0 valid, 2 with errors",
    )


def test_a_long_header_is_named_cut(runner, write):
    header = "2.1.9 " + "x" * 200
    path = write(f"{HEADER},{header}\n{ROW},Yes\n")
    check(
        runner,
        path,
        [f"{{p}}:1: {header[:60]}… (206 characters): unknown key question: framework crc-2018 has no 2.1.9"],
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    )
