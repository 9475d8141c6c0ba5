"""One input file as read, whatever its shape: the table every reader returns and validation takes, and the
plan of which of its columns to read.

Reading is one way: the header is read first and resolved once into a :class:`ColumnPlan` (by validation,
which knows the columns), then only the planned columns are parsed into a :class:`RawFile`, which nothing
changes afterwards: a stage that finds something (a note, a problem, rows to skip) returns a new value.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hmirate.errors import InvalidData, Problem

LONG_CELL_MESSAGE = (
    "has a cell longer than the csv module's limit, so its line numbers cannot be found "
    "(the hmirate command raises the limit; from Python, call csv.field_size_limit(2**31 - 1) first)"
)
"""Line numbers (on the error path) are found with the csv module, whose limit on a cell is process-wide:
the command raises it at start-up; the library never changes it, on import or after."""


def blank_records(text: str, delimiter: str, name: str = "<file>") -> list[int]:
    """Positions (0-based, data records only, as :attr:`RawFile.records` counts them) of records whose
    every cell is blank: the ``,,,,`` rows a spreadsheet leaves when saved as CSV."""
    with csv_limit(name):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        records = (record for record in reader if record)
        next(records, None)
        return [position for position, record in enumerate(records) if not any(cell.strip() for cell in record)]


@contextlib.contextmanager
def csv_limit(name: str) -> Iterator[None]:
    try:
        yield
    except csv.Error as error:
        if "field limit" not in str(error):
            raise
        raise InvalidData([Problem(name, None, None, LONG_CELL_MESSAGE)]) from None


@dataclass(frozen=True)
class ColumnPlan:
    """A header resolved, once: each column hmirate reads by the name validation knows it, to its position.

    The reader parses only these columns (and the blank-headed ones, to check they are empty); validation
    takes the same plan, so no header is resolved twice.
    """

    positions: Mapping[str, int] = field(default_factory=dict)
    blank: list[int] = field(default_factory=list)
    """Positions of blank headers: their cells must be empty too."""
    notes: list[str] = field(default_factory=list)
    """How headers were read (aliases, leading ids), said once."""
    problems: list[Problem] = field(default_factory=list)
    key_questions: list[str] = field(default_factory=list)
    """The key questions found, in the framework's order (a subset of :attr:`positions`)."""

    def reads(self) -> dict[int, bool]:
        """Position -> read as labels (dictionary-encoded: answers, grades and each case id's one value);
        blank-headed columns as plain text."""
        return {**dict.fromkeys(self.blank, False), **dict.fromkeys(self.positions.values(), True)}


