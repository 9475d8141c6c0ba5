"""The recording workbook as Excel will see it: the crc-2018 template read back with openpyxl, and checks
that it opens without Excel's repair prompt (a strict read, well-formed XML parts, data validations on
ranges that exist). Expectations come from the framework's TOML file read with tomllib, not from hmirate."""

from __future__ import annotations

import csv
import io
import re
import tomllib
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from hmirate.render.template import template_csv, template_xlsx
from hmirate.rules.framework import load_framework
from hmirate.sampling.template import Template, TemplateCase, make_template

ROOT = Path(__file__).resolve().parent.parent.parent
TOML = ROOT / "src" / "hmirate" / "rules" / "frameworks" / "crc-2018.toml"


def _from_toml() -> list[tuple[str, str, bool]]:
    """Every key question of a standard rated from cases, as the framework file writes it."""
    data = tomllib.loads(TOML.read_text(encoding="utf-8"))
    return [
        (q["id"], q["text"], q.get("relevant_subsample", False))
        for domain in data["domains"]
        for standard in domain["standards"]
        if standard["rated_from"] == "cases"
        for q in standard["key_questions"]
    ]


@pytest.fixture(scope="module")
def crc() -> Template:
    framework = load_framework("crc-2018")
    standards = tuple(s for s in framework.standards if s.rated_from == "cases")
    return Template(framework, standards, ("grade", "gender"), version="0.1.0", commands=(("Score it", "score me"),))


@pytest.fixture(scope="module")
def blank(crc: Template) -> bytes:
    return template_xlsx(crc)


@pytest.fixture(scope="module")
def sampled(crc: Template) -> bytes:
    cases = (
        TemplateCase("C1", ("", "Male"), "male community low"),
        TemplateCase("C2", ("senior case manager", "Female"), "female"),
        TemplateCase("R1", ("", "Female"), "female", reserve=True),
    )
    return template_xlsx(Template(crc.framework, crc.standards, crc.splits, cases, stratum=True, reserve=True))


