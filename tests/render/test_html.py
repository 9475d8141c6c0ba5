"""HTML (src/hmirate/render/html.py), read as text: the tiles, the charts' bars and the figures tables hold
the ratings and figures worked out from the case files. (tests/render/test_html_page.py renders the page in Chromium.)"""

from __future__ import annotations

import re
from html import unescape

import pytest
from conftest import ALL_SAMPLES, PANEL
from expectations import SPLITS, STANDARDS, Cell, band_of, derive, overall, overall_bands_text

from hmirate.cli import main
from hmirate.render.phrases import stretch

COLOURS = {"Inadequate": "#c0392b", "Requires improvement": "#d68910", "Good": "#239b56", "Outstanding": "#1f77b4"}
GREY = "#9a9a9a"  # groups too small to read
PLOT = 420  # the chart's plot area, in pixels, for 0-100%

TILE = re.compile(r'<div class="tile" style="background:(#\w+)"><div>(.*?)</div><div class="rating">(.*?)</div>'
                  r'<div class="detail">(.*?)</div></div>')  # fmt: skip
ROW = re.compile(r'<tr( class="small")?><td>([\d.]+)</td><td>(.*?)</td><td class="n">(.*?)</td>'
                 r'<td class="n">(\d+)/(\d+)</td><td class="n">(.*?)</td></tr>')  # fmt: skip
CHART = re.compile(
    r'<text x="0" y="\d+" class="kq">([\d.]+)[^<]*</text>|'
    r'<rect x="230" y="\d+" width="([\d.]+)" height="\d+" fill="(#\w+)"><title>(.*?)</title></rect>'
)


@pytest.fixture(scope="module")
def page() -> str:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["score", *map(str, ALL_SAMPLES), "--panel", str(PANEL), "--format", "html"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def expected():
    return derive(ALL_SAMPLES, PANEL)


def _entries(expected, question_id: str) -> list[tuple[str, Cell]]:
    question = expected.question(question_id)
    return [("all cases", question.all)] + [(f"{s}: {v}", c) for s in SPLITS for v, c in question.groups[s]]


def test_tiles_and_overall(page, expected):
    tiles = [tuple(unescape(part) for part in tile) for tile in TILE.findall(page)]
    assert [tile[1] for tile in tiles] == [f"{i} {title}" for i, title in STANDARDS.items()]
    for colour, name, rating, detail in tiles:
        standard_id = name.split()[0]
        final = expected.final(standard_id)
        assert (colour, rating) == (COLOURS[final], final)
        standard = expected.standards.get(standard_id)
        if standard is None:
            assert detail == "rated by inspectors"
        else:
            adjusted = "; adjusted by the panel" if expected.adjusted(standard_id) else ""
            assert detail == f"from cases: {standard.from_cases}, {standard.driver.id} {standard.lowest}%{adjusted}"
    rating, total, _ = overall(expected)
    assert (
        f'<div class="tile overall" style="background:{COLOURS[rating]}">Overall rating: <b>{rating}</b> '
        f"(total {total} of 30; bands for 10 standards: {overall_bands_text(10)})</div>"
    ) in page


def test_figures_tables(page, expected):
    figure_tables = re.findall(r"<table><tr><th>Key question</th><th>Group</th>.*?</table>", page)
    rows = [row for table in figure_tables for row in ROW.findall(table)]
    wanted = [(q, label, cell) for q in expected.questions for label, cell in _entries(expected, q)]
    assert [(row[1], unescape(row[2]).removesuffix(" †")) for row in rows] == [(q, label) for q, label, _ in wanted]
    for (small, _, label, whole, yes, base, ci), (_, _, cell) in zip(rows, wanted, strict=True):
        too_small = cell.too_small and label != "all cases"
        assert (bool(small), label.endswith(" †")) == (too_small, too_small)
        assert (whole, int(yes), int(base), ci) == (f"{cell.whole}%", cell.yes, cell.base, cell.ci_whole)


def test_chart_bars(page, expected):
    """Each bar's length is its percentage of the plot, its colour its band's (grey when too small)."""
    bars: dict[str, list[tuple[float, str, str]]] = {}
    current = ""
    charts = re.findall(r'<svg role="img" aria-label="[^"]*: key questions, all cases and by [^"]*".*?</svg>', page)
    assert len(charts) == len(expected.standards)
    for question_id, width, fill, title in (match for chart in charts for match in CHART.findall(chart)):
        if question_id:
            current = question_id
            bars[current] = []
        else:
            bars[current].append((float(width), fill, unescape(title)))
    assert list(bars) == list(expected.questions)
    for question_id, drawn in bars.items():
        entries = [(label.split(": ", 1)[-1], cell, label != "all cases") for label, cell in _entries(expected,
                   question_id)]  # fmt: skip
        assert len(drawn) == len(entries)
        for (width, fill, title), (label, cell, is_group) in zip(drawn, entries, strict=True):
            small = is_group and cell.too_small
            assert title == f"{label}: {cell.whole}% ({cell.yes}/{cell.base})" + (" †" if small else "")
            assert width == pytest.approx(float(cell.fraction) * PLOT / 100, abs=0.05 + 1e-9)
            assert fill == (GREY if small else COLOURS[band_of(cell.whole)[3]]), title


def test_ratings_spread_over_the_colours():
    """The lowest rating takes the first colour and the highest the last; between, the nearest, half up."""
    assert [stretch(rank, 4, 4) for rank in range(4)] == [0, 1, 2, 3]
    assert [stretch(rank, 3, 4) for rank in range(3)] == [0, 2, 3]  # 1 x 3 / 2 = 1.5: up
    assert [stretch(rank, 7, 4) for rank in range(7)] == [0, 1, 1, 2, 2, 3, 3]  # 0.5, 1.5, 2.5: up
    assert stretch(0, 1, 4) == 0
