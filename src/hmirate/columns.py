"""Every column any command reads, declared once: its name, the other headers that mean it, its type and
what a blank cell means; and the one way a header is folded to be matched.

A case file, a longlist, a population, a sample and a profile all name their columns from this table, so
``Case Reference`` is the case id for ``score`` exactly as for ``draw`` and ``check-sample``, and a grade,
a RoSH level or a date is checked by the same pydantic type whichever file carries it. Whether a column is
required is not said here: the caller says it (a framework's splits, the columns a command needs).

Spreadsheets and case-management systems put invisible characters in headers (a zero-width space after an
id, a byte order mark in the middle of a pasted row, a non-breaking space) and spell the same column many
ways (``Case ID``, ``case-id``, ``CRN``): :func:`fold` takes the noise away before any comparison.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from hmirate.errors import quoted

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
"""Removed from headers: zero-width space, non-joiner and joiner, word joiner, byte order mark, soft hyphen."""
NON_BREAKING_SPACES = "\u00a0\u202f"
"""Read as ordinary spaces in headers."""
_CLEAN = {ord(char): None for char in INVISIBLE} | {ord(char): " " for char in NON_BREAKING_SPACES}


def clean_header(name: str) -> str:
    """The header without invisible characters and surrounding spaces (non-breaking ones included)."""
    return name.translate(_CLEAN).strip()


def fold(name: str) -> str:
    """A header's folded form, for matching: lower case, runs of spaces, ``_`` and ``-`` as one ``_``."""
    return re.sub(r"[\s_\-]+", "_", clean_header(name).casefold()).strip("_")


# --- what a cell may hold -------------------------------------------------------------------------------


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


MAX_LABEL = 200
"""The most characters a case id or a label (a grade, a gender, a ``--by`` group) may have: past it the cell is
a note or a whole file pasted into one cell, and as a group name it would be drawn in every table."""


def label_text(value: Any) -> str:
    """A case id's or a label's text, cleaned as a header is (:func:`clean_header`: invisible characters
    removed, non-breaking spaces as spaces, trimmed), so ``C1`` with a zero-width space is ``C1``; and no
    longer than :data:`MAX_LABEL`."""
    text = clean_header("" if value is None else str(value))
    if len(text) > MAX_LABEL:
        raise _fail("too_long", f"is {len(text):,} characters long, over the {MAX_LABEL} a label or id may have")
    return text


def label_key(label: str) -> str:
    """What two labels that differ only by letter case or spacing have in common: ``Case  Manager`` and
    ``case manager`` are one group."""
    return " ".join(label.split()).casefold()


def spellings_joined(sizes: dict[str, int]) -> dict[str, str]:
    """Each label (with its number of cases) to the group it is counted in: labels that differ only by letter
    case or spacing (:func:`label_key`) are one group, named by the spelling most cases use (on a tie, the
    first in sorted order). Only labels that were joined to another spelling are in the result."""
    spellings: dict[str, list[str]] = {}
    for label in sizes:
        spellings.setdefault(label_key(label), []).append(label)
    joined = {}
    for labels in spellings.values():
        if len(labels) > 1:
            named = min(labels, key=lambda label: (-sizes[label], label))
            joined.update({label: named for label in sorted(labels, key=lambda label: (-sizes[label], label))})
    return joined


def joined_note(column: str, joined: dict[str, str], shown: int = 3) -> str:
    """The note for :func:`spellings_joined`'s result: which spellings became which group."""
    groups: dict[str, list[str]] = {}
    for label, named in joined.items():
        groups.setdefault(named, []).append(label)
    told = [f"{' / '.join(map(repr, labels))} as {named!r}" for named, labels in groups.items()]
    more = f"; and {len(told) - shown:,} more" if len(told) > shown else ""
    return (
        f"{column}: labels that differ only by letter case or spacing counted as one group, under the commonest "
        f"spelling: {'; '.join(told[:shown])}{more}"
    )


def _required(message: str) -> Callable[[Any], str]:
    """A label that must not be blank: cleaned (:func:`label_text`), or the column's own message."""

    def check(value: Any) -> str:
        if not (label := label_text(value)):
            raise _fail("blank", message)
        return label

    return check


def _optional(value: Any) -> str | None:
    return label_text(value) or None