def test_the_crc_template_has_exactly_the_frameworks_questions_wording_and_drop_downs(blank):
    expected = _from_toml()
    book = openpyxl.load_workbook(io.BytesIO(blank))
    assert book.sheetnames == ["Cases", "Framework", "ReadMe"]
    sheet = book["Cases"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["case_id", "grade", "gender", *(qid for qid, _, _ in expected)]
    assert len(expected) == 19  # 2.1-2.4 (12), unpaid work (4), through the gate (3)
    for position, (qid, text, subsample) in enumerate(expected, 4):
        comment = sheet.cell(row=1, column=position).comment.text
        assert comment.startswith(f"{qid} {text}\n\n")
        assert ("Relevant sub-sample" in comment) == subsample
    assert sum("Relevant sub-sample" in (c.comment.text if c.comment else "") for c in sheet[1]) == 3
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Yes,No,N/A"'
    assert validation.showErrorMessage and validation.errorStyle == "stop"
    assert str(validation.sqref) == "D2:V1048576"
    assert sheet.freeze_panes == "B2"
    assert all(sheet.column_dimensions[letter].number_format == "@" for letter in "ABCDV")
    assert sheet.max_row == 1


def test_the_framework_sheet_lists_every_standard_question_and_rule(blank):
    data = tomllib.loads(TOML.read_text(encoding="utf-8"))
    rows = [[cell for cell in row] for row in openpyxl.load_workbook(io.BytesIO(blank))["Framework"].values]
    ids = [row[0] for row in rows]
    standards = [s for d in data["domains"] for s in d["standards"]]
    for standard in standards:
        row = rows[ids.index(standard["id"])]
        assert row[1] == f"{standard['title']}: {standard['description']}"
        for q in standard.get("key_questions", []):
            assert rows[ids.index(q["id"])][1] == q["text"]
    # ten standards: 0-5 Inadequate, 6-15 Requires improvement, 16-25 Good, 26-30 Outstanding (domain.md)
    assert [row[:2] for row in rows if str(row[0]).startswith("total ")] == [
        ["total 0 to 5", "Inadequate"],
        ["total 6 to 15", "Requires improvement"],
        ["total 16 to 25", "Good"],
        ["total 26 to 30", "Outstanding"],
    ]
    assert ["0% to 49%", "minority: Inadequate"] in [row[:2] for row in rows]
    assert ["80% to 100%", "large majority: Outstanding"] in [row[:2] for row in rows]


def test_the_readme_says_what_to_fill_in_and_the_command_that_scores_it(blank):
    lines = [row[0] or "" for row in openpyxl.load_workbook(io.BytesIO(blank))["ReadMe"].values]
    assert "Score it: score me" in lines  # the caller's words: the command's, for hmirate template
    assert "Framework: crc-2018 (Probation inspection standards: community rehabilitation companies (2018/19))" in lines
    assert "Made by hmirate 0.1.0" in lines
    assert any("Yes (sufficient), No (insufficient) or N/A" in line for line in lines)


def test_sample_rows_are_grey_main_sample_first_and_a_missing_split_left_open(sampled):
    sheet = openpyxl.load_workbook(io.BytesIO(sampled))["Cases"]
    rows = [[cell.value for cell in row[:5]] for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        ["C1", None, "Male", "male community low", "no"],
        ["C2", "senior case manager", "Female", "female", "no"],
        ["R1", None, "Female", "female", "yes"],
    ]
    assert sheet["A2"].fill.fgColor.rgb == "FFD9D9D9" and sheet["A2"].protection.locked
    assert sheet["B2"].fill.fill_type is None and not sheet["B2"].protection.locked  # grade: to fill in
    assert sheet["B3"].fill.fgColor.rgb == "FFD9D9D9"  # a grade the sample gave
    assert sheet.protection.sheet and not sheet.column_dimensions["F"].protection.locked
    assert all(sheet.cell(row=r, column=c).number_format == "@" for r in (2, 3, 4) for c in range(1, 6))


@pytest.mark.parametrize("which", ["blank", "sampled"])
def test_the_workbook_opens_clean(which, request):
    """What makes Excel offer to repair a file: a part that is not well-formed XML, or a data validation on
    a range outside the sheet or on columns that are not answers. openpyxl's full read must raise no warning."""
    data = request.getfixturevalue(which)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        parts = [name for name in archive.namelist() if name.endswith((".xml", ".rels", ".vml"))]
        assert "xl/worksheets/sheet1.xml" in parts and "[Content_Types].xml" in parts
        for name in parts:
            ET.fromstring(archive.read(name))  # raises on XML that is not well-formed
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Cases"]
    header = [cell.value for cell in sheet[1]]
    answers = [i + 1 for i, name in enumerate(header) if re.fullmatch(r"\d+\.\d+\.\d+", name)]
    for validation in sheet.data_validations.dataValidation:
        for cells in str(validation.sqref).split():
            low_col, low_row, high_col, high_row = range_boundaries(cells)
            assert 2 <= low_row <= high_row <= 1_048_576
            assert set(range(low_col, high_col + 1)) <= set(answers)
    assert re.search(r'<dataValidation [^>]*sqref="[A-Z]+2:[A-Z]+1048576"', sheet_xml)


def test_a_frameworks_own_splits_head_the_cases_and_a_standard_not_counted_is_said():
    """The youth-shaped framework of docs/examples splits by gender only and leaves 4.1 out of the total of
    12 standards (0-6, 7-18, 19-30, 31-36, domain.md's youth bands)."""
    made = make_template(framework=str(ROOT / "docs" / "examples" / "youth-2021.toml"))
    assert [s.id for s in made.standards] == ["2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4"]
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(made)))
    assert [cell.value for cell in book["Cases"][1]][:3] == ["case_id", "gender", "2.1.1"]
    rows = [row[:2] for row in book["Framework"].values]
    assert [row for row in rows if str(row[0]).startswith("total ")] == [
        ("total 0 to 6", "Inadequate"),
        ("total 7 to 18", "Requires improvement"),
        ("total 19 to 30", "Good"),
        ("total 31 to 36", "Outstanding"),
    ]
    assert ("not counted", "rated and reported, left out of the total: 4.1 Resettlement policy and provision") in rows


def test_csv_is_the_bare_header_and_the_samples_rows(crc):
    two = crc.framework.standards[4:5]  # 2.1
    cases = (TemplateCase("C1", ("", "Male"), "s", False), TemplateCase("R1", ("", "Female"), "s", True))
    text = template_csv(Template(crc.framework, two, crc.splits, cases, stratum=True, reserve=True))
    assert list(csv.reader(io.StringIO(text))) == [
        ["case_id", "grade", "gender", "stratum", "reserve", "2.1.1", "2.1.2", "2.1.3"],
        ["C1", "", "Male", "s", "no", "", "", ""],
        ["R1", "", "Female", "s", "yes", "", "", ""],
    ]
    assert template_csv(Template(crc.framework, two, crc.splits)) == "case_id,grade,gender,2.1.1,2.1.2,2.1.3\n"
