"""Markdown ready to paste into a report draft: the summary first, then each standard's figures.

Pipe tables (GitHub, Pandoc and most editors read them). Text that comes from data (group values, file
names, the panel's reasons) is escaped, so a ``|`` or ``*`` in it cannot break a table or start emphasis.
"""

from __future__ import annotations

import re

from hmirate.errors import counted
from hmirate.render.formats import PLAIN, Options
from hmirate.render.gaps import gap_text, heading, method_sentence, split_gaps
from hmirate.render.phrases import (
    NOT_COUNTED,
    SMALL,
    ci_header,
    ci_text,
    edge_sentence,
    edge_short,
    lower_text,
    lowest_text,
    not_counted_text,
    overall_bands_text,
    panel_word,
    percent_text,
    points,
    raise_text,
    small_note,
    unrated_text,
)
from hmirate.render.provenance import provenance_text
from hmirate.render.visible import visible_report
from hmirate.report.model import Report, StandardResult

_SPECIAL = re.compile(r"([\\|*_`<\[\]#])")


def md(text: str) -> str:
    """Text safe inside a markdown table cell or paragraph: specials escaped, one line.

    ``>`` opens a quote only at the start of a line (``<`` is escaped, so no tag can open): a ``>`` inside
    the text stays as written: ``2019 -> 2021``, never ``2019 -\\> 2021`` in a renderer that shows escapes.
    """
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return f"\\{escaped}" if escaped.startswith(">") else escaped


def table_lines(headers: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    """A markdown table, columns from ``right_from`` on aligned right, and a blank line after it."""
    align = ["---" if i < right_from else "--:" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _summary(report: Report) -> list[str]:
    rows = [
        [
            md(f"{s.id} {s.title}"),
            md(lowest_text(s)),
            (s.rating_from_cases or "not rated") if s.rated_from == "cases" else "-",
            (f"**{s.rating}**" if s.rating else "not rated") + ("" if s.counts_to_overall else f" ({NOT_COUNTED})"),
            panel_word(s),
        ]
        for s in report.standards
    ]
    lines = ["## Summary of ratings", ""]
    lines += table_lines(["Standard", "Lowest key question", "From cases", "Rating", "Panel"], rows, right_from=9)
    if report.overall:
        overall = report.overall
        lines += [
            f"**Overall rating: {overall.rating}** (total {overall.total} of {overall.maximum}; bands for "
            f"{overall.standards} standards: {overall_bands_text(report)}{md(not_counted_text(report))})",
            "",
        ]
    else:
        lines += [f"Overall rating: not computed; unrated standards: {unrated_text(report)}", ""]
    for s in report.standards:
        if s.adjustment:
            lines.append(
                f"- Panel adjustment of **{md(s.id + ' ' + s.title)}**: {s.rating_from_cases} -> {s.rating}. "
                f"{md(s.adjustment)}"
            )
    if any(s.adjustment for s in report.standards):
        lines.append("")
    return lines


def _edges(report: Report) -> list[str]:
    rated = [s for s in report.standards if s.to_next_band]
    if not rated:
        return []
    lines = ["## Band edges", ""]
    flagged = [(s, near) for s in rated for near in s.borderline]
    lines.append(f"Borderline standards (driving key question within {points(report.margin)} of a band edge):")
    lines.append("")
    bullets = [f"- **{md(s.id + ' ' + s.title)}**: {md(edge_sentence(s, near))}" for s, near in flagged]
    lines += [*(bullets or ["None."]), ""]
    rows = [
        [
            md(f"{s.id} {s.title}"),
            f"{s.driving_key_question} {s.lowest_percent}%",
            "; ".join(edge_short(n) for n in s.borderline) or "-",
            raise_text(s.to_next_band.up if s.to_next_band else None),
            lower_text(s.to_next_band.down if s.to_next_band else None),
        ]
        for s in rated
    ]
    lines += table_lines(["Standard", "Lowest key question", "Borderline", "Up one band", "Down one band"], rows, 9)
    lines += ["Distances count No answers turned Yes (or Yes turned No) with every base unchanged.", ""]
    return lines


def _standard(report: Report, standard: StandardResult, ci: bool) -> list[str]:
    lines = [f"## {md(standard.id + ' ' + standard.title)}", "", f"*{md(standard.description)}*", ""]
    if standard.rating_from_cases:
        lines += [f"Rating from cases: **{standard.rating_from_cases}**, driven by {md(lowest_text(standard))}.", ""]
    else:
        lines += [f"Rating from cases: not rated: {md(lowest_text(standard))}.", ""]
    extra = [ci_header(report)] if ci else []
    rows = []
    for q in standard.key_questions:
        sub = " (relevant sub-sample)" if q.relevant_subsample else ""
        counts = [str(n) for n in (q.yes, q.no, q.not_applicable, q.base)]
        rows.append([md(f"{q.id} {q.text}{sub}"), percent_text(q), *counts, *([ci_text(q)] if ci else [])])
    lines += table_lines(["Key question", "%", "Yes", "No", "N/A", "Base", *extra], rows)
    questions = standard.key_questions
    for index, split in enumerate(questions[0].splits if questions else []):
        groups = list(dict.fromkeys(g.value for q in questions for g in q.splits[index].groups))
        if not groups:
            continue
        small = False
        rows = []
        for q in questions:
            cells = {g.value: g for g in q.splits[index].groups}
            row = [q.id]
            for value in groups:
                g = cells.get(value)
                if g is None:
                    row.append("")
                    continue
                small = small or g.too_small
                text = f"{percent_text(g)} ({g.yes}/{g.base})" + (f" [{ci_text(g)}]" if ci else "")
                row.append(text + (f" {SMALL}" if g.too_small else ""))
            rows.append(row)
        what = "% (Yes/base)" + (f" [{ci_header(report)}]" if ci else "")
        lines += [f"By {md(split.column)}, {what}:", ""]
        lines += table_lines(["Key question", *(md(v) for v in groups)], rows)
        if small:
            lines += [md(small_note(report)), ""]
        lines += _gaps(report, standard, split.column)
    if any(found.compared for found in split_gaps(standard)):
        lines += [f"*{md(method_sentence(report))}*", ""]
    return lines


def _gaps(report: Report, standard: StandardResult, column: str) -> list[str]:
    """The clear gaps of one split as a list under its table."""
    found = next((f for f in split_gaps(standard) if f.column == column and f.compared), None)
    if found is None:
        return []
    return [md(heading(found)), "", *(f"- {md(gap_text(report, qid, gap))}" for qid, gap in found.clear), ""]


def render_markdown(report: Report, options: Options = PLAIN) -> str:
    """The whole report as one markdown document."""
    report = visible_report(report)
    inputs = ", ".join(f"{md(f.name)} ({counted(f.rows, 'case')})" for f in report.inputs)
    lines = [f"# {md(report.framework_title)}", "", f"Scored from {inputs}. {report.rounding.capitalize()}.", ""]
    lines += _summary(report)
    lines += _edges(report)
    for standard in report.standards:
        if standard.key_questions:
            lines += _standard(report, standard, options.ci)
    lines += ["", f"*{md(provenance_text(report))}*"]
    return "\n".join(lines).rstrip("\n") + "\n"
