"""What every human-readable format says the same way: percents, intervals, bars, band edges, distances.

The table, markdown, HTML and ``explain`` all phrase a borderline standard or a distance to the next band
with these functions, so the four never disagree. Plain strings only; each format adds its own styling.
Ratings are coloured by their rank on the framework's scale (read off the report's bands), never by name.
"""

from __future__ import annotations

from hmirate.errors import counted
from hmirate.report.model import Figures, Report, StandardResult
from hmirate.rules.edges import LowerBand, NearEdge, RaiseBand
from hmirate.rules.rate import round_half_up

SMALL = "†"
"""Marks a split group whose base is under ``min_base``: too small to read."""

PALETTE = ("red", "yellow", "green", "cyan")
"""Terminal colours from the lowest rating to the highest (stretched for a longer scale)."""

HEX = ("#c0392b", "#d68910", "#239b56", "#1f77b4")
"""The same colours for HTML, chosen to read on white and in greyscale print."""

_EIGHTHS = " ▏▎▍▌▋▊▉"


def percent_text(figures: Figures) -> str:
    """The whole percent as published, or ``-`` when the base is 0 (never 0%)."""
    return "-" if figures.percent_whole is None else f"{figures.percent_whole}%"


def ci_text(figures: Figures) -> str:
    """The interval as whole percents (half up), ``56-70``; ``-`` when the base is 0."""
    if figures.ci_whole is None:
        return "-"
    low, high = figures.ci_whole
    return f"{low}-{high}"


def ci_header(report: Report) -> str:
    return f"{report.confidence * 100:g}% CI"


def bar(percent: float | None, width: int) -> str:
    """A bar of ``width`` cells for 0-100%, in eighths of a cell; padded with spaces to ``width``."""
    if percent is None:
        return " " * width
    eighths = round_half_up(max(0.0, min(100.0, percent)) * width * 8 / 100)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def stretch(rank: int, ranks: int, colours: int) -> int:
    """A rank of ``ranks`` (0 lowest) spread over ``colours`` colours: the lowest gets the first, the
    highest the last, the others the nearest in between (half up)."""
    return 0 if ranks <= 1 else round_half_up(rank * (colours - 1) / (ranks - 1))


def rating_rank(report: Report, rating: str | None) -> int | None:
    """0 for the lowest rating of the report's scale, up to len(PALETTE) - 1 for the highest."""
    scale = report.scale
    return stretch(scale.index(rating), len(scale), len(PALETTE)) if rating in scale else None


def band_rating(report: Report, figures: Figures) -> str | None:
    """The rating of the band the report gives the figures (what their bar is coloured by)."""
    band = report.percent_band(figures.band)
    return None if band is None else band.rating


def points(number: int | float) -> str:
    return f"{number:g} point" + ("" if number == 1 else "s")


def edge_short(near: NearEdge) -> str:
    """``2 points under Good (65%)``."""
    return f"{points(near.points)} {near.side} {near.edge_rating} ({near.edge}%)"


def edge_sentence(standard: StandardResult, near: NearEdge) -> str:
    """``2.2.3 63% is 2 points under the Good edge (65%): a candidate to move up to Good``."""
    move = "up" if near.side == "under" else "down"
    return (
        f"{standard.driving_key_question} {standard.lowest_percent}% is {points(near.points)} {near.side} "
        f"the {near.edge_rating} edge ({near.edge}%): a candidate to move {move} to {near.towards}"
    )


def raise_text(up: RaiseBand | None) -> str:
    """``Good with 2 more Yes (2.2.3 +2)``: No answers turned Yes, bases fixed."""
    if up is None:
        return "top band"
    each = ", ".join(f"{q.id} +{q.no_to_yes}" for q in up.key_questions)
    return f"{up.to} with {up.no_to_yes} more Yes ({each})"


def lower_text(down: LowerBand | None) -> str:
    """``Inadequate with 11 fewer Yes (2.2.3)``: Yes answers turned No on one key question."""
    if down is None:
        return "bottom band"
    return f"{down.to} with {down.yes_to_no} fewer Yes ({down.key_question})"


def all_not_applicable(standard: StandardResult) -> bool:
    """Cases were scored for the standard but every answer was N/A: read, with nothing to rate from.

    Not the same as "no cases" (no input carries the standard's key questions, or it has no rows), and
    outputs must not say it is.
    """
    questions = standard.key_questions
    return bool(questions) and all(q.base == 0 for q in questions) and any(q.not_applicable for q in questions)


def lowest_text(standard: StandardResult) -> str:
    if standard.driving_key_question:
        return f"{standard.driving_key_question} {standard.lowest_percent}% ({standard.band})"
    if standard.rated_from == "inspectors":
        return "rated by inspectors"
    return f"all N/A ({counted(standard.cases or 0, 'case')})" if all_not_applicable(standard) else "no cases"


def panel_word(standard: StandardResult) -> str:
    """What the panel did: moved the cases' rating, or gave one (domain one, or a confirmed rating)."""
    if standard.adjustment:
        return "adjusted"
    if standard.panel_reason or (standard.rated_from == "inspectors" and standard.rating):
        return "rated"
    return ""


def small_note(report: Report) -> str:
    return f"{SMALL} base under {report.min_base}: too small to read; shown, never used for a rating"


NOT_COUNTED = "not counted"
"""Said beside the rating of a standard that is rated but left out of the overall total."""


def not_counted_text(report: Report) -> str:
    """``; 4.1 Resettlement policy and provision is rated but not counted`` after the overall total, or
    nothing when every standard counts: a reader adding up the ratings shown must see why the total differs."""
    left_out = [f"{s.id} {s.title}" for s in report.standards if not s.counts_to_overall]
    if not left_out:
        return ""
    return f"; {', '.join(left_out)} {'is' if len(left_out) == 1 else 'are'} rated but {NOT_COUNTED}"


def unrated_text(report: Report) -> str:
    """The standards that keep the overall rating from being computed: those that count and have no rating."""
    return ", ".join(s.id for s in report.standards if s.counts_to_overall and s.rating is None)


def overall_bands_text(report: Report) -> str:
    if report.overall is None:
        return ""
    return ", ".join(f"{band.rating} {band.low}-{band.high}" for band in report.overall.bands)
