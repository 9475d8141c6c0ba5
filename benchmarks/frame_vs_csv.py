"""``hmirate.score(DataFrame)`` against ``hmirate.score(path)`` on the same data, in one process.

    python benchmarks/frame_vs_csv.py benchmarks/out/cases-1000000-seed2019.csv [--repeat 5]

The frame is read once with ``pandas.read_csv(..., dtype=str, keep_default_na=False)`` (not timed: an
analyst has it already); then both calls are timed alternately, after one warm-up each, and the medians
compared. Target (issue 11): the frame within 1.5x of the CSV. Both reports must be equal.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import pandas as pd

import hmirate

TARGET = 1.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    frame = pd.read_csv(args.path, dtype=str, keep_default_na=False)
    times: dict[str, list[float]] = {"csv": [], "frame": []}
    reports = {"csv": hmirate.score(args.path), "frame": hmirate.score(frame)}  # warm-up, and the answers
    same = reports["csv"].model_dump(exclude={"inputs"}) == reports["frame"].model_dump(exclude={"inputs"})
    for _ in range(args.repeat):
        for kind, source in (("csv", args.path), ("frame", frame)):
            start = time.perf_counter()
            hmirate.score(source)
            times[kind].append(time.perf_counter() - start)
    csv, framed = statistics.median(times["csv"]), statistics.median(times["frame"])
    print(f"{len(frame):,} rows: score(path) {csv:.3f} s, score(DataFrame) {framed:.3f} s, {framed / csv:.2f}x")
    print(f"{'PASS' if same else 'FAIL'}  the two reports are equal (inputs aside)")
    ok = framed / csv <= TARGET
    print(f"{'PASS' if ok else 'FAIL'}  DataFrame vs CSV: {framed / csv:.2f}x (target <= {TARGET}x)")
    return 0 if ok and same else 1


if __name__ == "__main__":
    sys.exit(main())
