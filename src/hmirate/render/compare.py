"""``hmirate compare`` output: JSON, CSV and markdown here; rich tables and HTML in their own modules.

Each is a small function of the :class:`~hmirate.report.compare.Comparison`. The phrases every human-readable
format shares (a change with its interval and verdict, a rating's move, the method) are defined here once.
"""

from __future__ import annotations

import csv
import io

from hmirate.render.csv import guard
from hmirate.render.formats import PLAIN, Options
from hmirate.render.gaps import signed
from hmirate.render.markdown import md, table_lines
from hmirate.render.phrases import percent_text
from hmirate.report.compare_model import Change, Comparison, RatingChange, StandardAt, StandardComparison
from hmirate.report.model import Figures

DIRECTION_WORDS = {"up": "up", "down": "down", "same": "no move", "not comparable": "not comparable"}

CSV_COLUMNS = (
    "standard", "key_question", "earlier", "later", "earlier_yes", "earlier_base", "earlier_percent",
    "later_yes", "later_base", "later_percent", "change", "ci_low", "ci_high", "verdict",
)  # fmt: skip


def figures_text(figures: Figures) -> str:
    """``60% (28/47)``, or ``- (0/0)`` when nothing was asked."""
    return f"{percent_text(figures)} ({figures.yes}/{figures.base})"


def change_text(comparison: Comparison, change: Change) -> str:
    """``+12.5 points (80% CI +1.3 to +23.0): up``."""
    if change.change is None or change.ci_low is None or change.ci_high is None:
        return "not comparable (a base of 0)"
    level = f"{comparison.confidence * 100:g}% CI"
    return (
        f"{signed(change.change)} points ({level} {signed(change.ci_low)} to {signed(change.ci_high)}): "
        f"{change.verdict}"
    )


def rating_text(at: StandardAt) -> str:
    """``Requires improvement (from cases: Inadequate, 2.3.3 49%)``."""
    final = at.rating or "not rated"
    if at.driving_key_question is None:
        return final
    cases = f"from cases: {at.rating_from_cases}, {at.driving_key_question} {at.lowest_percent}%"
    return f"{final} ({cases})"


def move_text(change: RatingChange) -> str:
    """``up`` / ``down`` / ``no move``, with the cases' rating's move when it differs."""
    text = DIRECTION_WORDS[change.rating]
    if change.rating_from_cases not in (change.rating, "not comparable"):
        text += f" (from cases: {DIRECTION_WORDS[change.rating_from_cases]})"
    return text


def rated_standards(comparison: Comparison) -> list[StandardComparison]:
    """The standards rated in at least one report: the human-readable formats leave out the others."""
    return [s for s in comparison.standards if any(at.rating for at in s.ratings)]


def overall_cells(comparison: Comparison) -> list[str]:
    """The overall rating in each report, then its move at each step; empty when no report has one."""
    overall = comparison.overall
    if not any(at.rating for at in overall.ratings):
        return []
    ratings = [
        f"{at.rating} (total {at.total} of {at.maximum})" if at.rating else "not rated" for at in overall.ratings
    ]
    moves = [DIRECTION_WORDS[c.rating] + (f" (total {c.total:+d})" if c.total is not None else "")
             for c in overall.changes]  # fmt: skip
    return [*ratings, *moves]


def step_name(earlier: str, later: str) -> str:
    return f"{earlier} -> {later}"


def method_sentence(comparison: Comparison) -> str:
    return (
        f"A change is up or down when the {comparison.confidence * 100:g}% confidence interval of the difference "
        "(Newcombe's hybrid score method, from the two Wilson intervals) excludes 0; otherwise there is no clear "
        "change. Ratings are compared as published: the panel's final rating, and the one the cases give."
    )


def provenance_lines(comparison: Comparison) -> list[str]:
    """One line per report: label, file, the hmirate that wrote it, framework, inputs' SHA-256 (cut short)."""
    lines = []
    for source in comparison.reports:
        inputs = "; ".join(f"{i.name} {i.sha256[:12] + '...' if i.sha256 else '(no SHA-256)'}" for i in source.inputs)
        version = source.hmirate_version or "(version not recorded)"
        lines.append(f"{source.label}: {source.file} (hmirate {version}, framework {source.framework}; {inputs})")
    return lines


def left_out_lines(comparison: Comparison) -> list[str]:
    lines = []
    for what, left in (("Key questions", comparison.left_out), ("Standards", comparison.standards_left_out)):
        if left:
            each = "; ".join(f"{item.id} (only in {', '.join(item.found_in)})" for item in left)
            lines.append(f"{what} not in every report, left out: {each}")
    return lines


def render_json(comparison: Comparison, options: Options = PLAIN) -> str:
    return comparison.model_dump_json(indent=2) + "\n"


def render_csv(comparison: Comparison, options: Options = PLAIN) -> str:
    """One row per shared key question and step (first to last included): the key questions' changes only."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    index = {source.label: number for number, source in enumerate(comparison.reports)}
    for q in comparison.key_questions:
        for change in q.changes:
            first, last = q.figures[index[change.earlier]], q.figures[index[change.later]]
            row = [q.standard, q.id, change.earlier, change.later, first.yes, first.base, first.percent, last.yes,
                   last.base, last.percent, change.change, change.ci_low, change.ci_high, change.verdict]  # fmt: skip
            writer.writerow(["" if cell is None else guard(cell) for cell in row])
    return out.getvalue()


def _left_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    return table_lines(headers, rows, right_from=len(headers))


def render_markdown(comparison: Comparison, options: Options = PLAIN) -> str:
    labels = [source.label for source in comparison.reports]
    lines = ["# Comparison of inspection reports", ""]
    lines += [f"- {md(line)}" for line in provenance_lines(comparison)] + [""]
    lines += [f"**Warning:** {md(w)}" for w in comparison.warnings] + ([""] if comparison.warnings else [])
    lines += ["## Ratings", ""]
    steps = [step_name(*step) for step in comparison.steps]
    rows = [
        [md(f"{s.id} {s.title}"), *(md(rating_text(at)) for at in s.ratings), *(move_text(c) for c in s.changes)]
        for s in rated_standards(comparison)
    ]
    if overall := overall_cells(comparison):
        rows.append(["**Overall**", *overall])
    lines += _left_table(["Standard", *map(md, labels), *map(md, steps)], rows)
    lines += ["## Key questions", ""]
    rows = [
        [md(q.id), *(figures_text(f) for f in q.figures), *(change_text(comparison, c) for c in q.changes)]
        for q in comparison.key_questions
    ]
    lines += _left_table(["Key question", *map(md, labels), *map(md, steps)], rows)
    lines += [md(line) for line in left_out_lines(comparison)]
    lines += ["", f"*{md(method_sentence(comparison))}*"]
    return "\n".join(lines).strip("\n") + "\n"
