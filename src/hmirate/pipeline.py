"""The one-way flow of ``hmirate score``: read -> validate -> aggregate -> rate -> report.

This is the library's front door (:func:`score`); the CLI only parses arguments and renders what this
returns. Nothing is scored from a subset: if any row of any file is invalid, every problem is raised
together in one :class:`~hmirate.errors.InvalidData` and no report is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from hmirate.aggregate import Counts, count_answers
from hmirate.caserow import REQUIRED_COLUMNS
from hmirate.errors import InvalidData, Problem
from hmirate.framework import Framework, Standard, load_framework
from hmirate.panel import Panel, load_panel
from hmirate.rate import exact_percent, rate_from_cases, rate_overall, round_half_up
from hmirate.read import RawFile, read_file
from hmirate.report import (
    Figures,
    Group,
    InputFile,
    KeyQuestionResult,
    OverallBand,
    OverallResult,
    Report,
    Split,
    StandardResult,
)
from hmirate.validate import ValidatedFile, validate_file

DEFAULT_SPLITS = ("grade", "gender")

Source = str | Path | pd.DataFrame


def frame_as_raw(frame: pd.DataFrame, name: str) -> RawFile:
    """Treat an in-memory DataFrame like a read file, so it goes through the same validation."""
    text = frame.astype(object).where(frame.notna(), "").astype(str)
    text.columns = [f"c{i}" for i in range(frame.shape[1])]
    lines = list(range(2, len(frame) + 2))  # as if written to CSV: the header is line 1
    header = [str(c) for c in frame.columns]
    return RawFile(name=name, header=header, frame=text.reset_index(drop=True), row_lines=lines)


def read_sources(
    sources: Sequence[Source], delimiter: str | None = None, sheet: str | None = None
) -> tuple[list[RawFile], list[Problem]]:
    """Read every source; a file that cannot be read at all is reported, and the others still read."""
    raws, problems = [], []
    for number, source in enumerate(sources, 1):
        try:
            if isinstance(source, pd.DataFrame):
                raws.append(frame_as_raw(source, f"<frame {number}>"))
            else:
                raws.append(read_file(str(source), delimiter=delimiter, sheet=sheet))
        except InvalidData as error:
            problems.extend(error.problems)
    return raws, problems


def validate_sources(
    raws: list[RawFile], framework: Framework, by: list[str]
) -> tuple[list[ValidatedFile], list[Problem], int, int]:
    """Validate every file, then check case ids across files that pool the same key questions."""
    files = [validate_file(raw, framework, by) for raw in raws]
    problems = [problem for file in files for problem in file.problems]
    invalid = sum(file.invalid_rows for file in files)
    if not problems:
        extra = _duplicates_across(raws, files)
        problems += extra
        invalid += len(extra)
    return files, problems, sum(f.rows_read for f in files), invalid


def _duplicates_across(raws: list[RawFile], files: list[ValidatedFile]) -> list[Problem]:
    """A case scored twice for one key question (the same id in two pooled files) would count twice."""
    problems = []
    for later in range(len(files)):
        for earlier in range(later):
            shared = set(files[later].key_questions) & set(files[earlier].key_questions)
            if not shared:
                continue
            first = dict(zip(files[earlier].cases["case_id"], range(len(files[earlier].cases)), strict=True))
            for index, case_id in enumerate(files[later].cases["case_id"]):
                if case_id in first:
                    problems.append(
                        Problem(
                            files[later].name,
                            raws[later].lines[index],
                            "case_id",
                            f"duplicate case_id {case_id!r} (also {files[earlier].name}:"
                            f"{raws[earlier].lines[first[case_id]]}, which carries the same key questions)",
                        )
                    )
    return problems


def score(
    sources: Source | Iterable[Source],
    *,
    framework: str | Framework = "crc-2018",
    panel: str | Path | Panel | None = None,
    by: Iterable[str] = (),
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Report:
    """Score case files (paths, ``-`` for stdin, or DataFrames) into a :class:`Report`.

    Raises :class:`~hmirate.errors.InvalidData` listing every problem when any row is invalid, and
    :class:`~hmirate.errors.UsageError` for an unknown framework or a bad panel file.
    """
    if isinstance(sources, str | Path | pd.DataFrame):
        sources = [sources]
    sources = list(sources)
    framework = load_framework(framework) if isinstance(framework, str) else framework
    if panel is not None and not isinstance(panel, Panel):
        panel = load_panel(panel, framework)
    splits = list(dict.fromkeys([*DEFAULT_SPLITS, *(c.strip() for c in by)]))
    extra = [c for c in splits if c not in REQUIRED_COLUMNS]
    raws, unreadable = read_sources(sources, delimiter, sheet)
    files, problems, rows_read, invalid = validate_sources(raws, framework, extra)
    problems = unreadable + problems
    if problems:
        raise InvalidData(problems, rows_read, invalid)
    cases, questions = _pool(files)
    counts = count_answers(cases, questions, splits)
    notes = [note for raw in raws for note in raw.notes]
    standards = [_standard(framework, s, files, counts, splits, panel, notes) for s in framework.standards]
    return Report(
        framework=framework.id,
        framework_title=framework.title,
        inputs=[InputFile(name=f.name, rows=f.rows_read, key_questions=f.key_questions) for f in files],
        splits=splits,
        standards=standards,
        overall=_overall(framework, standards),
        notes=notes,
    )


def _pool(files: list[ValidatedFile]) -> tuple[pd.DataFrame, list[str]]:
    """One frame of all cases; a key question a file does not carry is coded -1 (not asked)."""
    questions = list(dict.fromkeys(q for f in files for q in f.key_questions))
    frames = []
    for file in files:
        frame = file.cases
        missing = {q: np.full(len(frame), -1, dtype=np.int8) for q in questions if q not in frame}
        frames.append(frame.assign(**missing) if missing else frame)
    pooled = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return pooled, questions


def _figures(yes: int, no: int, not_applicable: int) -> dict:
    base = yes + no
    percent = exact_percent(yes, base)
    return {
        "yes": yes,
        "no": no,
        "not_applicable": not_applicable,
        "base": base,
        "percent": None if percent is None else float(percent),
        "percent_whole": None if percent is None else round_half_up(percent),
    }


def _standard(
    framework: Framework,
    standard: Standard,
    files: list[ValidatedFile],
    counts: Counts,
    splits: list[str],
    panel: Panel | None,
    notes: list[str],
) -> StandardResult:
    ids = [q.id for q in standard.key_questions]
    scored = bool(ids) and ids[0] in counts.overall.index
    questions = (
        [_key_question(q.id, q.text, q.relevant_subsample, counts, splits) for q in standard.key_questions]
        if scored
        else []
    )
    case_rating = rate_from_cases(framework, {q.id: _exact(q) for q in questions}) if scored else None
    decision = panel.standards.get(standard.id) if panel else None
    if decision and standard.rated_from == "cases" and not scored:
        notes.append(f"panel rating of {standard.id} ignored: no input carries its key questions")
        decision = None
    from_cases = case_rating.rating if case_rating else None
    final = decision.rating if decision else from_cases
    return StandardResult(
        id=standard.id,
        title=standard.title,
        description=standard.description,
        domain=next(d.id for d in framework.domains if standard in d.standards),
        rated_from=standard.rated_from,
        cases=sum(len(f.cases) for f in files if ids and ids[0] in f.key_questions) if scored else None,
        key_questions=questions,
        driving_key_question=case_rating.driving_key_question if case_rating else None,
        lowest_percent=case_rating.lowest_percent if case_rating else None,
        band=case_rating.band if case_rating else None,
        rating_from_cases=from_cases,
        rating=final,
        score=framework.rating(final).score if final else None,
        adjustment=decision.reason if decision and from_cases and final != from_cases else None,
        panel_reason=decision.reason if decision else None,
    )


def _exact(question: KeyQuestionResult):
    return exact_percent(question.yes, question.base)


def _key_question(question_id: str, text: str, relevant: bool, counts: Counts, splits: list[str]) -> KeyQuestionResult:
    row = counts.overall.loc[question_id]
    split_results = []
    for column in splits:
        table = counts.splits[column]
        groups = []
        for value in counts.sizes[column].index:
            yes, no, na = (int(v) for v in table.loc[(value, question_id)])
            if yes + no + na == 0:
                continue  # no case of this group was asked this question (another file's group)
            groups.append(Group(value=str(value), cases=yes + no + na, **_figures(yes, no, na)))
        split_results.append(Split(column=column, groups=groups))
    return KeyQuestionResult(
        id=question_id,
        text=text,
        relevant_subsample=relevant,
        splits=split_results,
        **_figures(int(row["yes"]), int(row["no"]), int(row["not_applicable"])),
    )


def _overall(framework: Framework, standards: list[StandardResult]) -> OverallResult | None:
    """The overall rating, only when every standard of the framework has a final rating."""
    ratings = [s.rating for s in standards]
    if any(r is None for r in ratings):
        return None
    overall = rate_overall(framework, ratings)  # type: ignore[arg-type]
    return OverallResult(
        rating=overall.rating,
        total=overall.total,
        maximum=overall.maximum,
        standards=len(ratings),
        bands=[OverallBand(rating=name, low=low, high=high) for name, low, high in overall.ranges],
    )


__all__ = ["DEFAULT_SPLITS", "Figures", "score"]
