"""Decide a text file's encoding from all of it, never from a guess on its first bytes.

A case file is UTF-8 or, when saved as plain "CSV" by Excel on Windows, Windows-1252. The two are told
apart by the whole file: valid UTF-8 is read as UTF-8, always. A file with bytes that are not UTF-8 and
no valid multi-byte UTF-8 anywhere is Windows-1252 (said in a note naming the first line that needed it).
A file with both is UTF-8 damaged in places (a pasted name, a hand edit): re-decoding it all as
Windows-1252 would turn every correct ``é`` into ``Ã©``, so each damaged line is an error showing the byte.
UTF-16 saved without a byte order mark is recognised by its NUL bytes between ASCII letters.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path

from hmirate.errors import InvalidData, Problem

FALLBACK_ENCODING = "cp1252"
"""Tried when a file is not UTF-8: what Excel on Windows writes when saving 'CSV' in Western Europe."""
UNDECODABLE_MESSAGE = "is not text in UTF-8 or Windows-1252 (is it a binary file?)"
MIXED_MESSAGE = "byte 0x{byte:02x} is not UTF-8 (is the file Windows-1252? then every line would need it)"
MIXED_SHOWN = 20
"""Damaged lines listed one by one; the rest are counted in one more line."""
BOM = b"\xef\xbb\xbf"


class Utf8Check:
    """Whether a stream of chunks is valid UTF-8, fed chunk by chunk (a character may straddle two)."""

    def __init__(self) -> None:
        self.invalid_at = -1
        """Offset of the first byte that is not UTF-8, or -1."""
        self._offset = 0
        self._carry = b""

    def feed(self, chunk: bytes | bytearray) -> None:
        if self.invalid_at >= 0:
            return
        if not self._carry and chunk.isascii():
            self._offset += len(chunk)
            return
        data = self._carry + bytes(chunk)
        try:
            _, used = codecs.utf_8_decode(data, "strict", False)
        except UnicodeDecodeError as error:
            self.invalid_at = self._offset + error.start
            return
        self._carry = data[used:]
        self._offset += used

    def finish(self) -> None:
        if self._carry and self.invalid_at < 0:
            self.invalid_at = self._offset  # the file ends inside a character


def utf16_without_bom(head: bytes) -> bool:
    """ASCII text in UTF-16 (either byte order) has a NUL byte in every other place."""
    sample = head[:512]
    if len(sample) < 8:
        return False
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    return (not odd.strip(b"\x00") and even.isascii() and b"\x00" not in even) or (
        not even.strip(b"\x00") and odd.isascii() and b"\x00" not in odd
    )


def _lines(source: str | bytes) -> Iterator[bytes]:
    """The file's lines, each with its end, ended as the CSV readers end them: ``\\n``, ``\\r\\n`` or a lone
    ``\\r`` (a binary file's lines split on ``\\n`` only, so an old Mac file would be one line)."""
    carry: list[bytes] = []  # the last line so far, in pieces: a long line is joined once, not once per read
    with io.BytesIO(source) if isinstance(source, bytes) else Path(source).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b"\n" not in chunk and b"\r" not in chunk:
                carry.append(chunk)
                continue
            lines = b"".join([*carry, chunk]).splitlines(keepends=True)  # bytes split on \n, \r\n and \r only
            carry = [lines.pop()]  # may go on in the next read (a \r may be half of a \r\n)
            yield from lines
    if carry and (last := b"".join(carry)):
        yield last


_CHUNK = 1 << 20


def windows_1252_line(source: str | bytes, name: str) -> int:
    """The first line that needs Windows-1252, for a file found not to be UTF-8.

    Raises :class:`InvalidData`: one problem per damaged line when the file also has valid multi-byte
    UTF-8 (it is UTF-8 with a few bad bytes), or where a byte is not Windows-1252 either.
    """
    damaged: list[tuple[int, int]] = []
    undecodable: list[int] = []
    multibyte = False
    number = 0
    for number, raw in enumerate(_lines(source), 1):
        line = raw.removeprefix(BOM) if number == 1 else raw  # a mark alone says nothing about the rest
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            damaged.append((number, line[error.start]))
            try:
                line.decode(FALLBACK_ENCODING)
            except UnicodeDecodeError:
                undecodable.append(number)
        else:
            multibyte = True
    if not damaged:  # only a character cut off at the very end
        raise InvalidData([Problem(name, number, None, UNDECODABLE_MESSAGE)])
    if multibyte:
        problems = [Problem(name, line, None, MIXED_MESSAGE.format(byte=byte)) for line, byte in damaged[:MIXED_SHOWN]]
        if len(damaged) > MIXED_SHOWN:
            rest = len(damaged) - MIXED_SHOWN
            more = f"{rest} more lines have bytes that are not UTF-8 (the last is line {damaged[-1][0]})"
            problems.append(Problem(name, None, None, more))
        raise InvalidData(problems)
    if undecodable:
        raise InvalidData([Problem(name, undecodable[0], None, UNDECODABLE_MESSAGE)])
    return damaged[0][0]
