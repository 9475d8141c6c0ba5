"""The one place where the library's parameters become the command line's flags.

Library messages name a parameter in backquotes (```max_per_officer` must be at least 1``); the command
being run knows each of its options' parameter names, so ``max_per_officer`` is worded as
``--max-per-officer`` and an argument as its metavar (``LONGLIST.csv``). A name the command does not take is
shown bare.
"""

from __future__ import annotations

import re

import click

_PARAM = re.compile(r"`([a-z][a-z0-9_]*)`")


def flags(command: click.Command | None) -> dict[str, str]:
    """Each parameter's name, as the library calls it, to the flag (or argument) the user typed."""
    names: dict[str, str] = {}
    for param in command.params if command is not None else ():
        if param.name is None:
            continue
        if isinstance(param, click.Option):
            names[param.name] = max(param.opts, key=len)
        else:
            names[param.name] = param.human_readable_name
    return names


def worded(text: str, command: click.Command | None) -> str:
    """``text`` with each backquoted parameter named as ``command``'s flag for it."""
    names = flags(command)
    return _PARAM.sub(lambda match: names.get(match[1], match[1]), text)


def current_command() -> click.Command | None:
    """The command being run, for wording a message from inside it."""
    context = click.get_current_context(silent=True)
    return context.command if context is not None else None
