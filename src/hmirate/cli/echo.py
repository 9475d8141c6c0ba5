"""Printing a line of hmirate's own text that may quote data: a note, a problem, an error.

Messages quote file names, cell values and ``--by`` values; :func:`~hmirate.render.visible.visible` turns any
control or bidi character in them into an escape first, so no message can drive the terminal.
"""

from __future__ import annotations

import click

from hmirate.render.visible import visible


def say(text: str, *, err: bool = False) -> None:
    """One line on stdout or stderr; a line break inside ``text`` is shown as ``\\n``, so no data forges a line."""
    click.echo(visible(str(text)), err=err)
