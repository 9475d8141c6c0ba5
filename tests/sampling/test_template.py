"""From the bundled longlist to a score through ``hmirate template``: the draw, the workbook, a recording
filled through openpyxl with seeded random answers (some pasted past the drop-down, some left empty, some
main cases replaced by reserves), validated, tracked and scored. Every expected figure is counted here from
the answers the test wrote, never by hmirate."""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from hmirate.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
LONGLIST = str(ROOT / "data" / "samples" / "longlist" / "longlist.csv")
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
STANDARDS = {"2.1": 3, "2.2": 3, "2.3": 3, "2.4": 3}
QUESTIONS = [f"{standard}.{n}" for standard, count in STANDARDS.items() for n in range(1, count + 1)]
SUBSAMPLE = {"2.2.3", "2.3.3", "2.4.3"}
LETTERS = "FGHIJKLMNOPQ"  # the answer columns after case_id, grade, gender, stratum, reserve (A-E)
GRADES = ("senior case manager", "case manager")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=ENV)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    folder = tmp_path_factory.mktemp("template")
    sample = folder / "sample.csv"
    args = ("--size", "142", "--buffer", "20", "--seed", "2019", "--as-of", "2019-04-01")
    assert run("draw", LONGLIST, *args, "-o", str(sample)).exit_code == 0
    with sample.open(encoding="utf-8", newline="") as handle:
        return folder, list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def template(drawn: tuple[Path, list[dict[str, str]]]) -> Path:
    folder, _ = drawn
    out = folder / "cases.xlsx"
    result = run("template", "--sample", str(folder / "sample.csv"), "--standards", "2.1,2.2,2.3,2.4", "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"hmirate: wrote {out}: 12 key questions of 4 standards, 170 cases (28 reserves)\n"
    return out


def test_the_template_lists_the_drawn_cases_main_sample_first(drawn, template):
    _, rows = drawn
    readme = [row[0] for row in openpyxl.load_workbook(template)["ReadMe"].values]
    assert f"Check the recording: hmirate validate --progress {template}" in readme
    assert f"Score it: hmirate score {template}" in readme
    sheet = openpyxl.load_workbook(template)["Cases"]
    assert [cell.value for cell in sheet[1]] == ["case_id", "grade", "gender", "stratum", "reserve", *QUESTIONS]
    listed = [[cell.value for cell in row[:5]] for row in sheet.iter_rows(min_row=2)]
    main = [row for row in rows if row["reserve"] == "no"]
    reserves = [row for row in rows if row["reserve"] == "yes"]
    assert (len(main), len(reserves)) == (142, 28)
    assert listed == [[row["CRN"], None, row["Gender"], row["stratum"], row["reserve"]] for row in main + reserves]


class Recording:
    """What the test wrote into the workbook, row by row: the expectation every check counts from."""

    def __init__(self, template: Path, seed: int) -> None:
        self.book = openpyxl.load_workbook(template)
        self.sheet = self.book["Cases"]
        self.rng = random.Random(seed)
        self.answers: dict[int, dict[str, str]] = {}  # sheet row -> question -> answer, for recorded cases
        self.rows = {row[0].row: [c.value for c in row[:5]] for row in self.sheet.iter_rows(min_row=2)}

    def record(self, row: int) -> None:
        self.sheet.cell(row=row, column=2).value = self.rng.choice(GRADES)
        answers = {}
        for column, question in enumerate(QUESTIONS, 6):
            pool = ("Yes", "No", "N/A") if question in SUBSAMPLE else ("Yes", "Yes", "No")
            answers[question] = self.rng.choice(pool)
            self.sheet.cell(row=row, column=column).value = answers[question]
        self.answers[row] = answers

    def set(self, row: int, question: str, value: str | None) -> None:
        self.sheet.cell(row=row, column=6 + QUESTIONS.index(question)).value = value
        if value in ("Yes", "No", "N/A"):
            self.answers[row][question] = value

    def save(self, path: Path) -> Path:
        self.book.save(path)
        return path


@pytest.fixture
def recording(template: Path) -> tuple[Recording, list[tuple[str, str, str]], dict[str, Any]]:
    """Every main case recorded but four that cannot be inspected, each replaced by the first reserve of its
    stratum; then three answers pasted as free text and one left empty."""
    record = Recording(template, seed=19)
    main = [row for row, cells in record.rows.items() if cells[4] == "no"]
    reserves = [row for row, cells in record.rows.items() if cells[4] == "yes"]
    strata_with_reserves = [record.rows[row][3] for row in reserves]
    skipped = [row for row in record.rng.sample(main, 20) if record.rows[row][3] in strata_with_reserves]
    skipped = sorted(dict.fromkeys(skipped, None))[:4]
    replaced = []  # (reserve's row, reserve id, main id, stratum)
    used: set[int] = set()
    for row in skipped:
        stratum = record.rows[row][3]
        reserve = next(r for r in reserves if record.rows[r][3] == stratum and r not in used)
        used.add(reserve)
        replaced.append((reserve, record.rows[reserve][0], record.rows[row][0], stratum))
    for row in [*main, *reserves]:
        if row not in skipped and (row in used or row in main):
            record.record(row)
    recorded = sorted(record.answers)
    pasted = {recorded[3]: ("2.1.2", "Maybe"), recorded[50]: ("2.3.3", "yes."), recorded[100]: ("2.4.1", "Y es!")}
    for row, (question, text) in pasted.items():
        record.set(row, question, text)
    empty_row = recorded[77]
    record.set(empty_row, "2.2.1", None)
    in_file_order = [pair[1:] for pair in sorted(replaced)]  # as the reserves stand in the sheet
    return record, in_file_order, {"pasted": pasted, "empty": empty_row}


def test_a_recording_names_each_pasted_or_empty_answer_by_its_cell(recording, tmp_path):
    record, _, where = recording
    path = record.save(tmp_path / "cases.xlsx")
    result = run("validate", str(path))
    expected = []
    for row in sorted([*where["pasted"], where["empty"]]):
        if row == where["empty"]:
            cell = f"Cases!{LETTERS[QUESTIONS.index('2.2.1')]}{row}"
            message = "2.2.1: blank answer; write Yes, No or N/A (N/A where it does not apply)"
        else:
            question, text = where["pasted"][row]
            cell = f"Cases!{LETTERS[QUESTIONS.index(question)]}{row}"
            message = f"{question}: expected Yes, No or N/A, got {text!r}"
        expected.append(f"{path}: {cell}: {message}")
    recorded = len(record.answers)
    left = 170 - recorded
    summary = f"170 rows read, {recorded - 4} valid, 4 with errors, {left} left out (drawn cases with no answers)"
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [*expected, summary]
    assert f"hmirate: {path}: left out {170 - recorded} cases with no answers" in result.stderr
    assert (
        f"hmirate: {path}: read sheet 'Cases', which has the case columns (others: 'Framework', 'ReadMe')"
        in result.stderr
    )


def test_progress_counts_cases_by_standard_and_names_the_replacements(recording, tmp_path):
    record, replaced, _ = recording
    path = record.save(tmp_path / "cases.xlsx")
    result = run("validate", "--progress", "--format", "json", str(path))
    found = json.loads(result.stdout)["progress"][0]
    recorded = len(record.answers)
    untouched = 170 - recorded
    assert found["cases"] == {"complete": recorded - 1, "partly": 1, "untouched": untouched}
    assert found["main"] == {"complete": 142 - 4 - 1, "partly": 1, "untouched": 4}
    by_standard = {item["standard"]: item["tally"] for item in found["standards"]}
    partly = {"2.2": 1}  # the empty 2.2.1; pasted text is an answer here (validation rejects it)
    assert by_standard == {
        s: {"complete": recorded - partly.get(s, 0), "partly": partly.get(s, 0), "untouched": untouched}
        for s in STANDARDS
    }
    assert [(r["reserve"], r["replaced"], r["stratum"]) for r in found["replacements"]] == replaced
    text = run("validate", "--progress", str(path)).stdout.splitlines()
    assert f"Progress of {path}: 170 cases: {recorded - 1} complete, 1 partly answered, {untouched} untouched" in text
    reserve, case, stratum = replaced[0]
    assert f"  reserve {reserve} replaced main case {case} (stratum {stratum!r})" in text


def test_the_filled_template_scores_to_the_figures_counted_from_the_answers(recording, tmp_path):
    record, _, where = recording
    for row in where["pasted"]:
        for question in QUESTIONS:
            record.set(row, question, record.answers[row][question])  # the pasted cells put right
    record.set(where["empty"], "2.2.1", "No")
    path = record.save(tmp_path / "fixed.xlsx")
    result = run("score", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    figures = {q["id"]: q for s in report["standards"] for q in s["key_questions"]}
    assert sorted(figures) == QUESTIONS
    for question in QUESTIONS:
        counted = Counter(answers[question] for answers in record.answers.values())
        yes, no, na = counted["Yes"], counted["No"], counted["N/A"]
        base = yes + no
        got = figures[question]
        assert (got["yes"], got["no"], got["not_applicable"], got["base"]) == (yes, no, na, base)
        assert got["percent_whole"] == (200 * yes + base) // (2 * base)  # whole percent, half up
    cases = {s["id"]: s["cases"] for s in report["standards"] if s["id"] in STANDARDS}
    assert cases == dict.fromkeys(STANDARDS, len(record.answers))
    assert len(record.answers) == 142  # 138 main cases and the four reserves that replaced the others
    assert [(f["rows"], f["left_out"]) for f in report["inputs"]] == [(142, 28)]  # 170 rows in the sheet
    table = run("score", str(path)).stdout.splitlines()
    assert "170 rows read from 1 file, 142 scored, 0 with errors, 28 left out (drawn cases with no answers)" in table


def test_template_refuses_to_overwrite_its_sample_and_names_bad_options(drawn, template):
    folder, _ = drawn
    sample = str(folder / "sample.csv")
    cases = [
        (
            ("--sample", sample, "-o", sample),
            f"hmirate: refusing to write {sample}: it is the input file {sample}; choose another output file\n",
        ),
        (
            ("--standards", "1.1", "-o", str(folder / "x.xlsx")),
            "hmirate: --standards: 1.1 Leadership is rated by inspectors, not from cases: it has no key questions to record\n",
        ),
        (
            ("--standards", "9.9", "-o", str(folder / "x.xlsx")),
            "hmirate: --standards: no standard '9.9' in crc-2018; rated from cases: 2.1, 2.2, 2.3, 2.4, 4.1, 4.2\n",
        ),
    ]
    for args, message in cases:
        result = run("template", *args)
        assert (result.exit_code, result.stderr) == (2, message)
    assert not (folder / "x.xlsx").exists()
    result = run("template", "--standards", "4.2", "--format", "csv", "-o", "-")
    assert (result.exit_code, result.stdout) == (0, "case_id,grade,gender,4.2.1,4.2.2,4.2.3\n")


def test_a_sample_without_case_ids_or_with_a_repeat_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("CRN,Gender,reserve\nA1,Male,no\nA1,Female,maybe\n", encoding="utf-8")
    result = run("template", "--sample", str(bad), "-o", str(tmp_path / "t.xlsx"))
    assert (result.exit_code, result.stderr) == (
        1,
        f"{bad}:3: reserve: expected yes or no, got 'maybe'\n"
        f"{bad}:3: case_id: duplicate case_id 'A1' (first on line 2)\n"
        "hmirate: 2 rows read, 1 valid, 1 with errors; the file was not used\n",
    )
    none = tmp_path / "none.csv"
    none.write_text("name,Gender\nA,Male\n", encoding="utf-8")
    result = run("template", "--sample", str(none), "-o", str(tmp_path / "t.xlsx"))
    assert (result.exit_code, result.stderr) == (
        1,
        f"{none}:1: no case id column (headed one of: case_id, case id, case ref, case reference, case reference number, crn)\n",
    )
    assert not (tmp_path / "t.xlsx").exists()


def test_only_a_drawn_samples_record_leaves_out_cases_with_no_answers(tmp_path):
    """With a reserve column a case with no answers was not inspected; without one, blanks stay errors."""
    text = (
        "case_id,grade,gender,stratum,reserve,2.1.1,2.1.2,2.1.3\n"
        "A1,cm,male,s,no,Yes,No,N/A\n"
        "A2,,male,s,no,,,\n"
        "A3,cm,female,s,no,Yes,,No\n"
        "R1,,male,s,yes,,,\n"
    )
    recorded = tmp_path / "recorded.csv"
    recorded.write_text(text, encoding="utf-8")
    result = run("validate", str(recorded))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        f"{recorded}:4: 2.1.2: blank answer; write Yes, No or N/A (N/A where it does not apply)\n"
        "4 rows read, 1 valid, 1 with errors, 2 left out (drawn cases with no answers)\n",
        f"hmirate: {recorded}: left out 2 cases with no answers (not inspected: reserves not used, or cases replaced)\n",
    )
    plain = tmp_path / "plain.csv"
    plain.write_text(text.replace(",stratum,reserve", "").replace(",s,no", "").replace(",s,yes", ""), encoding="utf-8")
    result = run("validate", str(plain))
    assert result.exit_code == 1 and result.stderr == ""
    assert result.stdout.splitlines()[-1] == "4 rows read, 1 valid, 3 with errors"


def test_progress_refuses_standard_input_which_it_would_read_twice():
    result = run("validate", "--progress", "-")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for --progress: reads each file a second time: give the file's path, not -"
    )
