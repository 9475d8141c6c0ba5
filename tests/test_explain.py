"""Item 5: ``hmirate explain`` prints the chain from counts to the final rating, exactly."""

from __future__ import annotations

from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL

from hmirate.cli import main

ALL = [str(p) for p in ALL_SAMPLES]

DELIVERY = """\
Bands of the lowest key question's whole percent: 0-49 minority: Inadequate | 50-64 too few: Requires improvement | 65-79 reasonable majority: Good | 80-100 large majority: Outstanding
Up and down one band count No answers turned Yes, or Yes turned No, with every base unchanged.

2.3 Implementation and delivery (rated from cases: 100 cases)
  Counts -> percentages (Yes / (Yes + No); N/A left out of the base; whole percent half up):
    2.3.1  Yes  75  No  25  N/A   0  75/100 =  75.00% -> 75%  (80% CI 69-80)
    2.3.2  Yes  59  No  41  N/A   0  59/100 =  59.00% -> 59%  (80% CI 53-65)
    2.3.3  Yes  38  No  40  N/A  22  38/78  =  48.72% -> 49%  (80% CI 42-56)  relevant sub-sample
  Driving key question: 2.3.3, the lowest (49%)
  Band: 49% is in 0-49 (minority) -> Inadequate from cases
  Borderline: 2.3.3 49% is 1 point under the Requires improvement edge (50%): a candidate to move up to Requires improvement
  Up one band: Requires improvement with 1 more Yes (2.3.3 +1)
  Down one band: bottom band
  Panel: moved Inadequate -> Requires improvement: The lowest score (2.3.3, 49%) is the safety question on the relevant sub-sample, 1 point under the Requires improvement band, within the sample's 5-point margin of error; compliance and engagement were supported in a majority of cases (75%).
  Final rating: Requires improvement (score 1)
"""

PLANNING = """\
2.2 Planning (rated from cases: 100 cases)
  Counts -> percentages (Yes / (Yes + No); N/A left out of the base; whole percent half up):
    2.2.1  Yes  79  No  21  N/A   0  79/100 =  79.00% -> 79%  (80% CI 73-84)
    2.2.2  Yes  78  No  22  N/A   0  78/100 =  78.00% -> 78%  (80% CI 72-83)
    2.2.3  Yes  49  No  29  N/A  22  49/78  =  62.82% -> 63%  (80% CI 56-70)  relevant sub-sample
  Driving key question: 2.2.3, the lowest (63%)
  Band: 63% is in 50-64 (too few) -> Requires improvement from cases
  Borderline: 2.2.3 63% is 2 points under the Good edge (65%): a candidate to move up to Good
  Up one band: Good with 2 more Yes (2.2.3 +2)
  Down one band: Inadequate with 11 fewer Yes (2.2.3)
  Panel: moved Requires improvement -> Good: The lowest score (2.2.3, 63%) is the keeping-other-people-safe question on the relevant sub-sample, 2 points under the Good band, within the sample's 5-point margin of error; planning was well-informed, holistic and personalised in a reasonable majority of cases (79% and 78%).
  Final rating: Good (score 2)

"""

LEADERSHIP = """\
1.1 Leadership (rated by inspectors, not from cases)
  Panel: rated Good by the inspectors (panel file)
  Final rating: Good (score 2)

"""

OVERALL = """\
Overall rating
  Scores: 1.1 Good 2, 1.2 Requires improvement 1, 1.3 Good 2, 1.4 Outstanding 3, 2.1 Good 2, 2.2 Good 2, 2.3 Requires improvement 1, 2.4 Inadequate 0, 4.1 Good 2, 4.2 Requires improvement 1
  Total: 2 + 1 + 2 + 3 + 2 + 2 + 1 + 0 + 2 + 1 = 16 of 30 (10 standards)
  Bands for 10 standards: 0-5 Inadequate | 6-15 Requires improvement | 16-25 Good | 26-30 Outstanding
  16 is in 16-25 -> Good
"""


def test_one_standard_with_the_panel(runner):
    result = runner.invoke(main, ["explain", str(CASE_SUPERVISION), "--panel", str(PANEL), "--standard", "2.3"])
    assert (result.exit_code, result.stdout) == (0, DELIVERY)


def test_every_standard_and_the_overall_rating(runner):
    result = runner.invoke(main, ["explain", *ALL, "--panel", str(PANEL)])
    assert result.exit_code == 0
    assert PLANNING in result.stdout
    assert LEADERSHIP in result.stdout
    assert result.stdout.endswith(OVERALL)
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
    assert "  Borderline: no band edge within 1 point of 63%\n" in result.stdout
    assert "49/78  =  62.82% -> 63%  (95% CI 52-73)  relevant sub-sample\n" in result.stdout


def test_unknown_standard_is_a_usage_error(runner):
    result = runner.invoke(main, ["explain", str(CASE_SUPERVISION), "--standard", "9.9"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "hmirate: unknown standard '9.9' in framework crc-2018 (1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 4.1, 4.2)\n"
    )
