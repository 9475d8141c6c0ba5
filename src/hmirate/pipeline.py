"""The one-way flow of ``hmirate score``: read -> validate -> aggregate -> rate -> report.

This is the library's front door (:func:`score`); the CLI only parses arguments and renders what this
returns. Nothing is scored from a subset: if any row of any file is invalid, every problem is raised
together in one :class:`~hmirate.errors.InvalidData` and no report is made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from hmirate.aggregate import count_answers, pool
from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.read.csv import ColumnPlan, RawFile, read_file
from hmirate.report.assemble import Reading, assemble_report
from hmirate.report.model import Figures, Report
from hmirate.rules.framework import Framework, load_framework
from hmirate.rules.intervals import DEFAULT_CONFIDENCE, check_confidence
from hmirate.rules.panel import Panel, load_panel
from hmirate.validate.rows import ValidatedFile, column_plan, split_columns, validate_file

if TYPE_CHECKING:
    import pandas as pd

    Source = str | Path | pd.DataFrame
    """A path (``-`` for stdin) or a pandas DataFrame; pandas is never imported to read files."""

DEFAULT_SPLITS = ("grade", "gender")


def _is_frame(source: object) -> bool:
    return type(source).__name__ == "DataFrame" and type(source).__module__.startswith("pandas")


def frame_as_raw(frame: pd.DataFrame, name: str) -> RawFile:
    """Treat an in-memory DataFrame like a read file, so it goes through the same validation."""
    from hmirate.read.excel import cell_text  # a cell as a person sees it: 1 not 1.0, dates in ISO form

    text = frame.astype(object).where(frame.notna(), None)
    columns = {
        f"c{i}": pa.array([cell_text(value) for value in text.iloc[:, i]], type=pa.string())
        for i in range(frame.shape[1])
    }
    lines = list(range(2, len(frame) + 2))  # as if written to CSV: the header is line 1
    header = [str(c) for c in frame.columns]
    return RawFile(name=name, header=header, frame=pa.table(columns), row_lines=lines)


Progress = Callable[[str], None]
"""Told the step about to start ("reading cases.csv"), so a long run can show where it is."""


def _quiet(step: str) -> None:
    """No progress shown: the library's default."""


def read_sources(
    sources: Sequence[Source],
    delimiter: str | None = None,
    sheet: str | None = None,
    plan: ColumnPlan | None = None,
    progress: Progress = _quiet,
) -> tuple[list[RawFile], list[Problem]]:
    """Read every source; a file that cannot be read at all is reported, and the others still read."""
    raws, problems = [], []
    for number, source in enumerate(sources, 1):
        progress(f"reading {source if not _is_frame(source) else f'<frame {number}>'}")
        try:
            if _is_frame(source):
                raws.append(frame_as_raw(source, f"<frame {number}>"))
            else:
                raws.append(read_file(str(source), delimiter=delimiter, sheet=sheet, plan=plan))
        except InvalidData as error:
            problems.extend(error.problems)
    return raws, problems


def validate_sources(
    raws: list[RawFile], framework: Framework, by: list[str], progress: Progress = _quiet
) -> tuple[list[ValidatedFile], list[Problem], int, int]:
    """Validate every file, then check case ids across files that pool the same key questions.

    Problems come file by file in the order given, each file's in line order.
    """
    files = []
    for raw in raws:
        progress(f"checking {raw.name}")
        files.append(validate_file(raw, framework, by))
    per_file = [list(file.problems) for file in files]
    repeats = _duplicates_across(raws, files)
    for number, problem in repeats:
        per_file[number].append(problem)
    problems = [problem for found in per_file for problem in sorted(found, key=lambda p: p.line or 0)]
    invalid = sum(file.invalid_rows for file in files) + len(repeats)
    return files, problems, sum(f.rows_read for f in files), invalid


def _duplicates_across(raws: list[RawFile], files: list[ValidatedFile]) -> list[tuple[int, Problem]]:
    """A case scored twice for one key question (the same id in two pooled files) would count twice.

    Checked between files that are each valid on their own; each repeated row is reported once, against
    the first file that has the case, so the rows with errors are counted once each.
    """
    found: dict[tuple[int, int], Problem] = {}
    for later, file in enumerate(files):
        for earlier in range(later):
            if file.cases is None or files[earlier].cases is None:
                continue
            if not set(file.key_questions) & set(files[earlier].key_questions):
                continue
            earlier_ids, later_ids = files[earlier].cases.ids, file.cases.ids
            hits = pc.is_in(later_ids, value_set=earlier_ids.combine_chunks())
            if not pc.any(hits).as_py():
                continue
            first = {case_id: index for index, case_id in enumerate(earlier_ids.to_pylist())}
            for index, (hit, case_id) in enumerate(zip(hits.to_pylist(), later_ids.to_pylist(), strict=True)):
                if hit and (later, index) not in found:
                    where = f"{files[earlier].name}:{raws[earlier].lines[first[case_id]]}"
                    message = f"duplicate case_id {case_id!r} (also {where}, which carries the same key questions)"
                    found[(later, index)] = Problem(file.name, raws[later].lines[index], "case_id", message)
    return [(number, found[(number, index)]) for number, index in sorted(found)]


