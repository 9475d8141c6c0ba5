"""The expected figures, worked out here from the case files with the standard library alone.

Nothing in this module imports hmirate, nor copies its arithmetic: the counts come from ``csv``, the exact
percentages from ``fractions``, whole percents and bars from integer arithmetic written out here (hmirate
rounds a fraction), interval ends from ``decimal``'s half-up rounding, the interval from its defining
equation with ``statistics.NormalDist`` for z, and the rules (bands, the
overall bands for N standards, the lowest key question decides, panel adjustments) from their published
statement in the inspection report and the inspectorate's method (see the project's domain notes). Each
format's tests parse what hmirate printed and compare it, field by field, with what this module derives,
so a test fails when a figure is wrong, not merely when the output changes.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from statistics import NormalDist

CONFIDENCE = 0.80  # the inspectorate's sample design: 80% confidence, 5-point margin of error
MARGIN = 5
MIN_BASE = 10  # [ours] a group whose base is under 10 is shown as too small to read
SPLITS = ("grade", "gender")
ALL = "(all)"

# The published band table [method, checked against the report]: the lowest key question's whole percent.
BANDS = [
    (0, 49, "minority", "Inadequate"),
    (50, 64, "too few", "Requires improvement"),
    (65, 79, "reasonable majority", "Good"),
    (80, 100, "large majority", "Outstanding"),
]
SCORES = {"Inadequate": 0, "Requires improvement": 1, "Good": 2, "Outstanding": 3}

# The report: the "keeping other people safe" questions are computed on the relevant sub-sample.
RELEVANT_SUBSAMPLE = {"2.2.3", "2.3.3", "2.4.3"}

# The report's Annex 2 (whole percents) and the figures quoted in its text, by grade and gender.
ANNEX_2 = {
    "2.1.1": 79, "2.1.2": 77, "2.1.3": 75,
    "2.2.1": 79, "2.2.2": 78, "2.2.3": 63,
    "2.3.1": 75, "2.3.2": 59, "2.3.3": 49,
    "2.4.1": 70, "2.4.2": 64, "2.4.3": 44,
    "4.1.1": 69, "4.1.2": 90, "4.1.3": 90, "4.1.4": 86,
    "4.2.1": 65, "4.2.2": 61, "4.2.3": 64,
}  # fmt: skip
REPORT_TEXT = {
    ("2.1.3", "senior case manager"): 82, ("2.1.3", "case manager"): 65,
    ("2.2.1", "senior case manager"): 84, ("2.2.1", "case manager"): 74,
    ("2.2.3", "case manager"): 43,
    ("2.3.1", "senior case manager"): 80, ("2.3.1", "case manager"): 67, ("2.3.1", "female"): 79,
    ("2.3.2", "female"): 74,
    ("2.3.3", "senior case manager"): 60, ("2.3.3", "case manager"): 32, ("2.3.3", "female"): 75,
}  # fmt: skip
PUBLISHED_RATINGS = {
    "1.1": "Good", "1.2": "Requires improvement", "1.3": "Good", "1.4": "Outstanding",
    "2.1": "Good", "2.2": "Good", "2.3": "Requires improvement", "2.4": "Inadequate",
    "4.1": "Good", "4.2": "Requires improvement",
}  # fmt: skip
PUBLISHED_OVERALL = ("Good", 16)

# The framework's standards in the report's order, with their titles (Annex 2).
STANDARDS = {
    "1.1": "Leadership", "1.2": "Staff", "1.3": "Services", "1.4": "Information and facilities",
    "2.1": "Assessment", "2.2": "Planning", "2.3": "Implementation and delivery", "2.4": "Reviewing",
    "4.1": "Unpaid work", "4.2": "Through the Gate",
}  # fmt: skip

KEY_QUESTION = re.compile(r"^\d+\.\d+\.\d+$")


def share_half_up(part: int, whole: int, scale: int = 100) -> int:
    """scale x part / whole to the nearest integer, a half going up, in integers only:
    floor(s p / w + 1/2) = floor((2 s p + w) / 2 w). 49 of 78 is (9800 + 78) // 156 = 63 (62.82...);
    5 of 8 is (1000 + 8) // 16 = 63 (62.5 exactly, up). No fraction, no float: not hmirate's arithmetic."""
    return (2 * scale * part + whole) // (2 * whole)


