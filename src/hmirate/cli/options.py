"""Every option that more than one command takes, declared once: its name, type, default and help.

Defaults come from :mod:`hmirate.settings` (the standard library only), so ``--help`` stays instant and a
default cannot differ between two commands, or between a command and the library.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from hmirate.render.formats import Kind, names
from hmirate.settings import DEFAULT_FRAMEWORK, DEFAULTS

Command = TypeVar("Command", bound=Callable[..., Any])


class _Finite(click.ParamType):
    """A float that is a number: ``nan``, ``inf`` and ``1e400`` (which Python reads as infinity) are refused
    as usage errors, where a plain ``float`` option would let them reach exact arithmetic and fail there."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


FINITE = _Finite()


def _check_confidence(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """Checked by the library's own check, before anything is read, so the run stops at once."""
    from hmirate.errors import UsageError
    from hmirate.settings import check_confidence

    try:
        return check_confidence(value)
    except UsageError as error:
        raise click.BadParameter(str(error)) from None


framework = click.option(
    "--framework", default=DEFAULT_FRAMEWORK, show_default=True, help="Built-in framework name or a .toml file."
)
panel = click.option("--panel", type=click.Path(exists=True, dir_okay=False), help="Ratings panel decisions (TOML).")
delimiter = click.option(
    "--delimiter", type=click.Choice([",", ";", "tab"]), help="Field delimiter (default: detected)."
)
sheet = click.option(
    "--sheet", metavar="NAME", help="Excel workbooks: the sheet to read (default: the one with cases)."
)
confidence = click.option(
    "--confidence",
    type=float,
    default=DEFAULTS.confidence,
    show_default=True,
    callback=_check_confidence,
    help="Confidence level of the intervals, between 0 and 1.",
)
min_base = click.option(
    "--min-base",
    type=int,
    default=DEFAULTS.min_base,
    show_default=True,
    metavar="N",
    help="Mark split groups with a base under N (0 or more) as too small to read.",
)
margin = click.option(
    "--margin",
    type=FINITE,
    default=DEFAULTS.margin,
    show_default=True,
    metavar="POINTS",
    help="Flag standards this close to a band edge (0 to 100 points) as borderline.",
)


class _OutputPath(click.Path):
    """A file to write: an empty name is a usage error (it would fail only when written, after all the work), and
    so is a name ending in a slash (``-o out/`` wrote a file named ``out``)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "":
            self.fail("an empty file name: give a file, or - for standard output", param, ctx)
        if isinstance(value, str) and value.endswith(("/", os.sep)):  # the file would be made without the slash
            self.fail(f"{value!r} ends in {value[-1]}, so it names a folder: give a file", param, ctx)
        return super().convert(value, param, ctx)


OUTPUT_PATH = _OutputPath(dir_okay=False, writable=True, allow_dash=True)
"""Every option that names a file to write (``-o``, ``--plan``): ``-`` is standard output, never a file named ``-``."""


def _stdout_as_none(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return None if value == "-" else value


output = click.option(
    "--output",
    "-o",
    type=OUTPUT_PATH,
    callback=_stdout_as_none,
    help="Write to FILE, not stdout (- is stdout).",
)
max_errors = click.option(
    "--max-errors",
    type=click.IntRange(min=0),
    metavar="N",
    help="Print at most N problems and say how many more there are (all rows are still counted).",
)


def by(help: str) -> Callable[[Command], Command]:
    """``--by COLUMN`` (repeatable): split by it when scoring, require it when validating."""
    return click.option("--by", "by", multiple=True, metavar="COLUMN", help=help)


def output_format(kind: Kind, default: str | None, otherwise: str = "") -> Callable[[Command], Command]:
    """``--format``, its choices the formats that can show ``kind`` (:mod:`hmirate.render.formats`); without a
    ``default``, ``otherwise`` says in ``--help`` how the command chooses."""
    choices = names(kind)
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=default is not None,
        help="Output format: " + ", ".join(choices) + (f" [default: {otherwise}]." if otherwise else "."),
    )


def stack(*options: Callable[[Command], Command]) -> Callable[[Command], Command]:
    """Several options as one decorator, listed in ``--help`` in the order given."""

    def apply(command: Command) -> Command:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


reading = stack(confidence, min_base, margin)
"""How figures are read, for every command that scores."""
case_input = stack(framework, delimiter, sheet)
"""How case files are read, for every command that reads them."""


def tab(value: str | None) -> str | None:
    """The ``--delimiter`` choice ``tab`` as the character itself."""
    return "\t" if value == "tab" else value
