"""The report the core produces: a typed model that every output format is a small function of.

Its JSON form is hmirate's machine-readable output, so field names are part of the public contract:
``schema_version`` changes when they do (fields are only ever added within a version). Percentages are
exact (unrounded floats) with the published whole percent beside them, rounded half up, and the Wilson
interval around them. ``hmirate schema`` prints the JSON Schema generated from these models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from hmirate.rules.edges import NearEdge, NextBand
from hmirate.rules.rate import OverallResult
from hmirate.rules.result import Result

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = 1


class Figures(Result):
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


class Gap(Result):
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


class Split(Result):
    column: str
    groups: list[Group]
    gaps: list[Gap] = Field(default_factory=list)
    """Every pair of readable groups (bases at least ``min_base``), in group order."""


class KeyQuestionResult(Figures):
    id: str
    text: str
    relevant_subsample: bool
    splits: list[Split]


class StandardResult(Result):
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
    borderline: list[NearEdge] = Field(default_factory=list)
    """Band edges the driving key question lies within ``margin`` points of, nearest first."""
    to_next_band: NextBand | None = None
    """How far the rating from cases is from the next band up and down; null when not rated from cases."""


class PercentBand(Result):
    """A band of the lowest key question's whole percent, from ``low`` to ``high`` inclusive."""

    name: str
    rating: str
    low: int
    high: int


class InputFile(Result):
    name: str
    rows: int
    key_questions: list[str]
    sha256: str | None = None
    """SHA-256 of the file's bytes as read (stdin too), so reports can be traced to their input and two
    reports of the same input recognised; null for a DataFrame, which has no bytes."""


class Report(Result):
    schema_version: int = SCHEMA_VERSION
    hmirate_version: str | None = None
    """The hmirate that wrote the report (null in reports written before it was recorded)."""
    framework: str
    framework_title: str
    rounding: str = "whole percents are rounded half up; ratings are banded on the whole percent"
    confidence: float
    """The level of every ``ci_low``/``ci_high`` (Wilson score interval)."""
    min_base: int
    """A split group with a base under this is marked ``too_small``."""
    margin: float
    """Points either side of a band edge within which a standard is borderline."""
    bands: list[PercentBand] = Field(default_factory=list)
    inputs: list[InputFile]
    splits: list[str]
    standards: list[StandardResult]
    overall: OverallResult | None
    notes: list[str] = Field(default_factory=list)

    def standard(self, standard_id: str) -> StandardResult:
        return next(s for s in self.standards if s.id == standard_id)

    def key_question(self, question_id: str) -> KeyQuestionResult:
        return next(q for s in self.standards for q in s.key_questions if q.id == question_id)

    def to_frame(self) -> pd.DataFrame:
        """A tidy DataFrame: one row per key question and group, the whole sample first (split "(all)")."""
        import pandas as pd

        from hmirate.report.tidy import COLUMNS, figure_rows

        return pd.DataFrame(figure_rows(self), columns=list(COLUMNS))
