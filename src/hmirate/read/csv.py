"""Read a case export into a table of strings, losing no row and guessing nothing silently.

The fast path is pyarrow's CSV reader, with every column read as text (so ``N/A`` and ``NA`` stay
answers, not missing values). Everything a spreadsheet or case-management export can throw at us is
either read correctly (byte order mark, Windows line endings, Windows-1252 text, semicolons or tabs as
delimiters, quoted fields with commas, quotes or newlines, Excel workbooks) or reported as a
:class:`Problem` naming the file and line (ragged rows, an unclosed quote, NUL bytes, an empty file).
Line numbers are worked out only when a problem needs one, so a clean million-row file never pays.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv

from hmirate.errors import InvalidData, Problem, UsageError

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""The delimiters hmirate detects from the header line (spreadsheets in many locales save ``;``)."""

FALLBACK_ENCODING = "cp1252"
"""Tried when a file is not UTF-8: what Excel on Windows writes when saving 'CSV' in Western Europe."""

ZIP_MAGIC = b"PK\x03\x04"
"""How an .xlsx workbook starts, whatever its name: read as Excel rather than as garbled text."""
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
"""How an old binary .xls workbook starts: not supported, and said so."""

_SNIFF_BYTES = 1 << 16
csv.field_size_limit(2**31 - 1)  # line numbers are found with the csv module: no cell is too long for it
_CHUNK = 1 << 24

ColumnPlan = Callable[[list[str]], dict[int, bool]]
"""Given the header, which columns to read (by position) and whether to read each as labels
(dictionary-encoded: few distinct values, like answers and grades) or as plain text (case ids)."""


@dataclass
class RawFile:
    """One input file as read: its header, its rows as text, and what could not be read as a row."""

    name: str
    header: list[str]
    frame: pa.Table
    """One text column per header cell that was read, named by position (``c0``, ``c1``...)."""
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"
    row_lines: list[int] | None = None
    """Where each row starts, when the reader knows it up front (Excel rows, DataFrames)."""
    skipped: frozenset[int] = frozenset()
    """Record positions (0-based, data records only) that the reader rejected as ragged."""
    source: str | bytes = b""
    """The path, or the bytes read from stdin: read again only on the error path."""

    @property
    def rows_read(self) -> int:
        return self.frame.num_rows + len(self.skipped)

    @cached_property
    def sha256(self) -> str | None:
        """SHA-256 of the bytes read, for a report's provenance; None for a DataFrame (no bytes)."""
        if isinstance(self.source, bytes):
            return hashlib.sha256(self.source).hexdigest() if self.source else None
        with Path(self.source).open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()

    def column(self, position: int) -> pa.ChunkedArray | None:
        name = f"c{position}"
        return self.frame.column(name) if name in self.frame.column_names else None

    @cached_property
    def text(self) -> str:
        """The whole file decoded: read only on the error path, to find line numbers."""
        # Only line structure matters here: a byte that does not decode (in a column hmirate never
        # reads, say) must not hide the problems being reported.
        return _bytes_of(self.source).decode("utf-8-sig" if self.encoding == "utf-8" else self.encoding, "replace")

    @cached_property
    def records(self) -> list[tuple[int, int]]:
        """Start line and cell count of every record, header included: one csv pass, shared by the
        line numbers, the ragged rows and the unclosed-quote check, all on the error path."""
        return _record_starts(self.text, self.delimiter)

    @cached_property
    def lines(self) -> list[int]:
        """The physical line on which each row of :attr:`frame` starts, for messages.

        Counted with the standard library's csv reader, which agrees with pyarrow on record
        boundaries (quoted newlines included) and skips blank lines the same way.
        """
        if self.row_lines is not None:
            return self.row_lines
        return [line for position, (line, _) in enumerate(self.records[1:]) if position not in self.skipped]


def _bytes_of(source: str | bytes) -> bytes:
    return source if isinstance(source, bytes) else Path(source).read_bytes()


