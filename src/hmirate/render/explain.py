"""``hmirate explain``: every step from counts to a rating, in words an analyst can check by hand.

For each standard: the counts, the percentage each gives (exact, then the whole percent it is published
as), the key question that drives the rating, the band it falls in, how near a band edge it sits and how
many answers would move it, the panel's adjustment, the final rating. For the overall rating: each
standard's score, the total and the band table used. Plain text: it is meant to be read, quoted, diffed.
"""

from __future__ import annotations

from hmirate.errors import UsageError, counted
from hmirate.render.formats import PLAIN, Options
from hmirate.render.phrases import (
    NOT_COUNTED,
    all_not_applicable,
    ci_header,
    ci_text,
    edge_sentence,
    lower_text,
    points,
    raise_text,
    unrated_text,
)
from hmirate.render.visible import visible_report
from hmirate.report.model import PercentBand, Report, StandardResult


def band_table(bands: list[PercentBand]) -> str:
    return " | ".join(f"{b.low}-{b.high} {b.name}: {b.rating}" for b in bands)


def _questions(report: Report, standard: StandardResult) -> list[str]:
    width = max(len(f"{q.yes}/{q.base}") for q in standard.key_questions)
    lines = ["  Counts -> percentages (Yes / (Yes + No); N/A left out of the base; whole percent half up):"]
    for q in standard.key_questions:
        counts = f"Yes {q.yes:>3}  No {q.no:>3}  N/A {q.not_applicable:>3}"
        if q.percent is None:
            figure = f"{'0/0':<{width}} = no percentage (every answer N/A)"
        else:
            figure = f"{f'{q.yes}/{q.base}':<{width}} = {q.percent:6.2f}% -> {q.percent_whole}%"
            figure += f"  ({ci_header(report)} {ci_text(q)})"
        sub = "  relevant sub-sample" if q.relevant_subsample else ""
        lines.append(f"    {q.id}  {counts}  {figure}{sub}")
    return lines


def _panel(standard: StandardResult) -> str:
    if standard.adjustment:
        return f"  Panel: moved {standard.rating_from_cases} -> {standard.rating}: {standard.adjustment}"
    if standard.panel_reason:
        return f"  Panel: kept {standard.rating}: {standard.panel_reason}"
    return "  Panel: no adjustment"


def explain_standard(report: Report, standard: StandardResult) -> list[str]:
    """The chain for one standard, one step a line."""
    if standard.rated_from == "inspectors":
        given = f"rated {standard.rating} by the inspectors (panel file)" if standard.rating else "no rating given"
        return [
            f"{standard.id} {standard.title} (rated by inspectors, not from cases)",
            f"  Panel: {given}",
            f"  Final rating: {_final(standard)}",
        ]
    head = f"{standard.id} {standard.title} (rated from cases"
    if all_not_applicable(standard):
        return [
            f"{head}: {counted(standard.cases or 0, 'case')})",
            *_questions(report, standard),
            "  All N/A: every case answered N/A to every key question, so there is no percentage to rate from",
            _panel(standard),
            f"  Final rating: {_final(standard)}",
        ]
    if standard.cases is None or not standard.driving_key_question:
        return [f"{head})", "  No input carries its key questions: not rated from cases", _panel(standard),
                f"  Final rating: {_final(standard)}"]  # fmt: skip
    band = report.percent_band(standard.band)
    assert band is not None  # a standard rated from cases has its band in the report's table
    nexts = standard.to_next_band
    lines = [f"{head}: {counted(standard.cases or 0, 'case')})", *_questions(report, standard)]
    lines += [
        f"  Driving key question: {standard.driving_key_question}, the lowest ({standard.lowest_percent}%)",
        f"  Band: {standard.lowest_percent}% is in {band.low}-{band.high} ({band.name}) -> "
        f"{standard.rating_from_cases} from cases",
    ]
    if standard.borderline:
        lines += [f"  Borderline: {edge_sentence(standard, near)}" for near in standard.borderline]
    else:
        lines.append(f"  Borderline: no band edge within {points(report.margin)} of {standard.lowest_percent}%")
    lines += [
        f"  Up one band: {raise_text(nexts.up if nexts else None)}",
        f"  Down one band: {lower_text(nexts.down if nexts else None)}",
        _panel(standard),
        f"  Final rating: {_final(standard)}",
    ]
    return lines


def _final(standard: StandardResult) -> str:
    if not standard.rating:
        return "not rated"
    counted = "" if standard.counts_to_overall else f"; {NOT_COUNTED} in the overall rating"
    return f"{standard.rating} (score {standard.score}{counted})"


def explain_overall(report: Report) -> list[str]:
    """Each standard's score, the total and the bands for that many standards."""
    overall = report.overall
    if overall is None:
        missing = unrated_text(report)
        return ["Overall rating", f"  Not computed: every standard needs a final rating; unrated: {missing}"]
    band = overall.band
    counted = [s for s in report.standards if s.counts_to_overall]
    scores = ", ".join(f"{s.id} {s.rating} {s.score}" for s in counted)
    total = " + ".join(str(s.score) for s in counted)
    bands = " | ".join(f"{b.low}-{b.high} {b.rating}" for b in overall.bands)
    left_out = ", ".join(f"{s.id} {s.rating or 'not rated'}" for s in report.standards if not s.counts_to_overall)
    lines = ["Overall rating", f"  Scores: {scores}"]
    if left_out:
        lines.append(f"  Rated but {NOT_COUNTED} (the framework leaves them out of the total): {left_out}")
    return [
        *lines,
        f"  Total: {total} = {overall.total} of {overall.maximum} ({overall.standards} standards)",
        f"  Bands for {overall.standards} standards: {bands}",
        f"  {overall.total} is in {band.low}-{band.high} -> {overall.rating}",
    ]


def render_explain(report: Report, standard_id: str | None = None) -> str:
    """Every standard and the overall rating, or only the standard asked for."""
    report = visible_report(report)
    lines = [
        f"Bands of the lowest key question's whole percent: {band_table(report.bands)}",
        "Up and down one band count No answers turned Yes, or Yes turned No, with every base unchanged.",
        "",
    ]
    for standard in report.standards:
        if standard_id is None or standard.id == standard_id:
            lines += [*explain_standard(report, standard), ""]
    if standard_id is None:
        lines += explain_overall(report)
    return "\n".join(lines).rstrip("\n") + "\n"


def explanation_text(report: Report, options: Options = PLAIN) -> str:
    """The explanation of ``options.standard``, or of every standard and the overall rating."""
    known = [standard.id for standard in report.standards]
    if options.standard is not None and options.standard not in known:
        raise UsageError(
            f"unknown standard {options.standard!r} in framework {report.framework} ({', '.join(known)})",
            param="standard",
        )
    return render_explain(report, options.standard)
