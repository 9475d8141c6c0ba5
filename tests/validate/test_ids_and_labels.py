"""Case ids and labels (issue 18): cleaned as headers are, bounded in length, look-alike ids noted, labels that
differ only by case or spacing joined with a note, and a case whose groups disagree between pooled files refused.

Every expectation is worked out here by hand: which rows are the same case, which groups they fall in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import hmirate
from hmirate.cli import main
from hmirate.sampling import load_longlist

HEADER = "case_id,grade,gender,2.1.1,2.1.2,2.1.3"
HEADER_2_2 = "case_id,grade,gender,2.2.1,2.2.2,2.2.3"
ZWSP, BOM, NBSP = "\u200b", "\ufeff", "\u00a0"


def _write(folder: Path, name: str, *rows: str) -> Path:
    path = folder / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# --- invisible characters ------------------------------------------------------------------------------------


def test_a_case_id_with_a_zero_width_space_is_the_same_case_and_a_note_says_so(runner, tmp_path):
    """'C1' + ZWSP and 'C1' were two cases: both were scored. Cleaned, the second is a duplicate (exit 1)."""
    path = _write(tmp_path, "cases.csv", HEADER, f"C1{ZWSP},PO,female,Yes,No,N/A", "C1,PO,male,Yes,No,N/A")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"hmirate: {path}: read 1 case id without invisible characters or surrounding spaces (the first, "
        "'C1\\u200b' on line 2, as 'C1')"
    ]
    assert result.stdout.splitlines() == [
        f"{path}:3: case_id: duplicate case_id 'C1' (first on line 2)",
        "2 rows read, 1 valid, 1 with errors",
    ]


def test_ids_with_a_bom_or_non_breaking_spaces_are_one_case_across_pooled_files(runner, tmp_path):
    first = _write(tmp_path, "a.csv", HEADER, f"C1{BOM},PO,female,Yes,No,N/A")
    second = _write(tmp_path, "b.csv", HEADER, f"{NBSP}C1 ,PO,female,No,No,N/A")
    result = runner.invoke(main, ["score", str(first), str(second)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{second}:2: case_id: duplicate case_id 'C1' (also {first}:2, which carries the same key questions)",
        "hmirate: 2 rows read, 1 valid, 1 with errors; nothing scored",
    ]
    notes = hmirate.check_files([str(first), str(second)]).notes
    assert notes == [
        f"{first}: read 1 case id without invisible characters or surrounding spaces (the first, "
        "'C1\\ufeff' on line 2, as 'C1')",
        f"{second}: read 1 case id without invisible characters or surrounding spaces (the first, "
        "'\\xa0C1 ' on line 2, as 'C1')",
    ]


def test_clean_ids_say_nothing(runner, tmp_path):
    path = _write(tmp_path, "cases.csv", HEADER, "C1,PO,female,Yes,No,N/A", "C2,PO,male,Yes,No,N/A")
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_longlist_and_a_sample_clean_their_ids_too(runner, tmp_path):
    longlist = _write(tmp_path, "longlist.csv", "CRN,Sex", f"X1{ZWSP},male", "X2,female")
    assert [case.case_id for case in load_longlist(str(longlist)).cases] == ["X1", "X2"]
    assert load_longlist(str(longlist)).notes == [
        f"{longlist}: read 1 case id without invisible characters or surrounding spaces (the first, "
        "'X1\\u200b' on line 2, as 'X1')"
    ]
    population = _write(tmp_path, "population.csv", "case_id,gender", "X1,male", "X2,female")
    sample = _write(tmp_path, "sample.csv", "case_id,gender", "X1,male", f"X1{ZWSP},male")
    result = runner.invoke(main, ["check-sample", str(sample), "--population", str(population), "--strata", "gender"])
    assert result.exit_code == 1
    assert f"{sample}:3: case_id: duplicate case_id 'X1' (first on line 2)" in result.stdout + result.stderr


# --- look-alike ids ------------------------------------------------------------------------------------------


def test_ids_that_differ_only_by_letter_case_or_leading_zeros_are_noted_and_still_scored(runner, tmp_path):
    """'C001'/'c001' in one file, '0042' there and '42' in another file of another standard: four different
    cases to every count (exit 0), but the note names each pair where it stands."""
    first = _write(
        tmp_path, "a.csv", HEADER, "C001,PO,female,Yes,No,N/A", "c001,PO,male,Yes,No,N/A", "0042,PO,male,Yes,No,N/A"
    )
    second = _write(tmp_path, "b.csv", HEADER_2_2, "42,PO,male,Yes,No,N/A")
    result = runner.invoke(main, ["validate", str(first), str(second)])
    assert (result.exit_code, result.stdout) == (0, "4 rows read, 4 valid, 0 with errors\n")
    assert result.stderr == (
        f"hmirate: case ids that differ only by letter case or leading zeros: 'C001' ({first}:2) and 'c001' "
        f"({first}:3); '0042' ({first}:4) and '42' ({second}:2): each is a case of its own; if they are one case, "
        "spell them the same\n"
    )
    report = hmirate.score([str(first), str(second)])
    assert report.notes[-1].startswith("case ids that differ only by letter case or leading zeros: 'C001'")


def test_a_longlist_notes_look_alike_ids_within_it(tmp_path):
    longlist = _write(tmp_path, "longlist.csv", "CRN,Sex", "X007,male", "x7,female", "X70,male")
    assert load_longlist(str(longlist)).notes == [
        f"{longlist}: case ids that differ only by letter case or leading zeros: 'X007' (line 2) and 'x7' (line 3): "
        "each is a case of its own; if they are one case, spell them the same"
    ]


# --- one case, two files -------------------------------------------------------------------------------------


def test_a_case_in_two_pooled_files_with_different_grades_or_genders_is_an_error(runner, tmp_path):
    """Files of different standards may share a case (that is how a case's standards are pooled); before,
    one file's grade counted for 2.1 and the other's for 2.2 without a word."""
    first = _write(tmp_path, "a.csv", HEADER, "C1,PO,female,Yes,No,N/A", "C2,PO,male,Yes,No,N/A")
    second = _write(tmp_path, "b.csv", HEADER_2_2, "C1,PSO,male,Yes,No,N/A", "C2,po,Male,Yes,No,N/A")
    result = runner.invoke(main, ["validate", str(first), str(second)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{second}:2: grade: 'PSO' here but 'PO' in {first}:2, for case 'C1': a case has one grade",
        f"{second}:2: gender: 'male' here but 'female' in {first}:2, for case 'C1': a case has one gender",
        "4 rows read, 3 valid, 1 with errors",
    ]
    with pytest.raises(hmirate.InvalidData):
        hmirate.score([str(first), str(second)])


# --- labels that differ only by case or spacing --------------------------------------------------------------


def test_labels_that_differ_only_by_case_or_spacing_are_one_group_under_the_commonest_spelling(runner, tmp_path):
    path = _write(
        tmp_path,
        "cases.csv",
        HEADER,
        "C1,case  manager,male,Yes,No,N/A",
        "C2,Case Manager,Male,Yes,No,N/A",
        "C3,case manager,MALE,No,No,N/A",
        "C4,case manager,female,No,No,N/A",
        "C5,PO,male,No,No,N/A",
    )
    report = hmirate.score(str(path))
    grade, gender = next(s for s in report.standards if s.id == "2.1").key_questions[0].splits
    assert [(g.value, g.cases, g.yes) for g in grade.groups] == [("case manager", 4, 2), ("PO", 1, 0)]
    assert [(g.value, g.cases, g.yes) for g in gender.groups] == [("male", 4, 2), ("female", 1, 0)]
    expected = [
        "grade: labels that differ only by letter case or spacing counted as one group, under the commonest "
        "spelling: 'case manager' / 'Case Manager' / 'case  manager' as 'case manager'",
        "gender: labels that differ only by letter case or spacing counted as one group, under the commonest "
        "spelling: 'male' / 'MALE' / 'Male' as 'male'",
    ]
    assert report.notes == expected
    result = runner.invoke(main, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"hmirate: {note}" for note in expected]


# --- bounds --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("column", "cell"), [("grade", 1), ("gender", 2), ("case_id", 0), ("team", 6)])
def test_a_label_or_id_longer_than_200_characters_is_an_error_naming_file_line_and_column(
    runner, tmp_path, column, cell
):
    """A 100 MB grade exited 70 (MemoryError) after minutes of drawing it in a table; 201 characters is
    refused on its line, the value not shown."""
    cells = ["C1", "PO", "female", "Yes", "No", "N/A", "North"]
    cells[cell] = "x" * 201
    path = _write(tmp_path, "cases.csv", HEADER + ",team", "C0,PO,male,Yes,No,N/A,North", ",".join(cells))
    result = runner.invoke(main, ["score", str(path), "--by", "team"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:3: {column}: is 201 characters long, over the 200 a label or id may have",
        "hmirate: 2 rows read, 1 valid, 1 with errors; nothing scored",
    ]
    cells[cell] = "x" * 200
    ok = _write(tmp_path, "ok.csv", HEADER + ",team", "C0,PO,male,Yes,No,N/A,North", ",".join(cells))
    assert runner.invoke(main, ["validate", str(ok), "--by", "team"]).exit_code == 0


def test_past_10000_pairs_of_groups_a_key_question_later_splits_have_no_gaps_and_a_note_says_so():
    """Three splits of 100 readable groups are 3 x 4,950 pairs: the first two fit 10,000, the third not."""
    import pandas as pd

    rows = [
        {"case_id": f"C{k}", "grade": "PO", "gender": "male", "2.1.1": "Yes" if k % 2 else "No", "2.1.2": "Yes",
         "2.1.3": "N/A", "a": f"a{k % 100}", "b": f"b{k % 100}", "c": f"c{k % 100}"}
        for k in range(1000)
    ]  # fmt: skip
    report = hmirate.score(pd.DataFrame(rows), by=["a", "b", "c"])
    splits = next(s for s in report.standards if s.id == "2.1").key_questions[0].splits
    assert [len(split.gaps) for split in splits] == [0, 0, 4950, 4950, 0]
    assert report.notes == [
        "gaps between the groups of c not worked out: the splits before it already compare 9,900 pairs of groups "
        "for some key questions, and 10,000 is the most"
    ]


def test_stratum_values_that_differ_only_by_case_or_spacing_are_one_stratum_with_a_note(tmp_path):
    """draw's --strata and check-sample's shares read text columns: 'Male' and 'male ' were two strata."""
    from hmirate.sampling.cases import load_cases
    from hmirate.sampling.check import check_shares, population_shares

    population = load_cases(
        str(_write(tmp_path, "population.csv", "case_id,gender", "X1,male", "X2,Male", "X3,male ", "X4,female"))
    )
    assert population.cells(["gender"]) == [("male",), ("male",), ("male",), ("female",)]
    assert population.notes == [
        f"{tmp_path / 'population.csv'}: gender: labels that differ only by letter case or spacing counted as one "
        "group, under the commonest spelling: 'male' / 'Male' as 'male'"
    ]
    sample = load_cases(str(_write(tmp_path, "sample.csv", "case_id,gender", "X1,MALE", "X4,female")))
    (column,) = check_shares(sample, population_shares(population, ["gender"])).columns
    assert [(row.value, row.observed) for row in column.rows] == [("female", 1), ("male", 1)]
