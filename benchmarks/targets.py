"""The printed side of ``run.py``: the table of timings and the targets, each with PASS or FAIL.

Targets are ratios within one run (hmirate against the floor, or against importing its libraries), so
they hold on any machine and survive background load, which shifts both sides of a ratio alike.
"""

from __future__ import annotations

from typing import Any, Protocol

MAX_FLOOR_TIME = 1.6
MAX_FLOOR_MEMORY = 1.5
MAX_GROWTH = 1.2
MAX_SAMPLE_OVER_IMPORTS = 1.3
MAX_CLI_SECONDS = 0.2


class _Case(Protocol):
    label: str
    kind: str
    rows: int | None

    def median(self, what: str) -> float: ...

    def minimum(self, what: str) -> float: ...


def agree(report: dict[str, Any], floor: dict[str, Any]) -> bool:
    """Whether hmirate's JSON report has exactly the floor's counts, overall and per group."""
    found = {q["id"]: q for s in report["standards"] for q in s["key_questions"]}
    for question, counts in floor["questions"].items():
        kq = found.get(question)
        if kq is None or counts["all"] != [kq["no"], kq["yes"], kq["not_applicable"]]:
            return False
        for split in kq["splits"]:
            mine = {g["value"]: [g["no"], g["yes"], g["not_applicable"]] for g in split["groups"]}
            theirs = {value: c for value, c in counts[split["column"]].items() if sum(c)}
            if mine != theirs:
                return False
    return True


def _find(cases: list[_Case], kind: str, rows: int | None = None) -> _Case:
    return next(c for c in cases if c.kind == kind and (rows is None or c.rows == rows))


def per_row_us(cases: list[_Case], kind: str, rows: int, what: str = "wall") -> float:
    """Marginal cost of a row in microseconds: time beyond the same command on the 100-case sample.

    Plain time/rows would be dominated by start-up at 10k rows and always "improve" with size; taking
    off the fixed cost leaves what grows with the file, which is what linear growth is about.
    """
    fixed = _find(cases, kind, 100).median(what)
    return (_find(cases, kind, rows).median(what) - fixed) / (rows - 100) * 1e6


def print_table(cases: list[_Case]) -> None:
    head = f"{'command':44} {'rows':>9} {'wall s':>7} {'min s':>7} {'cpu s':>7} {'peak MB':>8}"
    print(f"\n{head} {'x floor':>8} {'mem x fl':>8} {'us/row':>7}")
    for case in cases:
        floor = _find(cases, "floor", case.rows) if case.kind == "hmirate" else None
        line = (
            f"{case.label:44} {case.rows or '':>9} {case.median('wall'):7.3f} {case.minimum('wall'):7.3f} "
            f"{case.median('cpu'):7.3f} {case.median('peak_kb') / 1024:8.1f}"
        )
        ratios = (
            f"{case.median('wall') / floor.median('wall'):8.2f} {case.median('peak_kb') / floor.median('peak_kb'):8.2f}"
            if floor
            else f"{'':8} {'':8}"
        )
        growing = case.kind in ("hmirate", "floor") and case.rows and case.rows > 100
        cost = f"{per_row_us(cases, case.kind, case.rows):7.2f}" if growing else ""
        print(f"{line} {ratios} {cost}")


def _verdict(label: str, measured: str, target: str, ok: bool) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}  {label}: {measured} (target {target})")
    return not ok


def _ratio(mine: _Case, other: _Case, what: str, unit: str, scale: float = 1.0, digits: int = 3) -> tuple[float, str]:
    """A ratio of medians, and how to print it: ``7.500 s / 1.000 s = 7.50x``."""
    a, b = mine.median(what) * scale, other.median(what) * scale
    return a / b, f"{a:.{digits}f} {unit} / {b:.{digits}f} {unit} = {a / b:.2f}x"


def print_targets(cases: list[_Case], heavy: dict[str, list[str]], disagree: list[str]) -> bool:
    """Print each target with its measured value; True when any failed."""
    sizes = sorted(c.rows for c in cases if c.kind == "hmirate" and c.rows and c.rows > 100)
    big = sizes[-1]
    mine, floor = _find(cases, "hmirate", big), _find(cases, "floor", big)
    print()
    found = f"disagree on {', '.join(disagree)}" if disagree else "all agree"
    failed = _verdict("hmirate's counts equal the floor's on every file", found, "all agree", not disagree)
    ratio, shown = _ratio(mine, floor, "wall", "s")
    cpu, _ = _ratio(mine, floor, "cpu", "s")
    label = f"{big:,} rows, JSON: time vs floor"
    failed |= _verdict(label, f"{shown} (cpu {cpu:.2f}x)", f"<= {MAX_FLOOR_TIME}x", ratio <= MAX_FLOOR_TIME)
    ratio, shown = _ratio(mine, floor, "peak_kb", "MB", 1 / 1024, 0)
    label = f"{big:,} rows, JSON: peak memory vs floor"
    failed |= _verdict(label, shown, f"<= {MAX_FLOOR_MEMORY}x", ratio <= MAX_FLOOR_MEMORY)
    if len(sizes) > 1:
        mid = sizes[-2]
        now, before = per_row_us(cases, "hmirate", big), per_row_us(cases, "hmirate", mid)
        label = f"per-row cost at {big:,} vs {mid:,} rows"
        cpu = per_row_us(cases, "hmirate", big, "cpu") / per_row_us(cases, "hmirate", mid, "cpu")
        shown = f"{now:.2f} us / {before:.2f} us = {now / before:.2f}x (cpu {cpu:.2f}x)"
        failed |= _verdict(label, shown, f"<= {MAX_GROWTH}x", now / before <= MAX_GROWTH)
    ratio, shown = _ratio(_find(cases, "sample"), _find(cases, "baseline"), "wall", "s")
    label = "score the 100-case sample vs importing pandas, pyarrow.csv, pydantic, rich, click"
    failed |= _verdict(label, shown, f"<= {MAX_SAMPLE_OVER_IMPORTS}x", ratio <= MAX_SAMPLE_OVER_IMPORTS)
    for case in (c for c in cases if c.kind == "cli"):
        seconds = case.median("wall")
        ok = seconds < MAX_CLI_SECONDS
        failed |= _verdict(case.label, f"{seconds:.3f} s", f"< {MAX_CLI_SECONDS} s", ok)
    for option, modules in heavy.items():
        found = "imports " + (", ".join(modules) or "none of pandas, numpy, pyarrow, pydantic, rich")
        failed |= _verdict(f"hmirate {option} imports no pandas", found, "no pandas", "pandas" not in modules)
    return failed
