"""Importing the library changes no process-wide state; the command makes its two settings itself.

Issue 16: ``csv.field_size_limit`` and ``sys.unraisablehook`` were set when hmirate was imported (the hook
while parsing), so a program that only imported hmirate had its csv module and its error reporting changed.
"""

from __future__ import annotations

import subprocess
import sys

IMPORTS = "import csv, sys, hmirate, hmirate.pipeline, hmirate.sampling, hmirate.read.csv, hmirate.cli"


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def test_importing_the_library_changes_no_process_setting():
    out = _python(f"{IMPORTS}; print(csv.field_size_limit(), sys.unraisablehook is sys.__unraisablehook__)")
    assert out == "131072 True\n"  # the standard library's default limit, and its own hook


def test_reading_a_file_changes_no_process_setting(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("case_id,grade,gender,2.1.1,2.1.2,2.1.3\nA,cm,male,Yes,No,N/A\nB,cm,male,Yes\n")
    code = f"{IMPORTS}\ntry:\n    hmirate.score([{str(path)!r}])\nexcept Exception:\n    pass\n"
    out = _python(code + "print(csv.field_size_limit(), sys.unraisablehook is sys.__unraisablehook__)")
    assert out == "131072 True\n"


def test_the_command_reads_a_ragged_windows_1252_file_without_an_ignored_exception(tmp_path):
    """pyarrow fails to decode a ragged row of a file that is not UTF-8 inside its handler and prints it as
    "Exception ignored"; the command keeps that off the terminal and says what the reader found."""
    path = tmp_path / "cases.csv"
    path.write_bytes(b"case_id,grade,gender,2.1.1,2.1.2,2.1.3\nA,cm,male,Yes,No,N/A\nB\xe9,cm,male,Yes\n")
    done = subprocess.run(
        [sys.executable, "-m", "hmirate", "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert "Exception ignored" not in done.stderr
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == f"{path}:3: row has 4 cells, the header has 6"


def test_the_library_reads_a_small_ragged_windows_1252_file_without_an_ignored_exception(tmp_path):
    """Without the command's hook, the reader does not parse as UTF-8 what it already knows is not UTF-8 (a
    file no bigger than its first read), so pyarrow has nothing to fail on."""
    path = tmp_path / "cases.csv"
    path.write_bytes(b"case_id,grade,gender,2.1.1,2.1.2,2.1.3\nA,cm,male,Yes,No,N/A\nB\xe9,cm,male,Yes\n")
    code = f"import hmirate.pipeline as p\nresult = p.check_files([{str(path)!r}])\nprint(result.problems[0].message)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (done.stdout, done.stderr) == ("row has 4 cells, the header has 6\n", "")
