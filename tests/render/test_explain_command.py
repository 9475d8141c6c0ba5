"""Item 5: ``hmirate explain``: its options and messages. The chain's figures are checked against derived
ones in tests/render/test_explain.py, and the whole output by a snapshot in tests/test_snapshots.py."""

from __future__ import annotations

from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL
from expectations import derive, float_half_up, wilson

from hmirate.cli import main

ALL = [str(p) for p in ALL_SAMPLES]


def test_every_standard_in_order_then_the_overall_rating(runner):
    result = runner.invoke(main, ["explain", *ALL, "--panel", str(PANEL)])
    assert result.exit_code == 0
    assert result.stdout.index("\n\nOverall rating\n") > result.stdout.index("\n4.2 Through the Gate (")
    headings = [line.split(" (")[0] for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert headings == [
        "1.1 Leadership", "1.2 Staff", "1.3 Services", "1.4 Information and facilities", "2.1 Assessment",
        "2.2 Planning", "2.3 Implementation and delivery", "2.4 Reviewing", "4.1 Unpaid work", "4.2 Through the Gate",
    ]  # fmt: skip


def test_a_standard_no_file_carries_and_no_overall(runner):
    result = runner.invoke(main, ["explain", str(CASE_SUPERVISION), "--standard", "4.1"])
    assert result.stdout.endswith(
        "4.1 Unpaid work (rated from cases)\n"
        "  No input carries its key questions: not rated from cases\n"
        "  Panel: no adjustment\n"
        "  Final rating: not rated\n"
    )
    everything = runner.invoke(main, ["explain", str(CASE_SUPERVISION)])
    assert everything.stdout.endswith(
        "Overall rating\n  Not computed: every standard needs a final rating; unrated: 1.1, 1.2, 1.3, 1.4, 4.1, 4.2\n"
    )


def test_the_margin_and_confidence_options_reach_explain(runner):
    result = runner.invoke(
        main, ["explain", str(CASE_SUPERVISION), "--standard", "2.2", "--margin", "1", "--confidence", "0.95"]
    )
    planning = derive([CASE_SUPERVISION]).standards["2.2"]
    assert min(near[3] for near in planning.borderline()) > 1  # the default margin flags it; 1 point does not
    assert f"  Borderline: no band edge within 1 point of {planning.lowest}%\n" in result.stdout
    cell = planning.driver.all
    low, high = (float_half_up(end) for end in wilson(cell.yes, cell.base, 0.95))
    assert f"{cell.yes}/{cell.base}  =  {float(cell.fraction):.2f}% -> {cell.whole}%  (95% CI {low}-{high})" in (
        result.stdout
    )


def test_unknown_standard_is_a_usage_error(runner):
    result = runner.invoke(main, ["explain", str(CASE_SUPERVISION), "--standard", "9.9"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "hmirate: unknown standard '9.9' in framework crc-2018 (1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 4.1, 4.2)\n"
    )
