"""From counts to the typed report: percentages, intervals, ratings, panel decisions, band edges.

The last step of the one-way flow before rendering. Everything here is read off the counts with the
pure rules (:mod:`hmirate.rules.rate`, :mod:`hmirate.rules.edges`, :mod:`hmirate.rules.intervals`);
ratings are taken from the whole-sample figures only, so a split group, however small, can never
drive a rating: groups are described (and marked ``too_small`` under ``min_base``), never rated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hmirate import __version__
from hmirate.report.gaps import MAX_GAP_GROUPS, MAX_GAP_PAIRS, group_gaps, pairs, readable
from hmirate.report.model import (
    Group,
    InputFile,
    KeyQuestionResult,
    NextBand,
    OverallResult,
    Report,
    Split,
    StandardResult,
)
from hmirate.rules.edges import distance_down, distance_up, near_edges
from hmirate.rules.framework import Framework, KeyQuestion, Standard
from hmirate.rules.intervals import wilson_interval
from hmirate.rules.panel import Panel
from hmirate.rules.rate import exact_percent, percent_bands, rate_from_cases, rate_overall, whole_percent
from hmirate.settings import Settings
from hmirate.validate.caserow import ALL
from hmirate.validate.rows import ValidatedFile

if TYPE_CHECKING:
    import pandas as pd


def figures(framework: Framework, yes: int, no: int, not_applicable: int, confidence: float) -> dict[str, Any]:
    """The figures of one key question or group: counts, exact and whole percent, Wilson interval, band."""
    base = yes + no
    percent = exact_percent(yes, base)
    whole = whole_percent(yes, base)
    interval = wilson_interval(yes, base, confidence)
    return {
        "yes": yes,
        "no": no,
        "not_applicable": not_applicable,
        "base": base,
        "percent": None if percent is None else float(percent),
        "percent_whole": whole,
        "ci_low": None if interval is None else interval[0],
        "ci_high": None if interval is None else interval[1],
        "band": None if whole is None else framework.band_for(whole).name,
    }


def _key_question(
    framework: Framework,
    question: KeyQuestion,
    counts: Counts,
    splits: list[str],
    settings: Settings,
    notes: list[str],
) -> KeyQuestionResult:
    question_id = question.id
    split_results = []
    pairs_left = MAX_GAP_PAIRS
    for column in splits:
        groups = []
        for value, yes, no, na in counts.groups(question_id, column):
            if yes + no + na == 0:
                continue  # no case of this group was asked this question (another file's group)
            groups.append(
                Group(
                    value=value,
                    cases=yes + no + na,
                    too_small=yes + no < settings.min_base,
                    **figures(framework, yes, no, na, settings.confidence),
                )
            )
        compared = pairs(groups, settings.min_base)
        if compared > pairs_left and len(readable(groups, settings.min_base)) <= MAX_GAP_GROUPS:
            note = (
                f"gaps between the groups of {column} not worked out: the splits before it already compare "
                f"{MAX_GAP_PAIRS - pairs_left:,} pairs of groups for some key questions, and "
                f"{MAX_GAP_PAIRS:,} is the most"
            )
            notes += [] if note in notes else [note]
            split_results.append(Split(column=column, groups=groups, gaps=[]))
            continue
        gaps = group_gaps(groups, settings.min_base, settings.confidence)
        pairs_left -= len(gaps or [])
        if gaps is None:
            note = (
                f"gaps between the groups of {column} not worked out: more than {MAX_GAP_GROUPS} groups "
                f"big enough to read (base {settings.min_base} or more) for some key questions"
            )
            notes += [] if note in notes else [note]
        split_results.append(Split(column=column, groups=groups, gaps=gaps or []))
    return KeyQuestionResult(
        id=question_id,
        text=question.text,
        relevant_subsample=question.relevant_subsample,
        splits=split_results,
        **figures(framework, *counts.overall(question_id), settings.confidence),
    )


class Counts:
    """The tidy counts frame (:func:`hmirate.aggregate.count_answers`) read once into plain lookups."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._rows: dict[tuple[str, str], list[tuple[str, int, int, int]]] = {}
        for question, split, group, yes, no, na in frame.itertuples(index=False, name=None):
            self._rows.setdefault((question, split), []).append((group, int(yes), int(no), int(na)))

    def scored(self, question_id: str) -> bool:
        return (question_id, ALL) in self._rows

    def overall(self, question_id: str) -> tuple[int, int, int]:
        _, yes, no, na = self._rows[(question_id, ALL)][0]
        return yes, no, na

    def groups(self, question_id: str, column: str) -> list[tuple[str, int, int, int]]:
        return self._rows.get((question_id, column), [])