@dataclass(frozen=True)
class RawFile:
    """One input file as read: its header, its rows as text, and what could not be read as a row."""

    name: str
    header: list[str]
    frame: pa.Table
    """One text column per header cell that was read, named by position (``c0``, ``c1``...)."""
    problems: Sequence[Problem] = ()
    notes: Sequence[str] = ()
    delimiter: str = ","
    encoding: str = "utf-8"
    row_lines: Sequence[int] | None = None
    """Where each row starts, when the reader knows it up front (Excel rows, DataFrames)."""
    one_line_records: bool = False
    """Every physical line after the header is one row (no blank lines, no line breaks in quotes, no
    skipped rows): row i is on line i + 2, known without reading the file again."""
    skipped: frozenset[int] = frozenset()
    """Record positions (0-based, data records only) that the reader rejected as ragged."""
    rejected: int | None = None
    """How many rows :attr:`problems` stand for, when one problem can stand for many (ragged rows are
    grouped); None: one row for each line a problem names."""
    source: str | bytes = b""
    """The path, or the bytes read from stdin: read again only on the error path."""
    sha256: str | None = None
    """SHA-256 of the bytes read, for a report's provenance (from the reader's one pass over the file);
    None for a DataFrame, which has no bytes."""
    sheet: str | None = None
    """The workbook sheet the rows were read from (its rows are the lines), for cell references; None for text."""
    long: LongRows | None = None
    """A long export's rows as read, on its pivot: a question cell hmirate cannot read is an error on them."""

    def cell(self, position: int, line: int) -> str | None:
        """A cell's reference in its workbook (``Cases!F12``): column ``position`` (0-based) on sheet row
        ``line``; None for a text file."""
        return None if self.sheet is None else cell_reference(self.sheet, position, line)

    def but(self, **changes: object) -> RawFile:
        """A copy with these fields changed (the file as a later stage found it). What was worked out from
        the bytes (:attr:`text`, :attr:`records`) goes along: the bytes are the same."""
        copy = dataclasses.replace(self, **changes)  # type: ignore[arg-type]
        if not {"source", "encoding", "delimiter"} & changes.keys():
            for derived in ("text", "walked", "records"):
                if derived in self.__dict__:
                    copy.__dict__[derived] = self.__dict__[derived]
        return copy

    @property
    def rows_read(self) -> int:
        return self.frame.num_rows + len(self.skipped)

    @property
    def rows_with_problems(self) -> int:
        """Rows the reader found a problem in (one row may have several)."""
        return self.rejected if self.rejected is not None else len({problem.line for problem in self.problems})

    def column(self, position: int) -> pa.ChunkedArray | None:
        # The schema's index by name, not ``column_names`` (a new list on every call): a sheet saved to its
        # last column has 16,000 blank-headed columns, each looked up once.
        index = self.frame.schema.get_field_index(f"c{position}")
        return None if index < 0 else self.frame.column(index)

    @cached_property
    def text(self) -> str:
        """The whole file decoded: read only on the error path, to find line numbers."""
        # Only line structure matters here: a byte that does not decode (in a column hmirate never
        # reads, say) must not hide the problems being reported.
        return bytes_of(self.source).decode("utf-8-sig" if self.encoding == "utf-8" else self.encoding, "replace")

    @cached_property
    def walked(self) -> tuple[list[tuple[int, int]], list[SpanningCell]]:
        """One csv pass, shared by the line numbers and the quote checks, all on the error path:
        :attr:`records`, and :attr:`spanning`."""
        with csv_limit(self.name):
            return _record_starts(self.text, self.delimiter)

    @cached_property
    def records(self) -> list[tuple[int, int]]:
        """Start line and cell count of every record, header included (set by the ragged-row reader, whose
        own pass found them)."""
        return self.walked[0]

    @property
    def spanning(self) -> list[SpanningCell]:
        """The data cells over more than one line that could have swallowed rows, for
        :mod:`hmirate.read.quotes`."""
        return self.walked[1]

    @cached_property
    def lines(self) -> Sequence[int]:
        """The physical line on which each row of :attr:`frame` starts, for messages.

        Counted with the standard library's csv reader, which agrees with pyarrow on record
        boundaries (quoted newlines included) and skips blank lines the same way.
        """
        if self.row_lines is not None:
            return self.row_lines
        if self.one_line_records:
            return list(range(2, self.frame.num_rows + 2))
        return [line for position, (line, _) in enumerate(self.records[1:]) if position not in self.skipped]


@dataclass(frozen=True)
class LongRows:
    """What a long export's pivot keeps of the rows it was made from, to name the lines of a question that
    validation finds is none of the framework's (the pivot does not know the framework)."""

    file: RawFile
    """The long export as read, with only its question column kept (its lines are found from its bytes)."""
    question_at: int
    """The question column's position in the long export's header."""
    questions_from: int
    """Where the pivot's header turns into the question cells, one column each."""


def cell_reference(sheet: str, position: int, line: int) -> str:
    """``Cases!F12``: column ``position`` (0-based) on row ``line`` of ``sheet``, quoted as Excel quotes a
    sheet name with spaces or punctuation (``'Case file'!F12``)."""
    name = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{column_letter(position)}{line}"


def column_letter(position: int) -> str:
    """The sheet column of a 0-based position: 0 is ``A``, 26 is ``AA``."""
    letters, number = "", position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


LINES_SHOWN = 5
"""How many line ranges a repeated problem lists before '...'."""
MESSAGES_SHOWN = 5
"""How many different messages one column (or the rows of one file) lists before one line for the rest."""


def line_ranges(rows: np.ndarray, lines: Sequence[int]) -> str:
    """``2-5, 9, 12-13``: the lines a repeated problem stands on, the first few runs of rows only.

    Runs are found on row positions, so only the first and last row of each shown run needs its line.
    """
    breaks = np.flatnonzero(np.diff(rows) != 1)
    starts = np.concatenate(([0], breaks + 1))[: LINES_SHOWN + 1]
    ends = np.concatenate((breaks, [len(rows) - 1]))[: LINES_SHOWN + 1]
    shown = []
    for start, end in zip(starts[:LINES_SHOWN], ends[:LINES_SHOWN], strict=True):
        first, last = lines[int(rows[start])], lines[int(rows[end])]
        shown.append(f"{first}-{last}" if end > start else f"{first}")
    return ", ".join(shown) + (", ..." if len(starts) > LINES_SHOWN else "")


