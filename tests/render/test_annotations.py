"""``hmirate validate --format github``: one GitHub Actions annotation a problem, escaped as GitHub escapes."""

from __future__ import annotations

from hmirate.cli import main
from hmirate.errors import Problem
from hmirate.render.annotations import escape_data, escape_property, github_annotation


def test_escaping_follows_the_actions_toolkit():
    # actions/toolkit command.ts: escapeData replaces % \r \n; escapeProperty also : and ,
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb"


def test_a_cell_problem():
    problem = Problem("cases.csv", 4, "2.1.1", "expected Yes, No or N/A, got 'Maybe'")
    assert github_annotation(problem) == (
        "::error file=cases.csv,line=4,title=2.1.1::2.1.1: expected Yes, No or N/A, got 'Maybe'"
    )


def test_a_file_problem_has_no_line():
    assert github_annotation(Problem("a.csv", None, None, "empty file")) == "::error file=a.csv::empty file"


def test_data_cannot_end_the_command_or_start_another():
    problem = Problem("we,ird:name.csv", 2, "grade", "got 'x\n::set-env name=A::1 100%'")
    assert github_annotation(problem) == (
        "::error file=we%2Cird%3Aname.csv,line=2,title=grade::grade: got 'x\\n::set-env name=A::1 100%25'"
    )


def test_control_characters_are_made_visible():
    problem = Problem("a\x1b[2J.csv", 2, "gender", "got '\u202eelam'")
    assert github_annotation(problem) == "::error file=a\\x1b[2J.csv,line=2,title=gender::gender: got '\\u202eelam'"


def test_validate_prints_annotations_and_the_summary_on_stderr(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cases.csv").write_text(
        "case_id,grade,gender,2.1.1,2.1.2,2.1.3\n"
        "C1,case manager,female,Maybe,Yes,Yes\n"
        "C2,case manager,female,Yes,Yes,50%\n"
        "C3,case manager,female,Yes,Yes,Yes\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["validate", "cases.csv", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=cases.csv,line=2,title=2.1.1::2.1.1: expected Yes, No or N/A, got 'Maybe'\n"
        "::error file=cases.csv,line=3,title=2.1.3::2.1.3: expected Yes, No or N/A, got '50%25'\n"
    )
    assert result.stderr == "3 rows read, 1 valid, 2 with errors\n"


def test_validate_github_on_a_valid_file_prints_no_annotation(tmp_path, runner):
    from conftest import CASE_SUPERVISION

    result = runner.invoke(main, ["validate", str(CASE_SUPERVISION), "--format", "github"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "100 rows read, 100 valid, 0 with errors\n")
