"""Standard output's failures and numeric edges, as a shell sees them: real pipes, /dev/full, a closed stdout.

A broken pipe (``hmirate ... | head``) ends quietly with 141, what a shell shows for SIGPIPE; a write error
is one line and exit 73; a setting at a floating-point edge is a usage error (2); ``--debug`` shows the
traceback of an internal error. Each run is a real process, since these are properties of file descriptors.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import CASE_SUPERVISION, ROOT

from hmirate.cli import main
from hmirate.errors import UsageError
from hmirate.rules.intervals import check_confidence, z_for
from hmirate.sampling.size import sample_size

POPULATION = ROOT / "data" / "samples" / "population" / "population.csv"

COMMANDS = {
    "score": ["score", str(CASE_SUPERVISION)],
    "score-json": ["score", str(CASE_SUPERVISION), "--format", "json"],
    "explain": ["explain", str(CASE_SUPERVISION)],
    "validate": ["validate", str(CASE_SUPERVISION)],
    "schema": ["schema"],
    "draw": ["draw", str(POPULATION), "--size", "50", "--seed", "1"],
    "sample-size": ["sample-size", "--population", "1000"],
    "check-sample": ["check-sample", str(CASE_SUPERVISION), "--population", str(POPULATION)],
    "help": ["--help"],
    "version": ["--version"],
}


def _run(args: list[str], **options) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("HMIRATE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "hmirate", *args], stderr=subprocess.PIPE, text=True, env=env, timeout=300, **options
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_a_broken_pipe_ends_quietly_with_141(name):
    # The reading end is closed before the command starts, so its first write meets a broken pipe for certain.
    read, write = os.pipe()
    os.close(read)
    try:
        done = _run(COMMANDS[name], stdout=write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, "")


def test_piped_into_head_prints_what_head_wants_and_no_error():
    if shutil.which("sh") is None or shutil.which("head") is None:
        pytest.fail("needs sh and head")
    script = f'"{sys.executable}" -m hmirate schema | head -c 10; echo " $?"'
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=300)
    assert done.stdout == '{\n  "$sche 0\n'
    assert done.stderr == ""


@pytest.mark.parametrize("name", ["score", "explain", "validate", "schema", "draw", "sample-size"])
def test_disk_full_is_one_line_and_exit_73(name):
    with open("/dev/full", "w") as full:
        done = _run(COMMANDS[name], stdout=full)
    assert (done.returncode, done.stderr) == (73, "hmirate: cannot write <stdout>: No space left on device\n")


@pytest.mark.parametrize("name", ["score", "validate", "schema", "check-sample"])
def test_closed_stdout_is_one_line_and_exit_73(name):
    done = _run(COMMANDS[name], stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (
        73,
        "hmirate: cannot write <stdout>: Bad file descriptor (standard output is closed)\n",
    )


def test_closed_stdout_with_an_output_file_still_writes_it(tmp_path):
    target = tmp_path / "report.json"
    done = _run(
        ["score", str(CASE_SUPERVISION), "--format", "json", "-o", str(target)],
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(1),
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("{")


# --- --debug ------------------------------------------------------------------------------------------------


@pytest.fixture
def broken_pipeline(monkeypatch):
    """A real internal error: the pipeline raises something no layer expects."""
    import hmirate.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(hmirate.pipeline, "score", boom)


def test_internal_error_is_one_line(runner, broken_pipeline):
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION)])
    assert (result.exit_code, result.output) == (
        70,
        "hmirate: internal error (RuntimeError: boom); please report it (--debug shows the traceback)\n",
    )


def test_debug_shows_the_traceback(runner, broken_pipeline):
    result = runner.invoke(main, ["--debug", "score", str(CASE_SUPERVISION)])
    assert result.exit_code == 70
    lines = result.output.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert any(line.strip() == 'raise RuntimeError("boom")' for line in lines)
    assert lines[-2:] == ["RuntimeError: boom", "hmirate: internal error (RuntimeError: boom); please report it"]


def test_hmirate_debug_variable_shows_the_traceback(runner, broken_pipeline):
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION)], env={"HMIRATE_DEBUG": "1"})
    assert result.exit_code == 70
    assert result.output.startswith("Traceback (most recent call last):\n")


def test_expected_errors_stay_one_line_under_debug(runner, tmp_path):
    result = runner.invoke(main, ["--debug", "score", str(tmp_path / "gone.csv")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- settings at numeric edges --------------------------------------------------------------------------------


def test_confidence_that_rounds_to_one_is_a_usage_error(runner):
    # 0.5 + 0.9999999999999999 / 2 is exactly 1.0 in binary floating point: the normal quantile is infinite.
    assert 0.5 + 0.9999999999999999 / 2 == 1.0
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--confidence", "0.9999999999999999"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--confidence': confidence 0.9999999999999999 is too close to 1 to give a "
        "finite interval (0.9999999999 works)\n"
    )


def test_confidence_that_rounds_to_zero_is_a_usage_error(runner):
    assert 0.5 + 1e-320 / 2 == 0.5  # the quantile would be 0: an interval of no width
    result = runner.invoke(main, ["explain", str(CASE_SUPERVISION), "--confidence", "1e-320"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--confidence': confidence 1e-320 is too close to 0 to give an interval\n"
    )


def test_the_suggested_confidence_works():
    assert z_for(0.9999999999) == pytest.approx(6.466, abs=1e-3)  # the 1 - 5e-11 normal quantile


def test_library_confidence_check():
    with pytest.raises(UsageError, match=r"^confidence 0.9999999999999999 is too close to 1 "):
        check_confidence(0.9999999999999999)
    assert check_confidence(0.8) == 0.8


def test_sample_size_margin_that_overflows_is_a_usage_error(runner):
    # (1e-300 / 100) ** 2 underflows to 0: n0 = z^2 p(1-p) / e^2 would divide by zero.
    result = runner.invoke(main, ["sample-size", "--population", "1000", "--margin", "1e-300"])
    assert (result.exit_code, result.output) == (
        2,
        "hmirate: --margin 1e-300 points is too small: the sample size would be infinite\n",
    )


def test_sample_size_confidence_at_the_edge_is_a_usage_error(runner):
    result = runner.invoke(main, ["sample-size", "--population", "1000", "--confidence", "0.9999999999999999"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--confidence': confidence 0.9999999999999999 is too close to 1 to give a "
        "finite interval (0.9999999999 works)\n"
    )


def test_sample_size_library_edges():
    with pytest.raises(UsageError, match=r"^`margin` 1e-160 points is too small"):
        sample_size(1000, 0.8, 1e-160)  # e^2 = 1e-324 is below the smallest float
    assert sample_size(1000, 0.8, 1e-150).size == 1000  # tiny but finite: read every case


def test_stdout_is_restored_after_a_run(runner):
    before = sys.stdout
    runner.invoke(main, ["schema"])
    assert sys.stdout is before


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_writes_to_stdout_so_the_pipe_tests_mean_something(runner, name):
    # A command that printed nothing would pass the broken-pipe test without meeting a broken pipe. In process:
    # what is printed is the command's, not the pipe's (the script prints the same, as the next test shows),
    # and ten interpreters starting pandas were most of the pipe tests' time.
    result = runner.invoke(main, COMMANDS[name], prog_name="hmirate")
    assert result.exit_code == 0, result.output
    assert result.stdout, name


@pytest.mark.parametrize("name", ["score", "score-json", "validate", "sample-size", "version"])
def test_the_script_prints_what_the_command_prints_in_process(runner, name):
    """``python -m hmirate`` (the script's own entry, which tunes the garbage collector) changes nothing seen."""
    done = _run(COMMANDS[name], stdout=subprocess.PIPE)
    inside = runner.invoke(main, COMMANDS[name], env={"COLUMNS": "100"}, prog_name="hmirate")
    assert (done.returncode, done.stdout) == (inside.exit_code, inside.stdout)


def test_the_installed_script_is_the_same_entry_as_python_m_hmirate():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"hmirate": "hmirate.__main__:run"}


