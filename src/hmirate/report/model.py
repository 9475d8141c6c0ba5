"""The report the core produces: a typed model that every output format is a small function of.

Its JSON form is hmirate's machine-readable output, so field names are part of the public contract:
``schema_version`` changes when they do (fields are only ever added within a version). Percentages are
exact (unrounded floats) with the published whole percent beside them, rounded half up, and the Wilson
interval around them. ``hmirate schema`` prints the JSON Schema generated from these models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)


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
    ci_low: float | None = None
    ci_high: float | None = None
    """The Wilson score interval at the report's ``confidence``, in percent; null when the base is 0."""


class Group(Figures):
    value: str
    cases: int
    too_small: bool = False
    """The base is under the report's ``min_base``: too small to read. Groups never drive a rating."""


class Gap(_Model):
    """The difference between two groups of a split on one key question, and whether it is clear.

    Only groups whose bases are both at least the report's ``min_base`` are paired; ``first`` comes
    before ``second`` in the split's group order.
    """

    first: str
    second: str
    difference: float
    """First group's exact percent minus the second's, in percentage points."""
    ci_low: float
    ci_high: float
    """Newcombe's hybrid score interval of the difference at the report's ``confidence``, in points."""
    clear: bool
    """The interval excludes 0: a gap the sample shows at that confidence, not noise."""


class Split(_Model):
    column: str
    groups: list[Group]
    gaps: list[Gap] = []
    """Every pair of readable groups (bases at least ``min_base``), in group order."""


class KeyQuestionResult(Figures):
    id: str
    text: str
    relevant_subsample: bool
    splits: list[Split]


class NearEdge(_Model):
    """The driving key question lies within the report's ``margin`` of a band edge."""

    edge: int
    """The whole percent where the band ``edge_rating`` starts."""
    edge_rating: str
    side: Literal["under", "above"]
    points: int
    """Whole points between the driving key question's whole percent and the edge."""
    towards: str
    """The rating on the other side of the edge: a candidate to move up (under) or down (above)."""


class QuestionChange(_Model):
    id: str
    percent_whole: int
    no_to_yes: int


class RaiseBand(_Model):
    """The fewest No answers turned Yes (bases fixed) that lift the rating from cases one band."""

    to: str
    edge: int
    no_to_yes: int
    key_questions: list[QuestionChange]
    """Every key question under the edge, each with the Yes it needs."""


class LowerBand(_Model):
    """The fewest Yes answers turned No, all on one key question, that drop the rating one band."""

    to: str
    edge: int
    yes_to_no: int
    key_question: str


class NextBand(_Model):
    up: RaiseBand | None
    """Null at the top band."""
    down: LowerBand | None
    """Null at the bottom band."""


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
    borderline: list[NearEdge] = []
    """Band edges the driving key question lies within ``margin`` points of, nearest first."""
    to_next_band: NextBand | None = None
    """How far the rating from cases is from the next band up and down; null when not rated from cases."""


class PercentBand(_Model):
    """A band of the lowest key question's whole percent, from ``low`` to ``high`` inclusive."""

    name: str
    rating: str
    low: int
    high: int


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
    sha256: str | None = None
    """SHA-256 of the file's bytes as read (stdin too), so reports can be traced to their input and two
    reports of the same input recognised; null for a DataFrame, which has no bytes."""


class Report(_Model):
    schema_version: int = SCHEMA_VERSION
    hmirate_version: str | None = None
    """The hmirate that wrote the report (null in reports written before it was recorded)."""
    framework: str
    framework_title: str
    rounding: str = "whole percents are rounded half up; ratings are banded on the whole percent"
    confidence: float = 0.8
    """The level of every ``ci_low``/``ci_high`` (Wilson score interval)."""
    min_base: int = 10
    """A split group with a base under this is marked ``too_small``."""
    margin: float = 5
    """Points either side of a band edge within which a standard is borderline."""
    bands: list[PercentBand] = []
    inputs: list[InputFile]
    splits: list[str]
    standards: list[StandardResult]
    overall: OverallResult | None
    notes: list[str] = []

    def standard(self, standard_id: str) -> StandardResult:
        return next(s for s in self.standards if s.id == standard_id)

    def key_question(self, question_id: str) -> KeyQuestionResult:
        return next(q for s in self.standards for q in s.key_questions if q.id == question_id)

    def to_frame(self) -> pd.DataFrame:
        """A tidy DataFrame: one row per key question and group, the whole sample first (split "(all)")."""
        import pandas as pd

        from hmirate.report.tidy import COLUMNS, figure_rows

        return pd.DataFrame(figure_rows(self), columns=list(COLUMNS))
