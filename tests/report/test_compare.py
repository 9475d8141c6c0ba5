"""``hmirate compare`` (item 1): reports generated here from case files whose answers are chosen here, so every
change, interval, verdict and rating move below is worked out in the test, not read back from hmirate.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from chromium import run_chromium
from conftest import ALL_SAMPLES, PANEL, ROOT, SAMPLE
from expectations import newcombe_by_hand

from hmirate.cli import main
from hmirate.report.compare import compare_files

QUESTIONS = ("2.1.1", "2.1.2", "2.1.3")


def cases(path: Path, yes: dict[str, int], total: int = 20) -> Path:
    """A case file of ``total`` cases where key question q has ``yes[q]`` Yes answers and the rest No."""
    lines = ["case_id,grade,gender," + ",".join(yes)]
    for number in range(total):
        answers = ["Yes" if number < yes[q] else "No" for q in yes]
        grade = "case manager" if number % 2 else "senior case manager"
        lines.append(f"C{number:03d},{grade},{'female' if number % 3 == 0 else 'male'}," + ",".join(answers))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def scored(runner, source: Path, *options: str) -> Path:
    target = source.with_suffix(".json")
    result = runner.invoke(main, ["score", str(source), *options, "--format", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def pair(runner, tmp_path) -> tuple[Path, Path]:
    """2019: 80%, 85%, 80% (2.1 Outstanding); 2021: 80%, 100%, 50% (2.1 Requires improvement)."""
    earlier = scored(runner, cases(tmp_path / "2019.csv", {"2.1.1": 16, "2.1.2": 17, "2.1.3": 16}))
    later = scored(runner, cases(tmp_path / "2021.csv", {"2.1.1": 16, "2.1.2": 20, "2.1.3": 10}))
    return earlier, later


def test_changes_intervals_and_verdicts(runner, pair):
    result = runner.invoke(main, ["compare", *map(str, pair), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [r["label"] for r in document["reports"]] == ["2019", "2021"]  # from the file names
    changes = {q["id"]: q["changes"][0] for q in document["key_questions"]}
    assert list(changes) == list(QUESTIONS)
    expected = {"2.1.1": ((16, 20), (16, 20), 0.0), "2.1.2": ((20, 20), (17, 20), 15.0),
                "2.1.3": ((10, 20), (16, 20), -30.0)}  # fmt: skip
    for question, (later, earlier, points) in expected.items():
        low, high = newcombe_by_hand(later, earlier, 0.80)
        change = changes[question]
        assert change["change"] == pytest.approx(points, abs=1e-9)
        assert (change["ci_low"], change["ci_high"]) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
    assert [c["verdict"] for c in changes.values()] == ["no clear change", "up", "down"]
    assert newcombe_by_hand((20, 20), (17, 20), 0.80)[0] > 0  # up: the whole interval above 0
    assert newcombe_by_hand((10, 20), (16, 20), 0.80)[1] < 0  # down: the whole interval under 0
    figures = next(q for q in document["key_questions"] if q["id"] == "2.1.3")["figures"]
    assert [(f["yes"], f["base"], f["percent_whole"]) for f in figures] == [(16, 20, 80), (10, 20, 50)]
    # each report's figures as it published them, band included (80% "large majority", 50% "too few")
    assert [(f["no"], f["not_applicable"], f["band"]) for f in figures] == [
        (4, 0, "large majority"),
        (10, 0, "too few"),
    ]
    reports = [json.loads(path.read_text(encoding="utf-8")) for path in pair]
    published = [next(q for s in r["standards"] for q in s["key_questions"] if q["id"] == "2.1.3") for r in reports]
    assert [(f["ci_low"], f["ci_high"]) for f in figures] == [(q["ci_low"], q["ci_high"]) for q in published]
    # 2.1: Outstanding (lowest 80%) to Requires improvement (lowest 50%, 2.1.3): down
    standard = next(s for s in document["standards"] if s["id"] == "2.1")
    assert [(r["rating"], r["driving_key_question"], r["lowest_percent"]) for r in standard["ratings"]] == [
        ("Outstanding", "2.1.1", 80),
        ("Requires improvement", "2.1.3", 50),
    ]
    assert standard["changes"] == [{"earlier": "2019", "later": "2021", "rating": "down", "rating_from_cases": "down"}]


def test_wider_at_95_percent(runner, pair):
    result = runner.invoke(main, ["compare", *map(str, pair), "--format", "json", "--confidence", "0.95"])
    change = json.loads(result.stdout)["key_questions"][1]["changes"][0]
    low, high = newcombe_by_hand((20, 20), (17, 20), 0.95)
    assert (change["ci_low"], change["ci_high"]) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
    assert low < 0 < high and change["verdict"] == "no clear change"


def test_fail_on_decline_exit_codes(runner, pair):
    earlier, later = map(str, pair)
    assert runner.invoke(main, ["compare", earlier, later]).exit_code == 0
    declined = runner.invoke(main, ["compare", earlier, later, "--fail-on-decline"])
    assert declined.exit_code == 1
    assert declined.stderr.splitlines()[-1] == "hmirate: a standard's rating went down: 2.1 (2019 -> 2021)"
    assert runner.invoke(main, ["compare", later, earlier, "--fail-on-decline"]).exit_code == 0  # an improvement


def test_three_reports_each_step_and_first_to_last(runner, pair, tmp_path):
    middle = scored(runner, cases(tmp_path / "mock.csv", {"2.1.1": 18, "2.1.2": 17, "2.1.3": 13}))
    paths = [str(pair[0]), str(middle), str(pair[1])]
    result = runner.invoke(
        main, ["compare", *paths, "--label", "A", "--label", "B", "--label", "C", "--format", "json"]
    )
    question = json.loads(result.stdout)["key_questions"][2]  # 2.1.3: 16, 13, 10 of 20
    assert [(c["earlier"], c["later"], round(c["change"], 9)) for c in question["changes"]] == [
        ("A", "B", -15.0), ("B", "C", -15.0), ("A", "C", -30.0),
    ]  # fmt: skip
    assert [c["verdict"] for c in question["changes"]][2] == "down"


def test_different_frameworks_compare_what_they_share(runner, tmp_path, pair):
    framework = tmp_path / "mini.toml"
    framework.write_text(
        """id = "mini-2024"
