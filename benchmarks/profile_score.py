"""Where ``hmirate score FILE --format json`` spends its time: imports, then hmirate's own functions.

    python benchmarks/profile_score.py benchmarks/out/cases-1000000-seed2019.csv [--top 25]

The table in ``run.py`` says *how far* hmirate is from the floor; this says *where*. It measures import
time in a fresh interpreter (``-X importtime``, summed per top-level package), then runs the command
in-process under cProfile and lists hmirate's functions by cumulative time (the pipeline's stages),
then the hottest functions anywhere by own time (what inside a stage is slow). It drives the CLI rather
than internals, so it keeps working while ``src/`` is reshaped.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import subprocess
import sys
from collections import defaultdict


def import_times(path: str) -> dict[str, float]:
    """Seconds of import per top-level package (self time summed), for one scoring run."""
    code = (
        "import sys; from hmirate.cli import main; "
        f"main(['score', {path!r}, '--format', 'json'], standalone_mode=False)"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    totals: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line.removeprefix("import time:").split("|")
        totals[name.strip().split(".")[0]] += int(self_us) / 1e6
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def profile_run(path: str) -> pstats.Stats:
    from hmirate.cli import main

    profiler = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()):
        profiler.enable()
        main(["score", path, "--format", "json"], standalone_mode=False)
        profiler.disable()
    return pstats.Stats(profiler)


def _where(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    short = filename.split("site-packages/")[-1].split("src/")[-1]
    return f"{short}:{line}({function})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    times = import_times(args.file)
    print(f"imports: {sum(times.values()):.3f} s in all; by package:")
    for package, seconds in list(times.items())[:8]:
        print(f"  {seconds:7.3f} s  {package}")
    stats = profile_run(args.file).stats  # type: ignore[attr-defined]
    ours = [(key, row) for key, row in stats.items() if "/hmirate/" in key[0]]
    print("\nhmirate functions by cumulative time (cProfile; lazy imports such as pipeline.py:1 included):")
    for key, (_, calls, _, cumulative, _) in sorted(ours, key=lambda kv: -kv[1][3])[: args.top]:
        print(f"  {cumulative:7.3f} s  {calls:>9}  {_where(key)}")
    print(f"\nany function by own time (top {args.top}):")
    for key, (_, calls, own, _, _) in sorted(stats.items(), key=lambda kv: -kv[1][2])[: args.top]:
        print(f"  {own:7.3f} s  {calls:>9}  {_where(key)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
