"""How every human-readable format words the clear gaps between groups, so the formats never disagree.

A report lists, under each split, only the gaps whose interval excludes 0 (JSON carries every pair).
Differences and their intervals are shown to one decimal place, in points: they are exact differences of
exact percents, so they can differ by a point from the difference of the two whole percents printed.
Plain strings only; each format adds its own styling.
"""

from __future__ import annotations

from dataclasses import dataclass

from hmirate.report.model import Gap, Report, StandardResult


@dataclass(frozen=True)
class SplitGaps:
    """The gaps of one split across a standard's key questions: how many pairs were read, which are clear."""

    column: str
    compared: int
    clear: list[tuple[str, Gap]]
    """(key question id, gap), in key-question order."""


def signed(points: float) -> str:
    """``+27.4``, ``-3.0``, ``0.0`` (no sign on zero, and never ``-0.0``)."""
    text = f"{points:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def gap_text(report: Report, question_id: str, gap: Gap) -> str:
    """``senior case manager vs case manager, 2.3.3: +27.4 points (80% CI +12.2 to +40.7)``."""
    level = f"{report.confidence * 100:g}% CI"
    return (
        f"{gap.first} vs {gap.second}, {question_id}: {signed(gap.difference)} points "
        f"({level} {signed(gap.ci_low)} to {signed(gap.ci_high)})"
    )


def method_sentence(report: Report) -> str:
    """The method, in the one sentence shown wherever gaps are."""
    return (
        f"A gap between two groups is clear when the {report.confidence * 100:g}% confidence interval of their "
        f"difference (Newcombe's hybrid score method, from the two Wilson intervals) excludes 0; only groups "
        f"with a base of at least {report.min_base} are compared."
    )


def split_gaps(standard: StandardResult) -> list[SplitGaps]:
    """Per split (in the report's order), the pairs compared and the clear gaps, over the standard's key questions."""
    questions = standard.key_questions
    found = []
    for index, split in enumerate(questions[0].splits if questions else []):
        pairs = [(q.id, gap) for q in questions for gap in q.splits[index].gaps]
        found.append(SplitGaps(split.column, len(pairs), [(qid, gap) for qid, gap in pairs if gap.clear]))
    return found


def heading(found: SplitGaps) -> str:
    """``Clear gaps by grade:`` or ``No clear gap by gender (12 pairs compared).``"""
    if found.clear:
        return f"Clear gaps by {found.column}:"
    pairs = f"{found.compared} pair" + ("" if found.compared == 1 else "s")
    return f"No clear gap by {found.column} ({pairs} compared)."
