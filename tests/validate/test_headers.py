"""Header matching (validate/headers.py): every way exports head a column resolves to it, or is an error.

Expectations are written from the issue's rules: ids by leading id or exact wording, invisible characters
removed, documented aliases, two headers for one column an error, unknown ids an error, did-you-mean.
"""

from __future__ import annotations

import json

import pytest
from conftest import CASE_SUPERVISION

from hmirate.cli import main
from hmirate.columns import clean_header, fold, leading_id
from hmirate.errors import Problem
from hmirate.validate.headers import resolve_headers

BASE = ["case_id", "grade", "gender"]
STANDARD_21 = ["2.1.1", "2.1.2", "2.1.3"]


def test_plain_headers_give_positions_and_no_note(framework):
    resolved = resolve_headers([*BASE, "notes", *STANDARD_21], framework, file="f.csv")
    assert resolved.positions == {"case_id": 0, "grade": 1, "gender": 2, "2.1.1": 4, "2.1.2": 5, "2.1.3": 6}
    assert (resolved.notes, resolved.problems, resolved.blank) == ([], [], [])
    assert resolved.key_questions == STANDARD_21


@pytest.mark.parametrize(
    "header",
    [
        "2.1.1 Is there a sufficient assessment",
        "2.1.1: Is there",
        "2.1.1 - Is there",
        "2.1.1-Is",
        "2.1.1Is",
        "Q2.1.1",
        "q2.1.1:",
        "KQ 2.1.1 -",
        "kq2.1.1",
        "2.1.1.",
        "2.1.1\u200b",
        "\ufeff2.1.1",
        "2.1.1\u00a0",
    ],
)
def test_leading_id_spellings(header):
    assert leading_id(header) == "2.1.1"


@pytest.mark.parametrize("header", ["2.1.10", "2.1.1.2", "notes 2.1.1", "quality", "21.1", "Question 2.1.1"])
def test_not_a_leading_id(header):
    assert leading_id(header) != "2.1.1"


def test_invisible_characters_and_spacing():
    assert clean_header("\u200bcase\u00a0id\u00ad\u2060\u200c\u200d\ufeff ") == "case id"
    assert fold(" Grade-of__Officer ") == "grade_of_officer"
    assert fold("CASE\u202fREF") == "case_ref"


def test_headers_by_leading_id_wording_alias_and_invisible(framework):
    wording = framework.key_questions["2.1.2"].text
    header = ["CRN", "Officer grade", "Sex", "2.1.1 Is there something", f"  {wording.upper()}!! ", "2.1.3\u200b"]
    resolved = resolve_headers(header, framework, file="f.csv")
    assert resolved.positions == {"case_id": 0, "grade": 1, "gender": 2, "2.1.1": 3, "2.1.2": 4, "2.1.3": 5}
    assert resolved.problems == []
    assert resolved.notes == [
        "f.csv: read 1 key-question header by its leading id; read 1 key-question header by its wording; "
        "'CRN' as case_id; 'Officer grade' as grade; 'Sex' as gender; removed invisible characters from 1 header"
    ]


@pytest.mark.parametrize(
    ("alias", "column"),
    [
        ("Case ID", "case_id"),
        ("case-id", "case_id"),
        ("CASE REF", "case_id"),
        ("crn", "case_id"),
        ("Grade of officer", "grade"),
        ("officer_grade", "grade"),
        ("SEX", "gender"),
    ],
)
def test_each_alias(framework, alias, column):
    header = [*[c for c in BASE if c != column], alias, *STANDARD_21]
    resolved = resolve_headers(header, framework)
    assert resolved.positions[column] == header.index(alias)
    assert resolved.problems == []


def test_two_headers_for_one_key_question(framework):
    resolved = resolve_headers([*BASE, *STANDARD_21, "2.1.1 Is there"], framework, file="f.csv")
    assert resolved.problems == [
        Problem("f.csv", 1, "2.1.1 Is there", "read as 2.1.1, which column 4 ('2.1.1') already is: keep one of the two")
    ]


