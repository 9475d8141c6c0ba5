"""The benchmark's generator and floor: the file is what ``hmirate score`` accepts, and the floor is right.

A benchmark is only worth its numbers if the generated file is a valid, realistic case file and the
floor it is measured against computes the same counts as hmirate; both are checked here on a small N.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import hmirate

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    """Import a script from benchmarks/ (a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


make_cases, floor, targets = _load("make_cases"), _load("floor"), _load("targets")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_generated_file_has_the_columns_and_answers_hmirate_reads(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    assert make_cases.main(["400", str(path)]) == 0
    rows = _rows(path)
    questions = [f"2.{standard}.{k}" for standard in range(1, 5) for k in range(1, 4)]
    assert list(rows[0]) == ["case_id", "grade", "gender", "office", "rosh", "disposal", "notes", *questions]
    assert len(rows) == 400
    assert len({row["case_id"] for row in rows}) == 400
    for question in make_cases.QUESTIONS:
        answers = {row[question] for row in rows}
        if question in make_cases.SAFETY:
            assert answers == {"Yes", "No", "N/A"}
        else:
            assert answers == {"Yes", "No"}
    text = path.read_text(encoding="utf-8")
    assert any("," in row["notes"] for row in rows) and '""' in text  # quoted commas and quotes


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    make_cases.make_cases(250, first, seed=7)
    make_cases.make_cases(250, second, seed=7)
    make_cases.make_cases(250, other, seed=8)
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()


def test_floor_counts_what_hmirate_counts(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    make_cases.make_cases(1500, path, seed=3)
    report = hmirate.score([path]).model_dump(mode="json")
    counted = floor.count_file(str(path))
    assert counted["rows"] == 1500
    assert targets.agree(report, counted)
    counted["questions"]["2.1.1"]["all"][1] += 1
    assert not targets.agree(report, counted)
