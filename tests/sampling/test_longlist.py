"""Reading the longlist: headers by name or alias, the export's spellings, dates, and line-numbered errors."""

from __future__ import annotations

import datetime as dt

import pytest

from hmirate.errors import InvalidData
from hmirate.sampling import eligibility, load_longlist
from hmirate.sampling.eligibility import NOT_STARTED, OTHER_GENDER, REDACTED


def test_export_headers_are_matched_by_alias_ignoring_case_spaces_and_underscores(write):
    path = write(
        "CRN,PNC Number,First Name,SURNAME,Date of Birth,Sex,Sentence Type,RoSH Level,Start Date,End Date,"
        "Cluster,Local Delivery Unit,Team,Responsible Officer,Offence",
        "X1,2001/1A,Ann,Lee,31/12/1980,F,ORA Community Order,RLRH,2019-01-02,,North,Basingstoke,B1,Jo Bloggs,Theft",
    )
    longlist = load_longlist(str(path))
    assert list(longlist.columns) == ["case_id", "pnc", "first_name", "family_name", "dob", "gender",
                                      "sentence_type", "rosh", "start_date", "end_date", "cluster", "ldu", "team",
                                      "officer"]  # fmt: skip
    (case,) = longlist.cases
    assert (case.case_id, case.gender, case.sentence_type, case.rosh) == ("X1", "F", "community", "low")
    assert case.sex == "female"  # the standard strata's reading of the gender, kept as written
    assert (case.dob, case.start_date, case.end_date) == (dt.date(1980, 12, 31), dt.date(2019, 1, 2), None)
    assert longlist.rows[0][-1] == "Theft"  # any other column is kept as it is


@pytest.mark.parametrize(
    ("spelling", "kind"),
    [
        ("ORA Community Order", "community"),
        ("ORA Suspended Sentence Order", "community"),
        ("CJA - Youth Rehabilitation Order", "community"),
        ("community order", "community"),
        ("Adult Licence", "post-custody"),
        ("ORA Supervision Default Order", "post-custody"),
        ("licence", "post-custody"),
        ("Post-Sentence Supervision", "post-custody"),
        ("  adult   LICENCE ", "post-custody"),
    ],
)
def test_sentence_type_spellings(write, spelling, kind):
    path = write("case_id,sentence_type", f"X1,{spelling}")
    assert load_longlist(str(path)).cases[0].sentence_type == kind


@pytest.mark.parametrize(
    ("spelling", "level"),
    [("Low", "low"), ("Medium", "medium"), ("High", "high"), ("Very high", "very high"), ("VERY HIGH", "very high"),
     ("RLRH", "low"), ("RMRH", "medium"), ("RHRH", "high"), ("RVRH", "very high")],
)  # fmt: skip
def test_rosh_spellings(write, spelling, level):
    assert load_longlist(str(write("case_id,rosh", f"X1,{spelling}"))).cases[0].rosh == level


def test_every_bad_value_is_reported_with_its_line_and_column_and_nothing_is_read(write):
    path = write(
        "case_id,gender,sentence_type,rosh,start_date,officer",
        "X1,male,Adult Licence,Low,2019-01-01,Jo",
        "X2,,Prison,Severe,31/02/2019,",
        "X3,female,licence,low,2019-13-01,Al",
    )
    with pytest.raises(InvalidData) as caught:
        load_longlist(str(path))
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:3: gender: blank gender; it is required",
        f"{path}:3: sentence_type: unknown sentence type 'Prison': expected a community sentence (ORA Community "
        "Order, ORA Suspended Sentence Order, CJA - Youth Rehabilitation Order) or post-custody (Adult Licence, "
        "ORA Supervision Default Order, licence, post-sentence supervision)",
        f"{path}:3: rosh: unknown RoSH level 'Severe': expected Low, Medium, High, Very high or RLRH, RMRH, RHRH, RVRH",
        f"{path}:3: start_date: '31/02/2019' is not a date: use YYYY-MM-DD or DD/MM/YYYY",
        f"{path}:3: officer: is blank: every case needs its officer",
        f"{path}:4: start_date: '2019-13-01' is not a date: use YYYY-MM-DD or DD/MM/YYYY",
    ]