def test_exact_duplicate_and_alias_duplicate(framework):
    resolved = resolve_headers([*BASE, *STANDARD_21, "Case ID", "CRN"], framework, file="f.csv")
    assert resolved.problems == [
        Problem("f.csv", 1, "Case ID", "duplicate column header (same as column 1)"),
        Problem("f.csv", 1, "CRN", "read as case_id, which column 1 ('case_id') already is: keep one of the two"),
    ]


def test_unknown_id_with_text_stays_an_error(framework):
    resolved = resolve_headers([*BASE, *STANDARD_21, "Q2.1.9 Something new"], framework, file="f.csv")
    assert resolved.problems == [
        Problem("f.csv", 1, "Q2.1.9 Something new", "unknown key question: framework crc-2018 has no 2.1.9")
    ]


def test_missing_required_column_did_you_mean(framework):
    resolved = resolve_headers(["Case Refernce", "grade", "gendr", *STANDARD_21], framework, file="f.csv")
    assert resolved.problems == [
        Problem("f.csv", 1, None, "missing required column 'case_id' (did you mean 'Case Refernce'?)"),
        Problem(
            "f.csv",
            1,
            None,
            "missing required column 'gender' (framework crc-2018 splits by it; did you mean 'gendr'?)",
        ),
    ]


def test_missing_column_with_nothing_close(framework):
    resolved = resolve_headers(["case_id", "grade", "office", *STANDARD_21], framework, file="f.csv")
    assert resolved.problems == [
        Problem("f.csv", 1, None, "missing required column 'gender' (framework crc-2018 splits by it)")
    ]


def test_by_columns_match_folded_and_suggest(framework):
    resolved = resolve_headers([*BASE, "Risk-Level", *STANDARD_21], framework, ["risk level", "office"], file="f")
    assert resolved.positions["risk level"] == 3
    assert resolved.problems == [Problem("f", 1, None, "missing column named by `by` 'office'")]
    resolved = resolve_headers([*BASE, "Offices", *STANDARD_21], framework, ["ofice"], file="f")
    assert resolved.problems == [
        Problem("f", 1, None, "missing column named by `by` 'ofice' (did you mean 'Offices'?)")
    ]


def test_incomplete_standard_and_no_key_questions(framework):
    resolved = resolve_headers([*BASE, "2.1.1 first", "2.1.3"], framework, file="f")
    assert resolved.problems == [Problem("f", 1, None, "standard 2.1 is incomplete: missing 2.1.2")]
    resolved = resolve_headers([*BASE, "notes"], framework, file="f")
    assert resolved.problems == [Problem("f", 1, None, "no key-question columns of framework crc-2018 (such as 2.1.1)")]


def test_blank_headers_are_listed_for_the_caller(framework):
    resolved = resolve_headers([*BASE, "", "\u200b", *STANDARD_21], framework)
    assert resolved.blank == [3, 4]


# --- through the CLI: the issue's case, a question headed with its wording -------------------------------------


def test_a_question_headed_with_id_and_wording_is_scored(runner, tmp_path, framework):
    """Standard 2.4 from the bundled sample, with its headers as exports write them: 100 cases, not "no cases"."""
    lines = CASE_SUPERVISION.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    renamed = [f'"{h} {framework.key_questions[h].text}"' if h.startswith("2.4.") else h for h in header]
    renamed[header.index("2.3.1")] = "Q2.3.1:\u200b"
    path = tmp_path / "worded.csv"
    path.write_text("\n".join([",".join(renamed), *lines[1:]]) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["score", str(path), "--format", "json"])
    plain = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"hmirate: {path}: read 4 key-question headers by their leading id; removed invisible characters from 1 header\n"
    )
    standards = {s["id"]: s for s in json.loads(result.stdout)["standards"]}
    assert standards == {s["id"]: s for s in json.loads(plain.stdout)["standards"]}
    bases = [q["base"] for q in standards["2.4"]["key_questions"]]
    yes_no_na = [(q["yes"], q["no"], q["not_applicable"]) for q in standards["2.4"]["key_questions"]]
    assert [sum(counts) for counts in yes_no_na] == [100, 100, 100]
    assert bases == [counts[0] + counts[1] for counts in yes_no_na]
    assert [q["percent_whole"] for q in standards["2.4"]["key_questions"]] == [70, 64, 44]  # the published report


