"""``hmirate explain`` (src/hmirate/render/explain.py): each step of the chain, from counts to the final
rating, written out with the figures worked out from the case files, the panel file and the published rules.

Lines are looked for in order within each standard's block, so a line added to the chain later does not
break these tests; a wrong or missing figure does.
"""

from __future__ import annotations

import tomllib

import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL
from expectations import (
    BANDS,
    SCORES,
    STANDARDS,
    Expected,
    Standard,
    derive,
    down_text,
    edge_sentence,
    overall,
    overall_bands,
    up_text,
)

from hmirate.cli import main

REASONS = {k: v.get("reason") for k, v in tomllib.loads(PANEL.read_text(encoding="utf-8"))["standards"].items()}


def _blocks(text: str) -> dict[str, list[str]]:
    """Each paragraph by its first line's leading words (a standard's id and title, or 'Overall rating')."""
    blocks = {}
    for paragraph in text.split("\n\n"):
        lines = paragraph.strip("\n").splitlines()
        blocks[lines[0].split(" (")[0]] = lines
    return blocks


def _in_order(block: list[str], wanted: list[str]) -> None:
    position = 0
    for line in wanted:
        assert line in block[position:], f"missing or out of order: {line!r}\nin:\n" + "\n".join(block)
        position = block.index(line, position) + 1


def _chain(expected: Expected, standard: Standard) -> list[str]:
    width = max(len(f"{q.all.yes}/{q.all.base}") for q in standard.questions)
    lines = [f"{standard.id} {STANDARDS[standard.id]} (rated from cases: {standard.cases} cases)"]
    for q in standard.questions:
        c = q.all
        sub = "  relevant sub-sample" if q.relevant_subsample else ""
        lines.append(
            f"    {q.id}  Yes {c.yes:>3}  No {c.no:>3}  N/A {c.not_applicable:>3}  {f'{c.yes}/{c.base}':<{width}} = "
            f"{float(c.fraction):6.2f}% -> {c.whole}%  (80% CI {c.ci_whole}){sub}"
        )
    low, high, name, rating = standard.band
    lines += [
        f"  Driving key question: {standard.driver.id}, the lowest ({standard.lowest}%)",
        f"  Band: {standard.lowest}% is in {low}-{high} ({name}) -> {rating} from cases",
    ]
    near = standard.borderline()
    lines += [f"  Borderline: {edge_sentence(standard, n)}" for n in near] or [
        f"  Borderline: no band edge within 5 points of {standard.lowest}%"
    ]
    lines += [f"  Up one band: {up_text(standard)}", f"  Down one band: {down_text(standard)}"]
    final = expected.final(standard.id)
    if expected.adjusted(standard.id):
        lines.append(f"  Panel: moved {standard.from_cases} -> {final}: {REASONS[standard.id]}")
    elif standard.id not in expected.panel:
        lines.append("  Panel: no adjustment")
    lines.append(f"  Final rating: {final} (score {SCORES[final]})")
    return lines


@pytest.fixture(scope="module")
def explained() -> dict[str, list[str]]:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["explain", *map(str, ALL_SAMPLES), "--panel", str(PANEL)])
    assert result.exit_code == 0, result.output
    return _blocks(result.stdout)


def test_the_band_table_heads_the_output(explained):
    (heading,) = [lines for key, lines in explained.items() if key.startswith("Bands of")]
    assert heading[0] == "Bands of the lowest key question's whole percent: " + " | ".join(
        f"{low}-{high} {name}: {rating}" for low, high, name, rating in BANDS
    )


def test_every_standard_rated_from_cases(explained):
    expected = derive(ALL_SAMPLES, PANEL)
    for standard in expected.standards.values():
        _in_order(explained[f"{standard.id} {STANDARDS[standard.id]}"], _chain(expected, standard))


def test_standards_rated_by_inspectors(explained):
    expected = derive(ALL_SAMPLES, PANEL)
    for standard_id, title in STANDARDS.items():
        if standard_id in expected.standards:
            continue
        final = expected.final(standard_id)
        assert explained[f"{standard_id} {title}"] == [
            f"{standard_id} {title} (rated by inspectors, not from cases)",
            f"  Panel: rated {final} by the inspectors (panel file)",
            f"  Final rating: {final} (score {SCORES[final]})",
        ]


def test_the_overall_rating(explained):
    expected = derive(ALL_SAMPLES, PANEL)
    rating, total, scores = overall(expected)
    finals = [expected.final(s) for s in STANDARDS]
    low, high = next((low, high) for name, low, high in overall_bands(10) if name == rating)
    _in_order(explained["Overall rating"], [
        "Overall rating",
        "  Scores: " + ", ".join(f"{s} {f} {SCORES[f]}" for s, f in zip(STANDARDS, finals, strict=True)),
        f"  Total: {' + '.join(map(str, scores))} = {total} of 30 (10 standards)",
        "  Bands for 10 standards: " + " | ".join(f"{lo}-{hi} {name}" for name, lo, hi in overall_bands(10)),
        f"  {total} is in {low}-{high} -> {rating}",
    ])  # fmt: skip


def test_one_standard_without_a_panel(runner):
    expected = derive([CASE_SUPERVISION])
    result = runner.invoke(main, ["explain", str(CASE_SUPERVISION), "--standard", "2.3"])
    assert result.exit_code == 0
    blocks = _blocks(result.stdout)
    assert [key for key in blocks if key[:1].isdigit()] == ["2.3 Implementation and delivery"]
    _in_order(blocks["2.3 Implementation and delivery"], _chain(expected, expected.standards["2.3"]))
