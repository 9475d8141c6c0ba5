"""Item 6 and the table side of item 7: every format on the bundled sample, exact; narrow and colourless
terminals; --output; CSV guarded against formula injection; markdown escaped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from statistics import NormalDist

import pytest
from conftest import CASE_SUPERVISION, PANEL, ROOT, SAMPLE

from hmirate.cli import main

REPORT_ORDER = [CASE_SUPERVISION, SAMPLE / "unpaid-work.csv", SAMPLE / "through-the-gate.csv"]

CSV_HEAD = """\
standard,standard_title,key_question,text,relevant_subsample,split,group,cases,yes,no,not_applicable,base,percent,percent_whole,ci_low,ci_high,too_small
2.1,Assessment,2.1.1,Does assessment focus sufficiently on engaging the service user?,false,(all),(all),100,79,21,0,100,79.0,79,73.33272457999848,83.73009034707496,false
2.1,Assessment,2.1.1,Does assessment focus sufficiently on engaging the service user?,false,grade,senior case manager,51,43,8,0,51,84.31372549019608,84,76.73100093740105,89.75536178625192,false
2.1,Assessment,2.1.1,Does assessment focus sufficiently on engaging the service user?,false,grade,case manager,46,33,13,0,46,71.73913043478261,72,62.596120244421385,79.38331559503204,false
2.1,Assessment,2.1.1,Does assessment focus sufficiently on engaging the service user?,false,grade,interchange manager,3,3,0,0,3,100.0,100,64.62210351258764,100.0,true
2.1,Assessment,2.1.1,Does assessment focus sufficiently on engaging the service user?,false,gender,male,81,63,18,0,81,77.77777777777777,78,71.33901084334158,83.1124740256008,false
2.1,Assessment,2.1.1,Does assessment focus sufficiently on engaging the service user?,false,gender,female,19,16,3,0,19,84.21052631578948,84,70.84911363116446,92.12813762176825,false
2.1,Assessment,2.1.2,Does assessment focus sufficiently on the factors linked to offending and desistance?,false,(all),(all),100,77,23,0,100,77.0,77,71.19652771221894,81.93092066815979,false
"""

MARKDOWN_HEAD = """\
# Probation inspection standards: community rehabilitation companies (2018/19)

Scored from data/samples/hiow-crc-2019/case-supervision.csv (100 cases), data/samples/hiow-crc-2019/unpaid-work.csv (29 cases), data/samples/hiow-crc-2019/through-the-gate.csv (23 cases). Whole percents are rounded half up; ratings are banded on the whole percent.

## Summary of ratings

| Standard | Lowest key question | From cases | Rating | Panel |
|---|---|---|---|---|
| 1.1 Leadership | rated by inspectors | - | **Good** | rated |
| 1.2 Staff | rated by inspectors | - | **Requires improvement** | rated |
| 1.3 Services | rated by inspectors | - | **Good** | rated |
| 1.4 Information and facilities | rated by inspectors | - | **Outstanding** | rated |
| 2.1 Assessment | 2.1.3 75% (reasonable majority) | Good | **Good** |  |
| 2.2 Planning | 2.2.3 63% (too few) | Requires improvement | **Good** | adjusted |
| 2.3 Implementation and delivery | 2.3.3 49% (minority) | Inadequate | **Requires improvement** | adjusted |
| 2.4 Reviewing | 2.4.3 44% (minority) | Inadequate | **Inadequate** |  |
| 4.1 Unpaid work | 4.1.1 69% (reasonable majority) | Good | **Good** |  |
| 4.2 Through the Gate | 4.2.2 61% (too few) | Requires improvement | **Requires improvement** |  |

**Overall rating: Good** (total 16 of 30; bands for 10 standards: Inadequate 0-5, Requires improvement 6-15, Good 16-25, Outstanding 26-30)

