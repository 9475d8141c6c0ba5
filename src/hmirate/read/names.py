"""What a header cell says once the noise exports add is taken away: shared by the reader and validation.

Spreadsheets and case-management systems put invisible characters in headers (a zero-width space after
an id, a byte order mark in the middle of a pasted row, a non-breaking space), and spell the same column
many ways (``Case ID``, ``case-id``, ``CRN``). The reader needs this to choose the sheet that holds the
cases and to recognise a long export; validation needs it to match headers to columns. One definition
serves both, so they cannot disagree about what a header is.
"""

from __future__ import annotations

import re

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
"""Removed from headers: zero-width space, non-joiner and joiner, word joiner, byte order mark, soft hyphen."""
NON_BREAKING_SPACES = "\u00a0\u202f"
"""Read as ordinary spaces in headers."""
_CLEAN = {ord(char): None for char in INVISIBLE} | {ord(char): " " for char in NON_BREAKING_SPACES}

ALIASES = {
    "case_id": ("case id", "case ref", "crn"),
    "grade": ("grade of officer", "officer grade"),
    "gender": ("sex",),
}
"""Other names accepted for the required columns, compared folded (case, spaces, ``_`` and ``-`` ignored)."""

LEADING_ID = re.compile(r"^(?:kq|q)?[\s:.\-]*(\d+\.\d+\.\d+)(?![\d]|\.\d)", re.IGNORECASE)
"""A header that starts with a key-question id, optionally after ``Q`` or ``KQ``: ``2.4.1 Does ...``,
``Q2.4.1:``, ``KQ 2.4.1 -``. The id must end there: ``2.4.10`` is not ``2.4.1``, ``2.4.1.2`` is no id."""

LONG_QUESTION = ("question", "key_question")
LONG_ANSWER = "answer"


def clean_header(name: str) -> str:
    """The header without invisible characters and surrounding spaces (non-breaking ones included)."""
    return name.translate(_CLEAN).strip()


def fold(name: str) -> str:
    """A header's folded form, for matching: lower case, runs of spaces, ``_`` and ``-`` as one ``_``."""
    return re.sub(r"[\s_\-]+", "_", clean_header(name).casefold()).strip("_")


FOLDED_ALIASES = {fold(alias): column for column, aliases in ALIASES.items() for alias in (column, *aliases)}
"""Every accepted spelling of a required column, folded, to the column it names."""


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
