"""One column registry: every accepted spelling of a column means that column for every command and file kind.

Issue 16: ``check-sample`` on a sample headed ``Case-ID`` or ``case ref`` never found the id column, so a case
listed twice passed (exit 0); ``Case Reference`` was a case id for ``draw`` but not for ``score``. Here every
spelling of the case id (its name, each alias, and each written as exports write them: upper case with
underscores, capitalised with hyphens) goes through ``score``, ``validate``, ``draw`` and ``check-sample``,
and each sees the case listed twice.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hmirate.cli import main
from hmirate.columns import COLUMNS, column_of, fold

SPELLINGS = ["case_id", "case id", "case ref", "case reference", "case reference number", "crn"]
"""The case id's name and aliases, written out here (not read from the registry), so a dropped alias fails."""


def _variants(spelling: str) -> list[str]:
    return [spelling, spelling.upper().replace(" ", "_"), "-".join(word.capitalize() for word in spelling.split())]


EVERY_SPELLING = [variant for spelling in SPELLINGS for variant in _variants(spelling)]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_registry_declares_exactly_these_spellings_of_the_case_id():
    assert [COLUMNS["case_id"].name, *COLUMNS["case_id"].aliases] == SPELLINGS
    assert {column_of(spelling) for spelling in EVERY_SPELLING} == {"case_id"}
    assert "Case-Reference-Number" in EVERY_SPELLING and "CASE_REF" in EVERY_SPELLING


def _note(path, spelling: str) -> list[str]:
    """The note a case file's alias earns: said once, in the header's own words."""
    return [] if fold(spelling) == "case_id" else [f"hmirate: {path}: '{spelling}' as case_id"]


@pytest.mark.parametrize("spelling", EVERY_SPELLING)
def test_score_and_validate_catch_a_case_listed_twice(tmp_path, spelling):
    path = tmp_path / "cases.csv"
    path.write_text(
        f"{spelling},grade,gender,2.1.1,2.1.2,2.1.3\nA,cm,male,Yes,No,N/A\nB,cm,female,Yes,Yes,Yes\nA,cm,male,No,No,No\n"
    )
    repeat = f"{path}:4: case_id: duplicate case_id 'A' (first on line 2)"
    scored = run("score", str(path))
    assert (scored.exit_code, scored.stdout) == (1, "")
    assert scored.stderr.splitlines() == [repeat, "hmirate: 3 rows read, 2 valid, 1 with errors; nothing scored"]
    checked = run("validate", str(path))
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [repeat, "3 rows read, 2 valid, 1 with errors"]
    assert checked.stderr.splitlines() == _note(path, spelling)


@pytest.mark.parametrize("spelling", EVERY_SPELLING)
def test_draw_reports_a_case_id_listed_twice_and_counts_it_as_one_person(tmp_path, spelling):
    """In a longlist the same CRN on two rows is one person's two sentences: not an error (the bundled
    longlist has four), but said in a note, and only one of the rows can be drawn."""
    path = tmp_path / "longlist.csv"
    path.write_text(f"{spelling},gender\nA,male\nB,female\nA,male\n")
    result = run("draw", str(path), "--size", "2", "--seed", "1", "--strata", "", "-o", str(tmp_path / "s.csv"))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"hmirate: {path}: 1 case id is on more than one row (the first, 'A', on lines 2 and 4): each is one "
        "person, so only one of its rows can be sampled"
    )
    assert "  one case per person: 1 later case of the same person dropped (1 person: 1 by case id)" in result.stdout
    drawn = (tmp_path / "s.csv").read_text().splitlines()
    assert drawn == [f"{spelling},gender", "A,male", "B,female"]  # 2 of the 2 people; the first A (earliest)


@pytest.mark.parametrize("spelling", EVERY_SPELLING)
def test_check_sample_catches_a_case_listed_twice(tmp_path, spelling):
    sample = tmp_path / "sample.csv"
    sample.write_text(f"{spelling},gender\nA,male\nB,female\nA,male\n")
    profile = tmp_path / "profile.toml"
    profile.write_text("[gender]\nmale = 50\nfemale = 50\n")
    result = run("check-sample", str(sample), "--profile", str(profile))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{sample}:4: case_id: duplicate case_id 'A' (first on line 2)",
        "hmirate: 3 rows read, 2 valid, 1 with errors; the file was not used",
    ]


def test_a_column_means_the_same_in_a_case_file_and_a_longlist(tmp_path):
    """``Responsible Officer`` split by in a score is the longlist's ``officer``, checked by the same type."""
    path = tmp_path / "cases.csv"
    path.write_text("case_id,grade,gender,Responsible Officer,2.1.1,2.1.2,2.1.3\nA,cm,male,,Yes,No,N/A\n")
    result = run("validate", str(path), "--by", "officer")
    assert result.stdout.splitlines() == [
        f"{path}:2: officer: is blank: every case needs its officer",
        "1 row read, 0 valid, 1 with errors",
    ]
    longlist = tmp_path / "longlist.csv"
    longlist.write_text("case_id,Responsible Officer\nA,\n")
    drawn = run("draw", str(longlist), "--size", "1", "--seed", "1", "--strata", "")
    assert drawn.exit_code == 1
    assert drawn.stderr.splitlines()[0] == f"{longlist}:2: officer: is blank: every case needs its officer"


def test_the_input_docs_list_every_alias_of_a_case_file_s_columns():
    """docs/input.md's table is the registry's: an alias added there must be documented."""
    from pathlib import Path

    docs = (Path(__file__).resolve().parent.parent / "docs" / "input.md").read_text()
    table = {
        line.split("|")[1].strip(" `"): line.split("|")[2].strip()
        for line in docs.split("### Required columns and their aliases")[1].split("###")[0].splitlines()
        if line.startswith("| `")
    }
    assert table == {name: ", ".join(f"`{alias}`" for alias in COLUMNS[name].aliases) for name in table}
    assert set(table) == {"case_id", "grade", "gender"}
