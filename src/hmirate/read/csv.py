"""Read a case export into a table of strings, losing no row and guessing nothing silently.

The fast path is pyarrow's CSV reader, with every column read as text (so ``N/A`` and ``NA`` stay
answers, not missing values). Everything a spreadsheet or case-management export can throw at us is
either read correctly (byte order mark, Windows line endings, Windows-1252 text, semicolons or tabs as
delimiters, quoted fields with commas, quotes or newlines, rows of only delimiters, Excel workbooks, long
exports) or reported as a :class:`Problem` naming the file and line (ragged rows, an unclosed quote, NUL
bytes, damaged UTF-8, an empty file). Line numbers are worked out only when a problem needs one, so a
clean million-row file never pays. Where the bytes come from (files, streams, devices) is
:mod:`hmirate.read.source`; how they are decoded, :mod:`hmirate.read.encoding`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from hmirate.columns import is_long
from hmirate.errors import InvalidData, Problem, UsageError, display_path
from hmirate.read.encoding import (
    FALLBACK_ENCODING,
    UNDECODABLE_MESSAGE,
    utf16_without_bom,
    windows_1252_line,
)
from hmirate.read.quotes import answer_positions, last_line_ends_quoted, runs_to_end, swallowed_rows
from hmirate.read.ragged import cells_past_header, past_header_note, rewrite
from hmirate.read.raw import (
    ColumnPlan,
    RawFile,
    bytes_of,
    csv_limit,
    skip_blank_rows,
)
from hmirate.read.scan import SNIFF_BYTES, Scan, has_line_break, line_at
from hmirate.read.source import MAX_HEADER_BYTES, OLE_MAGIC, ZIP_MAGIC, describe_size, native_path, open_source

if TYPE_CHECKING:
    from hmirate.read.excel import Sheet

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""The delimiters hmirate detects from the header line (spreadsheets in many locales save ``;``)."""


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


NUL_MESSAGE = "contains a NUL byte: this is not a text CSV file"
UTF16_MESSAGE = "is UTF-16 text (Excel's 'Unicode text'): save it as CSV UTF-8"
UTF16_NO_BOM_MESSAGE = "is UTF-16 text without a byte order mark: save it as CSV UTF-8"
OLD_XLS_MESSAGE = "is an old Excel .xls workbook: save it as .xlsx or CSV"


def _at_byte(name: str, data: str | bytes, offset: int, message: str) -> InvalidData:
    """A problem found at a byte offset of the file (a path or the bytes), on the line holding it."""
    return InvalidData([Problem(name, line_at(bytes_of(data), offset), None, message)])


def _whole_file(name: str, message: str) -> InvalidData:
    return InvalidData([Problem(name, None, None, message)])


@dataclass(frozen=True)
class OpenFile:
    """A file opened and its header read, before any row is parsed: resolve :attr:`header` into a
    :class:`~hmirate.read.raw.ColumnPlan`, then :meth:`read` only the columns it names.

    A long export is read whole and pivoted at once (its header, as validation sees it, is the pivot's);
    a workbook's sheet is read at once too (openpyxl gives whole rows), and the plan only chooses columns.
    """

    name: str
    header: list[str]
    """The header as validation will see it."""
    source: str | bytes
    scan: Scan
    encoding: str
    """``utf-8``, or Windows-1252 when the header line is not UTF-8 (the whole file decides in the end)."""
    delimiter: str = ","
    sheet: Sheet | None = None
    whole: RawFile | None = None
    """A long export, read whole: :meth:`read` pivots it, building the question columns the plan reads."""

    @property
    def questions_from(self) -> int | None:
        """Where :attr:`header`, a long export's pivot, turns into its question cells; None for a wide file."""
        return None if self.whole is None else len(self.whole.header) - 2

    def read(self, plan: ColumnPlan | None = None) -> RawFile:
        """The rows of the planned columns (every column without a plan), as text."""
        if self.whole is not None:
            from hmirate.read.long import pivot

            return pivot(self.whole, plan)
        if self.sheet is not None:
            from hmirate.read.excel import read_sheet

            return read_sheet(self.sheet, self.name, plan, self.scan.sha256)
        return _read_csv(self, plan)


