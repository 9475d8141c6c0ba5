"""The ``hmirate`` command: parses arguments, calls the library, renders, and maps errors to exit codes.

Kept thin and cheap: only click is imported at start-up, so ``hmirate --help`` and ``--version`` do not
pay for pandas. Every failure the library explains (:class:`~hmirate.errors.HmirateError`) becomes one
line per problem on stderr and its exit code: 0 scored, 1 invalid data, 2 usage error, 73 an output could
not be written (stdout included), 70 an internal error (a bug; ``--debug`` shows its traceback), 130
interrupted, 141 the reader of a pipe went away (``| head``), quietly.
"""

from __future__ import annotations

import csv
import os
import sys
import traceback
from dataclasses import replace
from typing import Any

import click

from hmirate import __version__
from hmirate.cli.compare import compare
from hmirate.cli.echo import say
from hmirate.cli.report import COMMANDS as REPORT_COMMANDS
from hmirate.cli.sampling import COMMANDS as SAMPLING_COMMANDS
from hmirate.cli.streams import (
    EXIT_BROKEN_PIPE,
    PipeClosed,
    StdoutWriteError,
    flush_stdout,
    guarded_stdout,
    silence_stdout,
)
from hmirate.cli.template import COMMANDS as TEMPLATE_COMMANDS
from hmirate.cli.validate import validate
from hmirate.cli.words import worded
from hmirate.errors import EXIT_INTERNAL, HmirateError, InvalidData


class _Group(click.Group):
    """Turns library errors into messages and exit codes, for every subcommand alike.

    Standard output is guarded for the whole run (:mod:`hmirate.cli.streams`): a broken pipe ends quietly
    with 141, a write error is one line and exit 73. ``--debug`` (or ``HMIRATE_DEBUG=1``) shows the traceback
    of an internal error, for a bug report; without it a bug is one line and exit 70.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _set_up_process()
        with guarded_stdout():
            try:
                return super().main(*args, **kwargs)
            except PipeClosed:  # while printing --help or --version
                silence_stdout()
                sys.exit(EXIT_BROKEN_PIPE)
            except HmirateError as error:
                _report(error, None)
                sys.exit(error.exit_code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                flush_stdout()
        except HmirateError as error:
            name = ctx.invoked_subcommand
            _report(error, self.get_command(ctx, name) if name else None)
            ctx.exit(error.exit_code)
        except PipeClosed:  # the reader went away (``| head``): not an error, nothing to say
            silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt:
            click.echo("hmirate: interrupted", err=True)
            ctx.exit(130)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.exceptions.Abort):
            raise
        except Exception as error:  # a bug: one line and a distinct exit code; the traceback on request
            if ctx.params.get("debug"):
                for line in traceback.format_exc().rstrip("\n").split("\n"):
                    say(line, err=True)
            hint = "" if ctx.params.get("debug") else " (--debug shows the traceback)"
            say(f"hmirate: internal error ({type(error).__name__}: {error}); please report it{hint}", err=True)
            ctx.exit(EXIT_INTERNAL)


def _set_up_process() -> None:
    """What only the command changes for the whole process, never the library on import (as sqlite-utils):
    the csv module reads cells of any length (it finds line numbers on the error path), and pyarrow's
    failure to decode a ragged row of a file that is not UTF-8 (which the reader then explains as the
    file's encoding) is not printed as an "Exception ignored" on the user's terminal. pydantic's plugins are
    not looked for (unless ``PYDANTIC_DISABLE_PLUGINS`` is set otherwise): the search reads the entry points
    of every installed package, 12-17 ms of a 100-case run, for plugins hmirate never uses."""
    csv.field_size_limit(2**31 - 1)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if not isinstance(sys.unraisablehook, _QuietDecoding):
        sys.unraisablehook = _QuietDecoding(sys.unraisablehook)


class _QuietDecoding:
    """An unraisable-exception hook that passes on everything but a UnicodeDecodeError."""

    def __init__(self, previous: Any) -> None:
        self.previous = previous

    def __call__(self, unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, UnicodeDecodeError):
            self.previous(unraisable)


def _report(error: HmirateError, command: click.Command | None) -> None:
    """Each problem or the message on stderr, its parameters worded as ``command``'s flags."""
    if isinstance(error, StdoutWriteError):
        silence_stdout()  # what is left in the buffer would fail again when the interpreter flushes it
    for note in error.notes:
        say(f"hmirate: {note}", err=True)
    if isinstance(error, InvalidData):
        for problem in error.problems:
            say(str(replace(problem, message=worded(problem.message, command))), err=True)
        hidden = f" ({error.hidden} more problems not shown)" if error.hidden else ""
        if error.rows is not None:
            say(f"hmirate: {error.rows}; {error.outcome}{hidden}", err=True)
        elif hidden:
            say(f"hmirate:{hidden}", err=True)
    else:
        say(f"hmirate: {worded(str(error), command)}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="hmirate", message="%(prog)s %(version)s")
@click.option(
    "--debug", is_flag=True, envvar="HMIRATE_DEBUG", help="Show the traceback of an internal error (HMIRATE_DEBUG=1)."
)
def main(debug: bool) -> None:
    """Turn a probation inspection's case assessments into key-question percentages and ratings."""


main.add_command(validate)
main.add_command(compare)
for _command in (*REPORT_COMMANDS, *SAMPLING_COMMANDS, *TEMPLATE_COMMANDS):
    main.add_command(_command)


__all__ = ["main"]
