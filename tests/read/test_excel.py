"""Workbooks as they come (read/excel.py): parts that would expand absurdly are refused before openpyxl
sees them, claimed dimensions are not trusted, the sheet with the cases is found, encrypted workbooks and
uncalculated formulas are named. Each workbook is built here, in the test."""

from __future__ import annotations

import json
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import workbook

from hmirate.cli import main
from hmirate.read import excel

HEADER = ["case_id", "grade", "gender", "2.1.1", "2.1.2", "2.1.3"]
ROWS = [["A", "cm", "female", "Yes", "No", "N/A"], ["B", "scm", "male", "Yes", "Yes", "No"]]


def run(runner, *args):
    result = runner.invoke(main, ["validate", *map(str, args)])
    assert "Traceback" not in result.output
    return result


def _rewrite(path: Path, member: str, change) -> None:
    """Rewrite one part of a workbook (the zip) through ``change(bytes) -> bytes``."""
    with zipfile.ZipFile(path) as book:
        parts = {info.filename: book.read(info) for info in book.infolist()}
    parts[member] = change(parts.get(member, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)


def test_a_part_too_large_to_expand(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(excel, "MAX_PART_BYTES", 1 << 20)
    path = workbook(tmp_path / "big.xlsx", {"Cases": [HEADER, *ROWS]})
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>%s</t></si></sst>'
    _rewrite(path, "xl/sharedStrings.xml", lambda _: table % (b"A" * (2 << 20)))
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}: workbook part xl/sharedStrings.xml would expand to 2 MiB, over the 1 MiB limit",
        "0 rows read, 0 valid, 0 with errors",
    ]
    assert result.exit_code == 1


def test_a_shared_string_claimed_at_1_5_gb_is_refused_unread(runner, tmp_path):
    """The zip's table of contents claims 1.5 GB for the shared strings: refused from the claim alone."""
    path = workbook(tmp_path / "claim.xlsx", {"Cases": [HEADER, *ROWS]})
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>A</t></si></sst>'
    _rewrite(path, "xl/sharedStrings.xml", lambda _: table)
    data = bytearray(path.read_bytes())
    name = b"xl/sharedStrings.xml"
    entry = data.index(b"PK\x01\x02")  # the central directory: find the entry, claim 1.5 GB uncompressed
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 1_500_000_000)
    path.write_bytes(bytes(data))
    result = run(runner, path)
    assert result.stdout.splitlines()[0] == (
        f"{path}: workbook part xl/sharedStrings.xml would expand to 1,431 MiB, over the 256 MiB limit"
    )
    assert result.exit_code == 1


def test_a_claimed_million_row_dimension_is_ignored(runner, tmp_path):
    path = workbook(tmp_path / "dim.xlsx", {"Cases": [HEADER, *ROWS]})
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data),
    )
    assert b"XFD1048576" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "2 rows read, 2 valid, 0 with errors\n")


def test_the_sheet_with_the_cases_is_read_after_a_readme(runner, tmp_path):
    sheets = {
        "ReadMe": [["About this workbook"], ["Answers are Yes, No or N/A"]],
        "Cases": [HEADER, *ROWS],
        "Lookups": [["grade"], ["cm"]],
    }
    path = workbook(tmp_path / "book.xlsx", sheets)
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "2 rows read, 2 valid, 0 with errors\n")
    assert (
        result.stderr
        == f"hmirate: {path}: read sheet 'Cases', which has the case columns (others: 'ReadMe', 'Lookups')\n"
    )


def test_the_sheet_found_by_an_alias_and_a_leading_id(runner, tmp_path):
    header = ["CRN", "grade", "gender", "2.1.1 Is there", "2.1.2", "2.1.3"]
    path = workbook(tmp_path / "book.xlsx", {"Notes": [["x"]], "Data": [header, *ROWS]})
    result = run(runner, path)
    assert result.exit_code == 0
    assert (
        result.stderr.splitlines()[0]
        == f"hmirate: {path}: read sheet 'Data', which has the case columns (others: 'Notes')"
    )