def open_file(
    path: str, *, delimiter: str | None = None, sheet: str | None = None, display_name: str | None = None
) -> OpenFile:
    """Open one case export, CSV or Excel (``-`` for stdin), wide or long, and read its header. Raises
    :class:`InvalidData` if unreadable, :class:`UsageError` for what is not a file (a directory, a device,
    a pipe nobody writes to) or a sheet that is not there."""
    name = display_name or ("<stdin>" if path == "-" else display_path(path))
    source = open_source(path, name)
    scan = Scan(source)
    head = scan.head
    if not head:
        raise _whole_file(name, "file is empty: expected a header row")
    if head[:4] == ZIP_MAGIC:
        from hmirate.read.excel import open_xlsx

        book = open_xlsx(bytes_of(source), name, sheet)
        return _pivoted(OpenFile(name, book.header, source, scan, "utf-8", sheet=book))
    if sheet is not None:
        raise UsageError(f"{name}: `sheet` applies to Excel workbooks only, and this is not one", param="sheet")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _whole_file(name, UTF16_MESSAGE)
    if utf16_without_bom(head):
        raise _whole_file(name, UTF16_NO_BOM_MESSAGE)
    if head[:4] == OLE_MAGIC:
        from hmirate.read.excel import ENCRYPTED_MESSAGE, encrypted

        raise _whole_file(name, ENCRYPTED_MESSAGE if encrypted(source) else OLD_XLS_MESSAGE)
    if (nul := head.find(b"\x00")) >= 0:  # a binary file: said at once, before any parsing
        raise _at_byte(name, source, nul, NUL_MESSAGE)
    if len(head) > MAX_HEADER_BYTES and not has_line_break(head[:MAX_HEADER_BYTES]):
        cap = describe_size(MAX_HEADER_BYTES)
        raise InvalidData(
            [Problem(name, 1, None, f"the first line runs past {cap} without a line break: not a header row")]
        )
    line = head.removeprefix(b"\xef\xbb\xbf").splitlines()[0] if head.strip() else b""
    try:
        line.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:  # the whole file decides when it is read; a header that is not UTF-8 says this
        encoding = FALLBACK_ENCODING
    header, delimiter = _header(name, scan, encoding, delimiter)
    return _pivoted(OpenFile(name, header, source, scan, encoding, delimiter))


def read_file(
    path: str,
    *,
    delimiter: str | None = None,
    sheet: str | None = None,
    display_name: str | None = None,
    plan: ColumnPlan | None = None,
) -> RawFile:
    """Open and read one case export in one go: ``plan`` chooses the columns (every column as text without
    one). For a plan made from the header, :func:`open_file` first, then :meth:`OpenFile.read`."""
    return open_file(path, delimiter=delimiter, sheet=sheet, display_name=display_name).read(plan)


def _read_csv(opened: OpenFile, plan: ColumnPlan | None) -> RawFile:
    name, source, scan, delimiter = opened.name, opened.source, opened.scan, opened.delimiter
    # Known not to be UTF-8 already (its header, or a small file's whole scan): not parsed as UTF-8 first,
    # where a ragged row would fail to decode inside pyarrow, which prints that as "Exception ignored".
    known = opened.encoding != "utf-8" or (scan.done and scan.invalid_utf8 >= 0)
    try:
        raw = None if known else _parse(name, source, scan, "utf-8", delimiter, plan)
    except _NotUtf8:
        raw = None
    except InvalidData:
        if scan.nul >= 0:  # a NUL byte explains any other failure to read
            raise _at_byte(name, source, scan.nul, NUL_MESSAGE) from None
        raise
    if scan.nul >= 0:
        raise _at_byte(name, source, scan.nul, NUL_MESSAGE)
    if raw is None or scan.invalid_utf8 >= 0:
        first = windows_1252_line(source, name)  # or raises: UTF-8 with damaged lines, or not text
        raw = _parse(name, source, scan, FALLBACK_ENCODING, delimiter, plan)
        note = f"{name}: not UTF-8; read as Windows-1252 (line {first} is the first that needed it)"
        raw = raw.but(notes=[note, *raw.notes])
    return raw


