"""Text from data made safe to show: control and bidi characters become visible escapes.

Grades, genders, ``--by`` values, panel reasons, file names and a framework's wording come from other
people's files. Printed raw, an escape sequence in one of them can clear the screen, retitle the window or
plant a hyperlink, and a bidi override can make ``Good`` read as ``dooG`` or reorder a line so a figure
seems to belong to another group. Every human-readable output (tables, explain, markdown, HTML, CSV, error
messages and notes) passes such text through :func:`visible`; JSON keeps the raw value, escaped by JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hmirate.report.model import Report

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, DEL, the bidi marks, embeddings, overrides and isolates, and the line and paragraph
separators (which some terminals and editors treat as line breaks)."""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """``text`` with every character of :data:`INVISIBLE` written as an escape: ESC as ``\\x1b``, U+202E as
    ``\\u202e``, a newline as ``\\n``; anything else (accents, other scripts, emoji) unchanged."""
    return INVISIBLE.sub(_escape, text)


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {key: _walk(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_walk(item) for item in value]
    return value


def visible_report(report: Report) -> Report:
    """The report with :func:`visible` applied to every text field, for the human-readable formats.

    Done on the whole report at once rather than at each place a format prints a string, so a field added
    later cannot be forgotten. Ids and rating names change the same way everywhere, so lookups still match.
    """
    if not any(INVISIBLE.search(text) for text in _strings(report.model_dump())):
        return report
    return type(report).model_validate(_walk(report.model_dump()))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
