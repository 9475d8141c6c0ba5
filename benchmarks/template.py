"""``hmirate template`` for a 2,000-case sample, and the filled workbook read back: run by hand.

    python benchmarks/template.py                 # 2,000 cases, median of 5 runs
    python benchmarks/template.py --cases 5000 --repeat 3

A seeded sample file (``CRN``, ``Gender``, ``stratum``, ``reserve``: what ``hmirate draw --buffer`` writes)
is made in a temporary folder; each round times the whole ``hmirate template`` process (every key question
of crc-2018, every case a grey row), then ``hmirate score`` on the same workbook with every answer filled in.
Target (issue 19): the template of a 2,000-case sample in under 3 s. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import run_once

TARGET_SECONDS = 3.0
STRATA = (
    "female",
    "male community low",
    "male community non-low",
    "male post-custody low",
    "male post-custody non-low",
)


def make_sample(path: Path, cases: int, seed: int = 2019) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["CRN", "Gender", "stratum", "reserve"])
        for number in range(cases):
            stratum = rng.choice(STRATA)
            gender = "Female" if stratum == "female" else "Male"
            writer.writerow([f"X{number:06d}", gender, stratum, "yes" if number % 6 == 5 else "no"])


def fill(template: Path, out: Path, seed: int = 2019) -> None:
    """Every case recorded: a grade and an answer to every key question."""
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.load_workbook(template)
    sheet = book["Cases"]
    width = sheet.max_column
    for ((cell, *_),) in zip(sheet.iter_rows(min_row=2, max_col=1), strict=False):
        row = cell.row
        sheet.cell(row=row, column=2).value = rng.choice(("case manager", "senior case manager"))
        for column in range(6, width + 1):
            sheet.cell(row=row, column=column).value = rng.choice(("Yes", "No", "N/A"))
    book.save(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    hmirate = [sys.executable, "-m", "hmirate"]
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as folder:
        sample, out, filled = Path(folder, "sample.csv"), Path(folder, "cases.xlsx"), Path(folder, "filled.xlsx")
        make_sample(sample, args.cases)
        write = [
            run_once([*hmirate, "template", "--sample", str(sample), "-o", str(out)], env) for _ in range(args.repeat)
        ]
        fill(out, filled)
        score = [run_once([*hmirate, "score", str(filled), "--format", "json"], env) for _ in range(args.repeat)]
        size = out.stat().st_size
    for name, runs in (("template", write), ("score the filled template", score)):
        wall = statistics.median(run.wall for run in runs)
        peak = max(run.peak_kb for run in runs) / 1024
        print(f"{name}, {args.cases:,} cases: {wall:.2f} s (median of {len(runs)}), peak {peak:.0f} MB")
    wall = statistics.median(run.wall for run in write)
    verdict = "met" if wall < TARGET_SECONDS else "MISSED"
    print(f"workbook: {size / 1024:.0f} KiB; target: template under {TARGET_SECONDS:g} s: {verdict}")
    return 0 if wall < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
