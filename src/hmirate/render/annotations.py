"""Problems as GitHub Actions workflow commands, so a CI run marks each bad cell on the file it is in.

``::error file=cases.csv,line=4,title=2.1.1::2.1.1: 'Maybe' is not Yes, No or N/A`` is shown by GitHub as an
annotation on line 4 of cases.csv. Values are escaped as GitHub's own toolkit escapes them (``%``, CR and LF
in the message; those and ``:`` and ``,`` in a property), so text from data can neither end the command early
nor start another one; control and bidi characters are first made visible like everywhere else.
"""

from __future__ import annotations

from hmirate.errors import Problem
from hmirate.render.visible import visible


def escape_data(text: str) -> str:
    """The message part: ``%``, carriage return and line feed as percent escapes (actions/toolkit escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as :func:`escape_data`, and ``:`` and ``,`` too (actions/toolkit escapeProperty)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, level: str = "error") -> str:
    """One ``::error file=...,line=...,title=...::message`` line for a problem."""
    properties = {"file": problem.file}
    if problem.line is not None:
        properties["line"] = str(problem.line)
    if problem.column:
        properties["title"] = problem.column
    listed = ",".join(f"{name}={escape_property(visible(value))}" for name, value in properties.items())
    message = f"{problem.column}: {problem.message}" if problem.column else problem.message
    return f"::{level} {listed}::{escape_data(visible(message))}"