def _record_starts(text: str, delimiter: str) -> list[tuple[int, int]]:
    """The start line and cell count of every non-blank record, header included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts, previous = [], 0
    for record in reader:
        if record:
            starts.append((previous + 1, len(record)))
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


def _open(path: str) -> BinaryIO:
    file_path = Path(path)
    try:
        if file_path.is_dir():
            raise UsageError(f"{path}: is a directory, not a case file")
        return file_path.open("rb")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None


class _Scan:
    """What one pass over the bytes tells, a chunk at a time (never the whole file in memory).

    The head (at least 64 KiB and the whole first line, for sniffing) is read at once; the count of
    lines and the search for a NUL byte over the whole file run in a background thread while pyarrow
    parses (its parser releases the GIL), so a clean file pays almost nothing for them. When every
    record is one line (the usual export), lines and records read agree; when they do not,
    :func:`_runs_to_end` looks closer.
    """

    def __init__(self, source: str | bytes) -> None:
        with _handle(source) as handle:
            head = handle.read(_SNIFF_BYTES)
            while head and b"\n" not in head and (more := handle.read(_SNIFF_BYTES)):
                head += more
            self.head = head
            self.whole = not handle.read(1)
            """The head is the whole file."""
        self._pool = ThreadPoolExecutor(1)
        self._result = self._pool.submit(self._count, source)
        self._pool.shutdown(wait=False)

    @staticmethod
    def _count(source: str | bytes) -> tuple[int, int]:
        buffer = bytearray(_CHUNK)
        size, lines, nul, last = 0, 0, -1, b"\n"
        with _handle(source) as handle:
            while count := handle.readinto(buffer):
                if nul < 0 and (found := buffer.find(b"\x00", 0, count)) >= 0:
                    nul = size + found
                lines += buffer.count(b"\n", 0, count)
                last = bytes(buffer[count - 1 : count])
                size += count
        return lines + (last != b"\n"), nul

    @property
    def lines(self) -> int:
        """Physical lines, counted by line feeds (a last line without one counts too)."""
        return self._result.result()[0]

    @property
    def nul(self) -> int:
        """Offset of the first NUL byte, or -1."""
        return self._result.result()[1]


def _handle(source: str | bytes) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes) else _open(source)


NUL_MESSAGE = "contains a NUL byte: this is not a text CSV file"
UNDECODABLE_MESSAGE = "is not text in UTF-8 or Windows-1252 (is it a binary file?)"


def _at_byte(name: str, data: str | bytes, offset: int, message: str) -> InvalidData:
    """A problem found at a byte offset of the file (a path or the bytes), on the line holding it."""
    line = _bytes_of(data)[:offset].count(b"\n") + 1
    return InvalidData([Problem(name, line, None, message)])


def read_file(
    path: str,
    *,
    delimiter: str | None = None,
    sheet: str | None = None,
    display_name: str | None = None,
    plan: ColumnPlan | None = None,
) -> RawFile:
    """Read one case export, CSV or Excel (``-`` for stdin). Raises :class:`InvalidData` if unreadable.

    ``plan`` chooses the columns to read; without it every column is read as plain text.
    """
    name = display_name or ("<stdin>" if path == "-" else path)
    source: str | bytes = sys.stdin.buffer.read() if path == "-" else path
    scan = _Scan(source)
    if not scan.head:
        raise InvalidData([Problem(name, None, None, "file is empty: expected a header row")])
    if scan.head[:4] == ZIP_MAGIC:
        from hmirate.read.excel import read_xlsx

        workbook = read_xlsx(_bytes_of(source), name, sheet)
        workbook.source = source  # for its SHA-256: a workbook's lines come from its rows, never its bytes
        return workbook
    if sheet is not None:
        raise UsageError(f"{name}: --sheet applies to Excel workbooks only, and this is not one")
    if scan.head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InvalidData([Problem(name, None, None, "is UTF-16 text (Excel's 'Unicode text'): save it as CSV UTF-8")])
    if scan.head[:4] == OLE_MAGIC:
        raise InvalidData([Problem(name, None, None, "is an old Excel .xls workbook: save it as .xlsx or CSV")])
    if (nul := scan.head.find(b"\x00")) >= 0:  # a binary file: said at once, before any parsing
        raise _at_byte(name, source, nul, NUL_MESSAGE)
    encoding = "utf-8"
    try:
        scan.head.decode("utf-8")
    except UnicodeDecodeError as error:
        if scan.whole or error.start < len(scan.head) - 4:  # not a character cut at the edge
            encoding = FALLBACK_ENCODING
    try:
        raw = _parse(name, source, scan, encoding, delimiter, plan)
    except InvalidData:
        if scan.nul >= 0:  # a NUL byte explains any other failure to read
            raise _at_byte(name, source, scan.nul, NUL_MESSAGE) from None
        raise
    if scan.nul >= 0:
        raise _at_byte(name, source, scan.nul, NUL_MESSAGE)
    return raw


def read_csv(path: str, *, delimiter: str | None = None, display_name: str | None = None) -> RawFile:
    """Read every column of one CSV as plain text; for callers that only ever read CSV."""
    return read_file(path, delimiter=delimiter, display_name=display_name)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        raise _at_byte(name, data, error.start, UNDECODABLE_MESSAGE) from None


def _runs_to_end(raw: RawFile) -> int | None:
    """The line of the last record if it ends inside a quoted field, else None.

    A quote that is never closed makes a CSV reader (pyarrow's and the standard library's alike) run
    that field to the end of the file, silently swallowing every row after it. Only the last record
    can do that, so only it is walked, by the rule both readers use: a quote opens a quoted field only
    at the start of a field, and ``""`` inside one is a literal quote.
    """
    if not raw.records:
        return None
    text, delimiter, line = raw.text, raw.delimiter, raw.records[-1][0]
    lines, position = io.StringIO(text, newline=""), 0
    for _ in range(line - 1):  # lines as the csv reader counts them: \n, \r\n or a lone \r
        position += len(lines.readline())
    quoted, at_field_start = False, True
    while position < len(text):
        char = text[position]
        if quoted:
            if char == '"':
                if text.startswith('"', position + 1):
                    position += 1
                else:
                    quoted = False
        elif char == '"' and at_field_start:
            quoted = True
        at_field_start = not quoted and char in (delimiter, "\n", "\r")
        position += 1
    return line if quoted else None


LABELS = pa.dictionary(pa.int32(), pa.string())


def _parse(
    name: str, source: str | bytes, scan: _Scan, encoding: str, delimiter: str | None, plan: ColumnPlan | None
) -> RawFile:
    head = scan.head.removeprefix(b"\xef\xbb\xbf")  # a byte order mark, whatever the rest is
    text_head = _decode(head, encoding, name) if encoding != "utf-8" else head.decode("utf-8", "replace")
    first_line = text_head.splitlines()[0] if text_head.strip() else ""
    if not first_line.strip():
        raise InvalidData([Problem(name, 1, None, "the first line is blank: expected a header row")])
    delimiter = delimiter or sniff_delimiter(first_line)
    header = next(csv.reader(io.StringIO(text_head, newline=""), delimiter=delimiter))
    columns = [f"c{i}" for i in range(len(header))]
    wanted = plan(header) if plan else dict.fromkeys(range(len(header)), False)
    types = {columns[i]: LABELS if labels else pa.string() for i, labels in wanted.items()}
    ragged: list[int] = []

    def on_ragged(row: pacsv.InvalidRow) -> str:
        ragged.append(row.actual_columns)
        return "skip"

    table = None
    for block_size in (1 << 22, 1 << 27, 1 << 30):
        ragged.clear()
        try:
            table = pacsv.read_csv(
                source if isinstance(source, str) and encoding == "utf-8" else io.BytesIO(_bytes_of(source)),
                read_options=pacsv.ReadOptions(
                    column_names=columns, skip_rows=1, encoding=encoding, block_size=block_size
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_ragged
                ),
                convert_options=pacsv.ConvertOptions(
                    include_columns=[columns[i] for i in sorted(wanted)],
                    column_types=types,
                    null_values=[],
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            break
        except pa.ArrowInvalid as error:
            message = str(error)
            if "straddling" in message or "block" in message.lower():
                continue  # a row longer than the block: read again with bigger blocks
            if "UTF8" in message and encoding == "utf-8":
                return _parse(name, source, scan, FALLBACK_ENCODING, delimiter, plan)
            # pyarrow's messages quote the row, which may hold names: say only what and where.
            raise InvalidData([Problem(name, None, None, "cannot be read as CSV")]) from None
        except UnicodeDecodeError as error:  # a byte Windows-1252 leaves undefined, past the sniffed head
            raise _at_byte(name, source, error.start, UNDECODABLE_MESSAGE) from None
    if table is None:
        raise InvalidData([Problem(name, None, None, "has a row too long to read (over 1 GiB)")])
    raw = RawFile(name=name, header=header, frame=table, delimiter=delimiter, encoding=encoding, source=source)
    if table.num_rows + len(ragged) + 1 != scan.lines and (line := _runs_to_end(raw)):
        message = 'a quoted field opened on this line is never closed (unbalanced ")'
        raise InvalidData([Problem(name, line, None, message)])
    if encoding != "utf-8":
        raw.notes.append(f"{name}: not UTF-8; read as Windows-1252")
    if ragged:
        raw.problems.extend(_ragged_problems(raw, len(header)))
    return raw


def _ragged_problems(raw: RawFile, width: int) -> list[Problem]:
    """Find the rows the reader skipped for a wrong cell count, with their lines, in file order."""
    problems, skipped = [], set()
    for position, (line, cells) in enumerate(raw.records[1:]):
        if cells != width:
            skipped.add(position)
            problems.append(Problem(raw.name, line, None, f"row has {cells} cells, the header has {width}"))
    raw.skipped = frozenset(skipped)
    return problems
