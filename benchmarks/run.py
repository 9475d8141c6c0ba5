"""Time ``hmirate`` as users run it, beside a baseline and a floor, and check the performance targets.

    python benchmarks/run.py                      # 10k, 100k, 1M rows; median of 5
    python benchmarks/run.py --quick              # small sizes, a smoke run
    python benchmarks/run.py --sizes 100000,1000000 --repeat 7

Every number is a whole process (start-up included), because that is what a user waits for. Commands
are run interleaved (one of each per round, after one unmeasured warm-up round) so that load from other
work on the machine falls on all of them alike; ratios measured in one run are what the targets are set
on. Each process's own peak memory comes from ``os.wait4`` (see ``measure.py``). Generated files, the
bytecode cache and ``results.json`` go in ``benchmarks/out/`` (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from measure import Run, heavy_imports, run_once
from targets import agree, print_table, print_targets

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
SAMPLE = ROOT / "data" / "samples" / "hiow-crc-2019" / "case-supervision.csv"
BASELINE = "import pandas, pyarrow.csv, pydantic, rich, click"


@dataclass
class Case:
    """One command to time; ``kind`` says what the targets compare it with."""

    label: str
    argv: list[str]
    kind: str
    """baseline, cli, sample, hmirate (JSON scoring) or floor."""
    rows: int | None = None
    runs: list[Run] = field(default_factory=list)

    def median(self, what: str) -> float:
        return statistics.median(getattr(run, what) for run in self.runs)

    def minimum(self, what: str) -> float:
        return min(getattr(run, what) for run in self.runs)


def _environment(bytecode_cache: bool) -> dict[str, str]:
    """The children's environment: fixed terminal width, and bytecode cached as an install would have.

    ``PYTHONDONTWRITEBYTECODE`` (set in some sandboxes) would make every run recompile hmirate's own
    modules (an editable install has no .pyc), which a user of an installed hmirate never pays; so
    bytecode is cached under ``benchmarks/out/pycache`` instead, without writing into the source tree.
    """
    env = dict(os.environ, COLUMNS="120", NO_COLOR="1")
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    return env


def _generate(python: str, sizes: list[int], seed: int, regenerate: bool) -> dict[int, Path]:
    files = {}
    for rows in sizes:
        path = OUT / f"cases-{rows}-seed{seed}.csv"
        if regenerate or not path.exists():
            start = time.perf_counter()
            command = [python, str(HERE / "make_cases.py"), str(rows), str(path), "--seed", str(seed)]
            subprocess.run(command, check=True)
            megabytes = path.stat().st_size / 1e6
            print(f"generated {rows:,} rows in {time.perf_counter() - start:.1f} s ({megabytes:.0f} MB)")
        files[rows] = path
    return files


def _plan(python: str, hmirate: str, files: dict[int, Path]) -> list[Case]:
    floor = str(HERE / "floor.py")
    cases = [
        Case(f'python -c "{BASELINE}"', [python, "-c", BASELINE], "baseline"),
        Case("hmirate --help", [hmirate, "--help"], "cli"),
        Case("hmirate --version", [hmirate, "--version"], "cli"),
        Case("hmirate score sample", [hmirate, "score", str(SAMPLE)], "sample", 100),
    ]
    for rows, path in {100: SAMPLE, **files}.items():
        name = "sample" if rows == 100 else f"{rows:,}"
        score = [hmirate, "score", str(path), "--format", "json"]
        cases.append(Case(f"hmirate score {name} --format json", score, "hmirate", rows))
        cases.append(Case(f"floor.py {name}", [python, floor, str(path)], "floor", rows))
    return cases


def _warm_up(cases: list[Case], env: dict[str, str]) -> list[str]:
    """One unmeasured round (fills the page and bytecode caches) that also checks the answers.

    hmirate's JSON and the floor's counts must agree for every file, so neither side is fast by being
    wrong. Returns the files on which they disagree.
    """
    outputs: dict[tuple[str, int | None], Path] = {}
    for case in cases:
        stdout = OUT / f"warm-up-{case.kind}-{case.rows}.out"
        run_once(case.argv, env, stdout)
        outputs[case.kind, case.rows] = stdout
    disagree = []
    for (kind, rows), path in outputs.items():
        if kind == "hmirate":
            floor = json.loads(outputs["floor", rows].read_text())
            if not agree(json.loads(path.read_text()), floor):
                disagree.append(f"{rows} rows")
    return disagree


def _versions() -> str:
    """What was measured: the source's commit (src/ changes often), library versions, the machine."""
    names = ("pandas", "pyarrow", "numpy", "pydantic")
    found = ", ".join(f"{name} {metadata.version(name)}" for name in names)
    commit, dirty = (
        subprocess.run(["git", "-C", str(ROOT), *command], capture_output=True, text=True, check=False).stdout
        for command in (["rev-parse", "--short", "HEAD"], ["status", "--porcelain", "src"])
    )
    source = f"hmirate {commit.strip() or '?'}{' + uncommitted src changes' if dirty.strip() else ''}"
    return f"{source}; Python {platform.python_version()}, {found}; {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="generated file sizes (rows)")
    parser.add_argument("--repeat", type=int, default=5, help="measured runs of each command (median)")
    parser.add_argument("--quick", action="store_true", help="sizes 2000,20000 and 3 runs: a smoke test")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--regenerate", action="store_true", help="rewrite generated files that exist")
    parser.add_argument("--no-bytecode-cache", action="store_true", help="keep the environment's setting")
    args = parser.parse_args(argv)
    sizes = [2000, 20000] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    repeat = 3 if args.quick else args.repeat
    python = sys.executable
    beside = Path(python).with_name("hmirate")  # the console script of this Python's environment
    hmirate = str(beside) if beside.exists() else shutil.which("hmirate")
    if hmirate is None:
        parser.error("no hmirate script beside this Python or on PATH")
    OUT.mkdir(exist_ok=True)
    env = _environment(not args.no_bytecode_cache)
    files = _generate(python, sizes, args.seed, args.regenerate)
    cases = _plan(python, hmirate, files)
    load_before = os.getloadavg()[0]
    print(f"{_versions()}; load average {load_before:.2f}; warm-up round...", flush=True)
    try:
        disagree = _warm_up(cases, env)
        print("measured rounds:", end="", flush=True)
        for round_number in range(1, repeat + 1):
            for case in cases:
                case.runs.append(run_once(case.argv, env))
            print(f" {round_number}", end="", flush=True)
        heavy = {option: heavy_imports(python, option, env) for option in ("--help", "--version")}
    except RuntimeError as error:  # a command failed: nothing to time
        print(f"\nbenchmark stopped: {error}", file=sys.stderr)
        return 2
    print()
    print(f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    print_table(cases)
    failed = print_targets(cases, heavy, disagree)
    measured = [{"label": c.label, "kind": c.kind, "rows": c.rows, "runs": [asdict(r) for r in c.runs]} for c in cases]
    results = {"versions": _versions(), "repeat": repeat, "cases": measured, "heavy_imports": heavy}
    (OUT / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
