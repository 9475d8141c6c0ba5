"""The HTML report's bar charts, as inline SVG: one per standard, every split, an axis a reader can read.

Each key question gets a block: its whole-sample bar, then one labelled section per split (grade, gender and
every ``--by`` column), separated by a rule, each group's bar coloured by the band its whole percent falls in
(grey when its base is too small to read), with the Wilson interval as a whisker. A 0-100% axis with ticks
runs under the plot, the band edges are dashed lines labelled at the top, and :func:`legend` explains the
colours once for the page. No script and no font: the SVG prints and opens offline.
"""

from __future__ import annotations

from html import escape

from hmirate.render.phrases import HEX, SMALL, band_rating, percent_text, rating_rank
from hmirate.report.model import Figures, Report, StandardResult

LABEL, PLOT, VALUE, ROW = 230, 420, 170, 18
"""Widths of the label column, the plot and the value column; the height of one bar row."""
INDENT = 14
"""How far a split's section label and rule sit in from the key question's."""
GREY = "#9a9a9a"
TOP = 16
"""Room above the plot for the band edges' labels."""
TICKS = range(0, 101, 10)


def colour(report: Report, rating: str | None) -> str:
    rank = rating_rank(report, rating)
    return GREY if rank is None else HEX[rank]


def _x(percent: float) -> float:
    """The chart's horizontal scale: 0-100% across the plot area."""
    return LABEL + PLOT * percent / 100


def _text(x: float, y: float, text: str, extra: str = "") -> str:
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(text)}</text>'


def _bar_row(report: Report, y: int, label: str, figures: Figures, small: bool) -> str:
    """One bar: its label, the bar, the interval whisker, and the figure written out."""
    fill = GREY if small else colour(report, band_rating(report, figures))
    value = f"{percent_text(figures)} ({figures.yes}/{figures.base})" + (f" {SMALL}" if small else "")
    parts = [_text(LABEL - 6, y + 13, label, ' text-anchor="end"')]
    if figures.percent is not None:
        width = PLOT * figures.percent / 100
        parts.append(f'<rect x="{LABEL}" y="{y + 3}" width="{width:.1f}" height="{ROW - 6}" fill="{fill}">'
                     f"<title>{escape(label)}: {escape(value)}</title></rect>")  # fmt: skip
    if figures.ci_low is not None and figures.ci_high is not None:
        low, high, mid = _x(figures.ci_low), _x(figures.ci_high), y + ROW / 2
        parts.append(f'<path d="M{low:.1f} {mid}H{high:.1f}M{low:.1f} {mid - 4}v8M{high:.1f} {mid - 4}v8" '
                     'stroke="#222" stroke-width="1" fill="none"/>')  # fmt: skip
    parts.append(_text(LABEL + PLOT + 8, y + 13, value, ' class="small"' if small else ""))
    return "".join(parts)


def _rule(y: float, x1: float = 0, dash: bool = False) -> str:
    style = ' stroke-dasharray="2 2"' if dash else ""
    return f'<line x1="{x1:g}" y1="{y:g}" x2="{LABEL + PLOT + VALUE:g}" y2="{y:g}" stroke="#bbb"{style}/>'


def _axis(report: Report, bottom: int) -> str:
    """Gridlines and ticks every 10%, labelled every 20%; band edges dashed and labelled at the top."""
    parts = []
    for tick in TICKS:
        x = _x(tick)
        if tick % 20 == 0:
            parts.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{bottom}" stroke="#e2e2e2"/>')
            parts.append(_text(x, bottom + 16, f"{tick}%", ' text-anchor="middle"'))
        parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="#555"/>')
    parts.append(f'<line x1="{LABEL}" y1="{bottom}" x2="{LABEL + PLOT}" y2="{bottom}" stroke="#555"/>')
    for band in report.bands:
        if band.low > 0:
            x = _x(band.low)
            parts.append(f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#555" '
                         'stroke-dasharray="3 3"/>')  # fmt: skip
            parts.append(_text(x, TOP - 6, f"{band.low}%", ' text-anchor="middle" class="edge"'))
    return "".join(parts)


def standard_chart(report: Report, standard: StandardResult) -> str:
    """Each key question: all cases, then a labelled section per split, sections separated by rules."""
    rows, y = [], TOP + 4
    for number, question in enumerate(standard.key_questions):
        if number:
            rows.append(_rule(y - 3))
        sub = " (relevant sub-sample)" if question.relevant_subsample else ""
        rows.append(_text(0, y + 13, f"{question.id}{sub}", ' class="kq"'))
        y += ROW
        rows.append(_bar_row(report, y, "all cases", question, small=False))
        y += ROW
        for split in question.splits:
            if not split.groups:
                continue
            rows.append(_rule(y + 1, x1=INDENT, dash=True))
            rows.append(_text(INDENT, y + 14, f"by {split.column}", ' font-style="italic" class="small"'))
            y += ROW
            for group in split.groups:
                rows.append(_bar_row(report, y, group.value, group, small=group.too_small))
                y += ROW
        y += 10
    bottom = y
    height, width = bottom + 24, LABEL + PLOT + VALUE
    splits = ", ".join(report.splits)
    label = f"{standard.id} {standard.title}: key questions, all cases and by {splits}"
    return (
        f'<svg role="img" aria-label="{escape(label)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><rect x="{LABEL}" y="{TOP}" width="{PLOT}" height="{bottom - TOP}" '
        f'fill="#f6f6f6"/>{_axis(report, bottom)}{"".join(rows)}</svg>'
    )


def legend(report: Report) -> str:
    """What the colours, the grey, the whiskers and the dashed lines mean: once, before the first chart."""
    swatch = '<span class="swatch" style="background:{}"></span>'
    items = [
        f"<li>{swatch.format(colour(report, band.rating))}{escape(band.rating)} ({band.low}-{band.high}%)</li>"
        for band in reversed(report.bands)
    ]
    items.append(f"<li>{swatch.format(GREY)}{SMALL} base under {report.min_base}: too small to read</li>")
    items.append(f'<li><span class="whisker"></span>{report.confidence * 100:g}% confidence interval (Wilson)</li>')
    items.append('<li><span class="edge-key"></span>band edge</li>')
    return f'<ul class="legend" aria-label="Chart legend">{"".join(items)}</ul>'