YES, NO, NOT_APPLICABLE = "Yes", "No", "N/A"
ANSWERS = (YES, NO, NOT_APPLICABLE)
"""The canonical answers, in the order counts are kept (yes, no, not applicable)."""

ANSWER_SPELLINGS = {
    "yes": YES,
    "y": YES,
    "no": NO,
    "n": NO,
    "n/a": NOT_APPLICABLE,
    "na": NOT_APPLICABLE,
    "n.a.": NOT_APPLICABLE,
    "notapplicable": NOT_APPLICABLE,
}
"""Accepted spellings, compared after removing all spaces and ignoring case (``N / A``, `` yes ``)."""


def _answer(value: Any) -> str:
    text = _text(value)
    if not text:
        raise _fail("blank_answer", "blank answer; write Yes, No or N/A (N/A where it does not apply)")
    answer = ANSWER_SPELLINGS.get("".join(text.split()).casefold())
    if answer is None:
        raise PydanticCustomError("answer", "expected Yes, No or N/A, got {value}", {"value": quoted(text)})
    return answer


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


def _words(value: Any) -> str:
    return " ".join(_text(value).split()).casefold()


_SENTENCES = {_words(v): "community" for v in COMMUNITY} | {_words(v): "post-custody" for v in POST_CUSTODY}


def _sentence(value: Any) -> str:
    if (kind := _SENTENCES.get(_words(value))) is None:
        raise _fail(
            "sentence_type",
            f"unknown sentence type {quoted(_text(value))}: expected a community sentence ({', '.join(COMMUNITY[:3])}) "
            f"or post-custody ({', '.join(POST_CUSTODY[:2])}, licence, post-sentence supervision)",
        )
    return kind


