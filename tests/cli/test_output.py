"""Outputs never destroy an input, and a failed write leaves the old file as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hmirate.cli import main
from hmirate.cli.output import write_output
from hmirate.errors import WriteError

SAMPLE = Path(__file__).parents[2] / "data" / "samples" / "hiow-crc-2019" / "case-supervision.csv"
PANEL = SAMPLE.parent / "panel.toml"
LONGLIST = SAMPLE.parent.parent / "longlist" / "longlist.csv"
FRAMEWORKS = Path(__file__).parents[2] / "src" / "hmirate" / "rules" / "frameworks"


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    copy = tmp_path / "cases.csv"
    shutil.copyfile(SAMPLE, copy)
    return copy


def test_score_refuses_to_write_over_its_input(cases: Path) -> None:
    before = cases.read_bytes()
    result = CliRunner().invoke(main, ["score", str(cases), "--format", "csv", "-o", str(cases)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"hmirate: refusing to write {cases}: it is the input file {cases}; choose another output file\n"
    )
    assert cases.read_bytes() == before


def test_a_hard_link_or_another_spelling_is_the_same_file(cases: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    os.link(cases, link)
    before = cases.read_bytes()
    for output in (str(link), f"{tmp_path}/./cases.csv"):
        result = CliRunner().invoke(main, ["score", str(cases), "--format", "json", "-o", output])
        assert result.exit_code == 2, output
        assert "refusing to write" in result.stderr
    assert cases.read_bytes() == before


def test_draw_refuses_to_write_over_its_population(tmp_path: Path) -> None:
    population = tmp_path / "population.csv"
    shutil.copyfile(SAMPLE.parent.parent / "population" / "population.csv", population)
    before = population.read_bytes()
    result = CliRunner().invoke(main, ["draw", str(population), "--size", "10", "--seed", "1", "-o", str(population)])
    assert result.exit_code == 2
    assert "refusing to write" in result.stderr
    assert population.read_bytes() == before


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report\n")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(WriteError, match=r"^cannot write .*report.json: No space left on device$"):
        write_output(target, "new report\n")
    assert target.read_text() == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_write_output_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("a much longer old content than the new one\n")
    target.chmod(0o640)
    write_output(target, "new\n")
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_score_max_errors_cuts_the_list_and_says_how_many_more(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("case_id,grade,gender,2.1.1,2.1.2,2.1.3\nA,cm,m,Maybe,Yes,Yes\nB,,m,Yes,Yes,Yes\n")
    result = CliRunner().invoke(main, ["score", str(path), "--max-errors", "1"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:2: 2.1.1: expected Yes, No or N/A, got 'Maybe'",
        "hmirate: 2 rows read, 0 valid, 2 with errors; nothing scored (1 more problems not shown)",
    ]


def test_draw_shows_stratum_values_as_text_not_markup_or_controls(tmp_path: Path) -> None:
    population = tmp_path / "population.csv"
    population.write_text("case_id,office\n" + "".join(f"C{i},[/]x\x1b[2J\n" for i in range(4)) + "C9,plain\n")
    sample = tmp_path / "sample.csv"
    args = ["draw", str(population), "--size", "2", "--seed", "1", "--strata", "office", "-o", str(sample)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output  # the table on the terminal
    assert "[/]x\\x1b[2J" in result.output  # shown, literally and escaped
    assert "\x1b" in sample.read_text()  # the sample itself keeps the data as it was


def test_a_named_pipe_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    """Renaming over what is not a regular file would replace it: as root, ``-o /dev/null`` made a file.

    The read end is opened (without waiting for a writer) before ``write_output`` opens the write end, so
    the test does not depend on which of two threads gets there first: the reader is known to be there.
    """
    import stat

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_output(pipe, "a,b\n")
        received = os.read(reader, 1024)
        assert os.read(reader, 1024) == b""  # the writer has closed its end: end of file, nothing more
    finally:
        os.close(reader)
    assert received == b"a,b\n"
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left beside it


def test_a_pipe_nobody_reads_is_an_error_not_a_wait(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(WriteError, match=r"^cannot write .*pipe: nothing is reading from this pipe$"):
        write_output(pipe, "a,b\n")


def test_a_symbolic_link_keeps_pointing_at_the_file_it_names(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_output(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"


def _run(args: list[str], stdin: Path) -> subprocess.CompletedProcess[str]:
    """The real process, so standard input is the file the shell would connect (CliRunner's is a buffer)."""
    with stdin.open("rb") as handle:
        return subprocess.run(
            [sys.executable, "-m", "hmirate", *args], stdin=handle, capture_output=True, text=True, check=False
        )


def test_score_refuses_to_write_over_the_file_on_standard_input(cases: Path) -> None:
    before = cases.read_bytes()
    result = _run(["score", "-", "--format", "csv", "-o", str(cases)], stdin=cases)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"hmirate: refusing to write {cases}: it is the input file <stdin> (the file on standard input); "
        "choose another output file\n"
    )
    assert cases.read_bytes() == before