NOT_A_NUMBER = [
    (["draw", str(POPULATION), "--size", "50", "--buffer", "nan"], "Invalid value for '--buffer': 'nan' is not a finite number"),
    (["check-sample", str(CASE_SUPERVISION), "--population", str(POPULATION), "--tolerance", "1e400"],
     "Invalid value for '--tolerance': '1e400' is not a finite number"),
    (["check-sample", str(CASE_SUPERVISION), "--population", str(POPULATION), "--tolerance", "inf"],
     "Invalid value for '--tolerance': 'inf' is not a finite number"),
    (["sample-size", "--population", "1000", "--margin", "nan"], "Invalid value for '--margin': 'nan' is not a finite number"),
    (["sample-size", "--population", str(10**4000)], "hmirate: the population must be at most 1,000,000,000 cases"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), NOT_A_NUMBER)
def test_numbers_that_are_not_finite_are_usage_errors_not_internal_ones(runner, args, message):
    """``nan``, ``inf`` and ``1e400`` used to reach exact arithmetic (``Fraction``) and end as exit 70."""
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.rstrip("\n").endswith(message)


@pytest.mark.parametrize("option", ["--panel", "--framework"])
def test_toml_nested_too_deeply_is_a_usage_error(runner, tmp_path, option):
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), option, str(deep)])
    assert (result.exit_code, result.stderr) == (2, f"hmirate: {deep}: not valid TOML: nested too deeply\n")


def test_a_profile_share_that_is_not_a_number_is_invalid_data(runner, tmp_path):
    profile = tmp_path / "profile.toml"
    profile.write_text("[gender]\nmale = nan\nfemale = 50\n")
    result = runner.invoke(main, ["check-sample", str(CASE_SUPERVISION), "--profile", str(profile)])
    assert result.exit_code == 1
    assert f"{profile}: gender: share of 'male' must be a number, 0 to 100" in result.stderr


def test_an_infinite_overall_band_is_refused_in_the_frameworks_words(runner, tmp_path):
    built_in = ROOT / "src" / "hmirate" / "rules" / "frameworks" / "crc-2018.toml"
    framework = tmp_path / "framework.toml"
    framework.write_text(built_in.read_text().replace("up_to = 0.5 }", "up_to = inf }"))
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--framework", str(framework)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"hmirate: {framework}: overall_bands.0.up_to: Input should be a finite number\n",
    )
