"""The command line through click's CliRunner: exact messages, exact exit codes. Each format's figures are
checked against independently derived ones in tests/render/; whole outputs by the snapshots."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL
from expectations import derive, wilson

from hmirate import __version__
from hmirate.cli import main

ALL = [str(p) for p in ALL_SAMPLES]


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert (result.exit_code, result.output) == (0, f"hmirate {__version__}\n")


def test_table_ends_with_the_overall_rating_and_row_accounting(runner):
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION)])
    assert result.exit_code == 0
    rows = len(CASE_SUPERVISION.read_text(encoding="utf-8").splitlines()) - 1
    lines = _lines(result.stdout)
    end = lines.index(f"{rows} rows read from 1 file, {rows} scored, 0 with errors")
    assert lines[end - 1] == "Overall rating: not computed; unrated standards: 1.1, 1.2, 1.3, 1.4, 4.1, 4.2"
    digest = hashlib.sha256(CASE_SUPERVISION.read_bytes()).hexdigest()
    assert " ".join(lines[end + 1 :]).startswith(f"hmirate {__version__}, framework crc-2018; SHA-256 of ")
    assert " ".join(lines[end + 1 :]).endswith(f": {digest[:12]}...")  # provenance, cut short for a terminal


def test_json_output(runner):
    result = runner.invoke(main, ["score", *ALL, "--panel", str(PANEL), "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    assert document["overall"] == {
        "rating": "Good",
        "total": 16,
        "maximum": 30,
        "standards": 10,
        "bands": [
            {"rating": "Inadequate", "low": 0, "high": 5},
            {"rating": "Requires improvement", "low": 6, "high": 15},
            {"rating": "Good", "low": 16, "high": 25},
            {"rating": "Outstanding", "low": 26, "high": 30},
        ],
        "not_counted": [],
    }
    planning = next(s for s in document["standards"] if s["id"] == "2.2")
    assert (planning["rating"], planning["rating_from_cases"]) == ("Good", "Requires improvement")
    assert planning["adjustment"].startswith("The lowest score (2.2.3, 63%)")
    question = planning["key_questions"][2]
    assert {k: question[k] for k in ("id", "yes", "no", "not_applicable", "base", "percent_whole")} == {
        "id": "2.2.3", "yes": 49, "no": 29, "not_applicable": 22, "base": 78, "percent_whole": 63,
    }  # fmt: skip
    assert question["percent"] == 100 * 49 / 78
    assert question["text"] == "Does planning focus sufficiently on keeping other people safe?"
    grade = question["splits"][0]
    assert grade["column"] == "grade"
    assert [g["value"] for g in grade["groups"]] == [  # 51, 46 and 3 of the 100 case-supervision cases, 2.2's
        "senior case manager", "case manager", "interchange manager",
    ]  # fmt: skip
    group = grade["groups"][1]
    cell = derive(ALL_SAMPLES).question("2.2.3").group("case manager")
    assert cell.whole == 43  # the report's text: 43% of case managers' cases on 2.2.3
    assert {k: group[k] for k in ("yes", "no", "not_applicable", "base", "cases", "too_small")} == {
        "yes": cell.yes, "no": cell.no, "not_applicable": cell.not_applicable, "base": cell.base,
        "cases": cell.cases, "too_small": False,
    }  # fmt: skip
    assert (group["percent"], group["percent_whole"]) == (100 * cell.yes / cell.base, 43)
    assert (group["ci_low"], group["ci_high"]) == pytest.approx(wilson(cell.yes, cell.base), rel=1e-9)


def test_json_is_the_only_thing_on_stdout_and_deterministic(runner):
    first = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--format", "json"])
    second = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--format", "json"])
    assert first.stdout == second.stdout
    json.loads(first.stdout)


def test_row_order_does_not_change_json(runner, write):
    lines = CASE_SUPERVISION.read_text(encoding="utf-8").splitlines(keepends=True)
    shuffled = write(lines[0] + "".join(reversed(lines[1:])), name="case-supervision.csv")
    ordered = write("".join(lines), name="ordered.csv")
    a = runner.invoke(main, ["score", str(shuffled), "--format", "json"]).stdout
    b = runner.invoke(main, ["score", str(ordered), "--format", "json"]).stdout
    # the same cases in another order: the same report, but for the name and SHA-256 of the file scored
    digest = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in (shuffled, ordered)}
    a = a.replace(str(shuffled), "X").replace(digest[shuffled], "D")
    assert a == b.replace(str(ordered), "X").replace(digest[ordered], "D")


def test_stdin(runner):
    result = runner.invoke(main, ["score", "-", "--format", "json"], input=CASE_SUPERVISION.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["inputs"][0] == {
        "name": "<stdin>", "rows": 100, "left_out": 0, "key_questions": [f"2.{s}.{q}" for s in range(1, 5) for q in range(1, 4)],
        "sha256": hashlib.sha256(CASE_SUPERVISION.read_bytes()).hexdigest(),  # of the bytes read from stdin
    }  # fmt: skip


def test_invalid_data_exits_1_listing_every_problem(runner, write):
    path = write("case_id,grade,gender,2.1.1,2.1.2,2.1.3\nA,scm,male,Yes,No,Maybe\nB,,male,Yes,No,No\nC,cm,f,y,n,n\n")
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:2: 2.1.3: expected Yes, No or N/A, got 'Maybe'\n"
        f"{path}:3: grade: blank grade; the responsible officer's grade is required\n"
        "hmirate: 3 rows read, 1 valid, 2 with errors; nothing scored\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "missing.csv"], "hmirate: missing.csv: no such file\n"),
        (["score", "."], "hmirate: .: is a directory, not a case file\n"),
        (["score", str(CASE_SUPERVISION), "--framework", "nps-2018"],
         "hmirate: unknown framework 'nps-2018'; built-in frameworks: crc-2018\n"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2(runner, args, message):
    result = runner.invoke(main, args)
    assert (result.exit_code, result.stderr) == (2, message)


@pytest.mark.parametrize(
    "args",
    [
        ["score", "--bogus", str(CASE_SUPERVISION)],
        ["score"],
        ["score", str(CASE_SUPERVISION), "--format", "xml"],
    ],
)
def test_click_usage_errors_exit_2(runner, args):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[-1].startswith("Error: ")


@pytest.mark.parametrize(
    ("panel", "message"),
    [
        ('[standards."2.2"]\nrating = "Good"\n',
         "{p}:1: standard 2.2: a panel adjustment of a case-rated standard needs a reason"),
        ('# panel\n[standards."9.9"]\nrating = "Good"\n',
         "{p}:2: unknown standard '9.9' in framework crc-2018 (1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 4.1, 4.2)"),
        ('[standards."1.1"]\nrating = "Great"\n',
         "{p}:1: standard 1.1: unknown rating 'Great'; expected one of Inadequate, Requires improvement, Good, "
         "Outstanding"),
        ('[standards."1.1"\n', "{p}: not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 17)"),
    ],
)  # fmt: skip
def test_bad_panel_files_exit_2(runner, write, panel, message):
    path = write(panel, name="panel.toml")
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--panel", str(path)])
    assert (result.exit_code, result.stderr) == (2, "hmirate: " + message.format(p=path) + "\n")


def test_panel_rating_words_ignore_case(runner, write):
    path = write('[standards."1.1"]\nrating = "good"\n', name="panel.toml")
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--panel", str(path), "--format", "json"])
    assert json.loads(result.stdout)["standards"][0]["rating"] == "Good"


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "hmirate", "--version"], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, f"hmirate {__version__}\n")
