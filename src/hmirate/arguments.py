"""The library's front doors check their arguments with pydantic: a bad one is a UsageError naming its parameter.

"Anything but an HmirateError is a bug" (docs/library.md): a value of the wrong kind (None for a path, 123 for a
framework, ``[None]`` for columns) would otherwise fail deep inside as pandas' ValueError or a TypeError. Each
front door is decorated with :func:`checked`, which has pydantic's ``validate_call`` check a call against the
function's own annotations, strictly (no text read as a number, no bytes as text, no True as 1), before the body
runs. The first thing wrong becomes a :class:`~hmirate.errors.UsageError` that names the parameter in backquotes,
says what it takes and shows what it got (```by` item 1 must be a string, not None``), so the CLI words it as
its flag. What the body itself raises passes through untouched: only the arguments are checked here. Ranges and
rules between parameters stay with the code that owns them (:class:`~hmirate.settings.Settings`, say).

Two shapes recur in the signatures, declared here once: :data:`OneOrMany` (a list, or one bare item, so
``by="office"`` is one column, as ``--by office`` is, and as ``score("cases.csv")`` is one file) and
:data:`Many` (a list, tuple, set or iterator, such as a glob, taken in order). :data:`FilePath` is a path as
text or as a ``pathlib.Path``. Mypy sees each as what a caller may pass; pydantic sees what the body is given.
"""

from __future__ import annotations

import functools
import inspect
import os
import reprlib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeAlias, TypeVar

from pydantic import BeforeValidator, ConfigDict, PlainValidator, ValidationError, validate_call
from pydantic_core import ErrorDetails, PydanticCustomError

from hmirate.errors import UsageError, counted

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def is_many(value: object) -> bool:
    """Whether a value is several items: any iterable but text, bytes, a mapping or a pandas table (a DataFrame is
    one source, not its column names; a Series is not a list of columns)."""
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        return False
    kind = type(value)
    return not (kind.__module__.startswith("pandas") and kind.__name__ in ("DataFrame", "Series"))


def _one_or_many(value: object) -> object:
    return list(value) if is_many(value) else [value]  # type: ignore[call-overload]


def _many(value: object) -> object:
    return list(value) if is_many(value) else value  # type: ignore[call-overload]


