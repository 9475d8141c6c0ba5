"""The one-way flow of ``hmirate score``: read -> validate -> aggregate -> rate -> report.

This is the library's front door (:func:`score`, and :func:`check_files` for ``hmirate validate``); the
CLI only parses arguments and renders what these return. Nothing is scored from a subset: if any row of
any file is invalid, every problem is raised together in one :class:`~hmirate.errors.InvalidData` and no
report is made.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias, Union, cast

from pydantic import InstanceOf, PlainValidator
from pydantic_core import PydanticCustomError

from hmirate.aggregate import MAX_GROUPS, MAX_TOTAL_GROUPS, count_answers, fold_labels, pool
from hmirate.arguments import OneOrMany, checked
from hmirate.columns import label_key
from hmirate.errors import InvalidData, Problem, RowCount, UsageError, quoted
from hmirate.read.csv import open_file
from hmirate.read.frame import is_frame, read_frame
from hmirate.read.raw import ColumnPlan, RawFile
from hmirate.report.assemble import Counts, assemble_report
from hmirate.report.model import Report
from hmirate.rules.framework import Framework, load_framework
from hmirate.rules.panel import Panel, load_panel
from hmirate.settings import DEFAULT_FRAMEWORK, DEFAULTS, Settings
from hmirate.validate.headers import required_columns
from hmirate.validate.ids import IdColumn, look_alike_ids
from hmirate.validate.recorded import leave_out_unrecorded
from hmirate.validate.rows import ValidatedFile, plan_file, split_columns, validate_file

if TYPE_CHECKING:
    import pandas as pd

Source = Union[str, Path, "pd.DataFrame"]
"""A path (``-`` for stdin) or a pandas DataFrame; pandas is never imported to read files."""


def _source(value: object) -> object:
    """A path, as text, or a DataFrame: recognised by its type's name, so that pandas is not imported to check."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if (isinstance(value, str) and value) or is_frame(value):
        return value
    raise PydanticCustomError("source", "a path or a pandas DataFrame")


def _delimiter(value: object) -> str:
    if isinstance(value, str) and len(value) == 1 and value.isascii() and value not in '"\r\n':
        return value
    raise PydanticCustomError("delimiter", "one ASCII character other than a quote or a line break")


Delimiter = Annotated[str, PlainValidator(_delimiter)]
"""The character between cells, as given (``--delimiter`` offers ``,``, ``;`` and tab)."""

if TYPE_CHECKING:
    Sources: TypeAlias = Source | Iterable[Source]
else:
    Sources = OneOrMany[Annotated[object, PlainValidator(_source)]]
    """One source or several (:data:`~hmirate.arguments.OneOrMany`); the body is given a list of them."""

Progress = Callable[[str], None]
"""Told the step about to start ("reading cases.csv"), so a long run can show where it is."""


def _quiet(step: str) -> None:
    """No progress shown: the library's default."""


PRELOAD_BYTES = 4 * 2**20
"""From this many bytes of files to read, pandas is imported in a thread while they are parsed."""


@contextmanager
def _pandas_loading(sources: list[Source]) -> Iterator[None]:
    """Import pandas (a third of a second) in a thread while large files are read, and wait for it on the
    way out.

    Reading is pyarrow's parser, which releases the GIL, so the import runs beside it rather than before
    it; validation and counting import pandas where they need it and wait for this import if it is
    still under way (Python's import lock makes that safe). For small files the parse is over at once and
    the two threads only contend for the GIL (measured: a 100-case run took 0.07 s longer with the thread,
    a million rows 0.13 s shorter), so the thread is started only for files of :data:`PRELOAD_BYTES` or more.
    It is always joined, even when the files turn out invalid: an import still running in native code while
    the interpreter exits can abort the process ("terminate called without an active exception").
    """
    thread = None
    if "pandas" not in sys.modules:
        paths = [str(source) for source in sources if isinstance(source, str | Path) and str(source) != "-"]
        if sum(map(_size, paths)) >= PRELOAD_BYTES:
            thread = threading.Thread(target=import_module, args=("pandas",), name="import pandas", daemon=True)
            thread.start()
    try:
        yield
    finally:
        if thread is not None:
            thread.join()


