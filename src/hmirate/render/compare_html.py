"""``hmirate compare --format html``: one self-contained page, a slope chart per standard.

Each chart puts the reports side by side (oldest on the left) on a 0-100% scale shaded by band, and draws
each key question as a line through its percentages: green when it went clearly up from first to last, red
when clearly down, grey and dashed when there is no clear change. Every figure is in a table beside it too.
Inline CSS and SVG only: no script, no URL. The body is the fragment a notebook shows (``Comparison._repr_html_``).
"""

from __future__ import annotations

from html import escape

from hmirate.render.compare import (
    change_text,
    figures_text,
    left_out_lines,
    method_sentence,
    move_text,
    overall_cells,
    provenance_lines,
    rated_standards,
    rating_text,
    step_name,
)
from hmirate.render.formats import PLAIN, Options
from hmirate.render.html import CSS, document
from hmirate.render.phrases import HEX, stretch
from hmirate.report.compare_model import Comparison, KeyQuestionComparison, StandardComparison
from hmirate.rules.rate import rating_scale

LEFT, COLUMN, RIGHT, TOP, HEIGHT = 48, 190, 300, 34, 260
"""Room for the axis labels, the distance between reports, room for the line labels, the header, the plot."""
VERDICT_COLOURS = {"up": HEX[2], "down": HEX[0], "no clear change": "#777", "not comparable": "#bbb"}
BAND_SHADES = ("#f6d5d1", "#f7e3c6", "#d3eddc", "#d4e4f2")
"""Light versions of the rating colours, lowest to highest, behind the lines."""
LABEL_FONT = 12
"""The line labels' size in pixels, set on each label: inherited, the page's 15 px text overlapped at 14 apart."""
LABEL_GAP = LABEL_FONT + 4
"""The least distance between two labels' baselines: a label's height and a little air."""


def _y(percent: float) -> float:
    return TOP + HEIGHT * (1 - percent / 100)


def _text(x: float, y: float, text: str, extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _spread(wanted: list[float]) -> list[float]:
    """Label positions at least LABEL_GAP apart, each as near its line's end as that allows, top to bottom.

    Labels pushed past the plot's foot stay there (the chart grows to hold them) rather than being shifted
    up into the reports' names and ratings above the plot.
    """
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    previous = -1e9
    for i in order:
        placed[i] = max(wanted[i], previous + LABEL_GAP)
        previous = placed[i]
    return placed


def _background(comparison: Comparison, width: float) -> list[str]:
    """The report's bands shaded from the bottom up, and a labelled gridline every 20%."""
    parts = []
    scale = rating_scale(comparison.bands)
    for band in comparison.bands:
        shade = BAND_SHADES[stretch(scale.index(band.rating), len(scale), len(BAND_SHADES))]
        top, bottom = _y(band.high + 1 if band.high < 100 else 100), _y(band.low)
        name = escape(f"{band.rating} ({band.low}-{band.high}%)")
        parts.append(f'<rect x="{LEFT}" y="{top:.1f}" width="{width:.1f}" height="{bottom - top:.1f}" '
                     f'fill="{shade}"><title>{name}</title></rect>')  # fmt: skip
    for tick in range(0, 101, 20):
        y = _y(tick)
        parts.append(f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{LEFT + width:.1f}" y2="{y:.1f}" stroke="#fff"/>')
        parts.append(_text(LEFT - 7, y + 4, f"{tick}%", ' text-anchor="end"'))
    return parts


def _line(comparison: Comparison, q: KeyQuestionComparison, xs: list[float]) -> tuple[str, str, float]:
    verdict = q.changes[-1].verdict  # first to last (the only step with two reports)
    colour = VERDICT_COLOURS[verdict]
    points = [(x, _y(f.percent)) for x, f in zip(xs, q.figures, strict=True) if f.percent is not None]
    dash = ' stroke-dasharray="5 4"' if verdict in ("no clear change", "not comparable") else ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    title = (
        f"{q.id}: " + " -> ".join(figures_text(f) for f in q.figures) + f"; {change_text(comparison, q.changes[-1])}"
    )
    parts = [f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}>'
             f"<title>{escape(title)}</title></polyline>"]  # fmt: skip
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>' for x, y in points]
    last = q.figures[-1]
    label = f"{q.id} {figures_text(last).split(' ')[0]}: {verdict}"
    return "".join(parts), label, points[-1][1] if points else _y(0)


def slope_chart(comparison: Comparison, standard: StandardComparison) -> str:
    """The standard's shared key questions as lines across the reports."""
    questions = [q for q in comparison.key_questions if q.standard == standard.id]
    count = len(comparison.reports)
    plot = COLUMN * (count - 1)
    xs = [LEFT + 30.0 + COLUMN * i for i in range(count)]
    width = LEFT + plot + 60 + RIGHT
    parts = _background(comparison, plot + 60)
    for x, source, at in zip(xs, comparison.reports, standard.ratings, strict=True):
        parts.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + HEIGHT}" stroke="#888"/>')
        parts.append(_text(x, 13, source.label, ' text-anchor="middle" font-weight="bold"'))
        parts.append(_text(x, 27, at.rating or "not rated", ' text-anchor="middle"'))
    lines = [_line(comparison, q, xs) for q in questions]
    parts += [drawn for drawn, _, _ in lines]
    spread = _spread([end for _, _, end in lines])
    for (_, label, _), y in zip(lines, spread, strict=True):
        parts.append(_text(xs[-1] + 12, y + 4, label, f' font-size="{LABEL_FONT}"'))
    height = max([TOP + HEIGHT + 14, *(round(y) + LABEL_GAP for y in spread)])
    aria = f"{standard.id} {standard.title}: key questions across " + ", ".join(r.label for r in comparison.reports)
    return (f'<svg role="img" aria-label="{escape(aria)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(parts)}</svg>')  # fmt: skip


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _ratings(comparison: Comparison) -> str:
    labels = [r.label for r in comparison.reports]
    steps = [step_name(*s) for s in comparison.steps]
    rows = [[f"{s.id} {s.title}", *(rating_text(at) for at in s.ratings), *(move_text(c) for c in s.changes)]
            for s in rated_standards(comparison)]  # fmt: skip
    if overall := overall_cells(comparison):
        rows.append(["Overall", *overall])
    return _table(["Standard", *labels, *steps], rows)