def float_half_up(number: float) -> int:
    """A float (an interval's end) to the nearest integer, a half going up: the decimal module's ROUND_HALF_UP
    on the float's exact decimal value."""
    return int(Decimal(number).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def wilson(yes: int, base: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson's score interval in percent: the two roots p of (p_hat - p)^2 = z^2 p (1 - p) / n.

    Written as the quadratic a p^2 + b p + c = 0 and solved with the textbook formula, which is a different
    computation from the centre-and-half-width form hmirate uses, so the two agree only if both are right.
    """
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p_hat, n = yes / base, base
    a, b, c = 1 + z * z / n, -(2 * p_hat + z * z / n), p_hat * p_hat
    root = math.sqrt(max(0.0, b * b - 4 * a * c))
    return 100 * (-b - root) / (2 * a), 100 * (-b + root) / (2 * a)


def band_of(whole_percent: int) -> tuple[int, int, str, str]:
    return next(band for band in BANDS if band[0] <= whole_percent <= band[1])


def overall_bands(standards: int) -> list[tuple[str, int, int]]:
    """Upper edges N/2, 3N/2 and 5N/2 (rounded down) and 3N: 0-5, 6-15, 16-25, 26-30 for ten standards."""
    n = standards
    edges = [n // 2, 3 * n // 2, 5 * n // 2, 3 * n]
    lows = [0, *(edge + 1 for edge in edges[:-1])]
    return [(rating, low, high) for rating, low, high in zip(SCORES, lows, edges, strict=True)]


def overall_rating(total: int, standards: int) -> str:
    return next(rating for rating, low, high in overall_bands(standards) if low <= total <= high)


EIGHTHS = {1: "▏", 2: "▎", 3: "▍", 4: "▌", 5: "▋", 6: "▊", 7: "▉"}
"""The block characters for one to seven eighths of a cell (U+258F down to U+2589)."""


@dataclass(frozen=True)
class Cell:
    """One key question's answers, for the whole sample or one group."""

    yes: int
    no: int
    not_applicable: int

    @property
    def cases(self) -> int:
        return self.yes + self.no + self.not_applicable

    @property
    def base(self) -> int:
        return self.yes + self.no

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(100 * self.yes, self.base) if self.base else None

    @property
    def percent(self) -> float | None:
        return float(self.fraction) if self.fraction is not None else None

    @property
    def whole(self) -> int | None:
        return share_half_up(self.yes, self.base) if self.base else None

    def bar(self, width: int) -> str:
        """The bar of ``width`` cells: width x 8 cells' eighths, the share Yes / base of them (half up), drawn
        as full blocks and one partial block, padded with spaces. 79/100 at width 10: 63 eighths, 7 full + 7."""
        full, part = divmod(share_half_up(self.yes, self.base, scale=8 * width), 8)
        return ("█" * full + EIGHTHS.get(part, "")).ljust(width)

    @property
    def ci(self) -> tuple[float, float] | None:
        return wilson(self.yes, self.base) if self.base else None

    @property
    def ci_whole(self) -> str:
        if self.ci is None:
            return "-"
        low, high = self.ci
        return f"{float_half_up(low)}-{float_half_up(high)}"

    @property
    def too_small(self) -> bool:
        return self.base < MIN_BASE


@dataclass
class Question:
    id: str
    standard: str
    all: Cell
    groups: dict[str, list[tuple[str, Cell]]] = field(default_factory=dict)

    @property
    def relevant_subsample(self) -> bool:
        return self.id in RELEVANT_SUBSAMPLE

    def group(self, value: str) -> Cell:
        return next(cell for groups in self.groups.values() for name, cell in groups if name == value)


@dataclass
class Standard:
    id: str
    questions: list[Question]
    cases: int

    @property
    def driver(self) -> Question:
        """The lowest exact percentage; ties go to the question listed first."""
        known = [q for q in self.questions if q.all.base]
        return min(known, key=lambda q: q.all.fraction)

    @property
    def lowest(self) -> int:
        return self.driver.all.whole

    @property
    def band(self) -> tuple[int, int, str, str]:
        return band_of(self.lowest)

    @property
    def from_cases(self) -> str:
        return self.band[3]

    def borderline(self) -> list[tuple[int, str, str, int]]:
        """(edge, edge's rating, under/above, points) for every band edge within MARGIN points, nearest first."""
        found = []
        for low, _, _, rating in BANDS[1:]:
            if self.lowest < low:
                found.append((low, rating, "under", low - self.lowest))
            else:
                found.append((low, rating, "above", self.lowest - low))
        return sorted((f for f in found if f[3] <= MARGIN), key=lambda f: (f[3], f[0]))

    def up(self) -> tuple[str, int, list[tuple[str, int]]] | None:
        """Brute force: for each question under the next band's start, the fewest No -> Yes to reach it."""
        index = BANDS.index(self.band)
        if index == len(BANDS) - 1:
            return None
        edge, rating = BANDS[index + 1][0], BANDS[index + 1][3]
        changes = []
        for q in self.questions:
            if q.all.base and q.all.whole < edge:
                reach = (k for k in range(q.all.no + 1) if share_half_up(q.all.yes + k, q.all.base) >= edge)
                k = next(reach, None)
                if k is None:  # even every No turned Yes would not reach the edge
                    return None
                changes.append((q.id, k))
        return rating, sum(k for _, k in changes), changes

    def down(self) -> tuple[str, int, str] | None:
        """Brute force: the cheapest single question whose Yes -> No takes the lowest under the band's start."""
        index = BANDS.index(self.band)
        if index == 0:
            return None
        edge = BANDS[index][0]
        options = []
        for q in self.questions:
            if q.all.base:
                k = next(k for k in range(q.all.yes + 1) if share_half_up(q.all.yes - k, q.all.base) < edge)
                options.append((k, q.id))
        k, question = min(options, key=lambda option: option[0])
        return BANDS[index - 1][3], k, question


@dataclass
class Expected:
    """Everything the bundled sample (or any set of case files) should produce, with a panel or without."""

    rows: list[int]
    questions: dict[str, Question]
    standards: dict[str, Standard]
    panel: dict[str, dict[str, str]]

    def question(self, question_id: str) -> Question:
        return self.questions[question_id]

    def final(self, standard_id: str) -> str | None:
        decided = self.panel.get(standard_id, {}).get("rating")
        if decided:
            return next(rating for rating in SCORES if rating.lower() == decided.lower())
        standard = self.standards.get(standard_id)
        return standard.from_cases if standard else None

    def adjusted(self, standard_id: str) -> bool:
        standard = self.standards.get(standard_id)
        return standard is not None and self.final(standard_id) != standard.from_cases


def derive(paths: list[Path], panel: Path | None = None) -> Expected:
    """Read the case files and work out every figure: counts, percents, intervals, groups in order, ratings."""
    tables = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            tables.append(list(csv.DictReader(handle)))
    questions: dict[str, Question] = {}
    for rows in tables:
        for column in rows[0] if rows else []:
            if not KEY_QUESTION.match(column):
                continue
            question = Question(column, column.rsplit(".", 1)[0], _cell(rows, column))
            for split in SPLITS:
                # [ours] groups: the largest first among the cases that carry this key question (those of its
                # standard: other files in the run do not change it), then by name
                sizes = Counter(row[split] for row in rows)
                question.groups[split] = [
                    (value, _cell([row for row in rows if row[split] == value], column))
                    for value in sorted(sizes, key=lambda value: (-sizes[value], value))
                ]
            questions[column] = question
    standards: dict[str, Standard] = {}
    for question in questions.values():
        standards.setdefault(question.standard, Standard(question.standard, [], question.all.cases))
        standards[question.standard].questions.append(question)
    decisions = tomllib.loads(panel.read_text(encoding="utf-8"))["standards"] if panel else {}
    return Expected([len(rows) for rows in tables], questions, standards, decisions)


def _cell(rows: list[dict[str, str]], column: str) -> Cell:
    answers = Counter(row[column] for row in rows)
    assert set(answers) <= {"Yes", "No", "N/A"}, answers  # the bundled files spell every answer canonically
    return Cell(answers["Yes"], answers["No"], answers["N/A"])


def overall(expected: Expected) -> tuple[str, int, list[int]] | None:
    """The overall rating, total and the scores in framework order; None while a standard is unrated."""
    finals = [expected.final(s) for s in STANDARDS]
    if None in finals:
        return None
    scores = [SCORES[f] for f in finals]
    return overall_rating(sum(scores), len(scores)), sum(scores), scores


# --- the wording every human-readable format shares, filled with the derived figures -------------------------


def points(number: int) -> str:
    return f"{number} point" + ("" if number == 1 else "s")


def towards(edge: int, edge_rating: str, side: str) -> str:
    """Under an edge a standard is a candidate for the edge's rating; above it, for the band below."""
    return edge_rating if side == "under" else next(r for low, _, _, r in reversed(BANDS) if low < edge)


def edge_short(near: tuple[int, str, str, int]) -> str:
    edge, rating, side, distance = near
    return f"{points(distance)} {side} {rating} ({edge}%)"


def edge_sentence(standard: Standard, near: tuple[int, str, str, int]) -> str:
    edge, rating, side, distance = near
    move = "up" if side == "under" else "down"
    return (
        f"{standard.driver.id} {standard.lowest}% is {points(distance)} {side} the {rating} edge ({edge}%): "
        f"a candidate to move {move} to {towards(edge, rating, side)}"
    )


def up_text(standard: Standard) -> str:
    up = standard.up()
    if up is None:
        return "top band"
    rating, total, changes = up
    return f"{rating} with {total} more Yes (" + ", ".join(f"{q} +{k}" for q, k in changes) + ")"


def down_text(standard: Standard) -> str:
    down = standard.down()
    if down is None:
        return "bottom band"
    rating, count, question = down
    return f"{rating} with {count} fewer Yes ({question})"


def lowest_text(standard: Standard) -> str:
    return f"{standard.driver.id} {standard.lowest}% ({standard.band[2]})"


def overall_bands_text(standards: int) -> str:
    return ", ".join(f"{rating} {low}-{high}" for rating, low, high in overall_bands(standards))


def wilson_by_roots(yes: int, base: int, confidence: float) -> tuple[float, float]:
    """Solve (p_hat - p)^2 = z^2 p (1 - p) / n for p: a p^2 + b p + c = 0, roots in proportions."""
    z = NormalDist().inv_cdf((1 + confidence) / 2)
    p_hat = yes / base
    a = 1 + z * z / base
    b = -(2 * p_hat + z * z / base)
    c = p_hat * p_hat
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


def newcombe_by_hand(first: tuple[int, int], second: tuple[int, int], confidence: float) -> tuple[float, float]:
    (l1, u1), (l2, u2) = wilson_by_roots(*first, confidence), wilson_by_roots(*second, confidence)
    p1, p2 = first[0] / first[1], second[0] / second[1]
    low = p1 - p2 - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = p1 - p2 + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return 100 * low, 100 * high
