"""One pass over a case file's bytes: the head for sniffing, then lines, NUL bytes, UTF-8 and the SHA-256.

Split from :mod:`hmirate.read.csv`, which parses; this only looks at bytes, a chunk at a time, so that a
clean million-row file pays for the look while pyarrow parses beside it.
"""

from __future__ import annotations

import hashlib
import io
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from hmirate.errors import UsageError
from hmirate.read.encoding import Utf8Check
from hmirate.read.source import MAX_HEADER_BYTES

SNIFF_BYTES = 1 << 16
CHUNK = 1 << 24


def open_path(path: str) -> io.BufferedIOBase:
    file_path = Path(path)
    try:
        if file_path.is_dir():
            raise UsageError(f"{path}: is a directory, not a case file")
        return file_path.open("rb")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None


class Scan:
    """What one pass over the bytes tells, a chunk at a time (never the whole file in memory).

    The head (at least 64 KiB and the whole first line, up to :data:`MAX_HEADER_BYTES`, for sniffing) is
    read at once; the count of lines, the search for a NUL byte and the check that the file is UTF-8 run
    over the whole file in a background thread while pyarrow parses (its parser releases the GIL), so a
    clean file pays almost nothing for them; a file no bigger than the head is counted at once. When
    every record is one line (the usual export), lines and records read agree; when they do not,
    :func:`~hmirate.read.quotes.runs_to_end` looks closer.
    """

    def __init__(self, source: str | bytes) -> None:
        with open_bytes(source) as handle:
            head = handle.read(SNIFF_BYTES)
            while head and len(head) <= MAX_HEADER_BYTES and not has_line_break(head):
                if not (more := handle.read(SNIFF_BYTES)):
                    break
                head += more
            self.head = head
            self.whole = not handle.read(1)
            """The head is the whole file."""
        if self.whole:  # a small file, already in memory: a thread would cost more than the count
            self._result: Future[tuple[int, int, int, str]] = Future()
            self._result.set_result(self._count(head))
        else:
            pool = ThreadPoolExecutor(1)
            self._result = pool.submit(self._count, source)
            pool.shutdown(wait=False)

    @staticmethod
    def _count(source: str | bytes) -> tuple[int, int, int, str]:
        size, lines, nul, last = 0, 0, -1, b"\n"
        utf8 = Utf8Check()
        digest = hashlib.sha256()
        # Not bigger than the input: zeroing a whole chunk would cost more than counting a small file.
        buffer = bytearray(min(CHUNK, len(source))) if isinstance(source, bytes) else bytearray(CHUNK)
        with open_bytes(source) as handle:
            while count := handle.readinto(buffer):
                chunk = buffer if count == len(buffer) else buffer[:count]  # a copy only for the last, short read
                if nul < 0 and (found := chunk.find(b"\x00")) >= 0:
                    nul = size + found
                lines += line_ends(chunk) - (last == b"\r" and chunk[:1] == b"\n")  # a \r\n cut between reads
                utf8.feed(chunk)
                digest.update(chunk)
                last = bytes(chunk[-1:])
                size += count
        utf8.finish()
        return lines + (last not in (b"\n", b"\r")), nul, utf8.invalid_at, digest.hexdigest()

    @property
    def done(self) -> bool:
        """The pass is over (always, for a file no bigger than the head)."""
        return self._result.done()

    @property
    def lines(self) -> int:
        """Physical lines, ended as both CSV readers end them: ``\\n``, ``\\r\\n`` or a lone ``\\r`` (old Mac
        files); a last line without an end counts too."""
        return self._result.result()[0]

    @property
    def nul(self) -> int:
        """Offset of the first NUL byte, or -1."""
        return self._result.result()[1]

    @property
    def invalid_utf8(self) -> int:
        """Offset of the first byte that is not UTF-8, or -1."""
        return self._result.result()[2]

    @property
    def sha256(self) -> str:
        """SHA-256 of the whole file, for the report's provenance."""
        return self._result.result()[3]


def line_ends(data: bytes | bytearray) -> int:
    """Line ends in ``data`` as the CSV readers count them: ``\\n``, ``\\r\\n`` and a lone ``\\r`` are one each."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def line_at(data: bytes, offset: int) -> int:
    """The line (1-based) holding the byte at ``offset``, lines ended as :func:`line_ends` counts them."""
    return line_ends(data[:offset]) + 1


def has_line_break(data: bytes) -> bool:
    return b"\n" in data or b"\r" in data


def open_bytes(source: str | bytes) -> io.BufferedIOBase:
    return io.BytesIO(source) if isinstance(source, bytes) else open_path(source)
