"""Hostile inputs end quickly and in bounded memory: wall time and peak memory of each, run by hand.

    python benchmarks/bounded_reading.py            # every case below, one run each
    python benchmarks/bounded_reading.py --only yes # the cases whose name contains "yes"

Each case is a shell command; ``/usr/bin/time`` wraps the hmirate process alone (not ``yes`` or ``cat`` in
front of it), so the figures are hmirate's own: elapsed seconds and peak resident set. Workbooks are built
in a temporary folder first. Nothing here is a test: the test suite checks the messages and exit codes
(tests/read/test_bounds.py, tests/read/test_excel.py) without timing anything.
"""

from __future__ import annotations

import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from hmirate.read.raw import column_letter

SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>%s</t></si></sst>'


def _workbook(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Cases"
    sheet.append(["case_id", "grade", "gender", "2.1.1", "2.1.2", "2.1.3"])
    for number in range(100):
        sheet.append([f"C{number}", "case manager", "female", "Yes", "No", "N/A"])
    book.save(path)


def _long_workbook(path: Path, formulas: bool, rows: int = 100_000) -> None:
    """A 100,000-row case sheet; with ``formulas``, a column of formulas with saved values, as Excel saves
    them (openpyxl writes none, so each ``<v/>`` is given the value afterwards)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    sheet.append(["case_id", "grade", "gender", "2.1.1", "2.1.2", "2.1.3"] + ["total"] * formulas)
    for number in range(rows):
        sheet.append([f"C{number}", "case manager", "female", "Yes", "No", "N/A"] + ["=ROW()*2"] * formulas)
    book.save(path)
    if formulas:
        with zipfile.ZipFile(path) as saved:
            xml = saved.read("xl/worksheets/sheet1.xml")
        _with_part(path, path, "xl/worksheets/sheet1.xml", re.sub(rb"<v\s*/>|<v></v>", b"<v>2</v>", xml))


def _with_part(source: Path, target: Path, member: str, data: bytes) -> None:
    with zipfile.ZipFile(source) as book:
        parts = {info.filename: book.read(info) for info in book.infolist()}
    parts[member] = data
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as book:
        for name, content in parts.items():
            book.writestr(name, content)


def build(folder: Path) -> dict[str, Path]:
    """The workbooks: a 1.5 GB shared-string claim, a real 300 MiB shared string (3 MB zipped), and a
    sheet whose dimension claims the whole grid; a folder of a thousand case files; a 100 MB label and
    twelve 100-group split columns."""
    plain = folder / "plain.xlsx"
    _workbook(plain)
    claim = folder / "claim-1.5GB.xlsx"
    _with_part(plain, claim, "xl/sharedStrings.xml", SST % b"A")
    data = bytearray(claim.read_bytes())
    entry = data.index(b"PK\x01\x02")
    name = b"xl/sharedStrings.xml"
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 1_500_000_000)
    claim.write_bytes(bytes(data))
    bomb = folder / "bomb-300MiB.xlsx"
    _with_part(plain, bomb, "xl/sharedStrings.xml", SST % (b"A" * (300 << 20)))
    dimension = folder / "dimension.xlsx"
    with zipfile.ZipFile(plain) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    _with_part(plain, dimension, "xl/worksheets/sheet1.xml", sheet)
    plain_rows, formula_rows = folder / "100k-rows.xlsx", folder / "100k-rows-formulas.xlsx"
    _long_workbook(plain_rows, formulas=False)
    _long_workbook(formula_rows, formulas=True)
    return {
        "claim": claim,
        "bomb": bomb,
        "dimension": dimension,
        "many": _many(folder / "many"),
        "unknown": _unknown_questions(folder / "unknown-questions.csv"),
        "long unknown": _long_unknown_questions(folder / "long-unknown-questions.csv"),
        "groups": _groups(folder / "groups.csv"),
        "rows": plain_rows,
        "formulas": formula_rows,
        **_quoted(folder),
        "label": _long_label(folder / "label-100MB.csv"),
        "splits": _twelve_splits(folder / "twelve.csv"),
        **_texts(folder),
        "wide sheet": _wide_sheet(plain, folder / "wide-sheet.xlsx"),
    }


def _long_label(path: Path) -> Path:
    """A case whose grade is 100 MB (a file pasted into one cell): refused on its line, never drawn."""
    with path.open("w") as file:
        file.write("case_id,grade,gender,2.1.1,2.1.2,2.1.3\n")
        file.write(f"C1,{'x' * 100_000_000},female,Yes,No,N/A\nC2,PO,male,Yes,No,N/A\n")
    return path


def _twelve_splits(path: Path, rows: int = 10_000) -> Path:
    """Every key question of crc-2018 and twelve columns of 100 groups each: 1,205 groups with grade and
    gender, past the 1,100 all splits may have together (was 16 s, 1.45 GB and 212 MB of JSON)."""
    import random

    draw = random.Random(1)
    questions = [f"2.{s}.{q}" for s in range(1, 5) for q in range(1, 4)]
    with path.open("w") as file:
        file.write(",".join(["case_id", "grade", "gender", *questions, *(f"b{k}" for k in range(12))]) + "\n")
        for row in range(rows):
            groups = [f"g{draw.randrange(100)}" for _ in range(12)]
            answers = [draw.choice(("Yes", "No", "N/A")) for _ in questions]
            file.write(",".join([f"C{row}", "PO", "female", *answers, *groups]) + "\n")
    return path


HEADER = "case_id,grade,gender,2.1.1,2.1.2,2.1.3"


def _texts(folder: Path) -> dict[str, Path]:
    """A million rows each ending in a stray comma (every row, and every other row: the csv module's pass),
    16,000 trailing empty columns, and a 100 MB answer cell."""
    files = {name: folder / f"{name.replace(' ', '-')}.csv" for name in ("stray", "stray half", "wide", "big cell")}
    for name, every in (("stray", 1), ("stray half", 2)):
        with files[name].open("w") as out:
            out.write(HEADER + "\n")
            for number in range(1_000_000):
                out.write(f"C{number},case manager,female,Yes,No,N/A{',' if number % every == 0 else ''}\n")
    empty = "," * 16_000
    rows = [f"C{number},case manager,female,Yes,No,N/A{empty}" for number in range(100)]
    files["wide"].write_text("\n".join([HEADER + empty, *rows]) + "\n")
    files["big cell"].write_text(f"{HEADER}\nC1,case manager,female,{'Y' * 100_000_000},No,N/A\n")
    return files


def _wide_sheet(plain: Path, target: Path) -> Path:
    """A sheet whose used range is 16,384 columns wide: every row carries styled empty cells to XFD."""
    with zipfile.ZipFile(plain) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()

    def padded(match: re.Match[str]) -> str:
        number = match.group(1)
        empty = "".join(f'<c r="{column_letter(column)}{number}" s="0"/>' for column in range(6, 16_384))
        return match.group(0).removesuffix("</row>") + empty + "</row>"

    sheet = re.sub(r'<row r="(\d+)"[^>]*>.*?</row>', padded, sheet)
    _with_part(plain, target, "xl/worksheets/sheet1.xml", sheet.encode())
    return target


def _many(folder: Path, files: int = 1000) -> Path:
    """A thousand one-case files of one standard, each with its own case id: every pair shares key
    questions, so a pairwise cross-file check is a million comparisons."""
    folder.mkdir()
    for number in range(files):
        (folder / f"cases-{number:04}.csv").write_text(
            f"case_id,grade,gender,2.1.1,2.1.2,2.1.3\nC{number},case manager,female,Yes,No,N/A\n"
        )
    return folder


def _unknown_questions(path: Path, columns: int = 10_000) -> Path:
    """A hundred cases with 10,000 columns headed like key questions crc-2018 does not have (5.0.1 ... 5.99.100):
    10,000 header problems, shown as a screenful."""
    unknown = [f"5.{n // 100}.{n % 100 + 1}" for n in range(columns)]
    row = ",".join(["case manager", "female", "Yes", "No", "N/A", *["Yes"] * columns])
    lines = [",".join(["case_id", "grade", "gender", "2.1.1", "2.1.2", "2.1.3", *unknown])]
    path.write_text("\n".join([*lines, *(f"C{number},{row}" for number in range(100))]) + "\n")
    return path


def _long_unknown_questions(path: Path, rows: int = 10_000) -> Path:
    """A long export whose question column is free text: 10,000 cases, each with its own question, none a
    key question (a pivot of every question would be 10,000 x 10,000 cells)."""
    lines = ["case_id,question,answer,grade,gender", *(f"C{n},Planning note {n},Yes,cm,male" for n in range(rows))]
    path.write_text("\n".join(lines) + "\n")
    return path


def _groups(path: Path, groups: int = 1000) -> Path:
    """A thousand cases, each in its own office: a split of the most groups a column may have, so each of
    the four standards' split tables is a thousand rows in the terminal."""
    questions = [f"2.{standard}.{n}" for standard in range(1, 5) for n in range(1, 4)]
    lines = [",".join(["case_id", "office", "grade", "gender", *questions])]
    for n in range(groups):
        answers = [("Yes", "No", "N/A")[(n + k) % 3] for k in range(len(questions))]
        lines.append(",".join([f"C{n}", f"office {n}", "case manager", "female", *answers]))
    path.write_text("\n".join(lines) + "\n")
    return path


def _quoted(folder: Path, rows: int = 1_000_000) -> dict[str, Path]:
    """A quote left open on line 2 that swallows a million case rows (closed on the last line), a million
    cases each with a comment over two lines, commas and all (nothing swallowed: every record spans lines),
    and a million cases in an old Mac file."""
    header = "case_id,grade,gender,2.1.1,2.1.2,2.1.3,notes\n"
    swallowed, comments = folder / "swallowed.csv", folder / "comments.csv"
    with swallowed.open("w") as handle:
        handle.write(header + 'C0,case manager,female,Yes,No,N/A,"open\n')
        handle.writelines(f"C{n},case manager,female,Yes,No,N/A,\n" for n in range(1, rows))
        handle.write(f'C{rows},case manager,female,Yes,No,N/A,"x"\n')
    with comments.open("w") as handle:
        handle.write(header)
        handle.writelines(f'C{n},case manager,female,Yes,No,N/A,"seen, twice\r\nthen, closed"\r\n' for n in range(rows))
    old_mac = folder / "old-mac.csv"  # lone \r line ends: one line a record, as for \n (it was the slow path)
    old_mac.write_text(
        header.replace("\n", "\r") + "".join(f"C{n},case manager,female,Yes,No,N/A,\r" for n in range(rows))
    )
    return {"swallowed": swallowed, "comments": comments, "old_mac": old_mac}


def cases(books: dict[str, Path], fifo: Path) -> dict[str, str]:
    timed = "/usr/bin/time -f '%e s %M KB' hmirate score"
    return {
        "device /dev/zero": f"{timed} /dev/zero",
        "stdin < /dev/zero": f"{timed} - < /dev/zero",
        "stdin < /dev/urandom": f"{timed} - < /dev/urandom",
        "yes | score - (256 MiB cap)": f"yes | {timed} -",
        "fifo without a writer": f"{timed} {fifo}",
        "xlsx claiming a 1.5 GB shared string": f"{timed} {books['claim']}",
        "xlsx with a real 300 MiB shared string": f"{timed} {books['bomb']}",
        "xlsx whose dimension claims A1:XFD1048576": f"{timed} {books['dimension']}",
        "1,000 files on one command line": f"{timed} {books['many']}/*.csv --format json > /dev/null",
        "10,000 unknown key-question columns": f"{timed} {books['unknown']}",
        "long export, 10,000 unknown questions": f"{timed} {books['long unknown']}",
        **{
            f"a split by 1,000 groups, tables at {width} columns": f"COLUMNS={width} {timed} {books['groups']} "
            "--by office > /dev/null"
            for width in (40, 200)
        },
        "xlsx of 100,000 rows": f"{timed} {books['rows']} > /dev/null",
        "xlsx of 100,000 rows with a formula column": f"{timed} {books['formulas']} > /dev/null",
        "a quote swallowing a million rows": f"{timed} {books['swallowed']}",
        "a million two-line comments (CRLF)": f"{timed} {books['comments']} > /dev/null",
        "a million rows ended by a lone CR": f"{timed} {books['old_mac']} > /dev/null",
        "a 100 MB grade": f"{timed} {books['label']}",
        "twelve --by columns of 100 groups": f"{timed} {books['splits']} "
        + " ".join(f"--by b{k}" for k in range(12))
        + " --format json > /dev/null",
        "1M rows each ending in a stray comma": f"{timed} {books['stray']} > /dev/null",
        "1M rows, every other ending in a stray comma": f"{timed} {books['stray half']} > /dev/null",
        "16,000 trailing empty columns": f"{timed} {books['wide']} > /dev/null",
        "xlsx with a used range 16,384 columns wide": f"{timed} {books['wide sheet']} > /dev/null",
        "100 MB answer cell": f"{timed.replace(' score', ' validate')} {books['big cell']} > /dev/null",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    args = parser.parse_args()
    bin_folder = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{bin_folder}:{os.environ['PATH']}"}
    with tempfile.TemporaryDirectory() as folder:
        fifo = Path(folder) / "cases.fifo"
        os.mkfifo(fifo)
        books = build(Path(folder))
        print(f"{'case':45} {'exit':>4} {'time and peak memory':>22}  first line of stderr")
        for name, command in cases(books, fifo).items():
            if args.only not in name:
                continue
            done = subprocess.run(["bash", "-c", command], capture_output=True, env=env, timeout=600, check=False)
            lines = done.stderr.decode(errors="replace").splitlines()
            figures = next((line for line in reversed(lines) if line.endswith(" KB")), "?")
            print(f"{name:45} {done.returncode:>4} {figures:>22}  {lines[0] if lines else ''}")


if __name__ == "__main__":
    main()