- Panel adjustment of **2.2 Planning**: Requires improvement -> Good. The lowest score (2.2.3, 63%) is the keeping-other-people-safe question on the relevant sub-sample, 2 points under the Good band, within the sample's 5-point margin of error; planning was well-informed, holistic and personalised in a reasonable majority of cases (79% and 78%).
- Panel adjustment of **2.3 Implementation and delivery**: Inadequate -> Requires improvement. The lowest score (2.3.3, 49%) is the safety question on the relevant sub-sample, 1 point under the Requires improvement band, within the sample's 5-point margin of error; compliance and engagement were supported in a majority of cases (75%).

"""

MARKDOWN_EDGES = """\
## Band edges

Borderline standards (driving key question within 5 points of a band edge):

- **2.1 Assessment**: 2.1.3 75% is 5 points under the Outstanding edge (80%): a candidate to move up to Outstanding
- **2.2 Planning**: 2.2.3 63% is 2 points under the Good edge (65%): a candidate to move up to Good
- **2.3 Implementation and delivery**: 2.3.3 49% is 1 point under the Requires improvement edge (50%): a candidate to move up to Requires improvement
- **4.1 Unpaid work**: 4.1.1 69% is 4 points above the Good edge (65%): a candidate to move down to Requires improvement
- **4.2 Through the Gate**: 4.2.2 61% is 4 points under the Good edge (65%): a candidate to move up to Good

| Standard | Lowest key question | Borderline | Up one band | Down one band |
|---|---|---|---|---|
| 2.1 Assessment | 2.1.3 75% | 5 points under Outstanding (80%) | Outstanding with 9 more Yes (2.1.1 +1, 2.1.2 +3, 2.1.3 +5) | Requires improvement with 11 fewer Yes (2.1.3) |
| 2.2 Planning | 2.2.3 63% | 2 points under Good (65%) | Good with 2 more Yes (2.2.3 +2) | Inadequate with 11 fewer Yes (2.2.3) |
| 2.3 Implementation and delivery | 2.3.3 49% | 1 point under Requires improvement (50%) | Requires improvement with 1 more Yes (2.3.3 +1) | bottom band |
| 2.4 Reviewing | 2.4.3 44% | - | Requires improvement with 5 more Yes (2.4.3 +5) | bottom band |
| 4.1 Unpaid work | 4.1.1 69% | 4 points above Good (65%) | Outstanding with 4 more Yes (4.1.1 +4) | Requires improvement with 2 fewer Yes (4.1.1) |
| 4.2 Through the Gate | 4.2.2 61% | 4 points under Good (65%) | Good with 2 more Yes (4.2.2 +1, 4.2.3 +1) | Inadequate with 3 fewer Yes (4.2.2) |

Distances count No answers turned Yes (or Yes turned No) with every base unchanged.

"""

MARKDOWN_DELIVERY = """\
## 2.3 Implementation and delivery

*High-quality, well-focused, personalised and coordinated services are delivered, engaging the service user*

Rating from cases: **Inadequate**, driven by 2.3.3 49% (minority).

| Key question | % | Yes | No | N/A | Base |
|---|--:|--:|--:|--:|--:|
| 2.3.1 Is the sentence/post-custody period implemented effectively with a focus on engaging the service user? | 75% | 75 | 25 | 0 | 100 |
| 2.3.2 Does the implementation and delivery of services effectively support the service user's desistance? | 59% | 59 | 41 | 0 | 100 |
| 2.3.3 Does the implementation and delivery of services effectively support the safety of other people? (relevant sub-sample) | 49% | 38 | 40 | 22 | 78 |

By grade, % (Yes/base):

| Key question | case manager | senior case manager | interchange manager |
|---|--:|--:|--:|
| 2.3.1 | 67% (31/46) | 80% (41/51) | 100% (3/3) † |
| 2.3.2 | 52% (24/46) | 65% (33/51) | 67% (2/3) † |
| 2.3.3 | 32% (9/28) | 60% (28/47) | 33% (1/3) † |

† base under 10: too small to read; shown, never used for a rating

By gender, % (Yes/base):

| Key question | male | female |
|---|--:|--:|
| 2.3.1 | 74% (60/81) | 79% (15/19) |
| 2.3.2 | 56% (45/81) | 74% (14/19) |
| 2.3.3 | 44% (29/66) | 75% (9/12) |

