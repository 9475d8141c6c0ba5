"""``hmirate draw`` on a longlist and ``check-sample`` on its standard strata, through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hmirate.cli import _Group
from hmirate.cli.sampling import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
LONGLIST = str(ROOT / "data" / "samples" / "longlist" / "longlist.csv")
GROUP = _Group(name="hmirate", commands=COMMANDS)
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
HEADER = "case_id,gender,sentence_type,rosh,start_date,cluster,ldu,officer"


def run(*args: str) -> Result:
    return CliRunner().invoke(GROUP, list(args), env=ENV)


@pytest.fixture
def short(write) -> Path:
    """One stratum, one LDU: officer a has 8 cases, b 3, c 1; 8 of them with at most 3 an officer leaves one
    case nobody can take (a 5 -> 3, b 2 -> 3, c has only 1)."""
    cases = [f"A{i},female,licence,low,2019-01-01,C1,L1,a" for i in range(8)]
    cases += [f"B{i},female,licence,low,2019-01-01,C1,L1,b" for i in range(3)]
    return write(HEADER, *cases, "C0,female,licence,low,2019-01-01,C1,L1,c")


def test_a_shortfall_is_an_error_that_names_the_ldu_and_stratum_and_writes_nothing(short, tmp_path):
    out, plan = tmp_path / "sample.csv", tmp_path / "plan.json"
    args = ["draw", str(short), "--size", "8", "--seed", "1", "--max-per-officer", "3", "--as-of", "2019-04-01"]
    result = run(*args, "-o", str(out), "--plan", str(plan))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{short}: short of 1 case in stratum 'female', cluster 'C1', LDU 'L1': its officers are at the cap of 3 "
        "cases or have no more cases in the stratum\n"
        f"{short}: nothing drawn; use --allow-short to accept a short sample, or a larger --max-per-officer\n"
    )
    assert not out.exists() and not plan.exists()


def test_allow_short_draws_with_a_warning_and_the_plan_records_the_shortfall(short, tmp_path):
    out, plan = tmp_path / "sample.csv", tmp_path / "plan.json"
    args = ["draw", str(short), "--size", "8", "--seed", "1", "--max-per-officer", "3", "--as-of", "2019-04-01"]
    result = run(*args, "--allow-short", "-o", str(out), "--plan", str(plan))
    assert result.exit_code == 0
    assert result.stderr == (
        "hmirate: warning: short of 1 case in stratum 'female', cluster 'C1', LDU 'L1'; the sample has 7 cases, not 8\n"
    )
    assert "SHORT: 1 case in stratum 'female', cluster 'C1', LDU 'L1'\n" in result.stdout
    document = json.loads(plan.read_text())
    assert document["shortfalls"] == [{"stratum": "female", "where": {"cluster": "C1", "ldu": "L1"}, "missing": 1}]
    assert (document["target"], document["drawn"], document["max_per_officer"]) == (8, 7, 3)
    assert len(out.read_text().splitlines()) == 1 + 7


def test_the_plan_records_every_step_of_the_bundled_draw(tmp_path):
    plan = tmp_path / "plan.json"
    args = ["draw", LONGLIST, "--size", "142", "--seed", "2019", "--buffer", "20", "--as-of", "2019-04-01"]
    result = run(*args, "-o", str(tmp_path / "sample.csv"), "--plan", str(plan))
    assert result.exit_code == 0, result.stderr
    document = json.loads(plan.read_text())
    assert {key: document[key] for key in ("as_of", "seed", "size", "buffer_percent", "target", "drawn")} == {
        "as_of": "2019-04-01", "seed": 2019, "size": 142, "buffer_percent": 20.0, "target": 170, "drawn": 170,
    }  # fmt: skip
    assert (document["strata_scheme"], document["nest"]) == ("standard", ["cluster", "ldu", "officer"])
    assert document["rules_not_run"] == {}
    assert document["excluded"] == {"redacted": 12, "not started": 15, "gender neither male nor female": 3}
    assert document["notes"] == [
        "3 cases are of a gender neither male nor female: not eligible, as the standard strata cannot place them",
        "reserve cases stand in for drawn cases that cannot be inspected, from the same stratum",
    ]
    assert [s["name"] for s in document["strata"]] == ["female", "male community low", "male community non-low",
                                                       "male post-custody low", "male post-custody non-low"]  # fmt: skip
    for stratum, allocation in zip(document["strata"], document["allocation"], strict=True):
        assert allocation["count"] == stratum["sample"]
        assert sum(cluster["count"] for cluster in allocation["within"]) == allocation["count"]
        assert stratum["quota"] == pytest.approx(142 * stratum["population"] / 1010)
    # Without the buffer: 22, 29, 49, 13, 28 = 141, one short: the smallest (13) gets it. So the reserves are
    # 26 - 22, 35 - 29, 59 - 49, 16 - 14, 34 - 28.
    assert [s["reserves"] for s in document["strata"]] == [4, 6, 10, 2, 6]


def test_the_sample_can_be_written_as_a_workbook(tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "sample.xlsx"
    args = ["draw", LONGLIST, "--size", "142", "--seed", "2019", "--buffer", "20", "--as-of", "2019-04-01"]
    assert run(*args, "-o", str(out)).exit_code == 0
    csv_result = run(*args)  # the same draw to standard output, as CSV
    expected = list(csv.reader(io.StringIO(csv_result.stdout)))
    book = openpyxl.load_workbook(out, read_only=True)
    assert [["" if v is None else v for v in row] for row in book.active.iter_rows(values_only=True)] == expected
    assert expected[0][-2:] == ["stratum", "reserve"] and len(expected) == 171
    piped = run(*args, "--format", "xlsx")  # a workbook to a pipe, as with > sample.xlsx
    assert piped.exit_code == 0 and piped.stdout_bytes[:4] == b"PK\x03\x04"
    book = openpyxl.load_workbook(io.BytesIO(piped.stdout_bytes), read_only=True)
    assert [["" if v is None else v for v in row] for row in book.active.iter_rows(values_only=True)] == expected
    monkeypatch.setattr("hmirate.cli.output.to_terminal", lambda output, err=False: True)
    refused = run(*args, "--format", "xlsx")  # not onto a terminal, though
    assert (refused.exit_code, refused.stdout_bytes) == (2, b"")
    assert refused.stderr.endswith(
        "hmirate: refusing to write a workbook to the terminal: give --output FILE or redirect the output\n"
    )
    monkeypatch.undo()
    named = tmp_path / "named.xlsx"
    assert run(*args, "-o", str(named), "--format", "csv").exit_code == 0  # the format asked for wins over the name
    assert named.read_text(encoding="utf-8") == csv_result.stdout


def test_the_same_seed_gives_the_same_sample_and_another_seed_another(tmp_path):
    args = ["draw", LONGLIST, "--size", "142", "--as-of", "2019-04-01"]
    first, again, other = run(*args, "--seed", "1"), run(*args, "--seed", "1"), run(*args, "--seed", "2")
    assert first.stdout == again.stdout != other.stdout


REPEATED_IDS = (
    f"hmirate: {LONGLIST}: 4 case ids are on more than one row (the first, 'J104551', on lines 526 and 809): "
    "each is one person, so only one of its rows can be sampled\n"
)
"""The bundled longlist's note: a person's cases under one CRN (4 of the plan's 24 people merged)."""


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--as-of", "1st April"], 2, "hmirate: --as-of '1st April' is not a date: use YYYY-MM-DD or DD/MM/YYYY\n"),
        (["--size", "1011"], 2, f"hmirate: --size 1011 exceeds the 1010 eligible cases in {LONGLIST}\n"),
        (["--max-per-officer", "0"], 2, "hmirate: --max-per-officer must be at least 1, not 0\n"),
        (["--buffer", "-5"], 2, "hmirate: --buffer must not be negative, not -5\n"),
        (
            ["-o", "same.json", "--plan", "same.json"],
            2,
            "hmirate: --plan and --output are the same file, same.json: choose two\n",
        ),
        (["--nest", "cluster,district"], 1, f"{LONGLIST}:1: missing nesting column 'district'\n"),
        (["--strata", "standard,x"], 1, f"{LONGLIST}:1: missing stratum column 'standard'\n"),
    ],
)
def test_draw_errors(args, code, message):
    base = {"--size": "142", "--seed": "1", "--as-of": "2019-04-01"}
    for option, value in zip(args[::2], args[1::2], strict=True):
        base[option] = value
    result = run("draw", LONGLIST, *(part for pair in base.items() for part in pair))
    read = "--plan" not in args  # the output files are checked before the longlist is read
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", REPEATED_IDS * read + message)


