"""Has it changed? Two or more JSON reports of ``hmirate score``, compared key question by key question.

Used for a provider's inspection against its last one, or against its own mock inspection. A change in a key
question's percentage is read with Newcombe's hybrid score interval of the difference at ``confidence`` (the
inspectorate's 80% by default): *up* or *down* when the interval excludes 0, else *no clear change*. Ratings
are compared as they were published (the panel's final rating, and the one the cases give). Reports are taken
oldest first; with more than two, each step is compared and then the first with the last. Reports from
different frameworks are compared on the key questions they share, and the others are listed as left out.
"""

from __future__ import annotations

import os
from itertools import combinations
from pathlib import Path

from pydantic import InstanceOf, ValidationError

from hmirate.arguments import FilePath, Many, OneOrMany, checked
from hmirate.errors import InvalidData, Problem, UsageError, display_path
from hmirate.read.source import describe_size, open_source, stream_limit
from hmirate.report.compare_model import (
    Change,
    Comparison,
    Direction,
    KeyQuestionComparison,
    LeftOut,
    OverallAt,
    OverallChange,
    OverallComparison,
    RatingChange,
    ReportSource,
    StandardAt,
    StandardComparison,
    steps,
)
from hmirate.report.model import SCHEMA_VERSION, Figures, KeyQuestionResult, Report, StandardResult
from hmirate.rules.intervals import difference
from hmirate.settings import DEFAULTS, check_confidence

__all__ = ["Comparison", "compare", "compare_files", "input_labels", "load_report"]


@checked
def load_report(path: FilePath) -> Report:
    """A JSON report written by ``hmirate score --format json``; anything else is invalid data, said so."""
    name = display_path(str(path))
    source = open_source(str(path), name, "JSON report")  # a device refused, a pipe read once and capped
    try:
        if isinstance(source, bytes):
            data = source
        elif (size := os.stat(source).st_size) > stream_limit():
            message = f"is {describe_size(size)}, over the {describe_size(stream_limit())} a report can be"
            raise InvalidData([Problem(name, None, None, message)])
        else:
            data = Path(source).read_bytes()
    except OSError as error:
        raise UsageError(f"{name}: cannot read: {error.strerror or error}") from None
    try:
        # A byte order mark (a report saved by a Windows editor) is not part of the JSON; "79" or true is not a count.
        report = Report.model_validate_json(data.removeprefix(b"\xef\xbb\xbf"), strict=True)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        detail = f"{where}: {first['msg']}" if where else first["msg"]
        message = f"is not a JSON report of hmirate score ({detail})"
        raise InvalidData([Problem(name, None, None, message)]) from None
    if report.schema_version > SCHEMA_VERSION:
        message = f"has schema_version {report.schema_version}; this hmirate reads {SCHEMA_VERSION}: upgrade hmirate"
        raise InvalidData([Problem(name, None, None, message)])
    return report


def default_labels(files: list[str]) -> list[str]:
    """Each file's name without its extension; the whole path where names repeat; numbered if still equal."""
    return _distinct([Path(f).stem for f in files], list(files))


def input_labels(reports: list[Report]) -> list[str]:
    """A label for each report from the files it was scored from, made distinct as :func:`default_labels` does.

    One file gives its name without the extension; several in one folder give the folder's name (a sample
    kept as a folder per inspection, ``hiow-crc-2019/*.csv``); several elsewhere give their names joined by
    ``+``. Where two reports would share a label the whole paths are used, then numbers."""
    short, full = [], []
    for report in reports:
        names = [f.name for f in report.inputs] or ["report"]
        try:
            folder = os.path.commonpath(names) if len(names) > 1 else ""
        except ValueError:  # absolute and relative paths, or different drives
            folder = ""
        if len(names) == 1:
            short.append(Path(names[0]).stem)
            full.append(names[0])
        elif folder:
            short.append(Path(folder).name or folder)
            full.append(folder)
        else:
            short.append("+".join(Path(name).stem for name in names))
            full.append("+".join(names))
    return _distinct(short, full)


def _distinct(short: list[str], full: list[str]) -> list[str]:
    """The short labels, or the full ones where short ones repeat; numbered where even those are equal."""
    labels = full if len(set(short)) < len(short) else short
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return unique


