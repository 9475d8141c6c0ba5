"""Writing output files without ever destroying an input or leaving half a file behind.

An analyst who types ``-o cases.csv`` where they meant ``-o report.csv`` must not lose the export they
were scoring: an output that is the same regular file as any input (same device and inode, so through links
and other spellings of the path too; for ``-``, the file the shell connected to standard input) is refused
before anything is written. Every file a command reads is an input: case files, ``--panel``, a ``--framework``
file, reports, the longlist. Every output is written to a
temporary file beside its target and renamed into place only once complete, so a run that fails or is
interrupted leaves the old file exactly as it was. What is not a regular file (``/dev/null``,
``/dev/stdout``, a named pipe) is written in place, as the shell's ``>`` would: renaming over it would
replace the device itself (as root, ``/dev/null`` became a file). A symbolic link's file is written, and
the link kept.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from hmirate.errors import UsageError, WriteError, display_path

STDIN = "<stdin>"


def refuse_overwrite(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise a usage error when ``output`` is the same file as one of ``inputs``.

    ``-`` among the inputs is standard input: whatever file the shell connected to it (``< cases.csv``) is
    an input too, compared by device and inode like the others. ``-`` as the output is never a file.
    """
    if str(output) == "-":
        return
    try:
        target = os.stat(output)
    except OSError:
        return  # not there yet (or unreadable): it cannot be an input we read
    if not stat.S_ISREG(target.st_mode):
        return  # a terminal, /dev/null, a pipe: written in place, nothing read from it is destroyed
    for source in inputs:
        if str(source) == "-":
            status, name = _stdin_status(), f"{STDIN} (the file on standard input)"
        else:
            status, name = _status(source), str(source)
        if status is not None and os.path.samestat(target, status):
            raise UsageError(
                f"refusing to write {display_path(str(output))}: it is the input file {display_path(name)}; "
                "choose another output file"
            )


def command_inputs(files: Iterable[str], framework: str | None = None, *others: str | None) -> list[str]:
    """Every file a command reads, for :func:`refuse_overwrite`: its files, the framework when it is a file
    (not a built-in name), and each other file it was given (a panel, a profile, a population)."""
    from hmirate.rules.framework import is_framework_file

    extra = [framework] if framework is not None and is_framework_file(framework) else []
    return [*files, *extra, *(other for other in others if other is not None)]


def _status(path: str | os.PathLike[str]) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _stdin_status() -> os.stat_result | None:
    """What standard input is, by device and inode; None when it has no descriptor (a test runner's buffer)."""
    try:
        return os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return None


def write_output(
    path: str | os.PathLike[str], data: str | bytes, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` atomically, after checking it is none of ``inputs``."""
    refuse_overwrite(path, inputs)
    target = Path(os.path.realpath(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        special = not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        special = False  # not there yet: made below (or the making says why not)
    if special:
        _write_in_place(path, target, payload)
        return
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _cannot_write(path, error) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_in_place(path: str | os.PathLike[str], target: Path, payload: bytes) -> None:
    """Write to a device or a pipe directly. A pipe nobody reads from is an error, not a wait for ever."""
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise WriteError(f"cannot write {display_path(str(path))}: nothing is reading from this pipe") from None
        raise _cannot_write(path, error) from None
    try:
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
    except OSError as error:
        raise _cannot_write(path, error) from None


def _cannot_write(path: str | os.PathLike[str], error: OSError) -> WriteError:
    return WriteError(f"cannot write {display_path(str(path))}: {error.strerror or error}")


def coloured(output: str | None, *, err: bool = False) -> bool:
    """Whether a table going to ``output`` is coloured: on a terminal, or where ``FORCE_COLOR`` says to act as if
    it were one (``NO_COLOR`` still wins, in the renderer); never in a file."""
    return output in (None, "-") and (bool(os.environ.get("FORCE_COLOR")) or to_terminal(output, err=err))


def to_terminal(output: str | None, *, err: bool = False) -> bool:
    """Whether what goes to ``output`` (None or ``-``: standard output, or error with ``err``) reaches a terminal."""
    if output not in (None, "-"):
        return False
    stream = sys.stderr if err else sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def emit(data: str | bytes, output: str | None, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Write a rendered result to ``output`` (atomically), or to standard output when it is None or ``-``."""
    if output not in (None, "-"):
        write_output(output, data, inputs)
    elif isinstance(data, bytes):
        if to_terminal(output):
            raise UsageError("refusing to write a workbook to the terminal: give --output FILE or redirect the output")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)
