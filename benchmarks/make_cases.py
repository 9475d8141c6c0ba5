"""Write a seeded, realistic case-supervision export of N rows, for benchmarking ``hmirate score``.

    python benchmarks/make_cases.py 1000000 benchmarks/out/cases-1000000.csv [--seed 2019]

The bundled sample has 100 cases; timing a million needs a file that looks like a real export at that
size: the twelve case-supervision key questions (2.1.1..2.4.3) answered Yes/No with the rates the 2019
report published, officers' grades and cases' genders in the sample's proportions, a realistic spread of
offices, risk levels and disposals, and a free-text ``notes`` column that sometimes holds commas and
quotes (so the reader does real CSV unquoting). The safety questions 2.2.3, 2.3.3 and 2.4.3 are N/A for
cases outside the relevant sub-sample, which follows the risk level as in the sample.

Every column is drawn with numpy's seeded Generator in chunks and written by the C ``csv`` writer, so a
million rows (~60 MB) take a few seconds and the same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

SEED = 2019
CHUNK = 100_000

QUESTIONS = [f"2.{standard}.{k}" for standard in range(1, 5) for k in range(1, 4)]
SAFETY = ("2.2.3", "2.3.3", "2.4.3")
"""Asked only of the relevant sub-sample; N/A for every other case."""
HEADER = ["case_id", "grade", "gender", "office", "rosh", "disposal", "notes", *QUESTIONS]

YES_RATE = dict(zip(QUESTIONS, (79, 77, 75, 79, 78, 63, 75, 59, 49, 70, 64, 44), strict=True))
"""The 2019 report's Annex 2 percentages, so generated figures look like a real inspection's."""

GRADES = {"senior case manager": 0.51, "case manager": 0.46, "interchange manager": 0.03}
GRADE_SHIFT = {"senior case manager": 0.3, "case manager": -0.35, "interchange manager": 0.0}
"""Log-odds shift of Yes by grade: the report found senior case managers generally stronger."""
GENDERS = {"male": 0.81, "female": 0.19}
ROSH = {"low": 0.31, "medium": 0.52, "high": 0.15, "very high": 0.02}
LOW_RISK_RELEVANT = 0.25
"""Share of low-risk cases still in the safety questions' relevant sub-sample (as in the sample)."""
DISPOSALS = {
    "community order": 0.46,
    "suspended sentence order": 0.26,
    "licence": 0.17,
    "post-sentence supervision": 0.11,
}
TOWNS = (
    "Southampton", "Portsmouth", "Basingstoke", "Newport", "Winchester", "Reading", "Oxford", "Swindon",
    "Bristol", "Bath", "Exeter", "Plymouth", "Truro", "Taunton", "Bournemouth", "Salisbury", "Gloucester",
    "Cheltenham", "Brighton", "Hastings", "Maidstone", "Canterbury", "Guildford", "Crawley",
)  # fmt: skip
NOTES = (
    "",
    "",
    "engaged well",
    "missed two appointments, warned",
    'said he was "doing fine", not verified',
    "referred to accommodation service",
    "change of officer mid-order",
    "victim contact scheme, see file",
    'home visit "not possible", staff shortage',
    "review due",
    "awaiting police checks, domestic abuse history",
    "completed programme",
)
"""Free text as case managers write it: often blank, sometimes with commas or quoted speech."""


def _weighted(rng: np.random.Generator, choices: dict[str, float], size: int) -> np.ndarray:
    """Labels drawn with the given shares, as an object array (cheap to hand to the csv writer)."""
    labels = np.array(list(choices), dtype=object)
    shares = np.array(list(choices.values()))
    return labels[rng.choice(len(labels), size=size, p=shares / shares.sum())]


def _offices() -> dict[str, float]:
    """Offices with a long-tailed share of cases, as a large provider's are."""
    weights = 1.0 / np.arange(1, len(TOWNS) + 1) ** 0.7
    return {f"{town} office": w for town, w in zip(TOWNS, weights / weights.sum(), strict=True)}


def _answers(rng: np.random.Generator, grades: np.ndarray, relevant: np.ndarray) -> list[np.ndarray]:
    """Yes/No/N/A per key question, correlated within a case (one latent quality per case)."""
    size = len(grades)
    quality = rng.standard_normal(size) * 0.8
    shift = np.zeros(size)
    for grade, delta in GRADE_SHIFT.items():
        shift[grades == grade] = delta
    labels = np.array(["No", "Yes", "N/A"], dtype=object)
    columns = []
    for question in QUESTIONS:
        rate = YES_RATE[question] / 100
        logit = np.log(rate / (1 - rate)) + shift + quality
        codes = (rng.random(size) < 1 / (1 + np.exp(-logit))).astype(np.int8)
        if question in SAFETY:
            codes[~relevant] = 2
        columns.append(labels[codes])
    return columns


def _chunk(rng: np.random.Generator, start: int, size: int, offices: dict[str, float]) -> list[list[str]]:
    """The columns of rows ``start`` to ``start + size``, each as a list of strings."""
    grades = _weighted(rng, GRADES, size)
    rosh = _weighted(rng, ROSH, size)
    relevant = (rosh != "low") | (rng.random(size) < LOW_RISK_RELEVANT)
    notes = np.array(NOTES, dtype=object)[rng.integers(0, len(NOTES), size)]
    columns = [
        [f"C{number:08d}" for number in range(start + 1, start + size + 1)],
        grades.tolist(),
        _weighted(rng, GENDERS, size).tolist(),
        _weighted(rng, offices, size).tolist(),
        rosh.tolist(),
        _weighted(rng, DISPOSALS, size).tolist(),
        notes.tolist(),
    ]
    columns.extend(answers.tolist() for answers in _answers(rng, grades, relevant))
    return columns


def make_cases(rows: int, out: Path, seed: int = SEED) -> None:
    """Write ``rows`` cases to ``out`` (UTF-8, comma-delimited, Unix line endings)."""
    rng = np.random.default_rng(seed)
    offices = _offices()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for start in range(0, rows, CHUNK):
            columns = _chunk(rng, start, min(CHUNK, rows - start), offices)
            writer.writerows(zip(*columns, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, help="number of cases (1_000_000 is accepted)")
    parser.add_argument("out", type=Path, help="CSV file to write")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("rows must be at least 1")
    make_cases(args.rows, args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