def _figures(q: KeyQuestionResult) -> Figures:
    """The key question's figures as its report published them (its interval at that report's confidence)."""
    return Figures.model_validate({name: getattr(q, name) for name in Figures.model_fields})


def _change(earlier: KeyQuestionResult, later: KeyQuestionResult, labels: tuple[str, str], level: float) -> Change:
    change = difference(later.yes, later.base, earlier.yes, earlier.base, level)
    if change is None:
        return Change(
            earlier=labels[0], later=labels[1], change=None, ci_low=None, ci_high=None, verdict="not comparable"
        )
    return Change(
        earlier=labels[0],
        later=labels[1],
        change=change.difference,
        ci_low=change.low,
        ci_high=change.high,
        verdict=change.direction,
    )


def _rank(report: Report, rating: str | None) -> int | None:
    """A rating's rank on the report's scale; two reports' ranks are compared only if their scales are equal."""
    return report.scale.index(rating) if rating in report.scale else None


def _direction(earlier: int | None, later: int | None) -> Direction:
    if earlier is None or later is None:
        return "not comparable"
    return "up" if later > earlier else "down" if later < earlier else "same"


def _questions(report: Report) -> dict[str, tuple[StandardResult, KeyQuestionResult]]:
    return {q.id: (s, q) for s in report.standards for q in s.key_questions}


def _left_out(ids_per_report: list[list[str]], labels: list[str]) -> tuple[list[str], list[LeftOut]]:
    """The ids every report has (in the first report's order, then later ones'), and the others."""
    sets = [set(ids) for ids in ids_per_report]  # looked up in sets: reports of many thousand ids stay fast
    everywhere = set.intersection(*sets)
    ordered = list(dict.fromkeys(i for ids in ids_per_report for i in ids))
    left = [
        LeftOut(id=i, found_in=[label for label, ids in zip(labels, sets, strict=True) if i in ids])
        for i in ordered
        if i not in everywhere
    ]
    return [i for i in ordered if i in everywhere], left


def _warnings(reports: list[Report], labels: list[str]) -> list[str]:
    found = []
    frameworks = list(dict.fromkeys(r.framework for r in reports))
    if len(frameworks) > 1:
        found.append(
            f"the reports use different frameworks ({', '.join(frameworks)}): "
            "only the key questions and standards they share are compared"
        )
    for label, report in zip(labels, reports, strict=True):
        if any(source.sha256 is None for source in report.inputs):
            found.append(
                f"{label} does not record the SHA-256 of every input: whether it shares an input with "
                "another report cannot be told"
            )
    for (i, first), (j, second) in combinations(enumerate(reports), 2):
        digests = {s.sha256: s.name for s in first.inputs if s.sha256}
        shared = [(digests[s.sha256], s.sha256) for s in second.inputs if s.sha256 in digests]
        if shared:
            same = "the same input" if len(shared) == len(first.inputs) == len(second.inputs) else "a shared input"
            files = ", ".join(f"{name} (SHA-256 {digest[:12]}...)" for name, digest in shared)
            found.append(f"{labels[i]} and {labels[j]} were scored from {same}: {files}")
    return found


