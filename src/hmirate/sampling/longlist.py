"""The longlist: every case in the inspected area and period, read and checked before anything is drawn.

Columns are matched like case-file headers, ignoring case, spaces, hyphens and underscores, and by the
aliases case-management exports use (``CRN`` for ``case_id``, ``Responsible Officer`` for ``officer``).
Every documented column is optional: a rule whose columns are absent does not run, so a plain population
file (``case_id,gender,disposal,rosh``) is a longlist too. Values are checked with pydantic, each distinct
value of a column once; any problem stops the draw with ``file:line: column: message`` for every row
at fault, so nothing is ever drawn from part of a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from hmirate.errors import InvalidData, Problem
from hmirate.read.csv import read_file

COMMUNITY = (
    "ORA Community Order",
    "ORA Suspended Sentence Order",
    "CJA - Youth Rehabilitation Order",
    "community order",
    "suspended sentence order",
    "youth rehabilitation order",
    "community",
)
POST_CUSTODY = (
    "Adult Licence",
    "ORA Supervision Default Order",
    "licence",
    "license",
    "post-sentence supervision",
    "PSS",
    "post-custody",
)
ROSH_LEVELS = {
    "low": "low",
    "medium": "medium",
    "high": "high",
    "very high": "very high",
    "rlrh": "low",
    "rmrh": "medium",
    "rhrh": "high",
    "rvrh": "very high",
}

ALIASES: dict[str, tuple[str, ...]] = {
    "case_id": ("crn", "case reference", "case reference number", "case id"),
    "pnc": ("pnc number", "pnc no", "pnc id"),
    "first_name": ("first name", "forename", "given name"),
    "family_name": ("family name", "surname", "last name"),
    "dob": ("date of birth", "birth date"),
    "gender": ("sex",),
    "sentence_type": ("sentence type", "sentence", "order type"),
    "rosh": ("rosh level", "rosh classification", "risk of serious harm", "risk of serious harm level"),
    "start_date": ("start date", "sentence date", "commencement date"),
    "end_date": ("end date", "termination date"),
    "cluster": (),
    "ldu": ("local delivery unit", "delivery unit"),
    "team": (),
    "officer": ("responsible officer", "ro", "offender manager"),
}
"""Each documented column and the other headers that mean it (matched by :func:`column_key`)."""


def column_key(header: str) -> str:
    """``Responsible Officer``, ``responsible_officer`` and ``RESPONSIBLE-OFFICER`` are one column."""
    return re.sub(r"[\s_\-]+", "_", header.strip().casefold())


HEADERS = {column_key(alias): name for name, aliases in ALIASES.items() for alias in (name, *aliases)}


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("longlist", message)


def _words(value: str) -> str:
    return " ".join(value.split()).casefold()


def _text(value: Any) -> str:
    return str(value).strip()


def _gender(value: Any) -> str:
    text = _words(str(value))
    if not text:
        raise _fail("is blank: expected male, female or another gender")
    return {"m": "male", "male": "male", "f": "female", "female": "female"}.get(text, "other")


_SENTENCES = {_words(v): "community" for v in COMMUNITY} | {_words(v): "post-custody" for v in POST_CUSTODY}


def _sentence(value: Any) -> str:
    if (kind := _SENTENCES.get(_words(str(value)))) is None:
        raise _fail(
            f"unknown sentence type {str(value).strip()!r}: expected a community sentence "
            f"({', '.join(COMMUNITY[:3])}) or post-custody ({', '.join(POST_CUSTODY[:2])}, licence, "
            "post-sentence supervision)"
        )
    return kind


def _rosh(value: Any) -> str:
    if (level := ROSH_LEVELS.get(_words(str(value)).replace("_", " ").replace("-", " "))) is None:
        raise _fail(
            f"unknown RoSH level {str(value).strip()!r}: expected Low, Medium, High, Very high or RLRH, RMRH, "
            "RHRH, RVRH"
        )
    return level


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(value: Any) -> dt.date | None:
    """ISO dates (``2019-03-31``, or Excel's ``2019-03-31T00:00:00``) and ``31/03/2019``; blank is None."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    if not text:
        return None
    try:
        if match := _DMY.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10] if text[10:11] == "T" else text)
    except ValueError:
        raise _fail(f"{text!r} is not a date: use YYYY-MM-DD or DD/MM/YYYY") from None


def _required_date(value: Any) -> dt.date:
    if (date := parse_date(value)) is None:
        raise _fail("is blank: every case needs a start date (sentence or release on licence)")
    return date


