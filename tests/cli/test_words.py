"""The library speaks of parameters, the CLI words them as flags.

A library error names the parameter at fault (``UsageError.param``, and the name in backquotes in its
message); the CLI prints the running command's flag for it. No library string names a flag.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import hmirate
from hmirate.cli import main
from hmirate.cli.words import flags, worded
from hmirate.errors import InvalidData, UsageError
from hmirate.report.compare import compare_files
from hmirate.sampling import as_of_date, check_sample, draw_file

SRC = Path(__file__).resolve().parents[2] / "src" / "hmirate"
FLAG = re.compile(r"(^|[\s\"'`])--[a-z][a-z0-9-]*[a-z0-9](?![a-z0-9-]*[:(])")
"""``--size``, ``say --delimiter``; not a CSS custom property (``--hmirate-fg:``, ``var(--jp-...)``)."""
NAMED = re.compile(r"`([a-z][a-z0-9_]*)`")
LIBRARY_ONLY = {"proportion", "sources"}
"""Parameters of library functions that no command takes (``sample_size``'s assumed proportion), or that it never
leaves empty (``score``'s ``sources``: the command requires its FILES)."""

LONGLIST = "case_id,person_id,first_name,last_name,gender,sentence_type,rosh,start_date\n" + "".join(
    f"C{i},P{i},A,B,{'male' if i % 2 else 'female'},community,low,2019-01-0{1 + i % 9}\n" for i in range(4)
)


def _library_strings() -> list[tuple[str, int, str]]:
    """(file, line, text) of every string in the library outside ``cli/``, docstrings left out."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "cli" in path.relative_to(SRC).parts:
            continue
        tree = ast.parse(path.read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        # an attribute's docstring: a string statement after an assignment
        docstrings |= {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found.append((str(path.relative_to(SRC)), node.lineno, node.value))
    return found


def test_no_library_string_names_a_command_line_flag():
    assert FLAG.search("say --delimiter ';'") and FLAG.search("--max-per-officer must") and FLAG.search("`--by`")
    assert not FLAG.search(".hmirate{--hmirate-ink:#1b1b1b;color:var(--jp-content-font-color1)}\n--hmirate-fg:#000")
    assert [(f, line, text) for f, line, text in _library_strings() if FLAG.search(text)] == []


def _named_parameters() -> set[str]:
    """Every parameter a library message names: ``param="..."`` and each backquoted name in a message."""
    names = {name for _, _, text in _library_strings() for name in NAMED.findall(text)}
    for path in SRC.rglob("*.py"):
        if "cli" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "param" and isinstance(node.value, ast.Constant):
                names.add(node.value.value)
    return names


def test_every_parameter_a_library_message_names_is_a_command_line_option():
    taken = {param.name for command in main.commands.values() for param in command.params}
    assert _named_parameters() - taken - LIBRARY_ONLY == set()
    assert {"size", "max_per_officer", "sheet", "delimiter", "by", "tolerance", "as_of"} <= _named_parameters()


def test_a_parameter_is_worded_as_the_running_commands_flag_or_argument():
    draw = main.commands["draw"]
    assert flags(draw)["max_per_officer"] == "--max-per-officer"
    assert flags(draw)["output"] == "--output"  # the long spelling, not -o
    assert flags(draw)["longlist_file"] == "LONGLIST.csv|.xlsx"
    text = "nothing drawn; use `allow_short` to accept a short sample, or a larger `max_per_officer`"
    assert (
        worded(text, draw) == "nothing drawn; use --allow-short to accept a short sample, or a larger --max-per-officer"
    )
    assert worded("`format` and `size`", None) == "format and size"  # no command: the names, bare


@pytest.fixture
def longlist(tmp_path: Path) -> Path:
    path = tmp_path / "longlist.csv"
    path.write_text(LONGLIST, encoding="utf-8")
    return path


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    return result.exit_code, result.stderr


def test_draw_library_names_the_parameter_cli_the_flag(longlist):
    with pytest.raises(UsageError) as caught:
        draw_file(str(longlist), size=2, seed=1, max_per_officer=0, as_of="2020-01-01")
    assert (caught.value.param, str(caught.value)) == ("max_per_officer", "`max_per_officer` must be at least 1, not 0")
    assert _cli(
        "draw", str(longlist), "--size", "2", "--seed", "1", "--max-per-officer", "0", "--as-of", "2020-01-01"
    ) == (
        2,
        "hmirate: --max-per-officer must be at least 1, not 0\n",
    )
    with pytest.raises(UsageError) as date:
        as_of_date("1st April")
    assert (date.value.param, str(date.value)) == (
        "as_of",
        "`as_of` '1st April' is not a date: use YYYY-MM-DD or DD/MM/YYYY",
    )


def test_check_sample_library_names_the_parameters_cli_the_flags(longlist, tmp_path):
    with pytest.raises(UsageError) as neither:
        check_sample(str(longlist))
    assert neither.value.param == "population"
    assert str(neither.value) == (
        "give the population as `population` (a file of its cases) or `profile` (its shares), one of them"
    )
    with pytest.raises(UsageError) as negative:
        check_sample(str(longlist), population=str(longlist), tolerance=-0.5)
    assert (negative.value.param, str(negative.value)) == ("tolerance", "`tolerance` must not be negative, not -0.5")
    assert _cli("check-sample", str(longlist), "--population", str(longlist), "--tolerance", "-0.5") == (
        2,
        "hmirate: --tolerance must not be negative, not -0.5\n",
    )


def test_a_sheet_for_a_csv_file_library_and_cli(write):
    path = write("case_id,grade,gender,2.1.1\nA,cm,m,Yes\n")
    with pytest.raises(UsageError) as caught:
        hmirate.score(path, sheet="Cases")
    assert caught.value.param == "sheet"
    assert str(caught.value) == f"{path}: `sheet` applies to Excel workbooks only, and this is not one"
    assert _cli("score", str(path), "--sheet", "Cases") == (
        2,
        f"hmirate: {path}: --sheet applies to Excel workbooks only, and this is not one\n",
    )


def test_compare_labels_checked_once_in_the_library_before_any_report_is_read(tmp_path):
    missing = [str(tmp_path / "a.json"), str(tmp_path / "b.json")]  # never read: the labels are wrong first
    with pytest.raises(UsageError) as caught:
        compare_files(missing, ["only one"])
    assert caught.value.param == "labels"
    assert str(caught.value) == "1 `labels` for 2 reports: give one `labels` per report, in order"
    assert _cli("compare", *missing, "--label", "only one") == (
        2,
        "hmirate: 1 --label for 2 reports: give one --label per report, in order\n",
    )


def test_a_problem_naming_a_parameter_is_worded_in_every_validate_format(write):
    path = write("case_id;grade;gender;2.1.1\nA;cm;m;Yes\n")
    with pytest.raises(InvalidData) as caught:
        hmirate.score(path, delimiter=",")
    assert caught.value.problems[0].message.endswith("(say `delimiter` ';')")
    for output_format in ("text", "json", "github"):
        result = CliRunner().invoke(main, ["validate", str(path), "--delimiter", ",", "--format", output_format])
        assert result.exit_code == 1
        assert "(say --delimiter ';')" in result.stdout, output_format
        assert "`" not in result.stdout


def test_a_command_line_option_renamed_for_its_parameter_keeps_its_flag():
    # check-sample's --population is the library's ``population``; explain's --standard its ``standard``
    assert flags(main.commands["check-sample"])["population"] == "--population"
    assert flags(main.commands["explain"])["standard"] == "--standard"
    assert isinstance(main.commands["check-sample"], click.Command)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min-base", "-1"], "hmirate: --min-base must be a whole number of cases, 0 or more, not -1\n"),
        (["--margin", "101"], "hmirate: --margin must be between 0 and 100 points, not 101\n"),
    ],
)
def test_a_reading_setting_is_checked_once_by_the_library_and_worded_as_its_flag(args, message):
    from conftest import CASE_SUPERVISION

    assert _cli("score", str(CASE_SUPERVISION), *args) == (2, message)