def _standard(comparison: Comparison, standard: StandardComparison) -> list[str]:
    questions = [q for q in comparison.key_questions if q.standard == standard.id]
    if not questions:
        return []
    labels = [r.label for r in comparison.reports]
    steps = [step_name(*s) for s in comparison.steps]
    rows = [[q.id, *(figures_text(f) for f in q.figures), *(change_text(comparison, c) for c in q.changes)]
            for q in questions]  # fmt: skip
    moves = "; ".join(f"{step_name(c.earlier, c.later)}: {move_text(c)}" for c in standard.changes)
    return [
        f"<h2>{escape(standard.id)} {escape(standard.title)}</h2>",
        f"<p>Final rating: {escape(moves)}.</p>",
        slope_chart(comparison, standard),
        _table(["Key question", *labels, *steps], rows),
    ]


def fragment(comparison: Comparison, *, style: bool = True) -> str:
    """The comparison as one ``<div class="hmirate">``: the notebook's display and the HTML page's whole body."""
    sources = "".join(f"<li>{escape(line)}</li>" for line in provenance_lines(comparison))
    warnings = "".join(f'<p class="note"><b>Warning:</b> {escape(w)}</p>' for w in comparison.warnings)
    key = (
        f'<p class="note">Lines: <span style="color:{VERDICT_COLOURS["up"]}">green, clearly up</span>; '
        f'<span style="color:{VERDICT_COLOURS["down"]}">red, clearly down</span>; grey dashed, no clear change '
        "(first report to last). Shading: the rating bands.</p>"
    )
    parts = [
        '<div class="hmirate">',
        f"<style>{CSS.strip()}</style>" if style else "",
        "<h1>Comparison of inspection reports</h1>",
        f'<ul class="meta">{sources}</ul>',
        warnings,
        "<h2>Ratings</h2>",
        _ratings(comparison),
        key,
        f'<p class="note">{escape(method_sentence(comparison))}</p>',
    ]
    for standard in rated_standards(comparison):
        parts += _standard(comparison, standard)
    parts += [f'<p class="note">{escape(line)}</p>' for line in left_out_lines(comparison)]
    parts.append("</div>")
    return "\n".join(part for part in parts if part)


def render_compare_html(comparison: Comparison, options: Options = PLAIN) -> str:
    return document("Comparison of inspection reports", fragment(comparison, style=False))