def test_alias_and_did_you_mean_through_validate(runner, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Case Refernce,Grade of officer,Sex,2.1.1,2.1.2,2.1.3\nA,cm,m,Yes,No,N/A\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.stdout.splitlines() == [
        f"{path}:1: missing required column 'case_id' (did you mean 'Case Refernce'?)",
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    ]
    assert result.exit_code == 1


# --- a header that names an id of the framework but resolves to nothing (issue 18) ----------------------------

NAMED = (
    "names key question {id} but is not read as it (a key question's header starts with its id, after an optional "
    "Q or KQ, or is its wording): rename it '{id}', or take the id out if the column holds something else"
)
STANDARD = (
    "names standard 2.1, whose answers are read by key question, one column each (2.1.1, 2.1.2, 2.1.3): head each "
    "with its id, or take the id out if the column holds something else"
)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Question 2.1.1", "column 7 " + NAMED.format(id="2.1.1")),
        ("notes on 2.1.2", "column 7 " + NAMED.format(id="2.1.2")),
        ("Question2.1.3?", "column 7 " + NAMED.format(id="2.1.3")),
        ("2.1 Assessment", "column 7 " + STANDARD),
        ("Standard 2.1", "column 7 " + STANDARD),
        ("Q2.1", "column 7 " + STANDARD),
        ("1.2 Staff", "column 7 names standard 1.2, which inspectors rate, not cases: take the id out"),
    ],
)
def test_a_header_naming_an_id_of_the_framework_is_an_error(framework, header, message):
    resolved = resolve_headers([*BASE, *STANDARD_21, header], framework, file="f.csv")
    assert resolved.problems == [Problem("f.csv", 1, header, message)]
    assert resolved.positions == {"case_id": 0, "grade": 1, "gender": 2, "2.1.1": 3, "2.1.2": 4, "2.1.3": 5}


@pytest.mark.parametrize(
    "header",
    # a two-part number inside text (version 1.2, 1.2 being a standard of crc-2018), a key-question id inside a
    # longer number, an id the framework does not have inside text: columns hmirate does not read, as before
    ["version 1.2", "score 2.1 points", "tool 2.1.1.2", "ref 12.1.1", "Question 2.1.9", "release 2.1.10"],
)
def test_numbers_that_are_not_an_id_of_the_framework_stay_unread(framework, header):
    resolved = resolve_headers([*BASE, *STANDARD_21, header], framework, file="f.csv")
    assert (resolved.problems, resolved.key_questions) == ([], STANDARD_21)


def test_the_issue_question_headers_are_errors_not_no_cases(runner, tmp_path, framework):
    """Every case of the bundled sample answered 2.1.1-2.1.3; headed `Question 2.1.x`, standard 2.1 showed
    "no cases" and the score exited 0. Now each header is named, with its column and the id."""
    lines = CASE_SUPERVISION.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    renamed = [f"Question {h}" if h.startswith("2.1.") else h for h in header]
    path = tmp_path / "question.csv"
    path.write_text("\n".join([",".join(renamed), *lines[1:]]) + "\n", encoding="utf-8")
    expected = [
        f"{path}:1: Question 2.1.{n}: column {header.index(f'2.1.{n}') + 1} " + NAMED.format(id=f"2.1.{n}")
        for n in (1, 2, 3)
    ]
    result = runner.invoke(main, ["validate", str(path)])
    assert result.stdout.splitlines() == [
        *expected,
        "100 rows read, 0 valid, 0 with errors, 100 not checked because of a problem with the whole file (shown above)",
    ]
    assert result.exit_code == 1
    scored = runner.invoke(main, ["score", str(path)])
    assert (scored.exit_code, scored.stdout) == (1, "")
    assert scored.stderr.splitlines() == [
        *expected,
        "hmirate: 100 rows read, 0 valid, 0 with errors, 100 not checked because of a problem with the whole file "
        "(shown above); nothing scored",
    ]


