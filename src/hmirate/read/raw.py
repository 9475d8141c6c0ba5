"""One input file as read, whatever its shape: the table every reader returns and validation takes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from hmirate.errors import Problem

csv.field_size_limit(2**31 - 1)  # line numbers are found with the csv module: no cell is too long for it


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
    one_line_records: bool = False
    """Every physical line after the header is one row (no blank lines, no line breaks in quotes, no
    skipped rows): row i is on line i + 2, known without reading the file again."""
    skipped: frozenset[int] = frozenset()
    """Record positions (0-based, data records only) that the reader rejected as ragged."""
    source: str | bytes = b""
    """The path, or the bytes read from stdin: read again only on the error path."""
    sha256: str | None = None
    """SHA-256 of the bytes read, for a report's provenance (from the reader's one pass over the file);
    None for a DataFrame, which has no bytes."""

    @property
    def rows_read(self) -> int:
        return self.frame.num_rows + len(self.skipped)

    def column(self, position: int) -> pa.ChunkedArray | None:
        name = f"c{position}"
        return self.frame.column(name) if name in self.frame.column_names else None

    @cached_property
    def text(self) -> str:
        """The whole file decoded: read only on the error path, to find line numbers."""
        # Only line structure matters here: a byte that does not decode (in a column hmirate never
        # reads, say) must not hide the problems being reported.
        return bytes_of(self.source).decode("utf-8-sig" if self.encoding == "utf-8" else self.encoding, "replace")

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
        if self.one_line_records:
            return list(range(2, self.frame.num_rows + 2))
        return [line for position, (line, _) in enumerate(self.records[1:]) if position not in self.skipped]


def bytes_of(source: str | bytes) -> bytes:
    return source if isinstance(source, bytes) else Path(source).read_bytes()


def blank_records(text: str, delimiter: str) -> list[int]:
    """Positions (0-based, data records only, as :attr:`RawFile.records` counts them) of records whose
    every cell is blank: the ``,,,,`` rows a spreadsheet leaves when saved as CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = (record for record in reader if record)
    next(records, None)
    return [position for position, record in enumerate(records) if not any(cell.strip() for cell in record)]


def _record_starts(text: str, delimiter: str) -> list[tuple[int, int]]:
    """The start line and cell count of every non-blank record, header included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts, previous = [], 0
    for record in reader:
        if record:
            starts.append((previous + 1, len(record)))
        previous = reader.line_num
    return starts


def _blank_cells(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Which cells of a column are blank; for labels, worked out once per distinct value."""
    chunks = []
    for chunk in column.chunks:
        if pa.types.is_dictionary(chunk.type):
            blank = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(chunk.dictionary)), 0)
            codes = pa.array([i for i, b in enumerate(blank.to_pylist()) if b], type=chunk.indices.type)
            chunks.append(pc.is_in(chunk.indices, value_set=codes))
        else:
            chunks.append(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(chunk)), 0))
    return pa.chunked_array(chunks, type=pa.bool_())


def skip_blank_rows(raw: RawFile, ragged: set[int]) -> None:
    """Drop rows with no value in any cell (``,,,,``: a spreadsheet's formatted but empty rows), as the
    Excel reader skips empty rows, and say so in a note. The columns read find candidates cheaply; the
    file's own records confirm that the columns not read are blank too. ``ragged`` are the positions of
    the records pyarrow skipped for their cell count: blank ones among them are dropped the same way."""
    frame = raw.frame
    candidates = None
    for column in frame.columns if frame.num_rows else ():
        blank = _blank_cells(column)
        candidates = blank if candidates is None else pc.and_(candidates, blank)
        if not pc.any(candidates).as_py():
            break
    if not ragged and (candidates is None or not pc.any(candidates).as_py()):
        return
    blank_positions = set(blank_records(raw.text, raw.delimiter))
    if not blank_positions:
        return
    rows = [position for position in range(len(raw.records) - 1) if position not in ragged]
    lines = [raw.records[position + 1][0] for position in sorted(blank_positions)]
    raw.row_lines = [raw.records[position + 1][0] for position in rows if position not in blank_positions]
    raw.__dict__.pop("lines", None)
    raw.frame = frame.filter(pa.array([position not in blank_positions for position in rows], type=pa.bool_()))
    where = f"on line {lines[0]}" if len(lines) == 1 else f"from line {lines[0]} to {lines[-1]}"
    count = "1 row" if len(lines) == 1 else f"{len(lines)} rows"
    raw.notes.append(f"{raw.name}: skipped {count} with no values (only delimiters), {where}")


_TAIL_BYTES = 1 << 16


def last_line_ends_quoted(source: str | bytes, delimiter: str) -> bool:
    """Whether the file's last line, walked alone, leaves a quoted field open.

    Then the line counts agree (nothing after it was swallowed), so only this says the quote is never closed;
    a yes is confirmed by the csv reader's full check. Only the tail is read: a clean file pays one small read.
    """
    with io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb") as handle:
        size = handle.seek(0, io.SEEK_END)
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read().rstrip(b"\r\n")
    line = tail[max(tail.rfind(b"\n"), tail.rfind(b"\r")) + 1 :]
    if b'"' not in line:
        return False
    quoted, at_field_start, separator, position = False, True, delimiter.encode(), 0
    while position < len(line):
        char = line[position : position + 1]
        if quoted and char == b'"':
            if line.startswith(b'"', position + 1):  # "" inside a quoted field is a literal quote
                position += 1
            else:
                quoted = False
        elif char == b'"' and at_field_start:
            quoted = True
        at_field_start = not quoted and char == separator
        position += 1
    return quoted