def test_draw_refuses_to_write_over_the_longlist_on_standard_input(tmp_path: Path) -> None:
    longlist = tmp_path / "longlist.csv"
    shutil.copyfile(LONGLIST, longlist)
    before = longlist.read_bytes()
    for option in ("-o", "--plan"):
        result = _run(["draw", "-", "--size", "10", "--seed", "1", "-o", str(tmp_path / "s.csv"), option, str(longlist)],
                      stdin=longlist)  # fmt: skip
        assert (result.returncode, result.stdout) == (2, ""), option
        assert result.stderr == (
            f"hmirate: refusing to write {longlist}: it is the input file <stdin> (the file on standard input); "
            "choose another output file\n"
        )
    assert longlist.read_bytes() == before
    assert not (tmp_path / "s.csv").exists()


@pytest.mark.parametrize("option", ["--panel", "--framework"])
def test_score_refuses_to_write_over_its_panel_or_framework(cases: Path, tmp_path: Path, option: str) -> None:
    source = PANEL if option == "--panel" else FRAMEWORKS / "crc-2018.toml"
    rules = tmp_path / source.name
    shutil.copyfile(source, rules)
    before = rules.read_bytes()
    result = CliRunner().invoke(main, ["score", str(cases), option, str(rules), "--format", "json", "-o", str(rules)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"hmirate: refusing to write {rules}: it is the input file {rules}; choose another output file\n"
    )
    assert rules.read_bytes() == before


def test_a_built_in_framework_name_is_not_a_file(cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file in the working folder that happens to share a built-in framework's name is not read: writing it is fine."""
    monkeypatch.chdir(tmp_path)
    Path("crc-2018").write_text("old\n")
    result = CliRunner().invoke(
        main, ["score", str(cases), "--framework", "crc-2018", "--format", "csv", "-o", "crc-2018"]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert Path("crc-2018").read_text().startswith("standard,standard_title,")


@pytest.mark.parametrize(
    "args",
    [
        ["score", str(SAMPLE), "-o", ""],
        ["compare", "a.json", "b.json", "-o", ""],
        ["draw", "longlist.csv", "--size", "1", "--seed", "1", "-o", ""],
        ["draw", "longlist.csv", "--size", "1", "--seed", "1", "--plan", ""],
    ],
)
def test_an_empty_output_name_is_a_usage_error(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    option = "'--plan'" if "--plan" in args else "'--output' / '-o'"
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for {option}: an empty file name: give a file, or - for standard output\n"
    )


def test_dash_is_standard_output_not_a_file_named_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    score = CliRunner().invoke(main, ["score", str(SAMPLE), "--format", "csv", "-o", "-"])
    assert score.exit_code == 0
    assert score.stdout.startswith("standard,standard_title,key_question,")
    draw = CliRunner().invoke(
        main, ["draw", str(LONGLIST), "--size", "10", "--seed", "1", "-o", "s.csv", "--plan", "-"]
    )
    assert draw.exit_code == 0
    assert json.loads(draw.stdout)["seed"] == 1  # the plan alone: the strata table went to stderr
    assert "Stratified sample: 10 of" in draw.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["s.csv"]


def test_the_plan_and_the_sample_cannot_both_go_to_standard_output() -> None:
    result = CliRunner().invoke(main, ["draw", str(LONGLIST), "--size", "10", "--seed", "1", "--plan", "-"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "hmirate: --plan - and the sample (--output -, the default) both go to standard output: "
        "write one of them to a file\n"
    )


def test_compare_refuses_to_write_over_the_report_on_standard_input(tmp_path: Path) -> None:
    earlier, later = tmp_path / "2019.json", tmp_path / "2021.json"
    for target in (earlier, later):
        assert CliRunner().invoke(main, ["score", str(SAMPLE), "--format", "json", "-o", str(target)]).exit_code == 0
    before = later.read_bytes()
    result = _run(["compare", str(earlier), "-", "--format", "json", "-o", str(later)], stdin=later)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"hmirate: refusing to write {later}: it is the input file <stdin> (the file on standard input); "
        "choose another output file\n"
    )
    assert later.read_bytes() == before


@pytest.mark.parametrize("option", ["-o", "--plan"])
def test_an_output_name_ending_in_a_slash_is_a_usage_error(tmp_path: Path, option: str) -> None:
    folder = f"{tmp_path}/new/"
    args = ["draw", str(LONGLIST), "--size", "1", "--seed", "1", option, folder]
    result = CliRunner().invoke(main, ["score", str(SAMPLE), "-o", folder] if option == "-o" else args)
    name = "'--output' / '-o'" if option == "-o" else "'--plan'"
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for {name}: {folder!r} ends in /, so it names a folder: give a file\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_terminal_or_device_on_both_sides_is_not_an_input_overwritten(tmp_path: Path) -> None:
    """Standard input and the output both /dev/null (or both the terminal: -o /dev/stdout while pasting cases)
    destroy nothing: only a regular file is refused."""
    result = _run(["draw", "-", "--size", "1", "--seed", "1", "-o", os.devnull], stdin=Path(os.devnull))
    assert (result.returncode, result.stderr) == (1, "<stdin>: file is empty: expected a header row\n")  # read
