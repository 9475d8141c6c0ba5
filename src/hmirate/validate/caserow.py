"""The case row, declared once as a pydantic model: every check and every message derives from it.

A framework's key questions become fields (aliased by their ids, ``2.1.1``), and so do its splits (required,
never blank) and the ``--by`` split columns, so the model for a file is built from the framework and the
columns that file carries. Nothing
else in hmirate knows what a valid answer, grade or case id is: :mod:`hmirate.validate.rows` asks this
model's field types (through :func:`field_adapters`) about each distinct value of a column, so changing a
rule here changes what is counted and what is reported, and nothing can disagree with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, create_model
from pydantic_core import PydanticCustomError

from hmirate.columns import ANSWERS, BLANK_GROUP, COLUMNS, Answer, label_text, type_of

__all__ = ["ALL", "ANSWERS", "BLANK_GROUP", "case_row_model", "column_adapters", "field_adapters"]

ALL = "(all)"
"""The ``split`` and ``group`` of a key question's whole-sample figures, in every output."""


def _required(column: str) -> Any:
    """A framework split's type: the declared column's when a blank is an error there (grade, gender,
    officer), else a label that must not be blank (a framework's ``office``, a declared ``team``)."""
    declared = COLUMNS.get(column)
    if declared is not None and declared.blank == "an error":
        return declared.type

    def check(value: Any) -> str:
        label = label_text(value)
        if not label:
            raise PydanticCustomError("blank", f"blank {column}; the framework splits by it, so it is required")
        return label

    return Annotated[str, BeforeValidator(check)]


def field_name(column: str, position: int) -> str:
    """A Python name for a column's field; the column's header is the alias used in files."""
    return f"f{position}_" + "".join(c if c.isalnum() else "_" for c in column)


@lru_cache(maxsize=64)
def case_row_model(
    key_questions: tuple[str, ...], splits: tuple[str, ...], by: tuple[str, ...] = ()
) -> type[BaseModel]:
    """The pydantic model of one case row carrying these key questions, the framework's ``splits`` (a
    label each case must have) and ``--by`` split columns (a declared column's type, else a label whose
    blank is a group of its own)."""
    types: list[tuple[str, Any]] = [("case_id", type_of("case_id"))]
    types += [(column, _required(column)) for column in splits]
    types += [(column, type_of(column)) for column in by]
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


def column_adapters(names: Iterable[str]) -> dict[str, TypeAdapter[list[Any]]]:
    """Each declared column's validator (:func:`~hmirate.columns.type_of`), for files that are not case files:
    longlists, populations and samples are checked by the same engine and the same types."""
    return {name: _adapter(type_of(name), ()) for name in names}
