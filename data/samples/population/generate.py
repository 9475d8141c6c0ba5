"""Generate a synthetic eligible population of 250 cases from which a 100-case sample can be drawn.

The inspection draws its case sample from the provider's *eligible population* (cases that meet the
inspection's criteria) so that gender, type of disposal and risk of serious harm level keep the
population's ratios. No real population was published, so this script builds a plausible one, shaped
like the HIOW CRC 2019 case sample (about one case in five held by a woman, community orders the
commonest disposal, two cases in three medium risk), with some small strata so that rounding the
allocation matters. Only ``random.Random(SEED).random()`` is used, whose sequence Python guarantees
across versions, so running it again writes a byte-identical file on any machine.

    python data/samples/population/generate.py
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

SEED = 20190201
SIZE = 250
OUT = Path(__file__).resolve().parent / "population.csv"
COLUMNS = ["case_id", "office", "grade", "gender", "disposal", "rosh"]
SCM, CM, IM = "senior case manager", "case manager", "interchange manager"
OFFICES = {"West (Southampton)": 36, "East (Portsmouth)": 30, "North (Basingstoke)": 22, "Isle of Wight (Newport)": 12}
DISPOSALS = {"community order": 115, "suspended sentence order": 65, "licence": 42, "post-sentence supervision": 28}
FEMALE = {"community order": 0.24, "suspended sentence order": 0.22, "licence": 0.10, "post-sentence supervision": 0.12}
"""Chance that a case is held by a woman, by disposal (fewer women among released prisoners)."""
MEDIUM = {"community order": 0.60, "suspended sentence order": 0.62, "licence": 0.85, "post-sentence supervision": 0.80}
"""Chance of a medium risk of serious harm level, by disposal (higher after custody)."""
GRADE = {"medium": {SCM: 0.62, CM: 0.35, IM: 0.03}, "low": {SCM: 0.25, CM: 0.70, IM: 0.05}}
"""Who holds the case, by risk level: senior case managers hold most medium-risk cases."""


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    """One key chosen in proportion to its weight, from a single ``random()`` draw."""
    point, total = rng.random() * sum(weights.values()), 0.0
    for key, weight in weights.items():
        total += weight
        if point < total:
            return key
    return key


def shuffled(rng: random.Random, items: Sequence[str]) -> list[str]:
    """Fisher-Yates with ``random()`` only, so the order does not depend on the Python version."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = int(rng.random() * (i + 1))
        out[i], out[j] = out[j], out[i]
    return out


def build() -> bytes:
    """The population file's bytes: disposals in exact numbers, the rest drawn case by case."""
    rng = random.Random(SEED)
    disposals = shuffled(rng, [name for name, count in DISPOSALS.items() for _ in range(count)])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, disposal in enumerate(disposals, start=1):
        gender = "female" if rng.random() < FEMALE[disposal] else "male"
        rosh = "medium" if rng.random() < MEDIUM[disposal] else "low"
        grade = pick(rng, GRADE[rosh])
        office = pick(rng, OFFICES)
        writer.writerow([f"EP-{number:03d}", office, grade, gender, disposal, rosh])
    return buffer.getvalue().encode("utf-8")


def verify(data: bytes) -> None:
    """Re-read the file and fail loudly unless it has the promised shape; print its make-up."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    allowed = {
        "office": set(OFFICES),
        "grade": {SCM, CM, IM},
        "gender": {"female", "male"},
        "disposal": set(DISPOSALS),
        "rosh": {"low", "medium"},
    }
    assert len(rows) == SIZE and list(rows[0]) == COLUMNS, "wrong size or header"
    assert len({row["case_id"] for row in rows}) == SIZE, "duplicate case_id"
    for column, values in allowed.items():
        counts = Counter(row[column] for row in rows)
        assert set(counts) == values, f"{column}: values {sorted(counts)}"
        print(f"{column:9}", ", ".join(f"{value} {count}" for value, count in sorted(counts.items())))


def main() -> None:
    """Write population.csv next to this script, then check it."""
    data = build()
    OUT.write_bytes(data)
    verify(data)


if __name__ == "__main__":
    main()