def _rosh(value: Any) -> str:
    if (level := ROSH_LEVELS.get(_words(value).replace("_", " ").replace("-", " "))) is None:
        raise _fail(
            "rosh",
            f"unknown RoSH level {quoted(_text(value))}: "
            "expected Low, Medium, High, Very high or RLRH, RMRH, RHRH, RVRH",
        )
    return level


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(value: Any) -> dt.date | None:
    """ISO dates (``2019-03-31``, or Excel's ``2019-03-31T00:00:00``) and ``31/03/2019``; blank is None."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = _text(value)
    if not text:
        return None
    try:
        if match := _DMY.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10] if text[10:11] == "T" else text)
    except ValueError:
        raise _fail("date", f"{quoted(text)} is not a date: use YYYY-MM-DD or DD/MM/YYYY") from None


def _start_date(value: Any) -> dt.date:
    if (date := parse_date(value)) is None:
        raise _fail("blank", "is blank: every case needs a start date (sentence or release on licence)")
    return date


def _reserve(value: Any) -> bool:
    text = _words(value)
    if text not in ("yes", "no", ""):
        raise _fail("reserve", f"expected yes or no, got {quoted(_text(value))}")
    return text == "yes"


BLANK_GROUP = "(blank)"
"""The group a blank cell of a split column whose blanks are allowed falls in."""


def _group(value: Any) -> str:
    return label_text(value) or BLANK_GROUP


CaseId = Annotated[str, BeforeValidator(_required("blank case identifier; every case needs one"))]
Grade = Annotated[str, BeforeValidator(_required("blank grade; the responsible officer's grade is required"))]
Gender = Annotated[str, BeforeValidator(_required("blank gender; it is required"))]
Answer = Annotated[Literal["Yes", "No", "N/A"], BeforeValidator(_answer)]
Text = Annotated[str | None, BeforeValidator(_optional)]
"""A name, a PNC number, a team: cleaned as a label (:func:`label_text`); a blank cell is None."""
Label = Annotated[str, BeforeValidator(_group)]
"""Any other column's value (a ``--by`` column, a stratum): cleaned as a header is; a blank cell is the group
``(blank)``."""
OptionalDate = Annotated[dt.date | None, BeforeValidator(parse_date)]
StartDate = Annotated[dt.date, BeforeValidator(_start_date)]
SentenceType = Annotated[Literal["community", "post-custody"], BeforeValidator(_sentence)]
Rosh = Annotated[Literal["low", "medium", "high", "very high"], BeforeValidator(_rosh)]
Reserve = Annotated[bool, BeforeValidator(_reserve)]


def _place(what: str) -> Any:
    return Annotated[str, BeforeValidator(_required(f"is blank: every case needs its {what}"))]


Cluster = _place("cluster")
Ldu = _place("LDU")
Officer = _place("officer")


@dataclass(frozen=True)
class Column:
    """One column as every file kind names it: ``type`` checks a cell and says what a blank means."""

    name: str
    aliases: tuple[str, ...]
    type: Any
    blank: str
    """What a blank cell means, in words (the type enforces it)."""


COLUMNS = {
    column.name: column
    for column in (
        Column(
            "case_id", ("case id", "case ref", "case reference", "case reference number", "crn"), CaseId, "an error"
        ),
        Column("grade", ("grade of officer", "officer grade"), Grade, "an error"),
        Column("gender", ("sex",), Gender, "an error"),
        Column("pnc", ("pnc number", "pnc no", "pnc id"), Text, "none: matches no other case"),
        Column("first_name", ("first name", "forename", "given name"), Text, "none: matches no other case"),
        Column("family_name", ("family name", "surname", "last name"), Text, "none: matches no other case"),
        Column("dob", ("date of birth", "birth date"), OptionalDate, "none: matches no other case"),
        Column("sentence_type", ("sentence type", "sentence", "order type"), SentenceType, "an error"),
        Column(
            "rosh",
            ("rosh level", "rosh classification", "risk of serious harm", "risk of serious harm level"),
            Rosh,
            "an error",
        ),
        Column("start_date", ("start date", "sentence date", "commencement date"), StartDate, "an error"),
        Column("end_date", ("end date", "termination date"), OptionalDate, "none"),
        Column("cluster", (), Cluster, "an error"),
        Column("ldu", ("local delivery unit", "delivery unit"), Ldu, "an error"),
        Column("team", (), Text, "none"),
        Column("officer", ("responsible officer", "ro", "offender manager"), Officer, "an error"),
        Column("disposal", (), Label, "the group (blank)"),
        Column("stratum", (), Label, "the group (blank)"),
        Column("reserve", (), Reserve, "no"),
    )
}
"""Every column hmirate reads by name (key questions are read by their ids, each of type :data:`Answer`)."""

FOLDED_ALIASES = {fold(alias): column.name for column in COLUMNS.values() for alias in (column.name, *column.aliases)}
"""Every accepted spelling of a column, folded, to the column it names."""


def column_of(header: str) -> str | None:
    """The declared column a header names (by name or alias, folded), or None."""
    return FOLDED_ALIASES.get(fold(header))


def type_of(name: str) -> Any:
    """A column's type; a column not declared here (a ``--by`` or stratum column) holds labels."""
    column = COLUMNS.get(name)
    return Label if column is None else column.type


# --- the headers that say what shape a file is ----------------------------------------------------------

LEADING_ID = re.compile(r"^(?:kq|q)?[\s:.\-]*(\d+\.\d+\.\d+)(?![\d]|\.\d)", re.IGNORECASE)
"""A header that starts with a key-question id, optionally after ``Q`` or ``KQ``: ``2.4.1 Does ...``,
``Q2.4.1:``, ``KQ 2.4.1 -``. The id must end there: ``2.4.10`` is not ``2.4.1``, ``2.4.1.2`` is no id."""

LONG_QUESTION = ("question", "key_question")
LONG_ANSWER = "answer"


def leading_id(name: str) -> str | None:
    """The key-question id a header starts with, or None."""
    match = LEADING_ID.match(clean_header(name))
    return match.group(1) if match else None


def looks_like_cases(header: list[str]) -> bool:
    """Whether a header row is a case export: a case id column and a key-question column or a long export's
    question column. Used to choose the sheet of a workbook."""
    folded = [fold(name) for name in header]
    has_id = any(FOLDED_ALIASES.get(name) == "case_id" for name in folded)
    return has_id and (any(leading_id(name) for name in header) or any(name in LONG_QUESTION for name in folded))


def is_long(header: list[str]) -> bool:
    """Whether a header is a long export's: case id, question and answer columns, no key-question columns."""
    folded = [fold(name) for name in header]
    return (
        any(FOLDED_ALIASES.get(name) == "case_id" for name in folded)
        and any(name in LONG_QUESTION for name in folded)
        and LONG_ANSWER in folded
        and not any(leading_id(name) for name in header)
    )