def test_an_invalid_longlist_draws_nothing_and_names_line_and_column(write, tmp_path):
    path = write(HEADER, "X1,male,licence,low,2019-01-01,C1,L1,a", "X2,male,prison,low,2019-01-01,C1,L1,a")
    result = run("draw", str(path), "--size", "1", "--seed", "1", "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 1 and result.stdout == "" and not (tmp_path / "out.csv").exists()
    assert result.stderr.startswith(f"{path}:3: sentence_type: unknown sentence type 'prison': expected ")


# --- check-sample on the standard strata -------------------------------------------------------------


@pytest.fixture
def drawn(tmp_path: Path) -> Path:
    out = tmp_path / "sample.csv"
    args = ["draw", LONGLIST, "--size", "142", "--seed", "2019", "--buffer", "20", "--as-of", "2019-04-01"]
    assert run(*args, "-o", str(out)).exit_code == 0
    return out


def test_check_sample_reads_the_stratum_column_the_draw_wrote(drawn):
    # 1,010 eligible: female 160, male community low 205, non-low 352, post-custody low 93, non-low 200.
    # 142 x 160/1010 = 22.495 -> 22; x 205 = 28.82 -> 29; x 352 = 49.49 -> 49; x 93 = 13.08 -> 13;
    # x 200 = 28.12 -> 28. Each adds 20% of itself: 22 + 4.4 -> 4 = 26, 29 + 5.8 -> 6 = 35, 49 + 9.8 -> 10 = 59,
    # 13 + 2.6 -> 3 = 16, 28 + 5.6 -> 6 = 34; 170 = 142 + 28.4 rounded half up: no adjustment.
    result = run("check-sample", str(drawn), "--population", LONGLIST, "--as-of", "2019-04-01", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (stratum,) = json.loads(result.stdout)["strata"]
    assert stratum["column"] == "stratum"
    assert [(v["value"], v["observed"]) for v in stratum["values"]] == [
        ("female", 26), ("male community low", 35), ("male community non-low", 59), ("male post-custody low", 16),
        ("male post-custody non-low", 34),
    ]  # fmt: skip


def test_check_sample_works_the_strata_out_when_the_column_is_absent(drawn, tmp_path):
    rows = list(csv.reader(io.StringIO(drawn.read_text())))
    bare = tmp_path / "bare.csv"
    with bare.open("w", newline="") as handle:
        csv.writer(handle).writerows(row[:-2] for row in rows)  # without stratum and reserve
    args = ["--population", LONGLIST, "--as-of", "2019-04-01", "--format", "json"]
    with_column, without = run("check-sample", str(drawn), *args), run("check-sample", str(bare), *args)
    assert without.exit_code == 0 and json.loads(without.stdout) == json.loads(with_column.stdout)


def test_help_and_score_never_load_scipy():
    import subprocess
    import sys

    sample = ROOT / "data" / "samples" / "hiow-crc-2019" / "case-supervision.csv"
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from hmirate.cli import main\n"
        "assert CliRunner().invoke(main, ['--help']).exit_code == 0\n"
        "print('scipy' in sys.modules)\n"
        f"assert CliRunner().invoke(main, ['score', {str(sample)!r}]).exit_code == 0\n"
        "print('scipy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False\nFalse\n"


def test_check_sample_works_the_strata_out_for_a_sample_on_standard_input(drawn):
    rows = list(csv.reader(io.StringIO(drawn.read_text())))
    text = "".join(",".join(f'"{cell}"' for cell in row[:-2]) + "\n" for row in rows)
    args = ["check-sample", "-", "--population", LONGLIST, "--as-of", "2019-04-01", "--format", "json"]
    from_stdin = CliRunner().invoke(GROUP, args, env=ENV, input=text)
    from_file = run("check-sample", str(drawn), *args[2:])
    assert from_stdin.exit_code == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)


def test_a_sample_row_of_another_gender_has_no_standard_stratum(write):
    sample = write("case_id,gender,sentence_type,rosh", "X1,male,licence,low", "X2,Other,licence,low", name="s.csv")
    result = run("check-sample", str(sample), "--population", LONGLIST, "--as-of", "2019-04-01")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == REPEATED_IDS + f"{sample}:3: gender: neither male nor female: in no standard stratum\n"


HOSTILE = ["=1+1", '=HYPERLINK("http://evil.example","click")', "\x1b[2J\x1b]0;pwned\x07red", "007"]


@pytest.fixture
def hostile(tmp_path) -> Path:
    """Four cases, each with a note a spreadsheet or a terminal would act on (or a leading zero to keep)."""
    path = tmp_path / "longlist.csv"
    rows = [f'C{i},female,licence,low,2019-01-01,C1,L1,a,"{note.replace(chr(34), chr(34) * 2)}"' for i, note in
            enumerate(HOSTILE)]  # fmt: skip
    path.write_text("\n".join([HEADER + ",note", *rows]) + "\n", encoding="utf-8")
    return path


def test_a_workbook_sample_holds_every_cell_as_text(hostile, tmp_path):
    """Formulas stay text (they were live), control characters a workbook cannot hold are escapes (openpyxl
    refused them: exit 70), and check-sample reads hmirate's own workbook back (it refused the formulas)."""
    import openpyxl

    out = tmp_path / "sample.xlsx"
    result = run("draw", str(hostile), "--size", "4", "--seed", "1", "--as-of", "2019-04-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book["sample"].iter_rows())
    assert {cell.data_type for row in rows for cell in row} == {"s"}
    notes = [row[-2].value for row in rows[1:]]  # then the stratum column draw adds
    assert sorted(notes) == sorted(["=1+1", '=HYPERLINK("http://evil.example","click")', "\\x1b[2J\\x1b]0;pwned\\x07red",
                                    "007"])  # fmt: skip
    check = run("check-sample", str(out), "--population", str(hostile), "--as-of", "2019-04-01")
    assert check.exit_code == 0, check.output


def test_a_sample_shown_on_a_terminal_is_made_visible(hostile, monkeypatch):
    monkeypatch.setattr("hmirate.cli.output.to_terminal", lambda output, err=False: output in (None, "-"))
    result = run("draw", str(hostile), "--size", "4", "--seed", "1", "--as-of", "2019-04-01", "--strata", "")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "C2,female,licence,low,2019-01-01,C1,L1,a,\\x1b[2J\\x1b]0;pwned\\x07red\n" in result.stdout


def test_a_sample_piped_on_keeps_its_cells_as_they_are(hostile):
    result = run("draw", str(hostile), "--size", "4", "--seed", "1", "--as-of", "2019-04-01", "--strata", "")
    assert result.exit_code == 0, result.output
    assert "C2,female,licence,low,2019-01-01,C1,L1,a,\x1b[2J\x1b]0;pwned\x07red\n" in result.stdout


def test_a_cell_longer_than_excel_holds_is_refused_for_a_workbook_not_cut(tmp_path):
    longlist = tmp_path / "longlist.csv"
    rows = [f"C{i},female,licence,low,2019-01-01,C1,L1,a,{'x' * 40_000 if i == 1 else 'short'}" for i in range(3)]
    longlist.write_text("\n".join([HEADER + ",note", *rows]) + "\n", encoding="utf-8")
    args = ["draw", str(longlist), "--size", "3", "--seed", "1", "--as-of", "2019-04-01", "--strata", ""]
    out = tmp_path / "sample.xlsx"
    result = run(*args, "-o", str(out))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{longlist}:3: note: a cell of 40,000 characters, over the 32,767 an Excel cell holds: write the sample as "
        "CSV\n"
    )
    assert not out.exists()
    assert run(*args, "-o", str(tmp_path / "sample.csv")).exit_code == 0
