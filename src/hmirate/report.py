"""The report the core produces: a typed model that every output format is a small function of.

Its JSON form is hmirate's machine-readable output, so field names are part of the public contract:
``schema_version`` changes when they do. Percentages are exact (unrounded floats) with the published
whole percent beside them, rounded half up.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Figures(_Model):
    yes: int
    no: int
    not_applicable: int
    base: int
    """Yes + No: the cases the question applied to. N/A answers are left out of the base."""
    percent: float | None
    """Exact Yes / base in percent; null when the base is 0 (never 0%)."""
    percent_whole: int | None
    """The whole percent as published, rounded half up."""


class Group(Figures):
    value: str
    cases: int


class Split(_Model):
    column: str
    groups: list[Group]


class KeyQuestionResult(Figures):
    id: str
    text: str
    relevant_subsample: bool
    splits: list[Split]


class StandardResult(_Model):
    id: str
    title: str
    description: str
    domain: str
    rated_from: Literal["cases", "inspectors"]
    cases: int | None
    """Cases scored for this standard; null when no input carries its key questions."""
    key_questions: list[KeyQuestionResult]
    driving_key_question: str | None
    lowest_percent: int | None
    band: str | None
    rating_from_cases: str | None
    rating: str | None
    """The final rating: the panel's where it gave one, else the one the cases give."""
    score: int | None
    adjustment: str | None
    """The panel's reason where it moved the rating the cases give; null otherwise."""
    panel_reason: str | None


class OverallBand(_Model):
    rating: str
    low: int
    high: int


class OverallResult(_Model):
    rating: str
    total: int
    maximum: int
    standards: int
    bands: list[OverallBand]


class InputFile(_Model):
    name: str
    rows: int
    key_questions: list[str]


class Report(_Model):
    schema_version: int = SCHEMA_VERSION
    framework: str
    framework_title: str
    rounding: str = "whole percents are rounded half up; ratings are banded on the whole percent"
    inputs: list[InputFile]
    splits: list[str]
    standards: list[StandardResult]
    overall: OverallResult | None
    notes: list[str] = []

    def standard(self, standard_id: str) -> StandardResult:
        return next(s for s in self.standards if s.id == standard_id)

    def key_question(self, question_id: str) -> KeyQuestionResult:
        return next(q for s in self.standards for q in s.key_questions if q.id == question_id)
