"""A worksheet's XML read in one streaming pass, each cell straight to the text a person sees.

openpyxl builds an element and a dictionary per cell and parses a sheet again for each question asked of it
(its size when a workbook is opened, its formulas, its values): a 100,000-row sheet took 8 s, 21 s with a
formula column. Here expat (C) calls back per tag and the sheet is walked once, giving each row's cells as
text and the cells holding a formula with no saved value, so nothing needs a second pass. openpyxl still
reads the workbook's own parts (the sheet list, shared strings, number formats), which are small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

_BLOCK = 1 << 16


@dataclass(frozen=True)
class Formats:
    """What a cell's number needs from the workbook: the shared strings and which styles are dates."""

    shared_strings: list[str]
    date_styles: frozenset[int]
    timedelta_styles: frozenset[int]
    epoch: dt.datetime


@dataclass
class Row:
    """One row as the sheet has it: its number, its cells as text (blank where empty), and the indices
    of cells holding a formula that was never calculated."""

    number: int
    cells: list[str]
    uncalculated: list[int]


class DamagedSheet(Exception):
    """The sheet's XML or a value in it cannot be read (a shared string that is not there, bad XML)."""


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, dates in ISO form, empty cells as blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # Excel stores dates as midnight datetimes
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _column_index(reference: str) -> int:
    """``C12`` -> 2: the letters of a cell reference as a 0-based column index."""
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            break
    return index - 1


def _number(value: str) -> int | float:
    return float(value) if "." in value or "E" in value or "e" in value else int(value)


def rows(stream: IO[bytes], formats: Formats, limit: int | None = None) -> Iterator[Row]:
    """The sheet's rows in order, as the XML has them (rows it leaves out are not made up); with ``limit``,
    stop after that many rows."""
    strings = formats.shared_strings
    dates, durations = formats.date_styles, formats.timedelta_styles
    done: list[Row] = []
    names: dict[str, str] = {}
    numbers: dict[str, str] = {}
    row: Row | None = None
    last_row = 0
    column = -1
    kind = "n"
    style = 0
    formula = False
    value: str | None = None
    text: list[str] | None = None
    phonetic = 0

    def local(name: str) -> str:
        tag = names.get(name)
        if tag is None:
            tag = names[name] = name.rpartition(":")[2]
        return tag

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row, last_row, column, kind, style, formula, value, text, phonetic
        tag = names.get(name) or local(name)
        if tag == "c":
            reference = attributes.get("r")
            column = _column_index(reference) if reference else column + 1
            kind = attributes.get("t", "n")
            style = int(attributes.get("s", 0) or 0)
            formula, value = False, None
        elif tag == "v" or (tag == "t" and not phonetic):
            text = []
        elif tag == "f":
            formula = True
        elif tag == "row":
            number = attributes.get("r")
            last_row = int(float(number)) if number else last_row + 1
            row, column = Row(last_row, [], []), -1
        elif tag == "rPh":
            phonetic += 1

    def end(name: str) -> None:
        nonlocal value, text, phonetic
        tag = names.get(name) or local(name)
        if tag == "c":
            if row is not None:
                _put(row, column, _cell(value), formula and value is None)
        elif tag == "v":
            if text is not None:
                value = "".join(text) or None
            text = None
        elif tag == "t":
            if text is not None and kind == "inlineStr":
                value = (value or "") + "".join(text)
            text = None
        elif tag == "row":
            if row is not None:
                done.append(row)
        elif tag == "rPh":
            phonetic -= 1

    def characters(data: str) -> None:
        if text is not None:
            text.append(data)

    def _cell(value: str | None) -> str:
        if value is None:
            return ""
        if kind == "n":
            if style in dates:
                return cell_text(_date(value))
            shown = numbers.get(value)
            if shown is None:
                shown = numbers[value] = cell_text(_number(value))
            return shown
        if kind == "s":
            return strings[int(value)]
        if kind == "b":
            return "TRUE" if value.strip() not in ("0", "") else "FALSE"
        if kind == "d":
            return cell_text(_iso(value))
        return value  # str (a formula's text), inlineStr, e (an error such as #N/A)

    def _date(value: str) -> Any:
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(_number(value), formats.epoch, timedelta=style in durations)
        except (OverflowError, ValueError):
            return "#VALUE!"  # as openpyxl reads a date serial out of range

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    given = 0
    try:
        while block := stream.read(_BLOCK):
            parser.Parse(block, False)
            for found in done:
                yield found
                given += 1
                if limit is not None and given >= limit:
                    return
            done.clear()
        parser.Parse(b"", True)
    except (expat.ExpatError, ValueError, IndexError, KeyError, OverflowError) as error:
        raise DamagedSheet(str(error)) from None
    yield from done[: None if limit is None else limit - given]


def _put(row: Row, column: int, text: str, uncalculated: bool) -> None:
    cells = row.cells
    if column < 0 or column > 16383:  # past XFD: not a column a workbook can have
        raise ValueError(f"cell in column {column + 1}")
    if column >= len(cells):
        if not text and not uncalculated:
            return
        cells.extend([""] * (column + 1 - len(cells)))
    cells[column] = text
    if uncalculated:
        row.uncalculated.append(column)


def _iso(value: str) -> Any:
    from openpyxl.utils.datetime import from_ISO8601

    return from_ISO8601(value)