"""

NARROW_DELIVERY = """\
2.3 Implementation and delivery: Inadequate from cases
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━┳━━━━━━━━━━━━┳━━━━━┳━━━━┳━━━━━┳━━━━━━┓
┃ Key question                      ┃   % ┃            ┃ Yes ┃ No ┃ N/A ┃ Base ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━╇━━━━━━━━━━━━╇━━━━━╇━━━━╇━━━━━╇━━━━━━┩
│ 2.3.1 Is the                      │ 75% │ ███████▌   │  75 │ 25 │   0 │  100 │
│ sentence/post-custody period      │     │            │     │    │     │      │
│ implemented effectively with a    │     │            │     │    │     │      │
│ focus on engaging the service     │     │            │     │    │     │      │
│ user?                             │     │            │     │    │     │      │
│ 2.3.2 Does the implementation and │ 59% │ █████▉     │  59 │ 41 │   0 │  100 │
│ delivery of services effectively  │     │            │     │    │     │      │
│ support the service user's        │     │            │     │    │     │      │
│ desistance?                       │     │            │     │    │     │      │
│ 2.3.3 Does the implementation and │ 49% │ ████▉      │  38 │ 40 │  22 │   78 │
│ delivery of services effectively  │     │            │     │    │     │      │
│ support the safety of other       │     │            │     │    │     │      │
│ people? (relevant sub-sample)     │     │            │     │    │     │      │
└───────────────────────────────────┴─────┴────────────┴─────┴────┴─────┴──────┘
High-quality, well-focused, personalised and coordinated services are delivered,
engaging the service user
2.3 by grade: % (Yes/base)
┏━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┓
┃              ┃                    ┃                     ┃        interchange ┃
┃ Key question ┃       case manager ┃ senior case manager ┃            manager ┃
┡━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━┩
│ 2.3.1        │  67% ███▍  (31/46) │   80% ████  (41/51) │         100% █████ │
│              │                    │                     │             (3/3)† │
│ 2.3.2        │  52% ██▋   (24/46) │   65% ███▎  (33/51) │           67% ███▍ │
│              │                    │                     │             (2/3)† │
│ 2.3.3        │  32% █▋     (9/28) │   60% ███   (28/47) │             33% █▋ │
│              │                    │                     │             (1/3)† │
└──────────────┴────────────────────┴─────────────────────┴────────────────────┘
† base under 10: too small to read; shown, never used for a rating
2.3 by gender: % (Yes/base)
┏━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┓
┃ Key question ┃                male ┃              female ┃
┡━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━┩
│ 2.3.1        │   74% ███▊  (60/81) │   79% ████  (15/19) │
│ 2.3.2        │   56% ██▊   (45/81) │   74% ███▋  (14/19) │
│ 2.3.3        │   44% ██▎   (29/66) │   75% ███▊   (9/12) │
└──────────────┴─────────────────────┴─────────────────────┘