def _place(column: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = str(value).strip()
        if not text:
            raise _fail(f"is blank: every case needs its {column}")
        return text

    return check


Text = Annotated[str, BeforeValidator(_text)]
OptionalDate = Annotated[dt.date | None, BeforeValidator(parse_date)]
Gender = Annotated[Literal["male", "female", "other"], BeforeValidator(_gender)]
SentenceType = Annotated[Literal["community", "post-custody"], BeforeValidator(_sentence)]
Rosh = Annotated[Literal["low", "medium", "high", "very high"], BeforeValidator(_rosh)]
StartDate = Annotated[dt.date, BeforeValidator(_required_date)]
Cluster = Annotated[str, BeforeValidator(_place("cluster"))]
Ldu = Annotated[str, BeforeValidator(_place("LDU"))]
Officer = Annotated[str, BeforeValidator(_place("officer"))]


class LonglistCase(BaseModel):
    """One case of the longlist as the sampler sees it; a column the file lacks stays None."""

    model_config = ConfigDict(frozen=True)

    case_id: Text | None = None
    pnc: Text | None = None
    first_name: Text | None = None
    family_name: Text | None = None
    dob: OptionalDate = None
    gender: Gender | None = None
    sentence_type: SentenceType | None = None
    rosh: Rosh | None = None
    start_date: StartDate | None = None
    end_date: OptionalDate = None
    cluster: Cluster | None = None
    ldu: Ldu | None = None
    team: Text | None = None
    officer: Officer | None = None


FIELD_TYPES: dict[str, Any] = {
    "case_id": Text,
    "pnc": Text,
    "first_name": Text,
    "family_name": Text,
    "dob": OptionalDate,
    "gender": Gender,
    "sentence_type": SentenceType,
    "rosh": Rosh,
    "start_date": StartDate,
    "end_date": OptionalDate,
    "cluster": Cluster,
    "ldu": Ldu,
    "team": Text,
    "officer": Officer,
}
"""Each column's type without the None for an absent column: what each distinct value is checked against."""

_ADAPTERS = {name: TypeAdapter(kind) for name, kind in FIELD_TYPES.items()}


@dataclass
class Longlist:
    """The file as read (header and text rows, kept for the output) and each row as a checked case."""

    name: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    columns: dict[str, int]
    """Documented column -> its position in the header, for the columns the file has."""
    cases: list[LonglistCase]
    notes: list[str]

    def has(self, *names: str) -> bool:
        return all(name in self.columns for name in names)

    def position(self, header: str) -> int | None:
        """Where a column named on the command line is: documented names and aliases, then any header."""
        key = column_key(header)
        if (name := HEADERS.get(key)) is not None and name in self.columns:
            return self.columns[name]
        keys = [column_key(cell) for cell in self.header]
        return keys.index(key) if key in keys else None

    def values(self, header: str) -> list[str]:
        """A column's cells as text, trimmed, in file order (for ``--strata`` and ``--nest`` columns)."""
        position = self.position(header)
        if position is None:
            raise InvalidData([Problem(self.name, 1, None, f"missing stratum column '{header}'")])
        return [row[position].strip() for row in self.rows]


def match_columns(name: str, header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    columns: dict[str, int] = {}
    problems = []
    for position, cell in enumerate(header):
        documented = HEADERS.get(column_key(cell))
        if documented is None:
            continue
        if documented in columns:
            first = header[columns[documented]]
            problems.append(Problem(name, 1, cell, f"is {documented} again (already read from '{first}'): keep one"))
            continue
        columns[documented] = position
    return columns, problems


def _message(error: ValidationError) -> str:
    detail = error.errors()[0]
    return str(detail["msg"]).removeprefix("Value error, ")


def load_longlist(path: str, *, sheet: str | None = None) -> Longlist:
    """Read and check a longlist (CSV or .xlsx, ``-`` for stdin); every problem is reported at once."""
    raw = read_file(path, sheet=sheet)
    if raw.problems:
        raise InvalidData(raw.problems)
    rows = [list(row) for row in zip(*(column.to_pylist() for column in raw.frame.columns), strict=True)]
    if not rows:
        raise InvalidData([Problem(raw.name, None, None, "has no cases, only a header")])
    return check_longlist(raw.name, list(raw.header), rows, list(raw.lines), list(raw.notes))


def check_longlist(name: str, header: list[str], rows: list[list[str]], lines: list[int], notes: list[str]) -> Longlist:
    """Check every documented column's values, each distinct value once, and build the cases."""
    lines = lines or [index + 2 for index in range(len(rows))]
    columns, problems = match_columns(name, header)
    values: dict[str, list[Any]] = {}
    found: list[tuple[int, int, Problem]] = []
    for field, position in columns.items():
        adapter, checked = _ADAPTERS[field], {}
        for text in {row[position] for row in rows}:  # each distinct value once
            try:
                checked[text] = adapter.validate_python(text)
            except ValidationError as error:
                checked[text] = error
        values[field] = [checked[row[position]] for row in rows]
        for index, value in enumerate(values[field]):
            if isinstance(value, ValidationError):
                found.append((index, position, Problem(name, lines[index], header[position], _message(value))))
    if problems or found:
        raise InvalidData(problems + [problem for _, _, problem in sorted(found, key=lambda f: (f[0], f[1]))])
    cases = [LonglistCase.model_construct(**{field: values[field][i] for field in values}) for i in range(len(rows))]
    return Longlist(name, header, rows, lines, columns, cases, notes)
