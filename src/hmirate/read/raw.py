"""One input file as read, whatever its shape: the table every reader returns and validation takes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyarrow as pa

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