def _pivoted(opened: OpenFile) -> OpenFile:
    """A long export read whole: its header, as validation sees it, is the pivot's."""
    if not is_long(opened.header):
        return opened
    from hmirate.read.long import pivot_header

    rows = opened.read()
    return OpenFile(opened.name, pivot_header(rows), opened.source, opened.scan, opened.encoding, whole=rows)


class _NotUtf8(Exception):
    """pyarrow found a byte that is not UTF-8: the whole file decides what that means."""


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        raise _at_byte(name, data, error.start, UNDECODABLE_MESSAGE) from None


LABELS = pa.dictionary(pa.int32(), pa.string())


def _header(name: str, scan: Scan, encoding: str, delimiter: str | None) -> tuple[list[str], str]:
    """The header row and the delimiter (given, or sniffed from the header line)."""
    head = scan.head.removeprefix(b"\xef\xbb\xbf")  # a byte order mark, whatever the rest is
    text_head = _decode(head, encoding, name) if encoding != "utf-8" else head.decode("utf-8", "replace")
    first_line = re.split(r"\r\n|\r|\n", text_head, maxsplit=1)[0]  # not splitlines: \x1c or U+2028 ends no line
    if not first_line.strip():
        raise InvalidData([Problem(name, 1, None, "the first line is blank: expected a header row")])
    delimiter = delimiter or sniff_delimiter(first_line)
    return next(csv.reader(io.StringIO(text_head, newline=""), delimiter=delimiter)), delimiter


def _opened(path: str) -> str | pa.NativeFile:
    """The path for pyarrow to open, or the file opened for it when its name is not UTF-8 (pyarrow would fail
    to encode it)."""
    native = native_path(path)
    return native if isinstance(native, str) else pa.OSFile(native)


def _parse(
    name: str, source: str | bytes, scan: Scan, encoding: str, delimiter: str | None, plan: ColumnPlan | None
) -> RawFile:
    header, delimiter = _header(name, scan, encoding, delimiter)
    width = len(header)
    everything = plan is None or is_long(header)  # a long export is pivoted, so every column is read
    wanted = dict.fromkeys(range(width), False) if everything or plan is None else plan.reads()
    if not wanted:  # pyarrow reads every column, types guessed, when none is named: the first, as text, counts rows
        wanted = {0: False}
    past = cells_past_header(scan.head, encoding, delimiter, width)  # a stray delimiter ending every row
    extra = dict.fromkeys(range(width, width + past), False)
    table = _arrow(name, source, encoding, delimiter, width + past, {**wanted, **extra}, scan)
    if encoding == "utf-8" and scan.invalid_utf8 >= 0:
        raise _NotUtf8  # bytes pyarrow did not check (columns not read, or read as binary): the file decides
    notes = []
    if table is not None and past:
        extra_columns = [f"c{i}" for i in range(width, width + past)]
        if all(pc.all(_blank(table.column(column))).as_py() for column in extra_columns):
            table = table.drop_columns(extra_columns)
            notes.append(past_header_note(name, "every row has", width))
        else:
            table = None  # a value past the header: every row is looked at
    rewritten = None
    if table is None:  # rows of other widths: read by the csv module, and the rows kept parsed again
        try:
            text = bytes_of(source).decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError as error:
            raise _at_byte(name, source, error.start, UNDECODABLE_MESSAGE) from None
        with csv_limit(name):  # a cell past the csv module's limit (raised by the command, not the library)
            rewritten = rewrite(text, name, delimiter, width)
        table = _arrow(name, rewritten.data, "utf-8", delimiter, width, wanted, None)
        if table is None:
            raise InvalidData([Problem(name, None, None, "cannot be read as CSV")])
        notes += rewritten.notes
    raw = RawFile(
        name=name,
        header=header,
        frame=table,
        delimiter=delimiter,
        encoding=encoding,
        source=source,
        sha256=scan.sha256,  # from the scan's one pass over the file: it is not read again
        one_line_records=rewritten is None and table.num_rows + 1 == scan.lines,
        notes=notes,
    )
    if rewritten is not None:  # the csv module's pass found what the error path would look for again
        raw.__dict__.update(text=text, records=rewritten.records)
    records = table.num_rows + 1 if rewritten is None else len(rewritten.records)
    suspect = records != scan.lines or last_line_ends_quoted(source, delimiter)
    if suspect and (line := runs_to_end(raw)):
        message = 'a quoted field opened on this line is never closed (unbalanced ")'
        raise InvalidData([Problem(name, line, None, message)])
    if suspect and raw.spanning:  # a quote closed, but lines after the one it should have closed on
        problems, found = swallowed_rows(raw, answer_positions(header, plan))
        if problems:
            raise InvalidData(problems)
        raw = raw.but(notes=[*raw.notes, *found])
    if rewritten is None:
        return skip_blank_rows(raw, set())
    skipped = rewritten.rejected
    raw = raw.but(problems=rewritten.problems, skipped=skipped, rejected=len(skipped))
    return skip_blank_rows(raw, set(skipped))


