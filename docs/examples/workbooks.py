"""Write the two workbooks docs/input.md reads, in the current directory: a CSV cannot show them, printf cannot
make them.

- book.xlsx: sheets ReadMe, Cases (the bundled case-supervision sample's 100 cases) and Lookups, so hmirate
  must find the sheet with the case columns;
- formula.xlsx: one case whose 2.1.1 is a formula openpyxl saves without a value, as a workbook a program
  wrote and nobody opened in Excel has it.

    python docs/examples/workbooks.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "hiow-crc-2019" / "case-supervision.csv"


def save(path: str, sheets: dict[str, list[list[str]]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


if __name__ == "__main__":
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        cases = list(csv.reader(handle))
    readme = [["Case sample, case supervision"], ["One row per case; answers Yes, No or N/A."]]
    lookups = [["grade"], ["case manager"], ["senior case manager"]]
    save("book.xlsx", {"ReadMe": readme, "Cases": cases, "Lookups": lookups})
    header = ["case_id", "grade", "gender", "2.1.1", "2.1.2", "2.1.3"]
    save("formula.xlsx", {"Cases": [header, ["A1", "case manager", "female", '=IF(TRUE,"Yes","No")', "No", "N/A"]]})
