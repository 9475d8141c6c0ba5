"""Read a case export into a table of strings, losing no row and guessing nothing silently.

The fast path is pyarrow's CSV reader, with every column read as text (so ``N/A`` and ``NA`` stay
answers, not missing values). Everything a spreadsheet or case-management export can throw at us is
either read correctly (byte order mark, Windows line endings, Windows-1252 text, semicolons or tabs as
delimiters, quoted fields with commas, quotes or newlines) or reported as a :class:`Problem` naming the
file and line (ragged rows, NUL bytes, an empty file). Line numbers are worked out only when a problem
needs one, so a clean million-row file never pays for them.
"""

from __future__ import annotations

import csv
import io
import mmap
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from hmirate.errors import InvalidData, Problem, UsageError

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""The delimiters hmirate detects from the header line (spreadsheets in many locales save ``;``)."""

FALLBACK_ENCODING = "cp1252"
"""Tried when a file is not UTF-8: what Excel on Windows writes when saving 'CSV' in Western Europe."""

_SNIFF_BYTES = 1 << 16


@dataclass
class RawFile:
    """One input file as read: its header, its rows as text, and what could not be read as a row."""

    name: str
    header: list[str]
    frame: pd.DataFrame
    """One text column per header cell, by position (``c0``, ``c1``...), one row per data record."""
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"
    _data: bytes | mmap.mmap = b""
    _skipped: frozenset[int] = frozenset()
    """Record positions (0-based, data records only) that the reader rejected as ragged."""

    @property
    def rows_read(self) -> int:
        return len(self.frame) + len(self._skipped)

    @cached_property
    def text(self) -> str:
        """The whole file decoded: read only on the error path, to find line numbers."""
        return _decode(self._data, self.encoding, self.name)

    @cached_property
    def lines(self) -> list[int]:
        """The physical line on which each row of :attr:`frame` starts, for messages.

        Counted with the standard library's csv reader, which agrees with pyarrow on record
        boundaries (quoted newlines included) and skips blank lines the same way.
        """
        starts = _record_start_lines(self.text, self.delimiter)[1:]
        return [line for position, line in enumerate(starts) if position not in self._skipped]


def _record_start_lines(text: str, delimiter: str) -> list[int]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts, previous = [], 0
    for record in reader:
        if record:
            starts.append(previous + 1)
        previous = reader.line_num
    return starts


def sniff_delimiter(first_line: str) -> str:
    """The most frequent candidate delimiter outside quotes in the header line (comma on a tie)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda d: (counts[d], d == ","))


def _load_bytes(path: str) -> bytes | mmap.mmap:
    """The file's bytes without copying (a memory map), or stdin's bytes for ``-``."""
    if path == "-":
        return sys.stdin.buffer.read()
    file_path = Path(path)
    if file_path.is_dir():
        raise UsageError(f"{path}: is a directory, not a case file")
    try:
        handle = file_path.open("rb")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror}") from None
    with handle:
        if file_path.stat().st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def read_csv(path: str, *, delimiter: str | None = None, display_name: str | None = None) -> RawFile:
    """Read one CSV case export (``-`` for stdin). Raises :class:`InvalidData` for unreadable files."""
    name = display_name or ("<stdin>" if path == "-" else path)
    data = _load_bytes(path)
    if len(data) == 0:
        raise InvalidData([Problem(name, None, None, "file is empty: expected a header row")])
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1 if isinstance(data, bytes) else _count_lines(data, nul)
        raise InvalidData([Problem(name, line, None, "contains a NUL byte: this is not a text CSV file")])
    head = bytes(data[:_SNIFF_BYTES])
    encoding = "utf-8"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the sniffing edge
            encoding = FALLBACK_ENCODING
    return _parse(name, data, encoding, delimiter)


def _count_lines(data: mmap.mmap, end: int) -> int:
    return bytes(data[:end]).count(b"\n") + 1


def _decode(data: bytes | mmap.mmap, encoding: str, name: str) -> str:
    try:
        return bytes(data).decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        line = bytes(data[: error.start]).count(b"\n") + 1
        raise InvalidData(
            [
                Problem(
                    name, line, None, "is not text in UTF-8 or Windows-1252 (is it a binary or Excel file?)"
                )
            ]
        ) from None


def _parse(name: str, data: bytes | mmap.mmap, encoding: str, delimiter: str | None) -> RawFile:
    text_head = _decode(data[:_SNIFF_BYTES], encoding, name) if encoding != "utf-8" else None
    if text_head is None:
        text_head = bytes(data[:_SNIFF_BYTES]).decode("utf-8", errors="replace").removeprefix("\ufeff")
    first_line = text_head.splitlines()[0] if text_head.strip() else ""
    if not first_line.strip():
        raise InvalidData([Problem(name, 1, None, "the first line is blank: expected a header row")])
    delimiter = delimiter or sniff_delimiter(first_line)
    header = next(csv.reader(io.StringIO(text_head, newline=""), delimiter=delimiter))
    columns = [f"c{i}" for i in range(len(header))]
    rejected: list[tuple[int, int]] = []

    def on_ragged(row: pacsv.InvalidRow) -> str:
        rejected.append((row.actual_columns, row.expected_columns))
        return "skip"

    table = None
    for block_size in (1 << 20, 1 << 26, 1 << 30):
        rejected.clear()
        try:
            table = pacsv.read_csv(
                pa.BufferReader(data) if encoding == "utf-8" else io.BytesIO(bytes(data)),
                read_options=pacsv.ReadOptions(
                    column_names=columns, skip_rows=1, encoding=encoding, block_size=block_size
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_ragged
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(columns, pa.string()),
                    null_values=[],
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            break
        except pa.ArrowInvalid as error:
            message = str(error)
            if "straddling" in message or "block" in message.lower():
                continue
            if "UTF8" in message and encoding == "utf-8":
                return _parse(name, data, FALLBACK_ENCODING, delimiter)
            reason = message.splitlines()[0]
            raise InvalidData([Problem(name, None, None, f"cannot be read as CSV: {reason}")]) from None
    if table is None:
        raise InvalidData([Problem(name, None, None, "has a line too long to read (over 1 GiB)")])
    raw = RawFile(
        name=name,
        header=header,
        frame=table.to_pandas(),
        delimiter=delimiter,
        encoding=encoding,
        _data=data,
    )
    if encoding != "utf-8":
        raw.notes.append(f"{name}: not UTF-8; read as Windows-1252")
    if rejected:
        raw.problems.extend(_ragged_problems(raw, len(header)))
    return raw


def _ragged_problems(raw: RawFile, width: int) -> list[Problem]:
    """Find the rows the reader skipped for a wrong cell count, with their lines, in file order."""
    reader = csv.reader(io.StringIO(raw.text, newline=""), delimiter=raw.delimiter)
    next(reader, None)
    problems, skipped, position, previous = [], set(), 0, reader.line_num
    for record in reader:
        line = previous + 1
        previous = reader.line_num
        if not record:
            continue
        if len(record) != width:
            skipped.add(position)
            problems.append(
                Problem(raw.name, line, None, f"row has {len(record)} cells, the header has {width}")
            )
        position += 1
    raw._skipped = frozenset(skipped)
    return problems