def _blank(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(column)), 0)


def _arrow(
    name: str,
    source: str | bytes,
    encoding: str,
    delimiter: str,
    width: int,
    wanted: dict[int, bool],
    scan: Scan | None,
) -> pa.Table | None:
    """The ``wanted`` columns (position -> read as labels) of a CSV whose every row has ``width`` cells; None
    at the first row that has not (pyarrow would call back for every one, at 25 µs a row). ``scan`` is
    None for the rows the csv module wrote out (:func:`~hmirate.read.ragged.rewrite`)."""
    columns = [f"c{i}" for i in range(width)]
    types = {columns[i]: LABELS if labels else pa.string() for i, labels in wanted.items()}
    ragged: list[int] = []

    def on_ragged(row: pacsv.InvalidRow) -> str:
        ragged.append(row.actual_columns)
        return "error"

    for block_size in (1 << 22, 1 << 27, 1 << 30):
        ragged.clear()
        try:
            return pacsv.read_csv(
                _opened(source) if isinstance(source, str) and encoding == "utf-8" else io.BytesIO(bytes_of(source)),
                read_options=pacsv.ReadOptions(
                    column_names=columns,
                    skip_rows=1,
                    encoding=encoding,
                    block_size=block_size,
                    # Arrow's threads take 25 ms to start: not for one small block
                    use_threads=len(source) > SNIFF_BYTES if scan is None else not scan.whole,
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
        except pa.ArrowInvalid as error:
            message = str(error)
            if ragged:
                return None
            if "straddling" in message or "block" in message.lower():
                continue  # a row longer than the block: read again with bigger blocks
            if encoding == "utf-8" and ("UTF8" in message or (scan is not None and scan.invalid_utf8 >= 0)):
                raise _NotUtf8 from None  # (a ragged row that is not UTF-8 fails inside pyarrow's handler)
            # pyarrow's messages quote the row, which may hold names: say only what and where.
            raise InvalidData([Problem(name, None, None, "cannot be read as CSV")]) from None
        except UnicodeDecodeError as error:  # a byte Windows-1252 leaves undefined, past the sniffed head
            raise _at_byte(name, source, error.start, UNDECODABLE_MESSAGE) from None
    raise InvalidData([Problem(name, None, None, "has a row too long to read (over 1 GiB)")])