def test_no_sheet_with_case_columns(runner, tmp_path):
    path = workbook(tmp_path / "book.xlsx", {"One": [["name", "office"], ["x", "y"]], "Two": [["a"]]})
    result = run(runner, path)
    assert result.stderr == f"hmirate: {path}: no sheet has case columns; read the first, 'One' (others: 'Two')\n"
    assert result.stdout.splitlines()[0] == f"{path}:1: missing required column 'case_id'"
    assert result.exit_code == 1


def test_a_formula_never_calculated(runner, tmp_path):
    """openpyxl saves formulas without a cached value, as a workbook never opened in Excel has them."""
    rows = [[*HEADER, "notes"], ["A", "cm", "m", '=IF(TRUE,"Yes","No")', "No", "N/A", "=1+1"], [*ROWS[1], None]]
    path = workbook(tmp_path / "f.xlsx", {"Cases": rows})
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}: Cases!D2: 2.1.1: a formula with no saved value (the workbook was never calculated): open it in Excel and save it",
        "2 rows read, 1 valid, 1 with errors",
    ]
    assert result.exit_code == 1


def test_a_bad_value_in_a_workbook_is_named_by_its_cell(runner, tmp_path):
    """A value pasted past a drop-down is found where a spreadsheet user looks: the sheet's cell, the sheet
    name quoted as Excel quotes one with a space; the line stays in JSON and annotations."""
    rows = [
        ["notes", *HEADER],
        ["", *ROWS[0]],
        ["", "B", "scm", "male", "Yes", "Maybe", "No"],
        ["", "C", "cm", "male", "yes.", "Maybe", ""],
    ]
    path = workbook(tmp_path / "f.xlsx", {"Case file": rows})
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}: 'Case file'!F3: 2.1.2: expected Yes, No or N/A, got 'Maybe' (2 rows: lines 3-4)",
        f"{path}: 'Case file'!E4: 2.1.1: expected Yes, No or N/A, got 'yes.'",
        f"{path}: 'Case file'!G4: 2.1.3: blank answer; write Yes, No or N/A (N/A where it does not apply)",
        "3 rows read, 1 valid, 2 with errors",
    ]
    problems = json.loads(runner.invoke(main, ["validate", "--format", "json", str(path)]).stdout)
    assert [(p["line"], p["cell"]) for p in problems] == [
        (3, "'Case file'!F3"),
        (4, "'Case file'!E4"),
        (4, "'Case file'!G4"),
    ]


def test_a_formula_with_a_saved_value_is_read(runner, tmp_path):
    path = workbook(tmp_path / "f.xlsx", {"Cases": [HEADER, ["A", "cm", "m", '=IF(TRUE,"Yes","No")', "No", "N/A"]]})
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(b'<c r="D2"><f>', b'<c r="D2" t="str"><f>').replace(b"<v />", b"<v>Yes</v>"),
    )
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "1 row read, 1 valid, 0 with errors\n")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b"\x00" * 4000 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100,
            "is a password-protected workbook: remove the password in Excel and save it as .xlsx",
        ),
        (b"\x00" * 4000 + "Workbook".encode("utf-16-le"), "is an old Excel .xls workbook: save it as .xlsx or CSV"),
    ],
)
def test_ole_files_encrypted_or_old(runner, tmp_path, body, message):
    path = tmp_path / "book.xlsx"
    path.write_bytes(OLE + body)
    result = run(runner, path)
    assert result.stdout.splitlines() == [f"{path}: {message}", "0 rows read, 0 valid, 0 with errors"]
    assert result.exit_code == 1


def test_an_encrypted_marker_across_two_read_blocks():
    data = OLE + b"\x00" * ((1 << 20) - 8 - 10) + "EncryptedPackage".encode("utf-16-le")
    assert excel.encrypted(data)


def test_a_row_with_several_uncalculated_formulas_is_one_row_with_errors(tmp_path: Path) -> None:
    """Each cell is its own problem, but the row is counted once: found by a hostile review."""

    import hmirate

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["case_id", "grade", "gender", "2.1.1", "2.1.2", "2.1.3"])
    sheet.append(["=A1", "=B1", "=C1", '=IF(1,"Yes","No")', '=IF(1,"No","Yes")', "=D2"])
    sheet.append(["3", "cm", "m", "Yes", "No", "Yes"])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    result = hmirate.check_files(str(path))
    assert str(result.rows) == "2 rows read, 1 valid, 1 with errors"
    assert {problem.line for problem in result.problems} == {2}