def _next_band(framework: Framework, questions: list[KeyQuestionResult]) -> NextBand:
    counts = {q.id: (q.yes, q.base) for q in questions}
    return NextBand(up=distance_up(framework, counts), down=distance_down(framework, counts))


def standard_result(
    framework: Framework,
    standard: Standard,
    files: list[ValidatedFile],
    counts: Counts,
    splits: list[str],
    panel: Panel | None,
    notes: list[str],
    settings: Settings,
) -> StandardResult:
    """One standard: its key questions' figures, the rating the cases give, the panel's decision."""
    ids = [q.id for q in standard.key_questions]
    scored = bool(ids) and counts.scored(ids[0])
    questions = (
        [_key_question(framework, q, counts, splits, settings, notes) for q in standard.key_questions] if scored else []
    )
    exact = {q.id: exact_percent(q.yes, q.base) for q in questions}
    case_rating = rate_from_cases(framework, exact) if scored else None
    decision = panel.standards.get(standard.id) if panel else None
    if decision and standard.rated_from == "cases" and not scored:
        notes.append(f"panel rating of {standard.id} ignored: no input carries its key questions")
        decision = None
    from_cases = case_rating.rating if case_rating else None
    final = decision.rating if decision else from_cases
    near = near_edges(framework, case_rating.lowest_percent, settings.margin) if case_rating else []
    return StandardResult(
        id=standard.id,
        title=standard.title,
        description=standard.description,
        domain=next(d.id for d in framework.domains if standard in d.standards),
        rated_from=standard.rated_from,
        counts_to_overall=standard.counts_to_overall,
        cases=sum(len(f.cases) for f in files if f.cases is not None and ids[0] in f.key_questions) if scored else None,
        key_questions=questions,
        driving_key_question=case_rating.driving_key_question if case_rating else None,
        lowest_percent=case_rating.lowest_percent if case_rating else None,
        band=case_rating.band if case_rating else None,
        rating_from_cases=from_cases,
        rating=final,
        score=framework.rating(final).score if final else None,
        adjustment=decision.reason if decision and from_cases and final != from_cases else None,
        panel_reason=decision.reason if decision else None,
        borderline=near,
        to_next_band=_next_band(framework, questions) if case_rating else None,
    )


def overall_result(framework: Framework, standards: list[StandardResult]) -> OverallResult | None:
    """The overall rating, only when every standard that counts towards it has a final rating."""
    counted = [s.rating for s in standards if s.counts_to_overall]
    if any(rating is None for rating in counted):
        return None
    not_counted = [s.id for s in standards if not s.counts_to_overall]
    return rate_overall(framework, counted, not_counted)  # type: ignore[arg-type]


def assemble_report(
    framework: Framework,
    files: list[ValidatedFile],
    counts: Counts,
    splits: list[str],
    panel: Panel | None,
    notes: list[str],
    settings: Settings,
    digests: list[str | None] | None = None,
    left_out: list[int] | None = None,
) -> Report:
    """The whole report, every standard of the framework in its order.

    ``digests`` are the inputs' SHA-256 (None for a DataFrame), in the order of ``files``: provenance,
    with no timestamp, so the same input still gives byte-identical output. ``left_out`` are the rows of
    each file left out as a drawn sample's cases with no answers, so every row read is accounted for.
    """
    digests = digests or [None] * len(files)
    left_out = left_out or [0] * len(files)
    standards = [
        standard_result(framework, s, files, counts, splits, panel, notes, settings) for s in framework.standards
    ]
    return Report(
        hmirate_version=__version__,
        framework=framework.id,
        framework_title=framework.title,
        confidence=settings.confidence,
        min_base=settings.min_base,
        margin=settings.margin,
        bands=percent_bands(framework),
        inputs=[
            InputFile(name=f.name, rows=f.rows_read, left_out=left, key_questions=f.key_questions, sha256=digest)
            for f, digest, left in zip(files, digests, left_out, strict=True)
        ],
        splits=splits,
        standards=standards,
        overall=overall_result(framework, standards),
        notes=notes,
    )
