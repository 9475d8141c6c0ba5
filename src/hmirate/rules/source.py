"""Reading a small rules file (a framework, a panel) so that no path can hang, flood memory or crash the run.

A framework or panel file is a few kilobytes of TOML. Anything else given in its place is refused before it
is read: a directory, a device (``/dev/zero`` never ends), a FIFO (blocks until a writer comes), a socket,
a file over :data:`MAX_BYTES`, and text that is not UTF-8. Each refusal is a usage error naming the file and
the reason, because the user chose the wrong path; it is not invalid case data.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Callable
from typing import Any

from hmirate.errors import UsageError, display_path

MAX_BYTES = 1024 * 1024
"""1 MiB: the built-in framework is under 10 KiB, so a rules file this large is not one."""


def _kind(mode: int) -> str | None:
    """What a path is, when it is not a regular file."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None if stat.S_ISREG(mode) else "not a regular file"


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def read_rules_text(path: str | os.PathLike[str], what: str, limit: int = MAX_BYTES) -> str:
    """The UTF-8 text of the ``what`` file (say "framework file") at ``path``, checked before it is read.

    The file is opened without blocking and checked again once open, so a path swapped for a FIFO between
    the two looks cannot block; at most ``limit`` + 1 bytes are ever read. A UTF-8 byte order mark is
    dropped (Windows editors write one).
    """
    name = display_path(str(path))
    try:
        kind = _kind(os.stat(path).st_mode)
    except FileNotFoundError:
        raise UsageError(f"{name}: {what} not found") from None
    except OSError as error:
        raise UsageError(f"{name}: cannot read {what}: {_reason(error)}") from None
    except ValueError:  # a NUL in the name, which only a Python caller can pass
        raise UsageError(f"{name}: cannot read {what}: a file name cannot hold a NUL character") from None
    if kind:
        raise UsageError(f"{name}: cannot read {what}: it is {kind}, not a file")
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UsageError(f"{name}: cannot read {what}: {_reason(error)}") from None
    with os.fdopen(descriptor, "rb") as handle:
        kind = _kind(os.fstat(handle.fileno()).st_mode)
        if kind:
            raise UsageError(f"{name}: cannot read {what}: it is {kind}, not a file")
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise UsageError(f"{name}: cannot read {what}: {_reason(error)}") from None
    if len(data) > limit:
        raise UsageError(f"{name}: cannot read {what}: larger than {limit // 1024} KiB; is this the right file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise UsageError(f"{name}:{line}: {what} is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8") from None


def parse_toml(text: str, parse_float: Callable[[str], Any] = float) -> dict[str, Any]:
    """``tomllib.loads``, with TOML nested too deeply for Python's recursion (``a = [[[...`` 100,000 deep)
    raised as the :class:`tomllib.TOMLDecodeError` it is, so every caller's message for bad TOML covers it."""
    try:
        return tomllib.loads(text, parse_float=parse_float)
    except RecursionError:
        raise tomllib.TOMLDecodeError("nested too deeply") from None