def _size(path: str) -> int:
    """A regular file's size; 0 for anything else, or what cannot be looked at (reading will say why)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return 0
    return status.st_size if stat.S_ISREG(status.st_mode) else 0


def _sources(sources: Sources) -> list[Source]:
    """The sources as :func:`~hmirate.arguments.checked` hands them over, a list; an empty one (a glob that
    matched nothing) is refused, not read as a report of nothing."""
    if not sources:
        raise UsageError("no case files given", param="sources")
    return cast("list[Source]", sources)


def read_sources(
    sources: Sequence[Source],
    framework: Framework,
    by: list[str],
    delimiter: str | None = None,
    sheet: str | None = None,
    progress: Progress = _quiet,
) -> tuple[list[tuple[RawFile, ColumnPlan]], list[Problem]]:
    """Read every source, each one way: its header, resolved once into a plan, then the planned columns.
    A file that cannot be read at all is reported, and the others still read."""
    read, problems = [], []
    for number, source in enumerate(sources, 1):
        name = f"<frame {number}>" if is_frame(source) else str(source)
        progress(f"reading {name}")
        try:
            if is_frame(source):
                header = [str(column) for column in source.columns]  # type: ignore[union-attr]
                plan = plan_file(header, framework, by, file=name)
                read.append((read_frame(source, name, plan), plan))  # type: ignore[arg-type]
            else:
                opened = open_file(name, delimiter=delimiter, sheet=sheet)
                plan = plan_file(
                    opened.header,
                    framework,
                    by,
                    file=name,
                    delimiter=opened.delimiter,
                    questions_from=opened.questions_from,
                )
                read.append((opened.read(plan), plan))
        except InvalidData as error:
            problems.extend(error.problems)
    return read, problems


def validate_sources(
    read: list[tuple[RawFile, ColumnPlan]], framework: Framework, by: list[str], progress: Progress = _quiet
) -> tuple[list[ValidatedFile], list[Problem], RowCount, list[int]]:
    """Validate every file, then check case ids across files that pool the same key questions.

    Problems come file by file in the order given, each file's in line order. Returns the files, the
    problems, where every row read went, and each file's rows left out (a drawn sample's cases with no
    answers).
    """
    files = []
    recorded = [(leave_out_unrecorded(raw, plan), plan) for raw, plan in read]
    read = [(raw, plan) for (raw, _), plan in recorded]
    left_out = [count for (_, count), _ in recorded]
    for raw, plan in read:
        progress(f"checking {raw.name}")
        files.append(validate_file(raw, framework, by, plan))
    per_file = [list(file.problems) for file in files]
    repeats = _duplicates_across([raw for raw, _ in read], files)
    for number, problem in repeats:
        per_file[number].append(problem)
    problems = [problem for found in per_file for problem in sorted(found, key=lambda p: p.line or 0)]
    rows_with_errors = len({(number, problem.line) for number, problem in repeats})
    rows = sum((file.rows for file in files), RowCount()) + RowCount(with_errors=rows_with_errors)
    rows += RowCount(read=sum(left_out), left_out=sum(left_out))
    valid = [(raw, file) for (raw, _), file in zip(read, files, strict=True) if file.cases is not None]
    if valid:  # said once for all the files, beside the last file's notes
        ids = [IdColumn(file.name, file.cases["case_id"].tolist(), raw.lines) for raw, file in valid]  # type: ignore[index]
        valid[-1][1].notes += look_alike_ids(ids)
    return files, problems, rows, left_out


def _duplicates_across(raws: list[RawFile], files: list[ValidatedFile]) -> list[tuple[int, Problem]]:
    """A case scored twice for one key question (the same id in two pooled files) would count twice; a case in
    two files of different key questions must be in the same groups in both (:func:`_conflicts`).

    Checked between files that are each valid on their own; each repeated row is reported once, against
    the first earlier file that has the case and shares a key question with it, so the rows with errors are
    counted once each. One pass over every case id (a thousand files compared pairwise took over 20 s):
    only ids found in more than one file are looked at one by one.
    """
    import pandas as pd

    frames = {number: file.cases for number, file in enumerate(files) if file.cases is not None and file.key_questions}
    if len(frames) < 2:
        return []
    checked = list(frames)
    ids = pd.concat([frame["case_id"] for frame in frames.values()], ignore_index=True)
    sizes = [len(frame) for frame in frames.values()]
    owners = pd.Series([number for number, size in zip(checked, sizes, strict=True) for _ in range(size)])
    positions = pd.Series([index for size in sizes for index in range(size)])
    repeated = ids.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return []
    questions = {number: frozenset(files[number].key_questions) for number in checked}
    seen: dict[object, dict[frozenset[str], tuple[int, int]]] = {}
    found: list[tuple[int, int, Problem]] = []
    for case_id, number, index in zip(ids[repeated], owners[repeated], positions[repeated], strict=True):
        earlier = seen.setdefault(case_id, {})
        first = min((where for kept, where in earlier.items() if not kept.isdisjoint(questions[number])), default=None)
        line = raws[number].lines[index]
        if first is not None and first[0] != number:
            where = f"{files[first[0]].name}:{raws[first[0]].lines[first[1]]}"
            message = f"duplicate case_id {quoted(case_id)} (also {where}, which carries the same key questions)"
            found.append((number, index, Problem(files[number].name, line, "case_id", message)))
        elif earlier and (other := min(earlier.values()))[0] != number:
            for column, here, there in _conflicts(files[number], index, files[other[0]], other[1]):
                where = f"{files[other[0]].name}:{raws[other[0]].lines[other[1]]}"
                message = (
                    f"{quoted(here)} here but {quoted(there)} in {where}, for case {quoted(case_id)}: "
                    f"a case has one {column}"
                )
                found.append((number, index, Problem(files[number].name, line, column, message)))
        earlier.setdefault(questions[number], (number, index))
    return [(number, problem) for number, _, problem in sorted(found, key=lambda item: item[:2])]


def _conflicts(file: ValidatedFile, row: int, other: ValidatedFile, other_row: int) -> list[tuple[str, str, str]]:
    """The split columns (grade, gender, each ``by``) in which one case's rows in two files disagree: the case
    would be in one group for one file's key questions and in another for the other's. Labels that differ
    only by letter case or spacing are one group (:func:`~hmirate.columns.label_key`), so they agree."""
    assert file.cases is not None and other.cases is not None
    splits = [column for column in file.cases.columns if column != "case_id" and column not in file.key_questions]
    found = []
    for column in splits:
        here, there = str(file.cases[column].iloc[row]), str(other.cases[column].iloc[other_row])
        if label_key(here) != label_key(there):
            found.append((column, here, there))
    return found


@checked
def score(
    sources: Sources,
    *,
    framework: str | Path | InstanceOf[Framework] = DEFAULT_FRAMEWORK,
    panel: str | Path | InstanceOf[Panel] | None = None,
    by: OneOrMany[str] = (),
    delimiter: Delimiter | None = None,
    sheet: str | None = None,
    confidence: float = DEFAULTS.confidence,
    min_base: int = DEFAULTS.min_base,
    margin: float = DEFAULTS.margin,
    progress: Progress = _quiet,
) -> Report:
    """Score case files (paths, ``-`` for stdin, or pandas DataFrames) into a :class:`Report`.

    ``confidence`` is the level of every Wilson interval (0.80, the inspectorate's, by default);
    a split group with a base under ``min_base`` is marked too small to read; a standard whose driving
    key question lies within ``margin`` points of a band edge is flagged borderline. ``progress`` is
    told each step as it starts (two a file, then counting and rating), for a progress bar.
    Raises :class:`~hmirate.errors.InvalidData` listing every problem when any row is invalid, and
    :class:`~hmirate.errors.UsageError` for an unknown framework, a bad panel file or a bad setting.
    """
    settings = Settings(confidence=confidence, min_base=min_base, margin=margin)
    listed = _sources(sources)
    with _pandas_loading(listed):
        framework = load_framework(framework) if isinstance(framework, str | Path) else framework
        if panel is not None and not isinstance(panel, Panel):
            panel = load_panel(panel, framework)
        extra = split_columns(by, framework)
        splits = [*required_columns(framework)[1:], *extra]
        read, unreadable = read_sources(listed, framework, extra, delimiter, sheet, progress)
        files, problems, rows, left_out = validate_sources(read, framework, extra, progress)
        problems = unreadable + problems
        if problems:
            raise InvalidData(problems, rows)
        progress("counting answers")
        questions = list(dict.fromkeys(q for f in files for q in f.key_questions))
        cases = pool([f.cases for f in files if f.cases is not None], questions, splits)
        joined = fold_labels(cases, splits)
        _check_groups(cases, splits, extra)
        counts = Counts(count_answers(cases, questions, splits))
        notes = [note for file in files for note in file.notes] + joined
        progress("rating")
        digests = [raw.sha256 for raw, _ in read]
        return assemble_report(framework, files, counts, splits, panel, notes, settings, digests, left_out)


def _check_groups(cases: pd.DataFrame, splits: list[str], extra: list[str]) -> None:
    """A split of more than :data:`~hmirate.aggregate.MAX_GROUPS` groups, or splits of more than
    :data:`~hmirate.aggregate.MAX_TOTAL_GROUPS` together, are refused before they are counted;
    ``extra`` are the columns asked for by ``by`` among ``splits``, named as that parameter in the message."""
    sizes = {column: len(cases[column].cat.categories) for column in splits}
    for column, groups in sizes.items():
        if groups > MAX_GROUPS:
            name = f"`by` {column}" if column in extra else column
            raise UsageError(
                f"{name}: {groups:,} different values, more than the {MAX_GROUPS:,} groups a split can have "
                "(is it an id or free text?)",
                param="by" if column in extra else None,
            )
    if (total := sum(sizes.values())) > MAX_TOTAL_GROUPS:
        listed = ", ".join(f"{column} {groups:,}" for column, groups in sizes.items())
        raise UsageError(
            f"{total:,} groups in all the splits ({listed}), more than the {MAX_TOTAL_GROUPS:,} a report can "
            "have: split by fewer `by` columns",
            param="by",
        )


@dataclass(frozen=True)
class CheckResult:
    """Every problem found, in file order, and the row accounting: read = valid + with errors."""

    problems: list[Problem]
    rows: RowCount
    notes: list[str]

    @property
    def ok(self) -> bool:
        """Whether the files passed: no problem at all (a note is not a problem)."""
        return not self.problems


@checked
def check_files(
    sources: Sources,
    *,
    framework: str | Path | InstanceOf[Framework] = DEFAULT_FRAMEWORK,
    by: OneOrMany[str] = (),
    delimiter: Delimiter | None = None,
    sheet: str | None = None,
) -> CheckResult:
    """Check case files against the framework without scoring them: what ``hmirate validate`` runs.

    The same reading and validation as :func:`score`, stopped before counting, so a CI job can gate a
    file on exactly the rules scoring will apply to it.
    """
    listed = _sources(sources)
    framework = load_framework(framework) if isinstance(framework, str | Path) else framework
    extra = split_columns(by, framework)
    read, unreadable = read_sources(listed, framework, extra, delimiter, sheet)
    files, problems, rows, _ = validate_sources(read, framework, extra)
    notes = [note for file in files for note in file.notes]
    return CheckResult(unreadable + problems, rows, notes)


__all__ = ["CheckResult", "Source", "Sources", "check_files", "score"]