title = "A smaller framework"
splits = ["grade", "gender"]
ratings = [{ name = "Inadequate", score = 0 }, { name = "Good", score = 1 }]
bands = [{ from_percent = 0, name = "few", rating = "Inadequate" }, { from_percent = 60, name = "most", rating = "Good" }]
overall_bands = [{ rating = "Inadequate", up_to = 0.5 }, { rating = "Good", up_to = 1.0 }]

[[domains]]
id = "2"
title = "Case supervision"

[[domains.standards]]
id = "2.1"
title = "Assessment"
description = "Assessment, shorter."
rated_from = "cases"
key_questions = [
    { id = "2.1.1", text = "Does assessment focus sufficiently on engaging the service user?" },
    { id = "2.1.9", text = "A question of its own." },
]
""",
        encoding="utf-8",
    )
    mini = scored(runner, cases(tmp_path / "mini.csv", {"2.1.1": 12, "2.1.9": 5}), "--framework", str(framework))
    result = runner.invoke(main, ["compare", str(pair[0]), str(mini), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [q["id"] for q in document["key_questions"]] == ["2.1.1"]
    assert document["left_out"] == [
        {"id": "2.1.2", "found_in": ["2019"]},
        {"id": "2.1.3", "found_in": ["2019"]},
        {"id": "2.1.9", "found_in": ["mini"]},
    ]
    assert document["warnings"][0] == (
        "the reports use different frameworks (crc-2018, mini-2024): only the key questions and standards they "
        "share are compared"
    )
    change = document["key_questions"][0]["changes"][0]  # 16/20 to 12/20
    low, high = newcombe_by_hand((12, 20), (16, 20), 0.80)
    assert change["change"] == pytest.approx(-20.0)
    assert (change["ci_low"], change["ci_high"]) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
    # 2.1 is in both (2.1.9 at 25% drives it on the smaller scale), but two scales cannot be ordered
    [standard] = document["standards"]
    assert [r["rating"] for r in standard["ratings"]] == ["Outstanding", "Inadequate"]
    assert standard["changes"][0]["rating"] == "not comparable"
    table = runner.invoke(main, ["compare", str(pair[0]), str(mini)]).stdout
    assert "Key questions not in every report, left out: 2.1.2 (only in 2019); 2.1.3 (only in 2019); 2.1.9" in (
        " ".join(table.split())
    )


def test_same_input_is_warned(runner, tmp_path, pair):
    copy = tmp_path / "copy"
    copy.mkdir()
    again = scored(runner, cases(copy / "2019-again.csv", {"2.1.1": 16, "2.1.2": 17, "2.1.3": 16}))  # same bytes
    result = runner.invoke(main, ["compare", str(pair[0]), str(again), "--format", "json"])
    document = json.loads(result.stdout)
    digest = document["reports"][0]["inputs"][0]["sha256"]
    assert document["reports"][1]["inputs"][0]["sha256"] == digest
    warning = f"2019 and 2019-again were scored from the same input: {tmp_path / '2019.csv'} (SHA-256 {digest[:12]}...)"
    assert document["warnings"] == [warning]
    assert result.stderr == f"hmirate: warning: {warning}\n"
    assert json.loads(runner.invoke(main, ["compare", *map(str, pair), "--format", "json"]).stdout)["warnings"] == []


def test_bad_arguments_and_files(runner, pair, tmp_path):
    one = runner.invoke(main, ["compare", str(pair[0])])
    assert (one.exit_code, one.stderr) == (2, "hmirate: compare needs at least two reports\n")
    labels = runner.invoke(main, ["compare", *map(str, pair), "--label", "only one"])
    assert labels.exit_code == 2
    assert labels.stderr == "hmirate: 1 --label for 2 reports: give one --label per report, in order\n"
    not_a_report = tmp_path / "cases.json"
    not_a_report.write_text('{"rows": []}', encoding="utf-8")
    bad = runner.invoke(main, ["compare", str(pair[0]), str(not_a_report)])
    assert bad.exit_code == 1
    assert bad.stderr.startswith(f"{not_a_report}: is not a JSON report of hmirate score (")
    overwrite = runner.invoke(main, ["compare", *map(str, pair), "-o", str(pair[1])])
    assert overwrite.exit_code == 2 and "refusing to write" in overwrite.stderr


def test_reports_are_read_with_the_readers_bounds(runner, pair, monkeypatch):
    """A device is refused at once (``/dev/zero`` used to be read until memory ran out), a file over the
    stream cap is refused unread, and ``-`` reads standard input."""
    device = runner.invoke(main, ["compare", str(pair[0]), "/dev/zero"])
    assert (device.exit_code, device.stderr) == (
        2,
        "hmirate: /dev/zero: is a device, not a JSON report (give a file, or - for standard input)\n",
    )
    size = pair[1].stat().st_size
    monkeypatch.setenv("HMIRATE_MAX_STREAM_BYTES", str(size - 1))
    big = runner.invoke(main, ["compare", *map(str, pair)])
    assert (big.exit_code, big.stderr) == (
        1,
        f"{pair[1]}: is {size:,} bytes, over the {size - 1:,} bytes a report can be\n",
    )
    monkeypatch.delenv("HMIRATE_MAX_STREAM_BYTES")
    piped = runner.invoke(main, ["compare", str(pair[0]), "-", "--format", "json"], input=pair[1].read_bytes())
    from_file = runner.invoke(main, ["compare", *map(str, pair), "--format", "json"])
    assert piped.exit_code == 0 and json.loads(piped.stdout)["reports"][1]["label"] == "-"
    figures = [[q["figures"] for q in json.loads(r.stdout)["key_questions"]] for r in (piped, from_file)]
    assert figures[0] == figures[1]


EDITS = [
    (lambda q: q.update(yes=q["yes"] + 50), "{at}: Value error, base 20 is not yes + no (66 + 4)"),
    (lambda q: q.update(yes=-5), "{at}.yes: Input should be greater than or equal to 0"),
    (lambda q: q.update(yes=True), "{at}.yes: Input should be a valid integer"),
    (lambda q: q.update(yes="16"), "{at}.yes: Input should be a valid integer"),
    (lambda q: q.update(percent=12.0), "{at}: Value error, percent 12.0 is not 100 * yes / base (16 / 20)"),
    (lambda q: q.update(percent_whole=79), "{at}: Value error, percent_whole 79 is not the percent rounded half up"),
    (lambda q: q.update(ci_low=float("nan")), "{at}.ci_low: Input should be a finite number"),
    (
        lambda q: q.update(band="too few"),
        "Value error, key question 2.1.1: band 'too few' does not hold its whole percent 80",
    ),
    (
        lambda q: q["splits"][0]["groups"][0].update(band="no such band"),
        "Value error, key question 2.1.1, grade 'case manager': band 'no such band' does not hold its whole percent 80",
    ),
]


@pytest.mark.parametrize(("edit", "message"), EDITS)
def test_a_report_whose_figures_disagree_with_its_counts_is_refused(runner, pair, tmp_path, edit, message):
    """compare reads figures back: an edited or damaged report must not become a wrong change."""
    data = json.loads(pair[1].read_text())
    at = next(n for n, s in enumerate(data["standards"]) if s["key_questions"])
    edit(data["standards"][at]["key_questions"][0])  # 2.1.1: 16 Yes, 4 No of 20
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    result = runner.invoke(main, ["compare", str(pair[0]), str(edited)])
    where = message.format(at=f"standards.{at}.key_questions.0")
    assert (result.exit_code, result.stderr) == (
        1,
        f"{edited}: is not a JSON report of hmirate score ({where})\n",
    )


def test_a_report_written_before_figures_carried_their_band_is_compared(runner, pair, tmp_path):
    older = tmp_path / "older.json"
    older.write_text(re.sub(r',\n\s*"band": "[^"]*"(?=,\n\s*"(id|value)")', "", pair[0].read_text(encoding="utf-8")))
    questions = [q for s in json.loads(older.read_text(encoding="utf-8"))["standards"] for q in s["key_questions"]]
    assert [q["id"] for q in questions] == list(QUESTIONS)
    assert not any("band" in node for q in questions for node in [q, *(g for s in q["splits"] for g in s["groups"])])
    result = runner.invoke(main, ["compare", str(older), str(pair[1]), "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["key_questions"][0]["figures"]
    assert [(f["percent_whole"], f["band"]) for f in figures] == [(80, None), (80, "large majority")]


def test_a_report_saved_with_a_byte_order_mark_is_read(runner, pair, tmp_path):
    marked = tmp_path / "marked.json"
    marked.write_bytes(b"\xef\xbb\xbf" + pair[1].read_bytes())
    plain = runner.invoke(main, ["compare", *map(str, pair), "--format", "csv"])
    with_mark = runner.invoke(
        main, ["compare", str(pair[0]), str(marked), "--label", "2019", "--label", "2021", "--format", "csv"]
    )
    assert (with_mark.exit_code, with_mark.stdout) == (0, plain.stdout)


def test_a_key_question_listed_twice_is_refused(runner, pair, tmp_path):
    data = json.loads(pair[1].read_text())
    questions = next(s for s in data["standards"] if s["key_questions"])["key_questions"]
    questions.append(questions[0])
    edited = tmp_path / "twice.json"
    edited.write_text(json.dumps(data))
    result = runner.invoke(main, ["compare", str(pair[0]), str(edited)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"{edited}: is not a JSON report of hmirate score (Value error, key question 2.1.1 is listed more than once)\n",
    )


def test_every_format(runner, pair, tmp_path):
    paths = list(map(str, pair))
    markdown = runner.invoke(main, ["compare", *paths, "--format", "markdown"]).stdout
    low, high = newcombe_by_hand((10, 20), (16, 20), 0.80)
    assert f"| 2.1.3 | 80% (16/20) | 50% (10/20) | -30.0 points (80% CI {low:.1f} to {high:.1f}): down |" in markdown
    assert "| 2.1 Assessment | Outstanding (from cases: Outstanding, 2.1.1 80%) |" in markdown
    assert "| Key question | 2019 | 2021 | 2019 -> 2021 |" in markdown  # was 2019 -\\> 2021
    assert "\\>" not in markdown
    rows = runner.invoke(main, ["compare", *paths, "--format", "csv"]).stdout.splitlines()
    assert rows[0].startswith("standard,key_question,earlier,later,earlier_yes,earlier_base,")
    assert rows[3].startswith("2.1,2.1.3,2019,2021,16,20,80.0,10,20,50.0,-30.0,") and rows[3].endswith(",down")
    html = runner.invoke(main, ["compare", *paths, "--format", "html"]).stdout
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 1  # one chart: the one standard rated
    assert "<script" not in html and "http" not in html
    out = tmp_path / "comparison.html"
    assert runner.invoke(main, ["compare", *paths, "--format", "html", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == html


def test_library_call(pair):
    comparison = compare_files([str(p) for p in pair], ["before", "after"])
    assert [c.verdict for q in comparison.key_questions for c in q.changes] == ["no clear change", "up", "down"]
    assert [(standard, change.earlier) for standard, change in comparison.declined] == [("2.1", "before")]


def test_html_slope_chart_renders_in_headless_chromium(runner, tmp_path):
    paths = []
    for name, source in (("2019", SAMPLE / "case-supervision.csv"),
                         ("2021", SAMPLE.parent / "compare" / "case-supervision-2021.csv")):  # fmt: skip
        target = tmp_path / f"{name}.json"
        assert runner.invoke(main, ["score", str(source), "--format", "json", "-o", str(target)]).exit_code == 0
        paths.append(str(target))
    page = tmp_path / "comparison.html"
    assert runner.invoke(main, ["compare", *paths, "--format", "html", "-o", str(page)]).exit_code == 0
    dom = run_chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr
    text = " ".join(re.sub(r"<[^>]+>", " ", dom.stdout).split())
    # each chart: the reports as columns with their final ratings, each key question's line labelled at its end
    assert "2019 Inadequate 2021 Requires improvement" in text
    for label in ("2.3.3 67%: up", "2.3.1 75%: no clear change", "2.2.1 64%: down", "2.4.3 49%: no clear change"):
        assert label in text, label
    assert text.count("<svg") == 0 and dom.stdout.count("<svg") == 4  # one slope chart per standard rated


def _labels(svg: str) -> list[tuple[float, float, str]]:
    """The line labels of a slope chart, read back from the SVG: (baseline y, font size, text), top to bottom."""
    found = re.findall(r'<text x="[\d.]+" y="([\d.]+)" font-size="(\d+)">([^<]*)</text>', svg)
    return sorted((float(y), float(size), text) for y, size, text in found)


def test_slope_chart_labels_never_overlap(runner, tmp_path):
    """2019 against the 2021 mock: 2.1.1-2.1.3 end at 79%, 77% and 75%, 5 and 5 px apart on the 260 px scale,
    so their labels must be pushed apart; each label is a line of text one font size tall above its baseline."""
    sample = ROOT / "data" / "samples"
    earlier, later = tmp_path / "2019.json", tmp_path / "2021.json"
    for source, out in ((sample / "hiow-crc-2019" / "case-supervision.csv", earlier),
                        (sample / "compare" / "case-supervision-2021.csv", later)):  # fmt: skip
        assert runner.invoke(main, ["score", str(source), "--format", "json", "-o", str(out)]).exit_code == 0
    html = runner.invoke(main, ["compare", str(earlier), str(later), "--format", "html"]).stdout
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) == 4  # 2.1 to 2.4
    labels = _labels(charts[0])
    assert [text for _, _, text in labels] == [
        "2.1.1 79%: no clear change", "2.1.2 77%: no clear change", "2.1.3 75%: no clear change",
    ]  # fmt: skip
    for chart in charts:
        placed = _labels(chart)
        height = float(re.search(r'height="([\d.]+)"', chart).group(1))
        for (y, size, _), (below, _, _) in itertools.pairwise(placed):
            assert below - y >= size  # the next label's top is below this one's baseline
        assert all(y - size >= 34 and y <= height for y, size, _ in placed)  # under the header, inside the chart


def test_labels_of_many_lines_at_one_percent_are_stacked_apart():
    from hmirate.render.compare_html import LABEL_FONT, _spread

    placed = _spread([100.0] * 12)
    assert placed == [100.0 + 16 * n for n in range(12)] and LABEL_FONT == 12


def _edited(tmp_path: Path, report: Path, edit) -> Path:
    data = json.loads(report.read_text())
    edit(data)
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    return edited


def _standard(data: dict, standard_id: str) -> dict:
    return next(s for s in data["standards"] if s["id"] == standard_id)


RATING_EDITS = [
    # 2021's 2.1: 80%, 100%, 50%; 2.1.3 drives at 50%, band "too few" (50-64), Requires improvement.
    (lambda s: s.update(rating_from_cases="Outstanding", rating="Outstanding"),
     "standard 2.1: rating_from_cases 'Outstanding' is not band 'too few''s rating, 'Requires improvement'"),
    (lambda s: s.update(rating="Good"),
     "standard 2.1: rating 'Good' is not its rating from cases, 'Requires improvement', and no panel adjustment "
     "says why"),
    (lambda s: s.update(band="large majority"), "standard 2.1: band 'large majority' does not hold its lowest percent 50"),
    (lambda s: s.update(driving_key_question="2.1.1"),
     "standard 2.1: driving_key_question '2.1.1' is not its lowest key question, 2.1.3"),
    (lambda s: s.update(lowest_percent=63), "standard 2.1: lowest_percent 63 is not 2.1.3's whole percent, 50"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "message"), RATING_EDITS)
def test_a_report_whose_rating_contradicts_its_figures_is_refused(runner, pair, tmp_path, edit, message):
    edited = _edited(tmp_path, pair[1], lambda data: edit(_standard(data, "2.1")))
    result = runner.invoke(main, ["compare", str(pair[0]), str(edited)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"{edited}: is not a JSON report of hmirate score (Value error, {message})\n",
    )


@pytest.fixture
def published(runner, tmp_path) -> Path:
    """The bundled inspection with its panel: Good overall at 16 of 30 (bands 0-5, 6-15, 16-25, 26-30)."""
    target = tmp_path / "published.json"
    args = ["score", *map(str, ALL_SAMPLES), "--panel", str(PANEL), "--format", "json", "-o", str(target)]
    assert runner.invoke(main, args).exit_code == 0
    return target


OVERALL_EDITS = [
    (lambda o: o.update(total=29), "overall: total 29 is not the sum of the counted standards' scores, 16"),
    (lambda o: o.update(rating="Outstanding"),
     "overall: rating 'Outstanding' is not the rating of the band holding its total 16 (band 'Good')"),
    (lambda o: o["bands"][2].update(low=17), "overall: its bands must follow each other without a gap or an overlap"),
    (lambda o: o.update(maximum=40), "overall: maximum 40 is not where its last band ends, 30"),
    (lambda o: o.update(standards=9), "overall: standards 9 is not the 10 standards counted"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "message"), OVERALL_EDITS)
def test_a_report_whose_overall_rating_contradicts_its_total_is_refused(runner, published, tmp_path, edit, message):
    edited = _edited(tmp_path, published, lambda data: edit(data["overall"]))
    result = runner.invoke(main, ["compare", str(published), str(edited)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"{edited}: is not a JSON report of hmirate score (Value error, {message})\n",
    )


def test_a_standards_score_must_be_its_ratings(runner, published, tmp_path):
    edited = _edited(tmp_path, published, lambda data: _standard(data, "2.1").update(score=3))  # Good scores 2
    result = runner.invoke(main, ["compare", str(published), str(edited)])
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "(Value error, standard 2.1: rating 'Good' scores 3, where another standard's scores 2)\n"
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: _standard(d, "2.1")["key_questions"][0].update(yes=10**300, base=10**300 + 4),
         "standards.{at}.key_questions.0.yes: Input should be less than or equal to 1000000000"),
        (lambda d: _standard(d, "2.1").update(cases=-5), "standards.{at}.cases: Input should be greater than or equal to 0"),
        (lambda d: d["inputs"][0].update(rows=10**300), "inputs.0.rows: Input should be less than or equal to 1000000000"),
        (lambda d: d.update(min_base=-1), "min_base: Input should be greater than or equal to 0"),
        (lambda d: d.update(margin=500.0), "margin: Input should be less than or equal to 100"),
    ],
)  # fmt: skip
def test_counts_in_a_report_are_bounded(runner, pair, tmp_path, edit, message):
    """10**300 cases overflowed the intervals compare works out (exit 70); a negative count is no count."""
    at = [s["id"] for s in json.loads(pair[1].read_text())["standards"]].index("2.1")
    edited = _edited(tmp_path, pair[1], edit)
    result = runner.invoke(main, ["compare", str(pair[0]), str(edited)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"{edited}: is not a JSON report of hmirate score ({message.format(at=at)})\n",
    )