def test_a_workbook_header_naming_a_key_question(runner, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Cases"
    book.active.append([*BASE, "2.1.1", "KQ 2.1.2", "Question 2.1.3"])
    book.active.append(["A", "case manager", "female", "Yes", "No", "N/A"])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    result = runner.invoke(main, ["validate", str(path)])
    assert result.stdout.splitlines() == [
        f"{path}:1: Question 2.1.3: column 6 " + NAMED.format(id="2.1.3"),
        f"{path}:1: standard 2.1 is incomplete: missing 2.1.3",
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    ]
    assert result.exit_code == 1


# --- header problems are a screenful, however wide the header (issue 18) --------------------------------------


def test_ten_thousand_unknown_question_headers_are_six_lines(runner, write):
    unknown = [f"5.{n // 100}.{n % 100 + 1}" for n in range(10_000)]  # 5.0.1 ... 5.99.100: no standard 5 in crc-2018
    path = write(
        ",".join([*BASE, *STANDARD_21, *unknown])
        + "\n"
        + ",".join(["A", "cm", "f", "Yes", "No", "N/A"] + ["Yes"] * 10_000)
        + "\n"
    )
    result = runner.invoke(main, ["validate", str(path)])
    assert result.stdout.splitlines() == [
        *(f"{path}:1: 5.0.{n}: unknown key question: framework crc-2018 has no 5.0.{n}" for n in range(1, 6)),
        f"{path}:1: 9,995 more headers name key questions framework crc-2018 does not have (columns 12-10006)",
        "1 row read, 0 valid, 0 with errors, 1 not checked because of a problem with the whole file (shown above)",
    ]
    assert result.exit_code == 1


def test_each_kind_of_header_problem_is_capped_on_its_own(framework):
    """Kinds interleaved: the first five of each in column order, then one line per kind, its columns in runs."""
    header = [*BASE, *STANDARD_21]
    for n in range(8):
        header += [f"Question 2.2.{n % 3 + 1} ({n})", "2.1.1", f"7.7.{n}"]  # named, repeated, unknown
    resolved = resolve_headers(header, framework, file="f")
    kinds = [p.message.split(" ", 2)[2][:20] if p.column is None else p.column for p in resolved.problems]
    assert kinds[:15] == [
        "Question 2.2.1 (0)", "2.1.1", "7.7.0", "Question 2.2.2 (1)", "2.1.1", "7.7.1", "Question 2.2.3 (2)",
        "2.1.1", "7.7.2", "Question 2.2.1 (3)", "2.1.1", "7.7.3", "Question 2.2.2 (4)", "2.1.1", "7.7.4",
    ]  # fmt: skip
    assert [str(p) for p in resolved.problems[15:18]] == [
        "f:1: 3 more headers name an id of framework crc-2018 but are not read as it (columns 22, 25, 28)",
        "f:1: 3 more headers repeat a column already read (columns 23, 26, 29)",
        "f:1: 3 more headers name key questions framework crc-2018 does not have (columns 24, 27, 30)",
    ]
    assert len(resolved.problems) == 18  # nothing else: a named id stands in for "no key-question columns"


def test_a_longlist_header_repeating_a_column_is_capped_too():
    from hmirate.validate.headers import resolve_declared

    resolved = resolve_declared(["case_id", *["CRN"] * 8], file="l.csv")
    assert [str(p) for p in resolved.problems] == [
        *["l.csv:1: CRN: read as case_id, which column 1 ('case_id') already is: keep one of the two"] * 5,
        "l.csv:1: 3 more headers repeat a column already read (columns 7-9)",
    ]