def test_a_column_given_twice_under_two_names_is_an_error(write):
    path = write("CRN,case_id", "X1,X1")
    with pytest.raises(InvalidData) as caught:
        load_longlist(str(path))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: case_id: read as case_id, which column 1 ('CRN') already is: keep one of the two"
    ]


def test_a_header_only_longlist_is_an_error(write):
    with pytest.raises(InvalidData, match="has no cases, only a header"):
        load_longlist(str(write("case_id,gender")))


def test_an_excel_longlist_reads_like_the_csv(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")  # in the test extras; Excel support is an optional extra
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["CRN", "Gender", "Start Date"])
    sheet.append(["X1", "Male", dt.datetime(2019, 3, 1)])  # Excel keeps dates as midnight datetimes
    book.save(tmp_path / "longlist.xlsx")
    (case,) = load_longlist(str(tmp_path / "longlist.xlsx")).cases
    assert (case.case_id, case.sex, case.start_date) == ("X1", "male", dt.date(2019, 3, 1))


def test_eligibility_counts_each_rule_and_says_which_did_not_run(write):
    path = write(
        "first_name,family_name,gender,start_date",
        "Ann,Lee,female,2019-01-01",
        "*****,*****,male,2019-01-01",  # redacted
        "Bob,Ng,male,2019-04-02",  # starts after the date of the inspection
        "Cy,Ray,Other,2019-01-01",  # neither male nor female
        "**,Roe,Non-binary,2019-05-01",  # all three: counted once, under the first rule
        "Di,Poe,M,2019-04-01",  # starts on the day: eligible
    )
    rules = eligibility(load_longlist(str(path)), dt.date(2019, 4, 1))
    assert rules.eligible == [0, 5]
    assert rules.excluded == {REDACTED: [1, 4], NOT_STARTED: [2], OTHER_GENDER: [3]}
    assert rules.not_run == {}
    plain = eligibility(load_longlist(str(write("case_id,gender", "X1,male", name="plain.csv"))), dt.date(2019, 4, 1))
    assert plain.not_run == {REDACTED: "no first_name or family_name column", NOT_STARTED: "no start_date column"}


def test_the_docs_table_lists_every_column_alias_and_spelling():
    """docs/sampling.md's longlist table is what the code accepts: a new alias or spelling must be documented."""
    from pathlib import Path

    from hmirate.sampling.longlist import ALIASES, COMMUNITY, POST_CUSTODY

    docs = (Path(__file__).resolve().parents[2] / "docs" / "sampling.md").read_text()
    rows = {line.split("|")[1].strip(" `"): line.casefold() for line in docs.splitlines() if line.startswith("| `")}
    assert set(rows) == set(ALIASES)
    for column, aliases in ALIASES.items():
        for alias in aliases:
            assert alias.casefold() in rows[column], (column, alias)
    for spelling in (*COMMUNITY, *POST_CUSTODY):
        assert f"`{spelling.casefold()}`" in rows["sentence_type"], spelling


def test_a_longlist_is_checked_by_the_case_files_engine_grouped_with_lines_and_a_summary(write, tmp_path):
    """Issue 16: one message per problem with its count and lines, then the summary line, as for a case
    file; not one line per row."""
    from click.testing import CliRunner

    from hmirate.cli import main

    rows = [f"X{i},male,Severe" for i in range(8)] + ["Y1,female,Low", "Y2,,low"]
    path = write("\n".join(["CRN,Sex,RoSH Level", *rows]) + "\n", name="longlist.csv")
    result = CliRunner().invoke(main, ["draw", str(path), "--size", "1", "--seed", "1", "-o", str(tmp_path / "s.csv")])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{path}:2: rosh: unknown RoSH level 'Severe': expected Low, Medium, High, Very high or RLRH, RMRH, RHRH, "
        "RVRH (8 rows: lines 2-9)",
        f"{path}:11: gender: blank gender; it is required",
        "hmirate: 10 rows read, 1 valid, 9 with errors; the file was not used",
    ]
    assert not (tmp_path / "s.csv").exists()