def score(
    sources: Source | Iterable[Source],
    *,
    framework: str | Framework = "crc-2018",
    panel: str | Path | Panel | None = None,
    by: Iterable[str] = (),
    delimiter: str | None = None,
    sheet: str | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    min_base: int = 10,
    margin: float = 5,
    progress: Progress = _quiet,
) -> Report:
    """Score case files (paths, ``-`` for stdin, or DataFrames) into a :class:`Report`.

    ``confidence`` is the level of every Wilson interval (0.80, the inspectorate's, by default);
    a split group with a base under ``min_base`` is marked too small to read; a standard whose driving
    key question lies within ``margin`` points of a band edge is flagged borderline. ``progress`` is
    told each step as it starts (two a file, then counting and rating), for a progress bar.
    Raises :class:`~hmirate.errors.InvalidData` listing every problem when any row is invalid, and
    :class:`~hmirate.errors.UsageError` for an unknown framework, a bad panel file or a bad setting.
    """
    reading = _reading(confidence, min_base, margin)
    if isinstance(sources, str | Path) or _is_frame(sources):
        sources = [sources]
    elif type(sources).__module__.split(".")[0] in ("pandas", "numpy", "pyarrow"):
        raise UsageError(f"cannot score a {type(sources).__name__}: give paths or pandas DataFrames")
    sources = list(sources)
    for source in sources:
        if not (isinstance(source, str | Path) or _is_frame(source)):
            raise UsageError(f"cannot score a {type(source).__name__}: give paths or pandas DataFrames")
    framework = load_framework(framework) if isinstance(framework, str) else framework
    if panel is not None and not isinstance(panel, Panel):
        panel = load_panel(panel, framework)
    extra = split_columns(by)
    splits = [*DEFAULT_SPLITS, *extra]
    raws, unreadable = read_sources(sources, delimiter, sheet, column_plan(framework, extra), progress)
    files, problems, rows_read, invalid = validate_sources(raws, framework, extra, progress)
    problems = unreadable + problems
    if problems:
        raise InvalidData(problems, rows_read, invalid)
    progress("counting answers")
    questions = list(dict.fromkeys(q for f in files for q in f.key_questions))
    counts = count_answers(pool([f.cases for f in files], questions, splits), questions, splits)
    notes = [note for raw in raws for note in raw.notes]
    progress("rating")
    digests = [raw.sha256 for raw in raws]
    return assemble_report(framework, files, counts, splits, panel, notes, reading, digests)


def _reading(confidence: float, min_base: int, margin: float) -> Reading:
    """Check the reading settings up front, so a bad one fails before any file is read."""
    if isinstance(min_base, bool) or not isinstance(min_base, int) or min_base < 0:
        raise UsageError(f"min_base must be a whole number of cases, 0 or more, not {min_base!r}")
    if not isinstance(margin, int | float) or not 0 <= margin <= 100:
        raise UsageError(f"margin must be between 0 and 100 points, not {margin!r}")
    return Reading(check_confidence(confidence), min_base, margin)


@dataclass(frozen=True)
class CheckResult:
    """Every problem found, in file order, and the row accounting: read = valid + with errors."""

    problems: list[Problem]
    rows_read: int
    rows_with_errors: int
    notes: list[str]

    @property
    def rows_valid(self) -> int:
        return self.rows_read - self.rows_with_errors

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return f"{self.rows_read} rows read, {self.rows_valid} valid, {self.rows_with_errors} with errors"


def check_files(
    sources: Iterable[Source],
    *,
    framework: str | Framework = "crc-2018",
    by: Iterable[str] = (),
    delimiter: str | None = None,
    sheet: str | None = None,
) -> CheckResult:
    framework = load_framework(framework) if isinstance(framework, str) else framework
    by = split_columns(by)
    raws, unreadable = read_sources(list(sources), delimiter, sheet, column_plan(framework, by))
    _, problems, rows_read, invalid = validate_sources(raws, framework, by)
    notes = [note for raw in raws for note in raw.notes]
    return CheckResult(unreadable + problems, rows_read, invalid, notes)


__all__ = ["DEFAULT_SPLITS", "CheckResult", "Figures", "check_files", "score"]
