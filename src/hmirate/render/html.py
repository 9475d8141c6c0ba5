"""One self-contained HTML page: the summary of ratings as coloured tiles, a bar chart per standard.

Inline CSS and inline SVG only: no script, no font, no image and no URL of any kind, so the file opens
offline, can be mailed or attached to a case file, and prints. Each standard's chart shows its key
questions for the whole sample and by grade and gender, bars coloured by band, the band edges as dashed
lines, the Wilson interval as a whisker, groups too small to read in grey. Every figure is also in a
table under the chart, for screen readers and for copying. Text from data is HTML-escaped after its control
and bidi characters are made visible (:mod:`hmirate.render.visible`), so a right-to-left override in a group
name cannot reorder a row of figures.

The page's body is one fragment, ``<div class="hmirate">``, which is also what a notebook shows for a report
(``Report._repr_html_``): one renderer for both, its styles scoped to the fragment (:data:`CSS`).
"""

from __future__ import annotations

from html import escape

from hmirate.errors import counted
from hmirate.render.chart import colour, legend, standard_chart
from hmirate.render.formats import PLAIN, Options
from hmirate.render.gaps import gap_text, heading, method_sentence, split_gaps
from hmirate.render.phrases import (
    NOT_COUNTED,
    SMALL,
    all_not_applicable,
    ci_header,
    ci_text,
    edge_sentence,
    lower_text,
    lowest_text,
    not_counted_text,
    overall_bands_text,
    percent_text,
    points,
    raise_text,
    small_note,
    unrated_text,
)
from hmirate.render.provenance import provenance_text
from hmirate.render.visible import visible_report
from hmirate.report.model import Report, StandardResult

CSS = """
.hmirate{--hmirate-ink:#1b1b1b;--hmirate-paper:transparent;--hmirate-muted:#555;--hmirate-faint:#777;
--hmirate-rule:#ddd;--hmirate-border:#ccc;--hmirate-key:#222}
@media (prefers-color-scheme:dark){.hmirate{--hmirate-ink:#e6e6e6;--hmirate-paper:#1e1e1e;--hmirate-muted:#b8b8b8;
--hmirate-faint:#a0a0a0;--hmirate-rule:#444;--hmirate-border:#5a5a5a;--hmirate-key:#ddd}}
.hmirate{--hmirate-fg:var(--jp-content-font-color1,var(--vscode-editor-foreground,var(--hmirate-ink)));
--hmirate-bg:var(--jp-layout-color0,var(--vscode-editor-background,var(--hmirate-paper)));
--hmirate-fg2:var(--jp-content-font-color2,var(--vscode-descriptionForeground,var(--hmirate-muted)));
--hmirate-fg3:var(--jp-content-font-color3,var(--vscode-descriptionForeground,var(--hmirate-faint)));
--hmirate-line1:var(--jp-border-color2,var(--vscode-panel-border,var(--hmirate-rule)));
--hmirate-line2:var(--jp-border-color1,var(--vscode-panel-border,var(--hmirate-border)));
--hmirate-fg1:var(--jp-content-font-color1,var(--vscode-editor-foreground,var(--hmirate-key)));
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--hmirate-fg);
background:var(--hmirate-bg);padding:0 .5rem}
.hmirate h1{font-size:1.5rem}.hmirate h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--hmirate-line1)}
.hmirate .meta,.hmirate .note{color:var(--hmirate-fg2);font-size:.9rem}
.hmirate .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:.6rem}
.hmirate .tile{border-radius:6px;padding:.6rem .8rem;color:#fff;background:#777}.hmirate .tile .rating{font-weight:700;
font-size:1.05rem}.hmirate .tile .detail{font-size:.8rem;opacity:.95}.hmirate .tile.overall{margin-top:.8rem;
font-size:1.1rem}.hmirate table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem}
.hmirate th,.hmirate td{border:1px solid var(--hmirate-line2);padding:.2rem .45rem;text-align:left;vertical-align:top}
.hmirate td.n{text-align:right;white-space:nowrap}.hmirate svg{display:block;margin:.6rem 0;background:#fff}
.hmirate svg text{font:12px system-ui,Arial,sans-serif;fill:#1b1b1b}.hmirate .small{color:var(--hmirate-fg3)}
.hmirate svg text.small{fill:#666}.hmirate svg text.edge{font-size:11px;fill:#444}.hmirate svg text.kq{font-weight:700}
.hmirate .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;font-size:.85rem}
.hmirate .swatch{display:inline-block;width:.9rem;height:.9rem;margin-right:.35rem;vertical-align:-.1rem}
.hmirate .whisker,.hmirate .edge-key{display:inline-block;width:1.4rem;height:.6rem;margin-right:.35rem;
vertical-align:.05rem;border:1px solid var(--hmirate-fg1);border-width:0 1px;
background:linear-gradient(var(--hmirate-fg1),var(--hmirate-fg1)) center/100% 1px no-repeat}
.hmirate .edge-key{border:0;background:none;border-left:1px dashed var(--hmirate-fg2);width:.2rem;height:.9rem;
vertical-align:-.15rem}.hmirate .gaps{font-size:.9rem}
"""
"""The fragment's styles, every selector under ``.hmirate`` so none reaches the page around it (a notebook).

Colours are custom properties read from the host's theme where it publishes one (JupyterLab and Notebook 7's
``--jp-*`` and those of VS Code, ``--vscode-*``, foreground and background together), else from the reader's
``prefers-color-scheme`` (the fragment then paints its own dark background). In light, every colour is what the
page always had. The charts keep a white ground of their own in every theme: their colours are drawn for white.
"""

