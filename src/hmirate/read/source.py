"""Turn what the user named as a case file into something that can be read more than once, in bounded time.

The reader looks at a file several times (a head to sniff, a parse, a line count, the error path), so only a
regular file is read by its path. Standard input (``-``), ``/dev/stdin``, ``/proc/self/fd/N``, process
substitution (``<(cat f.csv)``) and named pipes are streams: read once, into memory or, past 64 MiB, into a
temporary file, up to :data:`DEFAULT_STREAM_LIMIT`. Devices (``/dev/zero``, ``/dev/urandom``, a terminal
named as a file) are refused at once. A named pipe that nobody writes to would block forever in ``open``:
it is opened without blocking and given :data:`FIFO_WAIT` seconds for a writer to appear.

A stream's first block is looked at before the rest is read: a NUL byte (not text, unless a workbook) or a
first line longer than :data:`MAX_HEADER_BYTES` stops the read there, so ``hmirate score - < /dev/zero``
ends at once with the reader's usual message instead of filling the disk or the memory.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from hmirate.errors import InvalidData, Problem, UsageError, display_path

MAX_HEADER_BYTES = 1 << 20
"""The header row must end (a line break) within this many bytes; longer is not a case file's header."""
STREAM_LIMIT_VARIABLE = "HMIRATE_MAX_STREAM_BYTES"
DEFAULT_STREAM_LIMIT = 256 << 20
"""Standard input and pipes are read up to 256 MiB (set HMIRATE_MAX_STREAM_BYTES to change it): a
million-row export is about 150 MB, and an endless stream (`yes |`) then ends in seconds, not minutes."""
FIFO_WAIT = 5.0
"""Seconds to wait for a writer on a named pipe that has none, before saying so."""
_IN_MEMORY = 64 << 20
_BLOCK = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def stream_limit() -> int:
    """The stream cap in bytes, from the environment when set there."""
    value = os.environ.get(STREAM_LIMIT_VARIABLE, "")
    if not value:
        return DEFAULT_STREAM_LIMIT
    try:
        limit = int(value)
    except ValueError:
        raise UsageError(f"{STREAM_LIMIT_VARIABLE} must be a whole number of bytes, not {value!r}") from None
    if limit < 1:
        raise UsageError(f"{STREAM_LIMIT_VARIABLE} must be 1 or more, not {value!r}")
    return limit


def describe_size(size: int) -> str:
    """A byte count as people say it: 2 GiB, 64 MiB, 1000 bytes."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift} {unit}"
    return f"{size:,} bytes"


def native_path(path: str) -> str | bytes:
    """A path as a library that encodes names as UTF-8 itself (pyarrow) can open it: bytes when it is not UTF-8."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def open_source(path: str, name: str, kind: str = "case file") -> str | bytes:
    """The input as a regular file's path, or as the bytes of a stream read once (stdin, pipe); ``kind``
    names what was expected, in the messages refusing a directory or a device."""
    if path == "-":
        return _read_stream(sys.stdin.buffer, name)
    shown = display_path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file") from None
    except OSError as error:
        raise UsageError(f"{shown}: cannot read: {error.strerror or error}") from None
    except ValueError:  # a NUL in the name, which only a Python caller can pass
        raise UsageError(f"{shown}: cannot read: a file name cannot hold a NUL character") from None
    if stat.S_ISREG(mode):
        return path
    if stat.S_ISDIR(mode):
        raise UsageError(f"{shown}: is a directory, not a {kind}")
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        with _open_pipe(path) as handle:
            return _read_stream(handle, name)
    raise UsageError(f"{shown}: is a device, not a {kind} (give a file, or - for standard input)")


@contextlib.contextmanager
def _open_pipe(path: str) -> Iterator[_Prefixed]:
    """A pipe opened without blocking, then waited on until a writer has connected or written."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    first = b""
    deadline = time.monotonic() + FIFO_WAIT
    try:
        while True:
            try:
                first = os.read(descriptor, _BLOCK)
            except BlockingIOError:  # a writer is connected but has not written yet: it may take its time
                break
            if first:
                break
            if time.monotonic() >= deadline:  # end of file with no writer, all along
                wait = f"{FIFO_WAIT:g} second" + ("" if FIFO_WAIT == 1 else "s")
                raise UsageError(f"{path}: is a pipe that nothing was written to within {wait} (no writer?)")
            time.sleep(0.05)
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=True) as handle:
            descriptor = -1
            yield _Prefixed(first, handle)
    finally:
        if descriptor >= 0:
            os.close(descriptor)


class _Prefixed:
    """A binary stream with its first bytes already read put back in front."""

    def __init__(self, first: bytes, rest: BinaryIO) -> None:
        self._first, self._rest = first, rest

    def read(self, size: int) -> bytes:
        if self._first:
            out, self._first = self._first[:size], self._first[size:]
            return out
        return self._rest.read(size)


def _read_stream(stream: BinaryIO | _Prefixed, name: str) -> str | bytes:
    """Read a stream once, to its end or the cap; kept in memory when small, else in a temporary file.

    Reading stops early, keeping what was read, at a NUL byte (not text, unless the stream is a
    workbook) or when the first line runs past :data:`MAX_HEADER_BYTES`: the reader then reports it.
    """
    limit = stream_limit()
    parts: list[bytes] = []
    size = 0
    spool: BinaryIO | None = None
    head = b""
    while block := stream.read(_BLOCK):
        size += len(block)
        if size > limit:
            if spool is not None:
                spool.close()
            message = f"is over {describe_size(limit)}, the limit for standard input and pipes"
            raise InvalidData([Problem(name, None, None, f"{message} (set {STREAM_LIMIT_VARIABLE} to change it)")])
        if len(head) <= MAX_HEADER_BYTES:
            head += block[: MAX_HEADER_BYTES + 1 - len(head)]
        if spool is None and size > _IN_MEMORY:
            spool = _spool_file()
            spool.writelines(parts)
            parts = []
        if spool is not None:
            spool.write(block)
        else:
            parts.append(block)
        workbook = head.startswith((ZIP_MAGIC, OLE_MAGIC))
        long_header = len(head) > MAX_HEADER_BYTES and b"\n" not in head and b"\r" not in head
        if not workbook and (b"\x00" in block or long_header):  # the reader reports either; stop here
            break
    if spool is not None:
        spool.close()
        return spool.name
    return b"".join(parts)


def _spool_file() -> BinaryIO:
    handle = tempfile.NamedTemporaryFile(prefix="hmirate-stream-", suffix=".spool", delete=False)  # noqa: SIM115
    atexit.register(_remove, handle.name)
    return handle  # type: ignore[return-value]


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        Path(path).unlink()


__all__ = ["MAX_HEADER_BYTES", "native_path", "open_source", "stream_limit"]
