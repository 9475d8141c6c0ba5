"""Narrow terminals and many groups (src/hmirate/render/layout.py): every figure a table shows is whole.

A split by many groups is drawn a row per group (saying so) rather than in zero-width columns; a table too
narrow for its columns is drawn as blocks, one per row. Each figure shown is parsed back and compared with
counts made here from the case file, and every figure of a wide rendering must come back whole at 40, 60
and 80 columns in every command that prints a rich table.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL, ROOT

from hmirate.cli import main

QUESTIONS = {standard: [f"{standard}.{n}" for n in (1, 2, 3)] for standard in ("2.1", "2.2", "2.3", "2.4")}
CELL = re.compile(r"^(?P<whole>\d+%|-) [█▏▎▍▌▋▊▉]* ?\((?P<yes>\d+)/(?P<base>\d+)\)(?P<small>†?)$")
NOTE = "{groups} groups do not fit side by side in {width} columns: one row per group"
STACKED = "(too narrow for the table: one block per row)"


def _run(width: int, *args: str) -> str:
    result = CliRunner(env={"COLUMNS": str(width), "NO_COLOR": "1"}).invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _office_file(tmp_path: Path, groups: int, label: str = "g") -> tuple[Path, dict[tuple[str, str], tuple[int, int]]]:
    """The bundled case file with its office column set to ``groups`` values (``label`` and a number), and
    (Yes, base) for each (group, key question) counted here."""
    with CASE_SUPERVISION.open(newline="") as source:
        rows = list(csv.DictReader(source))
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for number, row in enumerate(rows):
        row["office"] = f"{label}{number % groups}"
        for question in (q for qs in QUESTIONS.values() for q in qs):
            yes, base = counts.get((row["office"], question), (0, 0))
            answer = row[question]
            counts[row["office"], question] = (yes + (answer == "Yes"), base + (answer in ("Yes", "No")))
    path = tmp_path / "cases.csv"
    with path.open("w", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, counts


def _whole_percent(yes: int, base: int) -> int:
    return (200 * yes + base) // (2 * base)  # half up, in integers


def _split(text: str, standard: str, split: str) -> tuple[str, dict[tuple[str, str], str]]:
    """The split's layout ("columns", "rows" or "blocks") and each (group, key question) cell as shown, a
    cell wrapped over lines joined with spaces."""
    lines = [line.rstrip() for line in text.splitlines()]
    start = lines.index(f"{standard} by {split}: % (Yes/base)")
    end = next(i for i in range(start + 1, len(lines)) if lines[i] == "" or lines[i].startswith("†"))
    body = lines[start + 1 : end]
    cells: dict[tuple[str, str], list[str]] = {}
    head = [line for line in body if line.startswith("┃")]
    headers = [" ".join(part for part in parts if part) for parts in zip(*map(_cells, head), strict=True)]
    if headers and headers[0] == "Key question":  # a column per group, a row per key question
        groups = headers[1:]
        for line in (line for line in body if line.startswith("│")):
            question, *shown = _cells(line)
            for group, cell in zip(groups, shown, strict=True):
                cells.setdefault((group, question), []).append(cell)
        layout = "columns"
    elif head:  # a row per group: a row starts with percents, its label and cells may wrap below
        questions = _cells(head[0])[1:]
        rows: list[tuple[list[str], list[list[str]]]] = []
        for line in (line for line in body if line.startswith("│")):
            first, *shown = _cells(line)
            if re.match(r"(\d+%|-)( |$)", shown[0]):
                rows.append(([], [[] for _ in questions]))
            rows[-1][0].append(first)
            for parts, cell in zip(rows[-1][1], shown, strict=True):
                parts.append(cell)
        for label, shown_parts in rows:
            group = "".join(label)  # folded or wrapped at spaces: the test's labels have none
            for question, parts in zip(questions, shown_parts, strict=True):
                cells[group, question] = parts
        layout = "rows"
    else:  # blocks, after the note that says so: the group, then "  2.1.1  84% ████▎ (43/51)" per key question
        layout = "blocks"
        for line in body[next(i for i, line in enumerate(body) if line.endswith("row)")) + 1 :]:
            if not line.startswith("  "):
                group = line
            else:
                question, cell = line.split(maxsplit=1)
                cells[group, question] = [cell]
    return layout, {key: " ".join(part for part in parts if part) for key, parts in cells.items()}


def _said(text: str, standard: str) -> str:
    """What is said between the split's title and its table (or its blocks), lines joined."""
    lines = [line.strip() for line in text.splitlines()]
    said = []
    for line in lines[lines.index(f"{standard} by office: % (Yes/base)") + 1 :]:
        if line.startswith(("┏", "(too narrow")):
            return " ".join(said)
        said.append(line)
    raise AssertionError("no table after the title")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split("[│┃]", line)[1:-1]]


LONG = "Isle-of-Wight-Newport-office-"


