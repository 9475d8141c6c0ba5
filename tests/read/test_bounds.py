"""Bounded reading (read/source.py): devices, pipes, endless streams and huge headers end with a clear
message and an exit code, never a hang; streams (stdin, /dev/stdin, process substitution) are read once.

No test here is timed: the figures for /dev/zero, an endless stdin and the rest are in
benchmarks/bounded_reading.py, run by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASE_SUPERVISION

from hmirate.cli import main
from hmirate.read import source

HEADER = "case_id,grade,gender,2.1.1,2.1.2,2.1.3"
ROW = "A,senior case manager,male,Yes,No,N/A"
SAMPLE_OK = "100 rows read, 100 valid, 0 with errors\n"


def run(runner, *args, input=None):
    result = runner.invoke(main, ["validate", *map(str, args)], input=input)
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_at_once(runner, device):
    result = run(runner, device)
    assert (result.exit_code, result.stderr) == (
        2,
        f"hmirate: {device}: is a device, not a case file (give a file, or - for standard input)\n",
    )


def test_a_fifo_nobody_writes_to(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(source, "FIFO_WAIT", 0.3)
    fifo = tmp_path / "cases.fifo"
    os.mkfifo(fifo)
    result = run(runner, fifo)
    assert (result.exit_code, result.stderr) == (
        2,
        f"hmirate: {fifo}: is a pipe that nothing was written to within 0.3 seconds (no writer?)\n",
    )


def test_a_fifo_with_a_writer_is_read_once(runner, tmp_path):
    # No thread and no timing: a read end held open lets the write end open at once, and the whole file
    # (12 KB, well under a pipe's 64 KB) waits in the pipe until the command reads it, writer gone or not.
    fifo = tmp_path / "cases.fifo"
    os.mkfifo(fifo)
    data = CASE_SUPERVISION.read_bytes()
    assert len(data) < 1 << 16
    holder = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        writer = os.open(fifo, os.O_WRONLY)
        os.write(writer, data)
        os.close(writer)
        result = run(runner, fifo)
    finally:
        os.close(holder)
    assert (result.exit_code, result.stdout) == (0, SAMPLE_OK)


def test_stdin_of_nul_bytes_stops_at_the_first_block(runner):
    result = run(runner, "-", input=b"\x00" * (8 << 20))
    assert (result.exit_code, result.stdout) == (
        1,
        "<stdin>:1: contains a NUL byte: this is not a text CSV file\n0 rows read, 0 valid, 0 with errors\n",
    )


def test_stream_over_the_limit(runner, monkeypatch):
    monkeypatch.setenv("HMIRATE_MAX_STREAM_BYTES", "1000")
    rows = "".join(f"C{i},case manager,male,Yes,No,N/A\n" for i in range(100))
    result = run(runner, "-", input=f"{HEADER}\n{rows}")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "<stdin>: is over 1,000 bytes, the limit for standard input and pipes "
        "(set HMIRATE_MAX_STREAM_BYTES to change it)"
    )
    monkeypatch.setenv("HMIRATE_MAX_STREAM_BYTES", str(2 << 30))
    assert run(runner, "-", input=f"{HEADER}\n{rows}").stdout == "100 rows read, 100 valid, 0 with errors\n"


def test_stream_limit_setting_is_checked(runner, monkeypatch):
    monkeypatch.setenv("HMIRATE_MAX_STREAM_BYTES", "2GB")
    result = run(runner, "-", input=f"{HEADER}\n{ROW}\n")
    assert (result.exit_code, result.stderr) == (
        2,
        "hmirate: HMIRATE_MAX_STREAM_BYTES must be a whole number of bytes, not '2GB'\n",
    )


def test_a_large_stream_is_spooled_to_a_temporary_file(runner, monkeypatch):
    monkeypatch.setattr(source, "_IN_MEMORY", 1000)  # the sample is 9 KB: well past it
    monkeypatch.setattr(source, "_BLOCK", 512)
    result = run(runner, "-", input=CASE_SUPERVISION.read_bytes())
    assert (result.exit_code, result.stdout) == (0, SAMPLE_OK)


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_a_header_with_no_line_break(runner, write, via):
    data = b"case_id," + b"x" * (1 << 20) + b",grade\n"
    path = write(data)
    result = run(runner, path) if via == "file" else run(runner, "-", input=data)
    name = path if via == "file" else "<stdin>"
    assert result.stdout.splitlines() == [
        f"{name}:1: the first line runs past 1 MiB without a line break: not a header row",
        "0 rows read, 0 valid, 0 with errors",
    ]
    assert result.exit_code == 1


def test_stdin_is_read_once(runner):
    result = run(runner, "-", "-", input=CASE_SUPERVISION.read_bytes())
    assert result.stdout.splitlines() == [
        "<stdin>: file is empty: expected a header row",
        "100 rows read, 100 valid, 0 with errors",
    ]
    assert result.exit_code == 1


# --- through a real shell: /dev/stdin, /proc/self/fd/0 and process substitution are pipes there -------------


def _shell(command: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # only the command word: a checkout's own path may hold "hmirate" too (/home/me/hmirate/data/...)
    command = re.sub(r"(?<![\w/.-])hmirate(?= )", f"{sys.executable} -m hmirate", command)
    return subprocess.run(["bash", "-c", command], input=stdin, capture_output=True, timeout=60, check=False)


@pytest.mark.parametrize("name", ["/dev/stdin", "/proc/self/fd/0", "-"])
def test_piped_stdin_by_any_name(name):
    done = _shell(f"cat {CASE_SUPERVISION} | hmirate validate {name}")
    assert (done.returncode, done.stdout.decode(), done.stderr.decode()) == (0, SAMPLE_OK, "")


def test_redirected_stdin_by_name():
    done = _shell(f"hmirate validate /dev/stdin < {CASE_SUPERVISION}")
    assert (done.returncode, done.stdout.decode()) == (0, SAMPLE_OK)


def test_process_substitution():
    done = _shell(f"hmirate validate <(cat {CASE_SUPERVISION})")
    assert (done.returncode, done.stdout.decode(), done.stderr.decode()) == (0, SAMPLE_OK, "")


def test_endless_stdin_stops_at_the_limit(tmp_path: Path):
    done = _shell("yes | HMIRATE_MAX_STREAM_BYTES=5000000 hmirate score -")
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        "<stdin>: is over 5,000,000 bytes, the limit for standard input and pipes "
        "(set HMIRATE_MAX_STREAM_BYTES to change it)",
        "hmirate: 0 rows read, 0 valid, 0 with errors; nothing scored",
    ]


def test_a_large_stream_with_old_mac_line_ends_is_read_whole(runner):
    rows = "".join(f"C{i},case manager,male,Yes,No,N/A\r" for i in range(100000))  # 3.4 MB, not one line feed
    result = run(runner, "-", input=f"{HEADER}\r{rows}")
    assert (result.exit_code, result.stdout) == (0, "100000 rows read, 100000 valid, 0 with errors\n")