@checked
def compare(
    reports: Many[InstanceOf[Report]],
    labels: OneOrMany[str] | None = None,
    files: Many[str] | None = None,
    confidence: float = DEFAULTS.confidence,
) -> Comparison:
    """Compare reports given oldest first, each named by its label (by default, from its input files)."""
    level = check_confidence(confidence)
    reports = list(reports)
    labels = None if labels is None else list(labels)
    _check_count(len(reports), labels)
    labels = input_labels(reports) if labels is None else labels
    if len(set(labels)) < len(labels):
        raise UsageError(f"labels must differ: {', '.join(labels)}", param="labels")
    if files:
        _check_count(len(reports), list(files), "files")
    files = list(files or labels)
    per_report = [_questions(r) for r in reports]
    shared, left_out = _left_out([list(q) for q in per_report], labels)
    pairs = steps(len(reports))
    key_questions = []
    for qid in shared:
        standard, first = per_report[0][qid]
        found = [questions[qid][1] for questions in per_report]
        changes = [_change(found[i], found[j], (labels[i], labels[j]), level) for i, j in pairs]
        key_questions.append(
            KeyQuestionComparison(
                id=qid,
                standard=standard.id,
                text=first.text,
                relevant_subsample=first.relevant_subsample,
                figures=[_figures(q) for q in found],
                changes=changes,
            )
        )
    by_id = [{s.id: s for s in r.standards} for r in reports]
    shared_standards, standards_left_out = _left_out([list(s) for s in by_id], labels)
    standards = []
    for sid in shared_standards:
        found_s = [standards_of[sid] for standards_of in by_id]
        ratings = [
            StandardAt(
                rating_from_cases=s.rating_from_cases,
                rating=s.rating,
                score=s.score,
                driving_key_question=s.driving_key_question,
                lowest_percent=s.lowest_percent,
            )
            for s in found_s
        ]
        changes_s = [
            RatingChange(
                earlier=labels[i],
                later=labels[j],
                rating=_direction(found_s[i].score, found_s[j].score)
                if reports[i].scale == reports[j].scale
                else "not comparable",
                rating_from_cases=_direction(
                    _rank(reports[i], found_s[i].rating_from_cases), _rank(reports[j], found_s[j].rating_from_cases)
                ),
            )
            for i, j in pairs
        ]
        standards.append(
            StandardComparison(
                id=sid, title=found_s[0].title, rated_from=found_s[0].rated_from, ratings=ratings, changes=changes_s
            )
        )
    return Comparison(
        confidence=level,
        reports=[
            ReportSource(
                label=label, file=file, framework=r.framework, hmirate_version=r.hmirate_version, inputs=r.inputs
            )
            for label, file, r in zip(labels, files, reports, strict=True)
        ],
        key_questions=key_questions,
        standards=standards,
        overall=_overall(reports, labels, pairs),
        left_out=left_out,
        standards_left_out=standards_left_out,
        warnings=_warnings(reports, labels),
        bands=reports[-1].bands,
    )


def _overall(reports: list[Report], labels: list[str], pairs: list[tuple[int, int]]) -> OverallComparison:
    at = [
        OverallAt(rating=r.overall.rating, total=r.overall.total, maximum=r.overall.maximum)
        if r.overall
        else OverallAt(rating=None, total=None, maximum=None)
        for r in reports
    ]
    changes = []
    for i, j in pairs:
        totals = at[i].total, at[j].total
        total = None if None in totals else totals[1] - totals[0]  # type: ignore[operator]
        ranks = [None if at[k].rating is None else _overall_rank(reports[k], at[k].rating) for k in (i, j)]
        if reports[i].scale != reports[j].scale:
            ranks, total = [None, None], None
        changes.append(OverallChange(earlier=labels[i], later=labels[j], rating=_direction(*ranks), total=total))
    return OverallComparison(ratings=at, changes=changes)


def _overall_rank(report: Report, rating: str | None) -> int | None:
    bands = [band.rating for band in report.overall.bands] if report.overall else []
    return bands.index(rating) if rating in bands else None


def _check_count(reports: int, labels: list[str] | None, name: str = "labels") -> None:
    """At least two reports, and a label (or a file name) for each when they are given."""
    if reports < 2:
        raise UsageError("compare needs at least two reports")
    if labels is not None and len(labels) != reports:
        raise UsageError(
            f"{len(labels)} `{name}` for {reports} reports: give one `{name}` per report, in order", param=name
        )


@checked
def compare_files(
    paths: Many[FilePath], labels: OneOrMany[str] | None = None, confidence: float = DEFAULTS.confidence
) -> Comparison:
    """Load JSON reports (oldest first) and compare them; labels default to the files' names."""
    check_confidence(confidence)
    paths, labels = list(paths), None if labels is None else list(labels)
    _check_count(len(paths), labels or None)  # before any report is read
    reports = [load_report(path) for path in paths]
    shown = [display_path(str(path)) for path in paths]  # a name that is not UTF-8 is written as \xe9
    return compare(reports, labels or default_labels(shown), shown, confidence)
