"""Play the inspectors: fill a recording template (``hmirate template --sample``) with seeded random answers.

    python docs/examples/fill_template.py cases.xlsx [--seed 19] [--paste CELL=TEXT ...] [--cannot N]

Every main case gets a grade and an answer to every key question (N/A only on relevant sub-sample questions),
except the first ``--cannot`` main cases (2) of strata that have reserves: those rows are left empty and the
first reserve of their stratum is recorded instead, as the ReadMe sheet says. ``--paste F12=Maybe`` then
writes text into a cell past its drop-down, as a paste does in Excel. The same seed writes the same answers.
For docs/sampling.md's walk-through; not part of hmirate.
"""

from __future__ import annotations

import argparse
import random
import re

import openpyxl

GRADES = ("senior case manager", "case manager")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--cannot", type=int, default=2)
    parser.add_argument("--paste", action="append", default=[], metavar="CELL=TEXT")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    book = openpyxl.load_workbook(args.workbook)
    sheet = book["Cases"]
    header = [cell.value for cell in sheet[1]]
    reserve_at, stratum_at = header.index("reserve"), header.index("stratum")
    questions = [(n, name) for n, name in enumerate(header) if re.fullmatch(r"\d+\.\d+\.\d+", name)]
    subsample = {n for n, _ in questions if "Relevant sub-sample" in sheet.cell(row=1, column=n + 1).comment.text}
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_col=len(header))]
    reserves = [number for number, row in enumerate(rows, 2) if row[reserve_at] == "yes"]
    with_reserves = {rows[number - 2][stratum_at] for number in reserves}
    main_cases = [number for number, row in enumerate(rows, 2) if row[reserve_at] == "no"]
    cannot = [number for number in main_cases if rows[number - 2][stratum_at] in with_reserves][: args.cannot]
    stand_in = []
    for number in cannot:
        stratum = rows[number - 2][stratum_at]
        stand_in.append(next(r for r in reserves if rows[r - 2][stratum_at] == stratum and r not in stand_in))
    for number in [*main_cases, *stand_in]:
        if number in cannot:
            continue
        sheet.cell(row=number, column=header.index("grade") + 1).value = rng.choice(GRADES)
        for column, _ in questions:
            choices = ("Yes", "Yes", "No", "N/A") if column in subsample else ("Yes", "Yes", "Yes", "No")
            sheet.cell(row=number, column=column + 1).value = rng.choice(choices)
    for paste in args.paste:
        cell, _, text = paste.partition("=")
        sheet[cell] = text
    book.save(args.workbook)


if __name__ == "__main__":
    main()