def _with_hidden(path: Path, sheets: dict[str, list[list[object]]], hidden: dict[str, str]) -> Path:
    """``workbook``, with the sheets named in ``hidden`` given that state (hidden or veryHidden)."""
    workbook(path, sheets)
    book = openpyxl.load_workbook(path)
    for title, state in hidden.items():
        book[title].sheet_state = state
    book.save(path)
    return path


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_stale_sheet_is_passed_over(runner, tmp_path, state):
    """A stale copy of the cases hidden ahead of the export is not read: the visible sheet is, and a note
    says the hidden one was passed over; naming it still reads it."""
    stale = [HEADER, ["A", "cm", "female", "Maybe", "No", "N/A"]]
    path = _with_hidden(tmp_path / "book.xlsx", {"Old": stale, "Cases": [HEADER, *ROWS]}, {"Old": state})
    result = run(runner, path)
    assert (result.exit_code, result.stdout) == (0, "2 rows read, 2 valid, 0 with errors\n")
    assert result.stderr == f"hmirate: {path}: read sheet 'Cases' (hidden, not read: 'Old')\n"
    result = run(runner, path, "--sheet", "Old")
    assert result.stdout.splitlines() == [
        f"{path}: Old!D2: 2.1.1: expected Yes, No or N/A, got 'Maybe'",
        "1 row read, 0 valid, 1 with errors",
    ]
    assert (result.exit_code, result.stderr) == (1, "")


def test_a_hidden_sheet_is_listed_among_the_others(runner, tmp_path):
    sheets = {"ReadMe": [["About"]], "Old": [HEADER, *ROWS], "Cases": [HEADER, *ROWS]}
    path = _with_hidden(tmp_path / "book.xlsx", sheets, {"Old": "hidden"})
    result = run(runner, path)
    assert result.exit_code == 0
    assert result.stderr == (
        f"hmirate: {path}: read sheet 'Cases', which has the case columns (others: 'ReadMe'; hidden, not read: 'Old')\n"
    )
    result = run(runner, path, "--sheet", "Gone")
    assert (result.exit_code, result.stderr) == (
        2,
        f"hmirate: {path}: no sheet 'Gone'; sheets: ReadMe, Old (hidden), Cases\n",
    )


def test_every_sheet_hidden_needs_a_sheet_named(runner, tmp_path):
    path = workbook(tmp_path / "book.xlsx", {"Cases": [HEADER, *ROWS]})
    _rewrite(path, "xl/workbook.xml", lambda xml: xml.replace(b'state="visible" r:id', b'state="hidden" r:id'))
    result = run(runner, path)
    message = f"hmirate: {path}: every sheet is hidden ('Cases'): name the one with the cases with --sheet\n"
    assert (result.exit_code, result.stderr) == (2, message)
    assert run(runner, path, "--sheet", "Cases").exit_code == 0


def test_three_sheets_with_cases_need_a_sheet_named(runner, tmp_path):
    """The rule is the reader's, so every command reading a workbook refuses alike, each in its own words: the
    library names its parameter (and says which), the command line its flag."""
    import hmirate
    from hmirate.errors import UsageError

    sheets = {"North": [HEADER, *ROWS], "Notes": [["x"]], "South": [HEADER, *ROWS], "East": [HEADER, *ROWS]}
    path = workbook(tmp_path / "book.xlsx", sheets)
    message = f"{path}: sheets 'North', 'South' and 'East' all have case columns: choose one with "
    for command in (["validate"], ["score"], ["explain"]):
        result = runner.invoke(main, [*command, str(path)])
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"hmirate: {message}--sheet\n")
    with pytest.raises(UsageError) as raised:
        hmirate.score(path)
    assert (str(raised.value), raised.value.param) == (message + "`sheet`", "sheet")
    assert [file.rows for file in hmirate.score(path, sheet="South").inputs] == [2]