PAGE_CSS = (
    "body{margin:2rem auto;max-width:860px;padding:0 .5rem}@media (prefers-color-scheme:dark){body{background:#1e1e1e}}"
)
"""The page around the fragment (the file only): a readable column, and a dark page under a dark fragment."""


def _tile(report: Report, standard: StandardResult) -> str:
    if standard.rated_from == "inspectors":
        detail = "rated by inspectors"
    else:
        detail = f"from cases: {standard.rating_from_cases or 'not rated'}"
        if standard.driving_key_question:
            detail += f", {standard.driving_key_question} {standard.lowest_percent}%"
        elif all_not_applicable(standard):
            detail += ", all N/A"
        if standard.adjustment:
            detail += "; adjusted by the panel"
    if not standard.counts_to_overall:
        detail += f"; {NOT_COUNTED} in the overall rating"
    return (
        f'<div class="tile" style="background:{colour(report, standard.rating)}">'
        f"<div>{escape(standard.id)} {escape(standard.title)}</div>"
        f'<div class="rating">{escape(standard.rating or "not rated")}</div>'
        f'<div class="detail">{escape(detail)}</div></div>'
    )


def _summary(report: Report) -> list[str]:
    parts = ["<h2>Summary of ratings</h2>", '<div class="tiles">']
    parts += [_tile(report, standard) for standard in report.standards]
    parts.append("</div>")
    overall = report.overall
    if overall:
        parts.append(
            f'<div class="tile overall" style="background:{colour(report, overall.rating)}">'
            f"Overall rating: <b>{escape(overall.rating)}</b> (total {overall.total} of {overall.maximum}; "
            f"bands for {overall.standards} standards: {escape(overall_bands_text(report))}"
            f"{escape(not_counted_text(report))})</div>"
        )
    else:
        missing = unrated_text(report)
        parts.append(f'<p class="note">Overall rating: not computed; unrated standards: {escape(missing)}</p>')
    for s in report.standards:
        if s.adjustment:
            parts.append(
                f'<p class="note">Panel adjustment of {escape(s.id)} {escape(s.title)}: '
                f"{escape(s.rating_from_cases or '')} -&gt; {escape(s.rating or '')}. {escape(s.adjustment)}</p>"
            )
    return parts


def _edges(report: Report) -> list[str]:
    rated = [s for s in report.standards if s.to_next_band]
    if not rated:
        return []
    flagged = [f"<li>{escape(s.id)} {escape(s.title)}: {escape(edge_sentence(s, near))}</li>"
               for s in rated for near in s.borderline]  # fmt: skip
    rows = "".join(
        f"<tr><td>{escape(s.id)} {escape(s.title)}</td><td>{escape(raise_text(s.to_next_band.up))}</td>"
        f"<td>{escape(lower_text(s.to_next_band.down))}</td></tr>"
        for s in rated
        if s.to_next_band
    )
    return [
        "<h2>Band edges</h2>",
        f"<p>Borderline standards (driving key question within {points(report.margin)} of a band edge):</p>",
        f"<ul>{''.join(flagged)}</ul>" if flagged else "<p>None.</p>",
        "<table><tr><th>Standard</th><th>Up one band</th><th>Down one band</th></tr>" + rows + "</table>",
        '<p class="note">Distances count No answers turned Yes (or Yes turned No) with every base unchanged.</p>',
    ]


