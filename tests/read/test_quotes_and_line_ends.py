"""A quote that swallows rows (read/quotes.py), and line numbers in CR, LF, CRLF and mixed files (read/scan.py,
read/encoding.py, read/raw.py). Messages and exit codes are exact; line numbers are counted by hand."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hmirate
from hmirate.cli import main
from hmirate.errors import InvalidData

HEADER = "case_id,grade,gender,2.1.1,2.1.2,2.1.3,notes"

# Line 2 opens a quote in notes and never closes it there; the next quote (line 5, A4's notes) closes it, so
# lines 3 to 5 are read as A1's notes: 2 rows read (A1, A5) where there are 5.
SWALLOWED = (
    f"{HEADER}\n"
    'A1,case manager,female,Yes,No,N/A,"he said ""hi\n'
    "A2,case manager,male,No,No,No,\n"
    "A3,case manager,male,No,No,No,\n"
    'A4,case manager,female,No,Yes,No,"fine"\n'
    "A5,case manager,female,No,Yes,No,ok\n"
)
SWALLOWED_MESSAGE = (
    "notes: a quoted cell opened on this line runs on to line 5 and swallows rows shaped like cases "
    "(line 3: 7 cells, with answers under the key questions): close the quote where the cell should end"
)

# A comment over three lines, commas and all: one case, read as it is.
MULTI_LINE_COMMENT = (
    f"{HEADER}\n"
    'A1,case manager,female,Yes,No,N/A,"first line\nsecond line, with a comma\nthird"\n'
    "A2,senior case manager,male,No,Yes,No,\n"
)


def run(runner, *args, command="validate", input=None):
    result = runner.invoke(main, [command, *map(str, args)], input=input)
    assert "Traceback" not in result.output
    return result


# --- rows swallowed by a quote -----------------------------------------------------------------------------


def test_rows_swallowed_by_a_quote_are_an_error_in_validate(runner, write):
    path = write(SWALLOWED)
    result = run(runner, path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        f"{path}:2: {SWALLOWED_MESSAGE}\n0 rows read, 0 valid, 0 with errors\n",
        "",
    )


@pytest.mark.parametrize("command", ["score", "explain"])
def test_rows_swallowed_by_a_quote_are_an_error_in_score_and_explain(runner, write, command):
    path = write(SWALLOWED)
    result = run(runner, path, command=command)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"{path}:2: {SWALLOWED_MESSAGE}\nhmirate: 0 rows read, 0 valid, 0 with errors; nothing scored\n",
    )


def test_rows_swallowed_from_standard_input(runner):
    result = run(runner, "-", input=SWALLOWED)
    assert (result.exit_code, result.stdout) == (
        1,
        f"<stdin>:2: {SWALLOWED_MESSAGE}\n0 rows read, 0 valid, 0 with errors\n",
    )


def test_rows_swallowed_are_an_error_from_the_library(write):
    path = write(SWALLOWED)
    with pytest.raises(InvalidData) as caught:
        hmirate.score(str(path))
    assert str(caught.value) == f"{path}:2: {SWALLOWED_MESSAGE}"


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_rows_swallowed_are_found_whatever_the_line_ends(runner, write, end):
    path = write(SWALLOWED.replace("\n", end))
    result = run(runner, path)
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, f"{path}:2: {SWALLOWED_MESSAGE}")


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        # The key question's id leads its header; answers as typed (y, n / a) still count as answers.
        (
            "case_id;grade;gender;Q2.1.1 engaging;2.1.2;2.1.3;notes\n"
            'B1;case manager;female;Yes;No;N/A;"open\n'
            "B2;case manager;male;y;n / a;;\n"
            'B3;case manager;male;No;No;No;"x"\n',
            7,
        ),
        # A long export: its answer column holds the answers.
        (
            'case_id,question,answer,grade,gender,notes\nA,2.1.1,Yes,cm,male,"open\nA,2.1.2,No,cm,male,\nA,2.1.3,N/A,cm,male,"x"\n',
            6,
        ),
    ],
    ids=["semicolons", "long"],
)
def test_rows_swallowed_in_other_shapes(runner, write, text, cells):
    path = write(text)
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:2: notes: a quoted cell opened on this line runs on to line 4 and swallows rows shaped like cases "
        f"(line 3: {cells} cells, with answers under the key questions): close the quote where the cell should end",
        "0 rows read, 0 valid, 0 with errors",
    ]
    assert result.exit_code == 1


def test_a_multi_line_comment_is_read_as_one_cell(runner, write):
    path = write(MULTI_LINE_COMMENT)
    result = run(runner, path)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "2 rows read, 2 valid, 0 with errors\n", "")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)  # an independent reader agrees: 2 cases
    assert frame["notes"][0] == "first line\nsecond line, with a comma\nthird"


def test_a_multi_line_comment_in_the_first_column_ending_before_the_answers_is_no_error(runner, write):
    # The line the quote closes on holds the record's own answers after the quote: they are not swallowed.
    path = write(
        "notes,case_id,grade,gender,2.1.1,2.1.2,2.1.3\n"
        '"seen twice,\nthen closed",A1,case manager,female,Yes,No,N/A\n'
        ",A2,case manager,male,No,Yes,No\n"
    )
    result = run(runner, path)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "2 rows read, 2 valid, 0 with errors\n", "")


NOTED = {
    # A line with as many cells as a row but no answers under the key questions: a note, not an error.
    "row-shaped": ("counted:\none,two,three,four,five,six,seven", 3, "line 3 inside it has 7 cells, as many as a row"),
    # 21 line breaks: more than 20.
    "many lines": ("\n".join(f"line {n}" for n in range(1, 23)), 23, "that is 21 line breaks in one cell"),
}


@pytest.mark.parametrize(("cell", "last", "shape"), NOTED.values(), ids=NOTED.keys())
def test_a_cell_that_may_have_swallowed_rows_is_a_note(runner, write, cell, last, shape):
    path = write(f'{HEADER}\nA1,case manager,female,Yes,No,N/A,"{cell}"\nA2,senior case manager,male,No,Yes,No,\n')
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "2 rows read, 2 valid, 0 with errors\n")
    assert result.stderr == (
        f"hmirate: {path}: line 2: the quoted cell in column 'notes' runs on to line {last}, and {shape}: "
        "if its quote was meant to close on line 2, the rows after it were read into it\n"
    )


def test_a_cell_over_twenty_lines_is_no_note(runner, write):
    lines = "\n".join(f"line {n}" for n in range(1, 22))  # 20 line breaks
    path = write(f'{HEADER}\nA1,case manager,female,Yes,No,N/A,"{lines}"\n')
    result = run(runner, path)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1 row read, 1 valid, 0 with errors\n", "")


def test_the_line_of_a_second_quote_counts_the_line_breaks_of_the_first(runner, write):
    # The record starts on line 2; its first cell holds two line breaks, so the swallowing quote opens on line 4.
    path = write(
        "notes,case_id,grade,gender,2.1.1,2.1.2,2.1.3,more\n"
        '"a\nb\nc",A1,case manager,female,Yes,No,N/A,"open\n'
        ",A2,case manager,male,No,Yes,No,\n"
        ',A3,case manager,male,No,Yes,No,"x"\n'
    )
    result = run(runner, path)
    assert result.stdout.splitlines()[0] == (
        f"{path}:4: more: a quoted cell opened on this line runs on to line 6 and swallows rows shaped like cases "
        "(line 5: 8 cells, with answers under the key questions): close the quote where the cell should end"
    )


LONGLIST_HEADER = "CRN,PNC,First Name,Family Name,DOB,Gender,Sentence Type,RoSH,Start Date,Team,Responsible Officer"


def _longlist_row(crn: str, tail: str = "Ann Lee") -> str:
    return f"{crn},,Tom,Bailey{crn},08/05/1998,Male,Adult Licence,Low,13/03/2018,Team A,{tail}"


def test_a_longlist_row_swallowed_is_a_note_in_draw(runner, write):
    # No answers in a longlist: the rows shaped like rows are a note naming the line, not an error.
    rows = [_longlist_row("X1", '"Ann Lee'), _longlist_row("X2"), _longlist_row("X3", 'Ann Lee,"x"')]
    rows += [_longlist_row(f"Y{n}") for n in range(10)]
    path = write("\n".join([LONGLIST_HEADER, *rows]) + "\n", name="longlist.csv")
    result = run(runner, path, "--size", "5", "--seed", "1", "--as-of", "2019-04-01", "--strata", "", command="draw")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"hmirate: {path}: line 2: the quoted cell in column 'Responsible Officer' runs on to line 4, and line 3 "
        "inside it has 11 cells, as many as a row: if its quote was meant to close on line 2, the rows after it "
        "were read into it"
    )


# --- line ends: \n, \r\n, a lone \r, and a mix ------------------------------------------------------------


ENDS = {"lf": ["\n"] * 5, "crlf": ["\r\n"] * 5, "cr": ["\r"] * 5, "mixed": ["\r", "\n", "\r\n", "\r", "\n"]}


def _lines(lines: list[bytes], ends: list[str]) -> bytes:
    return b"".join(line + end.encode() for line, end in zip(lines, ends, strict=False))


@pytest.mark.parametrize("ends", ENDS.values(), ids=ENDS.keys())
def test_value_and_ragged_row_lines(runner, write, ends):
    path = write(_lines([HEADER.encode(), b"A1,cm,f,Yes,No,N/A,", b"A2,cm,m,Yes,Maybe,No,", b"A3,cm,f,Yes,No"], ends))
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:3: 2.1.2: expected Yes, No or N/A, got 'Maybe'",
        f"{path}:4: row has 5 cells, the header has 7",
        "3 rows read, 1 valid, 2 with errors",
    ]


@pytest.mark.parametrize("ends", ENDS.values(), ids=ENDS.keys())
def test_windows_1252_note_line(runner, write, ends):
    path = write(_lines([HEADER.encode(), b"A1,cm,f,Yes,No,N/A,", b"A2,cm,m,Yes,No,No,Jos\xe9"], ends))
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "2 rows read, 2 valid, 0 with errors\n")
    assert result.stderr == f"hmirate: {path}: not UTF-8; read as Windows-1252 (line 3 is the first that needed it)\n"


REFUSED = {
    # Line 3 has valid multi-byte UTF-8 and line 4 a byte that is not: damaged UTF-8, not Windows-1252 (a CR
    # file was one line there, so the two were one line, and it was read as Windows-1252: 'ZoÃ«').
    "damaged": (
        [b"A2,cm,m,Yes,No,No,Zo\xc3\xab", b"A3,cm,m,Yes,No,No,Jos\xe9"],
        "4: byte 0xe9 is not UTF-8 (is the file Windows-1252? then every line would need it)",
    ),
    "nul": ([b"A2,cm,m,Yes,No,No,\x00"], "3: contains a NUL byte: this is not a text CSV file"),
    "open quote": (
        [b"A2,cm,m,Yes,No,No,", b'A3,cm,m,Yes,No,No,"x'],
        '4: a quoted field opened on this line is never closed (unbalanced ")',
    ),
}


@pytest.mark.parametrize("ends", ENDS.values(), ids=ENDS.keys())
@pytest.mark.parametrize(("rows", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_a_file_refused_on_its_line(runner, write, ends, rows, message):
    path = write(_lines([HEADER.encode(), b"A1,cm,f,Yes,No,N/A,", *rows], ends))
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (1, f"{path}:{message}\n0 rows read, 0 valid, 0 with errors\n")


@pytest.mark.parametrize("ends", ENDS.values(), ids=ENDS.keys())
def test_blank_rows_note_lines(runner, write, ends):
    path = write(_lines([HEADER.encode(), b"A1,cm,f,Yes,No,N/A,", b",,,,,,", b"A2,cm,m,Yes,No,No,", b",,,,,,"], ends))
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "2 rows read, 2 valid, 0 with errors\n")
    assert result.stderr == f"hmirate: {path}: skipped 2 rows with no values (only delimiters), from line 3 to 5\n"


@pytest.mark.parametrize("chunk", [1, 2, 3, 1 << 24])
def test_physical_lines_are_counted_as_the_readers_count_them(monkeypatch, chunk):
    from hmirate.read import scan

    monkeypatch.setattr(scan, "CHUNK", chunk)
    data = b"h\r\na\rb\nc\r\n\rd"  # h, a, b, c, an empty line, d: six lines, the \r\n cut between reads when small
    assert scan.Scan._count(data)[0] == 6
    assert scan.Scan._count(data + b"\r")[0] == 6
    assert scan.Scan._count(b"")[0] == 0


def test_a_cr_file_is_known_to_have_one_line_a_record(write):
    from hmirate.read.csv import read_file

    raw = read_file(str(write(f"{HEADER}\rA1,cm,f,Yes,No,N/A,\rA2,cm,m,Yes,No,No,\r")))
    assert raw.one_line_records
    assert list(raw.lines) == [2, 3]


# A drawn sample whose C01 notes open a quote closed on C05's line: C04 and C05 are read into C01's notes.
SAMPLE_SWALLOWED = (
    'case_id,gender,disposal,notes\nC01,female,co,"first\nC04,male,sso,\nC05,female,sso,"x"\nC09,male,co,\n'
)


def _sample_note(path) -> str:
    return (
        f"hmirate: {path}: line 2: the quoted cell in column 'notes' runs on to line 4, and line 3 inside it has "
        "4 cells, as many as a row: if its quote was meant to close on line 2, the rows after it were read into it"
    )


def test_a_sample_row_swallowed_is_a_note_in_check_sample(runner, write):
    sample = write(SAMPLE_SWALLOWED, name="sample.csv")
    population = write("case_id,gender,disposal\nC01,female,co\nC04,male,sso\nC05,female,sso\nC09,male,co\n", "pop.csv")
    result = run(runner, sample, "--population", population, "--strata", "gender", command="check-sample")
    assert result.stderr.splitlines()[0] == _sample_note(sample)


def test_a_sample_row_swallowed_is_a_note_in_template(runner, write, tmp_path):
    sample = write(SAMPLE_SWALLOWED, name="sample.csv")
    out = tmp_path / "template.csv"
    result = run(runner, "--sample", sample, "-o", out, command="template")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        _sample_note(sample),
        f"hmirate: wrote {out}: 19 key questions of 6 standards, 2 cases (0 reserves)",
    ]


def test_template_says_what_reading_its_sample_noted(runner, write, tmp_path):
    # Before, the notes of the sample's reading were dropped: a skipped row went unsaid.
    sample = write("case_id,gender,disposal\nC01,female,co\nC04,male,sso\n,,\n", name="sample.csv")
    out = tmp_path / "template.csv"
    result = run(runner, "--sample", sample, "-o", out, command="template")
    assert (
        result.stderr.splitlines()[0] == f"hmirate: {sample}: skipped 1 row with no values (only delimiters), on line 4"
    )


def test_a_filled_template_with_swallowed_cases_is_an_error_in_validate_progress(runner, write):
    path = write(
        f'{HEADER}\nA1,case manager,female,Yes,No,N/A,"x\nA2,case manager,male,No,,,\nA3,case manager,female,,,,"y"\n'
    )
    result = run(runner, "--progress", path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"{path}:2: notes: a quoted cell opened on this line runs on to line 4 and swallows rows shaped like cases "
        "(line 3: 7 cells, with answers under the key questions): close the quote where the cell should end\n",
    )


@given(st.lists(st.tuples(st.sampled_from(["", "a", '"q', "b,c"]), st.sampled_from(["\n", "\r", "\r\n"]))))
def test_line_start_agrees_with_reading_line_by_line(lines):
    # Where runs_to_end starts its walk: found from the end when there is one kind of line end; the truth is the
    # standard library reading the text a line at a time.
    from hmirate.read.quotes import line_start

    text = "".join(cell + end for cell, end in lines) + "tail"
    read = io.StringIO(text, newline="").readlines()
    for line in range(1, len(read) + 1):
        assert line_start(text, line) == sum(len(before) for before in read[: line - 1])


def _left_open_one_character_at_a_time(text: str, delimiter: str, start: int) -> bool:
    """The rule, walked a character at a time (as hmirate did before it searched quote to quote)."""
    quoted, at_field_start = False, True
    position = start
    while position < len(text):
        char = text[position]
        if quoted and char == '"':
            if text.startswith('"', position + 1):
                position += 1
            else:
                quoted = False
        elif not quoted and char == '"' and at_field_start:
            quoted = True
        at_field_start = not quoted and char in (delimiter, "\n", "\r")
        position += 1
    return quoted


@given(st.text(alphabet='",;a \n\r', max_size=16), st.sampled_from([",", ";"]))
def test_quote_left_open_searches_as_the_walk_walks(text, delimiter):
    from hmirate.read.quotes import quote_left_open

    for start in [0] + [i + 1 for i, char in enumerate(text) if char in "\r\n"]:
        assert quote_left_open(text, delimiter, start) == _left_open_one_character_at_a_time(text, delimiter, start)
