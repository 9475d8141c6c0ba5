"""The case row, declared once as a pydantic model: every check and every message derives from it.

A framework's key questions become fields (aliased by their ids, ``2.1.1``), so the model for a file is
built from the framework and the key questions that file carries. The fast bulk check in
:mod:`hmirate.validate.rows` uses the very normalising functions below, then hands only failing rows to the
model, so its messages are pydantic's and the two cannot disagree.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError

YES, NO, NOT_APPLICABLE = "Yes", "No", "N/A"
ANSWER_CODES = {NO: 0, YES: 1, NOT_APPLICABLE: 2}
"""How answers are held for counting: small integers; -1 marks a question a file does not carry."""

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

REQUIRED_COLUMNS = ("case_id", "grade", "gender")

BLANK_MESSAGES = {
    "case_id": "blank case identifier; every case needs one",
    "grade": "blank grade; the responsible officer's grade is required",
    "gender": "blank gender; it is required",
}


def normalise_answer(value: str) -> str | None:
    """The canonical answer for a cell, or None if it is not an accepted spelling."""
    return ANSWER_SPELLINGS.get("".join(value.split()).casefold())


def normalise_label(value: str) -> str | None:
    """A grade, gender or case id as kept: trimmed; None when blank."""
    stripped = value.strip()
    return stripped or None


def _answer(value: Any) -> str:
    text = "" if value is None else str(value)
    if not text.strip():
        raise PydanticCustomError("blank_answer", "blank answer; write Yes, No or N/A (N/A where it does not apply)")
    answer = normalise_answer(text)
    if answer is None:
        raise PydanticCustomError("answer", "expected Yes, No or N/A, got {value}", {"value": repr(text)})
    return answer


def _label(column: str):
    def check(value: Any) -> str:
        label = normalise_label("" if value is None else str(value))
        if label is None:
            raise PydanticCustomError("blank", BLANK_MESSAGES[column])
        return label

    return check


Answer = Annotated[Literal["Yes", "No", "N/A"], BeforeValidator(_answer)]


def field_name(key_question: str) -> str:
    """A Python name for a key-question field; the id itself is the alias used in files."""
    return "q_" + key_question.replace(".", "_")


@lru_cache(maxsize=64)
def case_row_model(key_questions: tuple[str, ...]) -> type[BaseModel]:
    """The pydantic model of one case row carrying these key questions."""
    fields: dict[str, Any] = {
        column: (Annotated[str, BeforeValidator(_label(column))], ...) for column in REQUIRED_COLUMNS
    }
    for question in key_questions:
        fields[field_name(question)] = (Answer, Field(alias=question))
    return create_model("CaseRow", __config__=ConfigDict(extra="ignore", frozen=True), **fields)