def _figures_table(report: Report, standard: StandardResult) -> str:
    head = "<tr><th>Key question</th><th>Group</th><th>%</th><th>Yes/base</th>" + (
        f"<th>{escape(ci_header(report))}</th></tr>"
    )
    body = []
    for q in standard.key_questions:
        entries = [("all cases", q, False)] + [
            (f"{s.column}: {g.value}", g, g.too_small) for s in q.splits for g in s.groups
        ]
        for label, figures, small in entries:
            mark = ' class="small"' if small else ""
            body.append(
                f"<tr{mark}><td>{escape(q.id)}</td><td>{escape(label)}{' ' + SMALL if small else ''}</td>"
                f'<td class="n">{percent_text(figures)}</td><td class="n">{figures.yes}/{figures.base}</td>'
                f'<td class="n">{ci_text(figures)}</td></tr>'
            )
    return f"<table>{head}{''.join(body)}</table>"


def _standard(report: Report, standard: StandardResult) -> list[str]:
    questions = "".join(
        f"<li><b>{escape(q.id)}</b> {escape(q.text)}{' (relevant sub-sample)' if q.relevant_subsample else ''}</li>"
        for q in standard.key_questions
    )
    small = any(g.too_small for q in standard.key_questions for s in q.splits for g in s.groups)
    return [
        f"<h2>{escape(standard.id)} {escape(standard.title)}</h2>",
        f'<p class="meta">{escape(standard.description)}</p>',
        f"<p>Rating from cases: <b>{escape(standard.rating_from_cases or 'not rated')}</b>"
        f"{', driven by ' if standard.rating_from_cases else ': '}{escape(lowest_text(standard))}. "
        f"Final rating: <b>{escape(standard.rating or 'not rated')}</b>.</p>",
        f"<ul>{questions}</ul>",
        standard_chart(report, standard),
        f'<p class="note">{escape(small_note(report))}</p>' if small else "",
        *_gaps(report, standard),
        _figures_table(report, standard),
    ]


def _gaps(report: Report, standard: StandardResult) -> list[str]:
    """The clear gaps between groups, split by split, and the method in one sentence."""
    found = [f for f in split_gaps(standard) if f.compared]
    if not found:
        return []
    parts = []
    for split in found:
        items = "".join(f"<li>{escape(gap_text(report, qid, gap))}</li>" for qid, gap in split.clear)
        parts.append(f"<p>{escape(heading(split))}</p>" + (f"<ul>{items}</ul>" if items else ""))
    return ['<div class="gaps">', *parts, f'<p class="note">{escape(method_sentence(report))}</p>', "</div>"]


def fragment(report: Report, *, style: bool = True) -> str:
    """The report as one ``<div class="hmirate">``: the notebook's display and the HTML page's whole body.

    ``style`` puts the scoped styles inside it, as a notebook needs; the page keeps them in its head instead."""
    return _fragment(visible_report(report), style)


def _fragment(report: Report, style: bool) -> str:
    inputs = ", ".join(f"{f.name} ({counted(f.rows, 'case')})" for f in report.inputs)
    meta = (
        f"Scored from {inputs}. {report.rounding.capitalize()}. Whiskers: {ci_header(report)} "
        f"(Wilson score interval). Dashed lines: band edges."
    )
    parts = [
        '<div class="hmirate">',
        f"<style>{CSS.strip()}</style>" if style else "",
        f"<h1>{escape(report.framework_title)}</h1>",
        f'<p class="meta">{escape(meta)}</p>',
        *_summary(report),
        *_edges(report),
    ]
    if any(standard.key_questions for standard in report.standards):
        parts.append(legend(report))
    for standard in report.standards:
        if standard.key_questions:
            parts += _standard(report, standard)
    parts.append(f'<p class="meta">{escape(provenance_text(report))}</p>')
    parts.append("</div>")
    return "\n".join(part for part in parts if part)


def document(title: str, body: str) -> str:
    """A self-contained page around a fragment: the fragment's styles in the head, the fragment as the body."""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{PAGE_CSS}{CSS.strip()}</style></head><body>",
        body,
        "</body></html>",
    ]) + "\n"  # fmt: skip


def render_html(report: Report, options: Options = PLAIN) -> str:
    """The page, as one string."""
    report = visible_report(report)
    return document(f"{report.framework_title}: ratings", _fragment(report, style=False))
