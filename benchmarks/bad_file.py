"""A million-row file with one bad answer column: bounded time, memory and output (issue 9, item 6).

    python benchmarks/bad_file.py benchmarks/out/cases-1000000-seed2019.csv

Writes two copies, one whose 2.1.1 column says ``Maybe`` in every row and one where it says something
different in every row (``bad0``, ``bad1``, ...: a million distinct values for the model to reject), then
runs ``hmirate validate`` and ``hmirate score --format json`` on each as users would, measuring wall time,
peak memory and the bytes written to stdout and stderr. Targets: under 10 s and 1 GB each, and a
screenful of messages, not one per cell (every row is still counted as invalid: the summary line says so).
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
from pathlib import Path

from measure import run_once

SECONDS, MEGABYTES = 10.0, 1024


def _spoil(source: Path, target: Path, distinct: bool) -> None:
    with source.open(newline="") as reader_file, target.open("w", newline="") as writer_file:
        reader, writer = csv.reader(reader_file), csv.writer(writer_file, lineterminator="\n")
        header = next(reader)
        column = header.index("2.1.1")
        writer.writerow(header)
        for number, row in enumerate(reader):
            row[column] = f"bad{number}" if distinct else "Maybe"
            writer.writerow(row)


def main() -> int:
    source = Path(sys.argv[1])
    hmirate = shutil.which("hmirate") or str(Path(sys.executable).with_name("hmirate"))
    failed = False
    for suffix, distinct in (("-bad-2.1.1.csv", False), ("-distinct-bad-2.1.1.csv", True)):
        target = source.with_name(source.stem + suffix)
        if not target.exists():
            _spoil(source, target, distinct)
        for command in (["validate"], ["score", "--format", "json"]):
            out = target.with_suffix(f".{command[0]}.out")
            run = run_once([hmirate, *command, str(target)], dict(os.environ), out, allowed=(1,))
            size = out.stat().st_size + run.stderr_bytes
            megabytes = run.peak_kb / 1024
            what = "a different bad value in every row" if distinct else "Maybe in every row"
            print(
                f"{what}: hmirate {' '.join(command)}: exit 1, {run.wall:.2f} s, {megabytes:.0f} MB, "
                f"{size:,} bytes of messages"
            )
            failed |= run.wall > SECONDS or megabytes > MEGABYTES
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