def test_a_long_sheet_with_a_formula_column_is_walked_once(tmp_path, monkeypatch):
    """Values, formulas never calculated and row numbers come from one pass over the sheet's XML (openpyxl
    parsed a sheet up to four times: its size, the header, the values, the formulas); the header search
    reads only the first rows."""
    from hmirate.read import sheet_xml
    from hmirate.read.csv import open_file

    rows = [[*HEADER, "total"]] + [[f"C{n}", "cm", "male", "Yes", "No", "N/A", f"={n}*2"] for n in range(300)]
    path = workbook(tmp_path / "f.xlsx", {"Cases": rows})
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(rb"<v\s*/>|<v></v>", b"<v>2</v>", xml))
    walked: list[int] = []
    real = sheet_xml.rows

    def counted(stream, formats, limit=None):
        walked.append(0)
        for row in real(stream, formats, limit):
            walked[-1] += 1
            yield row

    monkeypatch.setattr(excel, "sheet_rows", counted)
    raw = open_file(str(path)).read()
    assert walked == [1, 301]
    assert (raw.rows_read, raw.problems, raw.column(6).to_pylist()[:2]) == (300, [], ["2", "2"])


def test_the_sampling_commands_refuse_two_case_sheets_alike(runner, tmp_path):
    """check-sample and template read workbooks by the same rule, so they take ``--sheet`` too."""
    sample = [["case_id", "gender", "sentence_type", "rosh", "2.1.1"], ["A", "male", "community", "low", "Yes"]]
    path = workbook(tmp_path / "sample.xlsx", {"Drawn": sample, "Copy": sample})
    message = f"hmirate: {path}: sheets 'Drawn' and 'Copy' both have case columns: choose one with --sheet\n"
    commands = (
        ["check-sample", str(path), "--profile", str(tmp_path / "profile.toml")],
        ["template", "--sample", str(path), "-o", str(tmp_path / "cases.xlsx")],
    )
    (tmp_path / "profile.toml").write_text("[gender]\nmale = 100\n", encoding="utf-8")
    for command in commands:
        result = runner.invoke(main, command)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
        assert not (tmp_path / "cases.xlsx").exists()
    for command in commands:
        result = runner.invoke(main, [*command, "--sheet", "Copy"])
        assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "cases.xlsx"):  # the template was written from the sheet named
        pass


def test_rows_out_of_order_are_refused_not_dropped(runner, tmp_path):
    """openpyxl dropped a row whose number went backwards without a word; the sheet is damaged, and said so."""
    path = workbook(tmp_path / "book.xlsx", {"Cases": [HEADER, *ROWS]})
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'<row r="3"', b'<row r="2"'))
    result = run(runner, path)
    message = f"{path}: row 2 appears twice: the sheet's rows are out of order (is the file damaged?)"
    assert (result.exit_code, result.stdout.splitlines()) == (1, [message, "0 rows read, 0 valid, 0 with errors"])


def test_rows_with_values_past_the_header_are_grouped(runner, tmp_path):
    """As in a CSV: one problem per cell count, with the count and the sheet rows; empty cells past the
    header (a formatted range) are no cells at all."""
    rows = [HEADER, ROWS[0], *[[f"C{n}", "cm", "male", "Yes", "No", "No", "x"] for n in range(4)], ROWS[1]]
    rows += [["D", "cm", "male", "Yes", "No", "No", None, "y"], ["E", "cm", "male", "Yes", "No", "No", "", None]]
    path = workbook(tmp_path / "f.xlsx", {"Cases": rows})
    result = run(runner, path)
    assert result.stdout.splitlines() == [
        f"{path}:3: row has 7 cells, the header has 6, with a value past its last column (4 rows: lines 3-6)",
        f"{path}:8: row has 8 cells, the header has 6, with a value past its last column",
        "8 rows read, 3 valid, 5 with errors",
    ]
    assert result.exit_code == 1


def test_a_sheet_formatted_to_its_last_column(runner, tmp_path):
    """A used range 16,384 columns wide: every row carries styled empty cells to column XFD, which are
    neither header nor values."""
    path = workbook(tmp_path / "f.xlsx", {"Cases": [HEADER, *ROWS]})
    book = openpyxl.load_workbook(path)
    sheet = book["Cases"]
    for row in range(1, 4):
        for column in range(7, 16_385):
            sheet.cell(row=row, column=column).number_format = "@"
    book.save(path)
    with zipfile.ZipFile(path) as zipped:
        assert b'r="XFD3"' in zipped.read("xl/worksheets/sheet1.xml")
    result = run(runner, path)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "2 rows read, 2 valid, 0 with errors\n", "")
