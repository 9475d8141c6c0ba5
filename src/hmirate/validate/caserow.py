"""The case row, declared once as a pydantic model: every check and every message derives from it.

A framework's key questions become fields (aliased by their ids, ``2.1.1``), and so do its splits (required,
never blank) and the ``--by`` split columns, so the model for a file is built from the framework and the
columns that file carries. Nothing
else in hmirate knows what a valid answer, grade or case id is: :mod:`hmirate.validate.rows` asks this
model's field types (through :func:`field_adapters`) about each distinct value of a column, so changing a
rule here changes what is counted and what is reported, and nothing can disagree with it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, create_model
from pydantic_core import PydanticCustomError

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

ALL = "(all)"
"""The ``split`` and ``group`` of a key question's whole-sample figures, in every output."""

BLANK_GROUP = "(blank)"
"""The group a blank cell of a ``--by`` column falls in: extra columns may be blank, unlike the framework's."""

BLANK_MESSAGES = {
    "case_id": "blank case identifier; every case needs one",
    "grade": "blank grade; the responsible officer's grade is required",
    "gender": "blank gender; it is required",
}


def _answer(value: Any) -> str:
    text = "" if value is None else str(value)
    if not text.strip():
        raise PydanticCustomError("blank_answer", "blank answer; write Yes, No or N/A (N/A where it does not apply)")
    answer = ANSWER_SPELLINGS.get("".join(text.split()).casefold())
    if answer is None:
        raise PydanticCustomError("answer", "expected Yes, No or N/A, got {value}", {"value": repr(text)})
    return answer


def _label(column: str) -> Any:
    def check(value: Any) -> str:
        label = ("" if value is None else str(value)).strip()
        if not label:
            message = BLANK_MESSAGES.get(column, f"blank {column}; the framework splits by it, so it is required")
            raise PydanticCustomError("blank", message)
        return label

    return check


def _group(value: Any) -> str:
    return ("" if value is None else str(value)).strip() or BLANK_GROUP


Answer = Annotated[Literal["Yes", "No", "N/A"], BeforeValidator(_answer)]
CaseId = Annotated[str, BeforeValidator(_label("case_id"))]
SplitLabel = Annotated[str, BeforeValidator(_group)]
"""A ``--by`` column's value: trimmed; a blank cell is the group ``(blank)``."""


def field_name(column: str, position: int) -> str:
    """A Python name for a column's field; the column's header is the alias used in files."""
    return f"f{position}_" + "".join(c if c.isalnum() else "_" for c in column)


@lru_cache(maxsize=64)
def case_row_model(
    key_questions: tuple[str, ...], splits: tuple[str, ...], by: tuple[str, ...] = ()
) -> type[BaseModel]:
    """The pydantic model of one case row carrying these key questions, the framework's ``splits`` (a
    label each case must have) and ``--by`` split columns (a blank is a group of its own)."""
    types: list[tuple[str, Any]] = [("case_id", CaseId)]
    types += [(column, Annotated[str, BeforeValidator(_label(column))]) for column in splits]
    types += [(column, SplitLabel) for column in by]
    types += [(question, Answer) for question in key_questions]
    fields: dict[str, Any] = {
        field_name(column, position): (kind, Field(alias=column)) for position, (column, kind) in enumerate(types)
    }
    config = ConfigDict(extra="ignore", frozen=True, populate_by_name=False)
    model: type[BaseModel] = create_model("CaseRow", __config__=config, **fields)
    return model


def field_adapters(model: type[BaseModel]) -> dict[str, TypeAdapter[list[Any]]]:
    """Each column's validator, taken from the model's own field: it checks a list of the field's values.

    A column is checked value by value (its distinct values only), never row by row, so these are the
    model's field types lifted out of the model, annotations and validators included. Columns of the same
    type (every key question's answer) share one, built once.
    """
    adapters: dict[str, TypeAdapter[list[Any]]] = {}
    for name, info in model.model_fields.items():
        adapters[info.alias or name] = _adapter(info.annotation, tuple(info.metadata))  # type: ignore[arg-type]
    return adapters


@lru_cache(maxsize=256)
def _adapter(annotation: Any, metadata: tuple[Any, ...]) -> TypeAdapter[list[Any]]:
    kind: Any = Annotated[(annotation, *metadata)] if metadata else annotation
    return TypeAdapter(list[kind])
