"""Item 6 and the table side of item 7: colourless terminals; --output; CSV guarded against formula
injection; markdown and table text from data taken literally. Each format's figures are checked against
independently derived ones in tests/render/, and its whole output by one snapshot in tests/test_snapshots.py.
"""

from __future__ import annotations

import csv
import io
import re
from statistics import NormalDist

import pytest
from conftest import CASE_SUPERVISION
from expectations import band_of, derive

from hmirate.cli import main


def _run(runner, *args: str):
    result = runner.invoke(main, ["score", *args])
    assert result.exit_code == 0, result.output
    return result


# --- CSV ------------------------------------------------------------------------------------------------


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


def test_markdown_escapes_group_names(runner, write):
    path = write("case_id,grade,gender,2.1.1,2.1.2,2.1.3\n" + "".join(f"C{i},a|b *c*,m,Yes,No,Yes\n" for i in range(3)))
    escaped = _run(runner, str(path), "--format", "markdown").stdout
    assert "| Key question | a\\|b \\*c\\* |" in escaped


# --- tables: NO_COLOR, bars ----------------------------------------------------------------------------------


COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|38;[25])[;m]")


def test_colour_by_band_and_no_color(runner, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    coloured = _run(runner, str(CASE_SUPERVISION)).stdout
    expected = derive([CASE_SUPERVISION])
    green, red = expected.question("2.1.1").all, expected.question("2.3.3").all
    assert band_of(green.whole)[3] == "Good" and band_of(red.whole)[3] == "Inadequate"
    assert f"\x1b[32m{green.bar(10)}\x1b[0m" in coloured  # Good's colour (green)
    assert f"\x1b[31m{red.bar(10)}\x1b[0m" in coloured  # Inadequate's (red)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _run(runner, str(CASE_SUPERVISION)).stdout
    assert COLOUR.search(coloured) and not COLOUR.search(plain)
    assert red.bar(10).strip() in plain  # the bars stay


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