def bytes_of(source: str | bytes) -> bytes:
    return source if isinstance(source, bytes) else Path(source).read_bytes()


MANY_LINES = 20
"""A quoted cell over more line breaks than this is worth a note on its own: physical lines far outnumbering
records is what a swallowed run of rows looks like, whatever their shape."""


@dataclass(frozen=True)
class SpanningCell:
    """A data cell that holds a line break and could hold a swallowed row: as many delimiters as the header
    has (a row's worth, somewhere in it), or more than :data:`MANY_LINES` line breaks. Only these are kept from
    the csv pass, so a file of a million two-line comments keeps none of them."""

    line: int
    """The line its quote opens on."""
    position: int
    """Its column, 0-based."""
    text: str


def _record_starts(text: str, delimiter: str) -> tuple[list[tuple[int, int]], list[SpanningCell]]:
    """The start line and cell count of every non-blank record, header included; and the data cells over
    more than one line that could have swallowed rows. Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``,
    as pyarrow ends them (the reader is fed the text split so)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts: list[tuple[int, int]] = []
    spanning: list[SpanningCell] = []
    previous = 0
    for header in reader:  # the header: no cell of it is looked into
        start, previous = previous + 1, reader.line_num
        if header:
            starts.append((start, len(header)))
            break
    width = starts[0][1] if starts else 0
    # A record is looked into cell by cell only when it may hold more than MANY_LINES line breaks, or when its
    # cells hold a row's worth of delimiters between them (joined, the count less the record's own separators):
    # a cheap bound on the most in any one cell, so a million two-line comments cost one join each.
    shaped, many = max(width - 1, 1) - 1, MANY_LINES + 1
    for record in reader:
        if record:
            line = reader.line_num
            starts.append((previous + 1, len(record)))
            if line - previous > 1 and (
                line - previous > many or delimiter.join(record).count(delimiter) - len(record) >= shaped
            ):
                spanning.extend(_spanning_cells(record, previous + 1, width, delimiter))
        previous = reader.line_num
    return starts, spanning


def _spanning_cells(record: list[str], line: int, width: int, delimiter: str) -> Iterator[SpanningCell]:
    for position, cell in enumerate(record):
        breaks = line_breaks(cell)
        if breaks and (cell.count(delimiter) >= max(width - 1, 1) or breaks > MANY_LINES):
            yield SpanningCell(line, position, cell)
        line += breaks


def line_breaks(text: str) -> int:
    """Line breaks as the CSV readers count them: ``\\n``, ``\\r\\n`` and a lone ``\\r`` are one each."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


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


def skip_blank_rows(raw: RawFile, ragged: set[int]) -> RawFile:
    """Drop rows with no value in any cell (``,,,,``: a spreadsheet's formatted but empty rows), as the
    Excel reader skips empty rows, and say so in a note. The columns read find candidates cheaply; the
    file's own records confirm that the columns not read are blank too. ``ragged`` are the positions of
    the records rejected for their cell count, which are not in the frame (a blank row of another width
    is: :func:`~hmirate.read.ragged.rewrite` writes it as wide as the header).
    Returns the file without them (the same file when there are none)."""
    frame = raw.frame
    candidates = None
    for column in frame.columns if frame.num_rows else ():
        blank = _blank_cells(column)
        candidates = blank if candidates is None else pc.and_(candidates, blank)
        if not pc.any(candidates).as_py():
            break
    if candidates is None or not pc.any(candidates).as_py():
        return raw
    blank_positions = set(blank_records(raw.text, raw.delimiter, raw.name))
    if not blank_positions:
        return raw
    records = raw.records
    rows = [position for position in range(len(records) - 1) if position not in ragged]
    lines = [records[position + 1][0] for position in sorted(blank_positions)]
    where = f"on line {lines[0]}" if len(lines) == 1 else f"from line {lines[0]} to {lines[-1]}"
    count = "1 row" if len(lines) == 1 else f"{len(lines)} rows"
    return raw.but(
        row_lines=[records[position + 1][0] for position in rows if position not in blank_positions],
        frame=frame.filter(pa.array([position not in blank_positions for position in rows], type=pa.bool_())),
        notes=[*raw.notes, f"{raw.name}: skipped {count} with no values (only delimiters), {where}"],
    )