"""

NARROW_SUMMARY = """\
Summary of ratings
┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━┓
┃                ┃ Lowest key     ┃                ┃                ┃          ┃
┃ Standard       ┃ question       ┃ From cases     ┃ Rating         ┃ Panel    ┃
┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━┩
│ 1.1 Leadership │ rated by       │ -              │ Good           │ rated    │
│                │ inspectors     │                │                │          │
│ 1.2 Staff      │ rated by       │ -              │ Requires       │ rated    │
│                │ inspectors     │                │ improvement    │          │
│ 1.3 Services   │ rated by       │ -              │ Good           │ rated    │
│                │ inspectors     │                │                │          │
│ 1.4            │ rated by       │ -              │ Outstanding    │ rated    │
│ Information    │ inspectors     │                │                │          │
│ and facilities │                │                │                │          │
│ 2.1 Assessment │ 2.1.3 75%      │ Good           │ Good           │          │
│                │ (reasonable    │                │                │          │
│                │ majority)      │                │                │          │
│ 2.2 Planning   │ 2.2.3 63% (too │ Requires       │ Good           │ adjusted │
│                │ few)           │ improvement    │                │          │
│ 2.3            │ 2.3.3 49%      │ Inadequate     │ Requires       │ adjusted │
│ Implementation │ (minority)     │                │ improvement    │          │
│ and delivery   │                │                │                │          │
│ 2.4 Reviewing  │ 2.4.3 44%      │ Inadequate     │ Inadequate     │          │
│                │ (minority)     │                │                │          │
│ 4.1 Unpaid     │ 4.1.1 69%      │ Good           │ Good           │          │
│ work           │ (reasonable    │                │                │          │
│                │ majority)      │                │                │          │
│ 4.2 Through    │ 4.2.2 61% (too │ Requires       │ Requires       │          │
│ the Gate       │ few)           │ improvement    │ improvement    │          │
└────────────────┴────────────────┴────────────────┴────────────────┴──────────┘
Panel adjustment of 2.2 Planning: Requires improvement -> Good. The lowest score
(2.2.3, 63%) is the keeping-other-people-safe question on the relevant
sub-sample, 2 points under the Good band, within the sample's 5-point margin of
error; planning was well-informed, holistic and personalised in a reasonable
majority of cases (79% and 78%).
Panel adjustment of 2.3 Implementation and delivery: Inadequate -> Requires
improvement. The lowest score (2.3.3, 49%) is the safety question on the
relevant sub-sample, 1 point under the Requires improvement band, within the
sample's 5-point margin of error; compliance and engagement were supported in a
majority of cases (75%).
Overall rating: Good (total 16 of 30; bands for 10 standards: Inadequate 0-5,
Requires improvement 6-15, Good 16-25, Outstanding 26-30)
"""


def _run(runner, *args: str):
    result = runner.invoke(main, ["score", *args])
    assert result.exit_code == 0, result.output
    return result


# --- CSV ------------------------------------------------------------------------------------------------


def test_csv_one_row_per_key_question_and_group(runner):
    result = _run(runner, str(CASE_SUPERVISION), "--format", "csv")
    assert result.stdout.startswith(CSV_HEAD)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 12 * (1 + 3 + 2)  # each key question: the whole sample, 3 grades, 2 genders
    small = [(r["key_question"], r["group"]) for r in rows if r["too_small"] == "true"]
    assert small == [(f"2.{s}.{q}", "interchange manager") for s in range(1, 5) for q in range(1, 4)]


def test_csv_guards_against_formula_injection(runner, write):
    offices = ['=HYPERLINK("http://x")', "+44 1", "-2", "@SUM(A1)", "plain"]
    rows = "".join(
        f'C{i},scm,female,"{office.replace(chr(34), 2 * chr(34))}",Yes,No,Yes\n' for i, office in enumerate(offices * 2)
    )
    path = write("case_id,grade,gender,office,2.1.1,2.1.2,2.1.3\n" + rows)
    result = _run(runner, str(path), "--by", "office", "--format", "csv")
    groups = [r["group"] for r in csv.DictReader(io.StringIO(result.stdout)) if r["split"] == "office"]
    assert groups[:5] == ["'+44 1", "'-2", '\'=HYPERLINK("http://x")', "'@SUM(A1)", "plain"]
    for line in result.stdout.splitlines()[1:]:
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "-", "@")), cell
    first = next(csv.DictReader(io.StringIO(result.stdout)))
    z = NormalDist().inv_cdf(0.9)
    assert (first["yes"], first["percent"], first["ci_high"]) == ("10", "100.0", "100.0")  # numbers unguarded
    assert float(first["ci_low"]) == pytest.approx(100 * 10 / (10 + z * z))  # Wilson's lower end at 10/10


@pytest.mark.parametrize(
    ("value", "guarded"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("a=1", "a=1"), ("", ""), (-1, -1), (2.5, 2.5), (None, None)],
)  # fmt: skip
def test_guard(value, guarded):
    from hmirate.render.csv import guard

    assert guard(value) == guarded


# --- markdown ---------------------------------------------------------------------------------------------


def test_markdown_ready_for_a_report_draft(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    names = [str(path.relative_to(ROOT)) for path in REPORT_ORDER]
    result = _run(runner, *names, "--panel", str(PANEL), "--format", "markdown")
    assert result.stdout.startswith(MARKDOWN_HEAD + MARKDOWN_EDGES)
    # the clear gaps between groups are listed under each split table (their figures: tests/test_gaps.py)
    by_grade, by_gender = MARKDOWN_DELIVERY.split("By gender")
    assert by_grade + "Clear gaps by grade:\n\n- case manager vs senior case manager, 2.3.1:" in result.stdout
    assert "By gender" + by_gender + "Clear gaps by gender:\n\n- male vs female, 2.3.2:" in result.stdout


def test_markdown_intervals_on_request_and_escaping(runner, write):
    result = _run(runner, str(CASE_SUPERVISION), "--format", "markdown", "--ci")
    assert "| 2.2.3 Does planning focus sufficiently on keeping other people safe? (relevant sub-sample) " \
        "| 63% | 49 | 29 | 22 | 78 | 56-70 |" in result.stdout  # fmt: skip
    path = write("case_id,grade,gender,2.1.1,2.1.2,2.1.3\n" + "".join(f"C{i},a|b *c*,m,Yes,No,Yes\n" for i in range(3)))
    escaped = _run(runner, str(path), "--format", "markdown").stdout
    assert "| Key question | a\\|b \\*c\\* |" in escaped


# --- tables: narrow terminals, NO_COLOR, bars -----------------------------------------------------------------


def test_80_columns_lose_no_figure(runner, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = _run(runner, *map(str, REPORT_ORDER), "--panel", str(PANEL))
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(len(line) for line in lines) == 80
    assert "…" not in result.stdout
    text = "\n".join(lines) + "\n"
    assert NARROW_DELIVERY in text
    summary = NARROW_SUMMARY + "152 rows read from 3 files (100 + 29 + 23), 152 scored, 0 with errors\n"
    assert summary in text
    assert text[text.index(summary) + len(summary) :].startswith("hmirate ")  # then the provenance, last
    document = json.loads(_run(runner, *map(str, REPORT_ORDER), "--format", "json").stdout)
    words = set(result.stdout.split())
    for standard in document["standards"]:
        for q in standard["key_questions"]:
            assert f"{q['percent_whole']}%" in words
            for group in (g for split in q["splits"] for g in split["groups"]):
                assert f"({group['yes']}/{group['base']})" in words or f"({group['yes']}/{group['base']})†" in words


COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|38;[25])[;m]")


def test_colour_by_band_and_no_color(runner, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    coloured = _run(runner, str(CASE_SUPERVISION)).stdout
    assert "\x1b[32m███████▉  \x1b[0m" in coloured  # 2.1.1, 79%: Good's colour (green)
    assert "\x1b[31m████▉     \x1b[0m" in coloured  # 2.3.3, 49%: Inadequate's (red)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _run(runner, str(CASE_SUPERVISION)).stdout
    assert COLOUR.search(coloured) and not COLOUR.search(plain)
    assert "████▉" in plain  # the bars stay


# --- --output ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["table", "json", "csv", "markdown", "html"])
def test_output_file_holds_what_stdout_would(runner, tmp_path, output_format):
    target = tmp_path / f"report.{output_format}"
    args = [str(CASE_SUPERVISION), "--format", output_format]
    to_file = _run(runner, *args, "--output", str(target))
    assert to_file.stdout == ""
    assert target.read_text(encoding="utf-8") == _run(runner, *args).stdout


def test_output_to_a_directory_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_table_prints_group_names_literally(runner, write):
    """A group value is data, not rich markup: brackets are printed as they are."""
    rows = "".join(f"C{i},[bold]senior[/bold],m,Yes,No,Yes\n" for i in range(3))
    path = write("case_id,grade,gender,2.1.1,2.1.2,2.1.3\n" + rows)
    result = _run(runner, str(path))
    assert "┃ Key question ┃ [bold]senior[/bold] ┃" in result.stdout