@pytest.mark.parametrize("width", [40, 80, 120, 200])
@pytest.mark.parametrize("groups", [2, 30])
@pytest.mark.parametrize("label", ["g", LONG])
def test_every_group_figure_whole_at_every_width(tmp_path, width, groups, label):
    path, counts = _office_file(tmp_path, groups, label)
    text = _run(width, "score", str(path), "--by", "office")
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    note = NOTE.format(groups=groups, width=width)
    for standard, questions in QUESTIONS.items():
        layout, cells = _split(text, standard, "office")
        assert sorted(cells) == sorted((f"{label}{g}", q) for g in range(groups) for q in questions)
        for (group, question), cell in cells.items():
            found = CELL.match(re.sub(" +", " ", cell))
            assert found, (width, group, question, cell)
            yes, base = counts[group, question]
            whole = f"{_whole_percent(yes, base)}%" if base else "-"
            assert (found["whole"], int(found["yes"]), int(found["base"])) == (whole, yes, base)
            assert found["small"] == ("†" if base < 10 else "")
        assert _said(text, standard) == ("" if layout == "columns" else note)
    # a few groups stay a column each where they fit, 30 never do, even at 200 columns; long labels at 40
    # columns leave no room for three key questions beside them
    expected = "columns" if groups == 2 and width >= 80 else "blocks" if width == 40 and label == LONG else "rows"
    assert layout == expected


def test_the_note_names_the_groups_and_the_width(tmp_path):
    path, _ = _office_file(tmp_path, 30)
    text = _run(120, "score", str(path), "--by", "office")
    lines = [line.rstrip() for line in text.splitlines()]
    at = lines.index("2.1 by office: % (Yes/base)")
    assert lines[at + 1].rstrip() == "30 groups do not fit side by side in 120 columns: one row per group"
    assert [cell.strip() for cell in lines[at + 3].split("┃")[1:-1]] == ["office", "2.1.1", "2.1.2", "2.1.3"]
    # grade and gender, a few groups each, keep a column per group, with no note
    assert lines[lines.index("2.1 by gender: % (Yes/base)") + 1].startswith("┏")


def test_a_thousand_groups_all_shown(tmp_path):
    """The largest split allowed: every group a row, none hidden, none cut."""
    with CASE_SUPERVISION.open(newline="") as source:
        header, *rows = list(csv.reader(source))
    path = tmp_path / "cases.csv"
    with path.open("w", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(header)
        for number in range(1000):
            writer.writerow([f"C{number}", f"g{number}", *rows[number % len(rows)][2:]])
    text = _run(80, "score", str(path), "--by", "office")
    for standard, questions in QUESTIONS.items():
        layout, cells = _split(text, standard, "office")
        assert layout == "rows"
        assert len(cells) == 1000 * len(questions)
        for (group, question), cell in cells.items():
            answer = rows[int(group[1:]) % len(rows)][header.index(question)]
            shown = {"Yes": "100% █████ (1/1)†", "No": "0% (0/1)†", "N/A": "- (0/0)†"}[answer]
            assert re.sub(" +", " ", cell) == shown, (group, question, cell)


FIGURE = re.compile(r"^[(+-]?\d+(\.\d+)?%?(/\d+)?\)?[†,;]?$")


def _figures(text: str) -> Counter[str]:
    """Every word of the output that is a figure (12, 75%, (43/51), +3.1, 0.051), boxes taken away."""
    return Counter(word for word in re.split(r"[\s│┃]+", text) if FIGURE.match(word))


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    wide = {"COLUMNS": "250", "NO_COLOR": "1"}
    runner = CliRunner(env=wide)
    for name, files in (("all.json", ALL_SAMPLES), ("one.json", [CASE_SUPERVISION])):
        args = ["score", *map(str, files), "--panel", str(PANEL), "--format", "json", "-o", str(tmp_path / name)]
        assert runner.invoke(main, args).exit_code == 0
    longlist = str(ROOT / "data" / "samples" / "longlist" / "longlist.csv")
    draw = ["draw", longlist, "--size", "142", "--buffer", "20", "--seed", "2019", "--as-of", "2019-04-01"]
    assert runner.invoke(main, [*draw, "-o", str(tmp_path / "sample.csv")]).exit_code == 0
    return {
        "score": ["score", *map(str, ALL_SAMPLES), "--panel", str(PANEL), "--by", "office"],
        "score --ci": ["score", *map(str, ALL_SAMPLES), "--ci"],
        "compare": ["compare", str(tmp_path / "all.json"), str(tmp_path / "one.json")],
        "sample-size": ["sample-size", "--population", "1000"],
        "check-sample": ["check-sample", str(tmp_path / "sample.csv"), "--population", longlist, *draw[-2:]],
        "draw": [*draw, "-o", str(tmp_path / "again.csv")],
    }


@pytest.fixture(scope="module")
def commands(tmp_path_factory):
    return _commands(tmp_path_factory.mktemp("narrow"))


@pytest.mark.parametrize("command", ["score", "score --ci", "compare", "sample-size", "check-sample", "draw"])
@pytest.mark.parametrize("width", [40, 60, 80])
def test_no_figure_broken_at_narrow_widths(commands, command, width):
    """Every figure of the 250-column rendering is still a whole word at 40, 60 and 80 columns."""
    wide = _run(250, *commands[command])
    narrow = _run(width, *commands[command])
    assert "…" not in narrow
    lost = _figures(wide) - _figures(narrow)
    assert not lost, lost
