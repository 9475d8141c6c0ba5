"""Write docs/library-reference.md from the package itself, so the Python reference cannot drift from the code.

Every name of ``hmirate.__all__`` gets a section: a function its signature (keyword-only parameters after ``*``,
as Python declares them) and docstring; a class its docstring, its fields or constructor, and its own public
methods. tests/test_docs.py regenerates the page in memory and fails when the file differs, as it does for
docs/cli-reference.md.

    python docs/generate_library_reference.py           # rewrite docs/library-reference.md
    python docs/generate_library_reference.py --check   # exit 1 if the file is out of step
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import pydantic

import hmirate

PAGE = Path(__file__).resolve().parent / "library-reference.md"
COMMAND = "python docs/generate_library_reference.py"


def shown(value: object) -> str:
    """A default as a reader would write it: a function by its name, never an address that changes each run."""
    if callable(value):
        return getattr(value, "__qualname__", type(value).__name__)
    return repr(value)


def signature(function: object, name: str) -> str:
    """``name(a: int, *, b: str = 'x') -> R`` with the annotations as written in the source."""
    parameters = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    words: list[str] = []
    star = False
    for parameter in parameters:
        if parameter.name == "self":
            continue
        if parameter.kind is parameter.KEYWORD_ONLY and not star:
            words.append("*")
            star = True
        word = parameter.name
        if parameter.kind is parameter.VAR_POSITIONAL:
            word, star = f"*{word}", True
        elif parameter.kind is parameter.VAR_KEYWORD:
            word = f"**{word}"
        if parameter.annotation is not parameter.empty:
            word += f": {parameter.annotation}"
        if parameter.default is not parameter.empty:
            word += f" = {shown(parameter.default)}"
        words.append(word)
    returns = inspect.signature(function).return_annotation  # type: ignore[arg-type]
    arrow = "" if returns in (inspect.Signature.empty, "None", None) else f" -> {returns}"
    return f"{name}({', '.join(words)}){arrow}"


def own_doc(thing: object) -> str:
    """The object's own docstring, never one inherited (a pydantic model would show BaseModel's)."""
    doc = thing.__dict__.get("__doc__") if isinstance(thing, type) else getattr(thing, "__doc__", None)
    return inspect.cleandoc(doc) if doc else "(no docstring)"


def annotations(cls: type) -> dict[str, str]:
    """Each field's annotation as written in its class (strings: the package uses postponed annotations)."""
    written: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        written.update({name: str(value) for name, value in inspect.get_annotations(klass).items()})
    return written


def fields(cls: type[pydantic.BaseModel]) -> list[str]:
    written = annotations(cls)
    lines = []
    for name, field in cls.model_fields.items():
        default = "" if field.is_required() else f" = {shown(field.get_default(call_default_factory=True))}"
        lines.append(f"- `{name}: {written.get(name, field.annotation)}{default}`")
    return lines


def methods(cls: type) -> list[str]:
    """The class's own public methods and properties, each with its signature and docstring."""
    lines: list[str] = []
    for name, member in cls.__dict__.items():
        if name.startswith("_"):
            continue
        if isinstance(member, property):
            lines += [f"#### `{cls.__name__}.{name}` (property)", "", own_doc(member.fget), ""]
        elif inspect.isfunction(member):
            lines += [f"#### `{cls.__name__}.{signature(member, name)}`", "", own_doc(member), ""]
    return lines


def section(name: str, thing: object) -> list[str]:
    if inspect.isfunction(thing):
        return [f"## {name}", "", "```python", signature(thing, name), "```", "", own_doc(thing), ""]
    if isinstance(thing, type):
        lines = [f"## {name}", "", own_doc(thing), ""]
        if issubclass(thing, pydantic.BaseModel):
            lines += ["A pydantic model; its fields, keyword-only when it is built:", "", *fields(thing), ""]
        elif issubclass(thing, BaseException):
            lines += [f"An exception (`{thing.__mro__[1].__name__}`).", ""]
            if "__init__" in thing.__dict__:
                lines += ["```python", signature(thing.__dict__["__init__"], name), "```", ""]
        else:
            lines += ["```python", signature(thing, name), "```", ""]
        return lines + methods(thing)
    kind = type(thing).__name__
    return [f"## {name}", "", f"A `{kind}`, the value the functions above default to:", "", f"`{thing!r}`", ""]


SHAPES = {
    "hmirate.pipeline.Sources": "a path (`str` or `pathlib.Path`; `-` for standard input) or a pandas DataFrame, "
    "or a list of them",
    "hmirate.arguments.OneOrMany[T]": "one `T`, or a list of them (a bare string is one item)",
    "hmirate.arguments.Many[T]": "a list of `T`, or a tuple, a set or an iterator (a glob), taken in order",
    "hmirate.arguments.FilePath": "a path, as `str` or `pathlib.Path`",
    "hmirate.pipeline.Delimiter": "one ASCII character other than a quote or a line break",
}
"""The argument types that signatures name, each as a caller reads it (its module must define it)."""


def shapes() -> list[str]:
    lines = ["Types in the signatures (every argument is checked against them: a bad one is a `UsageError`):", ""]
    for dotted, meaning in SHAPES.items():
        module, name = dotted.rsplit(".", 1)
        if not hasattr(importlib.import_module(module), name.removesuffix("[T]")):
            raise SystemExit(f"{dotted} is gone: update SHAPES in {COMMAND}")
        lines.append(f"- `{name}`: {meaning}")
    return [*lines, ""]


def render() -> str:
    """The whole page, as the file should hold it."""
    lines = [
        "# Library reference",
        "",
        f"<!-- Generated from the package's signatures and docstrings by `{COMMAND}`; do not edit by hand. -->",
        "",
        "Every public name of `hmirate` (its `__all__`), with its signature and docstring. The guide with worked",
        "examples is [library.md](library.md).",
        "",
        *shapes(),
    ]
    names = [name for name in hmirate.__all__ if not name.startswith("_")]
    lines += [f"- [`{name}`](#{name.lower()})" for name in names] + [""]
    for name in names:
        lines += section(name, getattr(hmirate, name))
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # the CLI reference's generator, beside this one
    from generate_cli_reference import write_or_check

    sys.exit(write_or_check(PAGE, render(), COMMAND, sys.argv[1:]))
