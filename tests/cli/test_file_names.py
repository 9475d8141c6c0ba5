"""A file name that is not UTF-8 (a Latin-1 ``café.csv`` from an old share) is read, and shown as ``caf\\xe9``.

Python holds such a name as surrogate escapes, which pyarrow could not encode to open the file and no UTF-8
output could write: every command that read one exited 70. Expected names are written out by hand here.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CASE_SUPERVISION, ROOT

from hmirate.cli import main

LONGLIST = ROOT / "data" / "samples" / "longlist" / "longlist.csv"


def latin1(folder: Path, stem: bytes, source: Path | None = None, text: str | None = None) -> tuple[str, str]:
    """A file named ``stem`` (Latin-1 bytes) in ``folder``: its path as Python holds it, and as shown."""
    path = os.fsdecode(os.fsencode(folder) + b"/" + stem)
    if source is not None:
        shutil.copyfile(source, path)
    else:
        Path(path).write_text(text or "", encoding="utf-8")
    shown = f"{folder}/" + "".join(c if c.isascii() else f"\\x{ord(c):02x}" for c in stem.decode("latin-1"))
    return path, shown


def test_score_explain_and_validate_read_a_latin1_name(tmp_path: Path) -> None:
    path, shown = latin1(tmp_path, b"caf\xe9.csv", CASE_SUPERVISION)
    out = tmp_path / "report.json"
    score = CliRunner().invoke(main, ["score", path, "--format", "json", "-o", str(out)])
    assert (score.exit_code, score.stderr) == (0, "")
    assert [item["name"] for item in json.loads(out.read_text(encoding="utf-8"))["inputs"]] == [shown]
    explain = CliRunner().invoke(main, ["explain", path])
    assert explain.exit_code == 0 and "2.1 Assessment" in explain.stdout
    validate = CliRunner().invoke(main, ["validate", path])
    assert (validate.exit_code, validate.stdout) == (0, "100 rows read, 100 valid, 0 with errors\n")


def test_a_problem_in_a_latin1_named_file_names_it_visibly(tmp_path: Path) -> None:
    text = "case_id,grade,gender,2.1.1,2.1.2,2.1.3\nA,scm,male,Maybe,Yes,No\n"
    path, shown = latin1(tmp_path, b"caf\xe9.csv", text=text)
    result = CliRunner().invoke(main, ["validate", path])
    assert (result.exit_code, result.stdout) == (
        1,
        f"{shown}:2: 2.1.1: expected Yes, No or N/A, got 'Maybe'\n1 row read, 0 valid, 1 with errors\n",
    )


def test_draw_and_sample_size_read_a_latin1_named_longlist(tmp_path: Path) -> None:
    path, shown = latin1(tmp_path, b"list\xe9.csv", LONGLIST)
    plan = tmp_path / "plan.json"
    args = ["draw", path, "--size", "10", "--seed", "1", "--as-of", "2019-04-01", "-o", str(tmp_path / "s.csv")]
    draw = CliRunner().invoke(main, [*args, "--plan", str(plan)])
    assert draw.exit_code == 0, draw.output
    assert json.loads(plan.read_text(encoding="utf-8"))["longlist"] == shown
    size = CliRunner().invoke(main, ["sample-size", path, "--as-of", "2019-04-01", "--format", "json"])
    assert size.exit_code == 0, size.output
    assert f"of the 1064 in {shown} (as of 2019-04-01)" in size.stderr


def test_compare_writes_a_latin1_named_reports_label(tmp_path: Path) -> None:
    earlier = tmp_path / "2019.json"
    assert (
        CliRunner().invoke(main, ["score", str(CASE_SUPERVISION), "--format", "json", "-o", str(earlier)]).exit_code
        == 0
    )
    later, _ = latin1(tmp_path, b"r\xe9.json", earlier)
    out = tmp_path / "compare.html"
    result = CliRunner().invoke(main, ["compare", str(earlier), later, "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "r\\xe9" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("option", "message"),
    [("--panel", "x: Extra inputs are not permitted"), ("--framework", "id: Field required")],
)
def test_a_latin1_named_rules_file_is_named_visibly(tmp_path: Path, option: str, message: str) -> None:
    path, shown = latin1(tmp_path, b"r\xe8gles.toml", text="x = 1\n")
    result = CliRunner().invoke(main, ["score", str(CASE_SUPERVISION), option, path])
    assert (result.exit_code, result.stderr) == (2, f"hmirate: {shown}: {message}\n")
