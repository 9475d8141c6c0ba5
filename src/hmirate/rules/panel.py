"""The ratings panel's decisions, read from a TOML file: domain one ratings and panel adjustments.

The cases give a rating mechanically; the panel may use professional discretion and move it, and must
record why. So an entry for a case-rated standard needs a ``reason``; an entry for an inspector-rated
standard (domain one) is simply its rating. Problems name the panel file and, where it can be found,
the TOML line of the entry at fault.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, InstanceOf, ValidationError

from hmirate.arguments import FilePath, checked
from hmirate.errors import UsageError, display_path
from hmirate.rules.framework import Framework
from hmirate.rules.source import parse_toml, read_rules_text


class PanelDecision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rating: str
    reason: str | None = Field(default=None, min_length=1)


class Panel(BaseModel):
    """The panel's ratings by standard: where a panel rated a standard otherwise than its cases, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    standards: dict[str, PanelDecision] = {}


def _line_of(text: str, standard_id: str) -> int | None:
    """The line of ``[standards."ID"]`` (or an inline ``"ID" =``) in the panel file, if written so."""
    pattern = re.compile(
        rf"""^\s*(\[\s*standards\s*\.\s*["']?{re.escape(standard_id)}["']?\s*\]|["']{re.escape(standard_id)}["']\s*=)"""
    )
    # TOML ends lines with \n (or \r\n) only: splitlines would also end one at a U+2028 inside a string.
    return next((n for n, line in enumerate(text.split("\n"), 1) if pattern.match(line)), None)


@checked
def load_panel(path: FilePath, framework: InstanceOf[Framework]) -> Panel:
    """Read and check a panel file against the framework: known standards, known ratings, reasons."""
    path = Path(path)
    text, shown = read_rules_text(path, "panel file"), display_path(str(path))
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{shown}: not valid TOML: {error}") from None
    try:
        panel = Panel.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        loc = [str(part) for part in first["loc"]]
        line = _line_of(text, loc[1]) if len(loc) > 1 and loc[0] == "standards" else None
        where = f"{shown}:{line}" if line else shown
        raise UsageError(f"{where}: {'.'.join(loc)}: {first['msg']}") from None
    names = {rating.name.casefold(): rating.name for rating in framework.ratings}
    checked = {}
    for standard_id, decision in panel.standards.items():
        line = _line_of(text, standard_id)
        where = f"{shown}:{line}" if line else shown
        standard = framework.standard(standard_id)
        if standard is None:
            known = ", ".join(s.id for s in framework.standards)
            raise UsageError(f"{where}: unknown standard {standard_id!r} in framework {framework.id} ({known})")
        rating = names.get(decision.rating.strip().casefold())
        if rating is None:
            scale = ", ".join(r.name for r in framework.ratings)
            wrong = f"standard {standard_id}: unknown rating {decision.rating!r}"
            raise UsageError(f"{where}: {wrong}; expected one of {scale}")
        if standard.rated_from == "cases" and not (decision.reason or "").strip():
            raise UsageError(
                f"{where}: standard {standard_id}: a panel adjustment of a case-rated standard needs a reason"
            )
        checked[standard_id] = PanelDecision(rating=rating, reason=(decision.reason or "").strip() or None)
    return Panel(standards=checked)