def _path(value: object) -> str:
    """A path as text; an empty string is none (it would be read as standard input where ``-`` is meant)."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not value:
        raise PydanticCustomError("path", "a path")
    return value


if TYPE_CHECKING:
    OneOrMany: TypeAlias = T | Iterable[T]
    Many: TypeAlias = Iterable[T]
    FilePath: TypeAlias = str | os.PathLike[str]
else:
    OneOrMany = Annotated[list[T], BeforeValidator(_one_or_many)]
    """One item, or any collection or iterator of items (:func:`is_many`); the body is given a list."""
    Many = Annotated[list[T], BeforeValidator(_many)]
    """Any collection or iterator of items (:func:`is_many`); the body is given a list."""
    FilePath = Annotated[str, PlainValidator(_path)]
    """A path as text or an ``os.PathLike`` (``pathlib.Path``); the body is given text."""

CONFIG = ConfigDict(strict=True, allow_inf_nan=False, arbitrary_types_allowed=True)
"""Strict: ``"5"`` is not 5, ``b"x"`` is not text, True is not 1; an int is still a float. No setting is infinite
or NaN (the CLI's numbers are finite too). Arbitrary types (a Fraction) are checked with isinstance."""


def checked(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` with its arguments checked against its annotations first, each bad one a UsageError.

    pydantic validates the call and hands the checked values to a function that returns them, and ``function`` is
    called with those outside the check, so no error of its own is mistaken for a bad argument. A numpy number
    (what pandas' sums and counts give) is taken as the Python number it holds.
    """

    @functools.wraps(function)
    def arguments(*args: Any, **kwargs: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return args, kwargs

    @functools.cache
    def validate() -> Callable[..., tuple[tuple[Any, ...], dict[str, Any]]]:
        return validate_call(config=CONFIG)(arguments)  # about 3 ms a function: made on its first call, not at import

    @functools.wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        given = [_plain(value) for value in args], {name: _plain(value) for name, value in kwargs.items()}
        try:
            values, named = validate()(*given[0], **given[1])
        except ValidationError as error:
            raise _usage_error(error, function, *given) from None
        return function(*values, **named)

    return call


def _plain(value: object) -> object:
    """A numpy scalar as the Python value it holds; anything else as it is (numpy is never imported here)."""
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
        return value.item()  # type: ignore[attr-defined]
    return value


PHRASES = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "True or False",
    "callable_type": "a function",
    "list_type": "a list",
    "tuple_type": "a tuple",
    "date_type": "a date",
    "dict_type": "a dict",
}
"""What a parameter takes, said for each kind of pydantic error; a type of hmirate's own says it in its message."""


def _phrase(error: ErrorDetails) -> str:
    context = error.get("ctx") or {}
    if error["type"] in PHRASES:
        return PHRASES[error["type"]]
    if error["type"] == "is_instance_of":
        return _a(str(context.get("class")))
    if error["type"] in ("model_type", "dataclass_type"):
        return _a(str(context.get("class_name")))
    return error["msg"].removeprefix("Input should be ").removeprefix("Value error, ")


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict = 60, 60, 4, 4, 3


def shown(value: object) -> str:
    """A value as a message shows it: Python's repr cut short for plain data, else what kind of object it is."""
    plain = (type(None), bool, int, float, str, bytes, list, tuple, dict, set, frozenset)
    return _REPR.repr(value) if type(value) in plain else _a(type(value).__name__)


def _usage_error(
    error: ValidationError, function: Callable[..., Any], args: list[object], kwargs: dict[str, object]
) -> UsageError:
    """The first thing wrong, as ```param` must be WHAT, not VALUE``; all that a union tried is said as one."""
    details = error.errors(include_url=False)
    first = details[0]
    names = list(inspect.signature(function).parameters)
    head = first["loc"][0] if first["loc"] else 0
    name = names[head] if isinstance(head, int) and head < len(names) else str(head)
    where = function.__name__
    if first["type"] == "unexpected_keyword_argument":
        return UsageError(f"{where} has no parameter `{name}`")
    if first["type"] == "unexpected_positional_argument":
        kinds = [parameter.kind for parameter in inspect.signature(function).parameters.values()]
        positional = counted(sum(kind <= inspect.Parameter.POSITIONAL_OR_KEYWORD for kind in kinds), "argument")
        return UsageError(f"{where} takes {positional} by position; pass the others by name")
    if first["type"].startswith("missing"):
        return UsageError(f"`{name}` is required", param=name)
    if first["type"] == "multiple_argument_values":
        return UsageError(f"`{name}` is given twice, by position and by name", param=name)
    place = _place(first)
    phrases = list(dict.fromkeys(_phrase(each) for each in details if _place(each) == place))
    what = ", ".join(phrases[:-1]) + f" or {phrases[-1]}" if len(phrases) > 1 else phrases[0]
    value = kwargs[name] if name in kwargs else args[head] if isinstance(head, int) and head < len(args) else None
    if len(place) > 1 and not is_many(value):  # one bare item of a OneOrMany, wrapped in a list
        return UsageError(f"`{name}` must be {what}, or a list of them, not {shown(value)}", param=name)
    item = f" item {place[1] + 1}" if len(place) > 1 and isinstance(place[1], int) else ""
    return UsageError(f"`{name}`{item} must be {what}, not {shown(first['input'])}", param=name)


def _place(error: ErrorDetails) -> tuple[int | str, ...]:
    """Where an error is, without the union member pydantic tried (a name after the parameter's)."""
    head, *rest = error["loc"] or (0,)
    return (head, *[part for part in rest if isinstance(part, int)][:1])
