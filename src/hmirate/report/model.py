"""The report the core produces: a typed model that every output format is a small function of.

Its JSON form is hmirate's machine-readable output, so field names are part of the public contract:
``schema_version`` changes when they do (fields are only ever added within a version). Percentages are
exact (unrounded floats) with the published whole percent beside them, rounded half up, and the Wilson
interval around them. ``hmirate schema`` prints the JSON Schema generated from these models.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from hmirate.rules.edges import NearEdge, NextBand
from hmirate.rules.rate import OverallResult, PercentBand, exact_percent, rating_scale, round_half_up, whole_percent
from hmirate.rules.result import Result

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = 1

MAX_COUNT = 10**9
"""The most cases any count in a report may hold: no inspection comes near, and a read-back report's
arithmetic stays finite (a count of 10**300 overflowed the intervals that compare works out)."""

Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


class Figures(Result):
    yes: Count
    no: Count
    not_applicable: Count
    base: int
    """Yes + No: the cases the question applied to. N/A answers are left out of the base."""
    percent: float | None = Field(allow_inf_nan=False)
    """Exact Yes / base in percent; null when the base is 0 (never 0%)."""
    percent_whole: int | None
    """The whole percent as published, rounded half up."""
    ci_low: float | None = Field(default=None, allow_inf_nan=False)
    ci_high: float | None = Field(default=None, allow_inf_nan=False)
    """The Wilson score interval at the report's ``confidence``, in percent; null when the base is 0."""
    band: str | None = None
    """The name of the report's band (``bands``) the whole percent falls in; null when the base is 0 (and in
    reports written before it was recorded). Only a standard's lowest key question rates it."""

    @model_validator(mode="after")
    def _consistent(self) -> Figures:
        """The figures agree with their counts: a report read back (``hmirate compare``) cannot carry a
        percent its Yes and base do not give, so an edited or damaged report is refused, not compared."""
        if self.base != self.yes + self.no:
            raise ValueError(f"base {self.base} is not yes + no ({self.yes} + {self.no})")
        exact = exact_percent(self.yes, self.base)
        if exact is None:
            agrees = self.percent is None
        else:
            agrees = self.percent is not None and abs(self.percent - float(exact)) <= 1e-9
        if not agrees:
            raise ValueError(f"percent {self.percent} is not 100 * yes / base ({self.yes} / {self.base})")
        if self.percent_whole != whole_percent(self.yes, self.base):
            raise ValueError(f"percent_whole {self.percent_whole} is not the percent rounded half up")
        return self

    @property
    def ci_whole(self) -> tuple[int, int] | None:
        """The interval's ends as whole percents, rounded half up like every published percent."""
        if self.ci_low is None or self.ci_high is None:
            return None
        return round_half_up(self.ci_low), round_half_up(self.ci_high)


class Group(Figures):
    value: str
    cases: Count
    too_small: bool = False
    """The base is under the report's ``min_base``: too small to read. Groups never drive a rating."""

    @model_validator(mode="after")
    def _all_cases(self) -> Group:
        if self.cases != self.yes + self.no + self.not_applicable:
            raise ValueError(f"cases {self.cases} is not yes + no + not_applicable")
        return self


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
    counts_to_overall: bool = True
    """False for a standard rated and reported but left out of the overall total and its maximum."""
    cases: Count | None
    """Cases scored for this standard; null when no input carries its key questions."""
    key_questions: list[KeyQuestionResult]
    driving_key_question: str | None
    lowest_percent: int | None = Field(ge=0, le=100)
    band: str | None
    rating_from_cases: str | None
    rating: str | None
    """The final rating: the panel's where it gave one, else the one the cases give."""
    score: int | None = Field(ge=0, le=MAX_COUNT)
    adjustment: str | None
    """The panel's reason where it moved the rating the cases give; null otherwise."""
    panel_reason: str | None
    borderline: list[NearEdge] = Field(default_factory=list)
    """Band edges the driving key question lies within ``margin`` points of, nearest first."""
    to_next_band: NextBand | None = None
    """How far the rating from cases is from the next band up and down; null when not rated from cases."""


class InputFile(Result):
    name: str
    rows: Count
    """The rows scored, one a case."""
    left_out: Count = 0
    """Rows read but left out: a drawn sample's cases with no answers (not inspected), not in ``rows``."""
    key_questions: list[str]
    sha256: str | None = None
    """SHA-256 of the file's bytes as read (stdin too), so reports can be traced to their input and two
    reports of the same input recognised; null for a DataFrame, which has no bytes."""


class Report(Result):
    """What ``score`` returns and every output format renders: the JSON document, as a typed model."""

    schema_version: int = SCHEMA_VERSION
    hmirate_version: str | None = None
    """The hmirate that wrote the report (null in reports written before it was recorded)."""
    framework: str
    framework_title: str
    rounding: str = "whole percents are rounded half up; ratings are banded on the whole percent"
    confidence: float = Field(gt=0, lt=1, allow_inf_nan=False)
    """The level of every ``ci_low``/``ci_high`` (Wilson score interval)."""
    min_base: int = Field(ge=0)
    """A split group with a base under this is marked ``too_small``."""
    margin: float = Field(ge=0, le=100, allow_inf_nan=False)
    """Points either side of a band edge within which a standard is borderline."""
    bands: list[PercentBand] = Field(default_factory=list)
    inputs: list[InputFile]
    splits: list[str]
    standards: list[StandardResult]
    overall: OverallResult | None
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_of_each(self) -> Report:
        """A standard or a key question listed twice would make a read-back report ambiguous (which copy is
        compared?), so it is refused."""
        for what, ids in (
            ("standard", [s.id for s in self.standards]),
            ("key question", [q.id for s in self.standards for q in s.key_questions]),
        ):
            if repeated := sorted(i for i, count in Counter(ids).items() if count > 1):
                raise ValueError(f"{what} {repeated[0]} is listed more than once")
        return self

    @model_validator(mode="after")
    def _bands_agree(self) -> Report:
        """A figure's band is the band of the report's table that holds its whole percent: a read-back report
        that says otherwise is refused, as a figure whose percent disagrees with its counts is."""
        bands = {band.name: band for band in self.bands}
        for question in (q for s in self.standards for q in s.key_questions):
            for where, figures in (
                (f"key question {question.id}", question),
                *(
                    (f"key question {question.id}, {s.column} {g.value!r}", g)
                    for s in question.splits
                    for g in s.groups
                ),
            ):
                band, whole = bands.get(figures.band or ""), figures.percent_whole
                if figures.band is not None and (band is None or whole is None or not band.low <= whole <= band.high):
                    raise ValueError(f"{where}: band {figures.band!r} does not hold its whole percent {whole}")
        return self

    @model_validator(mode="after")
    def _ratings_agree(self) -> Report:
        """Every rating is the one its figures and bands give: a read-back report whose standard is
        Outstanding from a lowest key question at 63%, or whose overall rating is not the band of its total,
        is refused (``hmirate compare`` would carry the wrong rating, or a wrong move)."""
        for standard in self.standards:
            if problem := _standard_disagrees(standard, self.bands):
                raise ValueError(f"standard {standard.id}: {problem}")
        scores: dict[str, int | None] = {}
        for standard in self.standards:
            if standard.rating is not None and scores.setdefault(standard.rating, standard.score) != standard.score:
                raise ValueError(f"standard {standard.id}: rating {standard.rating!r} scores {standard.score}, "
                                 f"where another standard's scores {scores[standard.rating]}")  # fmt: skip
            if (standard.rating is None) != (standard.score is None):
                raise ValueError(f"standard {standard.id}: a rating and its score go together")
        if self.overall is not None and (problem := _overall_disagrees(self.overall, self.standards, self.scale)):
            raise ValueError(f"overall: {problem}")
        return self

    @property
    def scale(self) -> list[str]:
        """The ratings of the report's bands, lowest first: what a rating's rank (and colour) is read off."""
        return rating_scale(self.bands)

    def percent_band(self, name: str | None) -> PercentBand | None:
        """The band of that name (a figure's or a standard's ``band``); None for None."""
        return next((band for band in self.bands if band.name == name), None)

    def standard(self, standard_id: str) -> StandardResult:
        """One standard's result by id ("2.1"); every standard of the framework is listed, scored or not."""
        return next(s for s in self.standards if s.id == standard_id)

    def key_question(self, question_id: str) -> KeyQuestionResult:
        """One key question's result by id ("2.1.3"), wherever its standard is: saves a nested loop."""
        return next(q for s in self.standards for q in s.key_questions if q.id == question_id)

    def to_frame(self) -> pd.DataFrame:
        """A tidy DataFrame: one row per key question and group, the whole sample first (split "(all)")."""
        import pandas as pd

        from hmirate.report.tidy import COLUMNS, figure_rows

        return pd.DataFrame(figure_rows(self), columns=list(COLUMNS))

    def __repr__(self) -> str:
        """One line a notebook or a log can show: the framework, the inputs and the overall rating."""
        files = len(self.inputs)
        cases = sum(f.rows for f in self.inputs)
        overall = f"{self.overall.rating} {self.overall.total}/{self.overall.maximum}" if self.overall else "not rated"
        return f"<Report {self.framework}: {files} file{'s' * (files != 1)}, {cases} cases, overall {overall}>"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the HTML report's own body, styles scoped to it (see :mod:`hmirate.render.html`)."""
        from hmirate.render.html import fragment

        return fragment(self)

    def _repr_markdown_(self) -> str:
        """For viewers that render markdown but not HTML: the ``--format markdown`` report."""
        from hmirate.render.markdown import render_markdown

        return render_markdown(self)


def _standard_disagrees(standard: StandardResult, bands: list[PercentBand]) -> str | None:
    """What in a standard's rating its own figures contradict, if anything (as :mod:`hmirate.report.assemble`
    rates: the lowest exact percent drives, the first listed among equals; its whole percent is banded).
    A report written before figures carried bands has none, and only the driver is checked."""
    rated = [q for q in standard.key_questions if q.base]
    found = (standard.driving_key_question, standard.lowest_percent, standard.band, standard.rating_from_cases)
    if not rated:
        if found != (None, None, None, None):
            return "rated from cases, but no key question has a base"
        return None
    driver = min(rated, key=lambda q: Fraction(q.yes, q.base))
    if standard.driving_key_question != driver.id:
        return f"driving_key_question {standard.driving_key_question!r} is not its lowest key question, {driver.id}"
    if standard.lowest_percent != driver.percent_whole:
        return f"lowest_percent {standard.lowest_percent} is not {driver.id}'s whole percent, {driver.percent_whole}"
    band = next(
        (b for b in bands if driver.percent_whole is not None and b.low <= driver.percent_whole <= b.high), None
    )
    if bands and (band is None or standard.band != band.name):
        return f"band {standard.band!r} does not hold its lowest percent {standard.lowest_percent}"
    if band is not None and standard.rating_from_cases != band.rating:
        return f"rating_from_cases {standard.rating_from_cases!r} is not band {band.name!r}'s rating, {band.rating!r}"
    if standard.rating != standard.rating_from_cases and standard.adjustment is None:
        return (f"rating {standard.rating!r} is not its rating from cases, {standard.rating_from_cases!r}, and no "
                "panel adjustment says why")  # fmt: skip
    return None


def _overall_disagrees(overall: OverallResult, standards: list[StandardResult], scale: list[str]) -> str | None:
    """What in the overall rating its standards and bands contradict, if anything."""
    counted = [s for s in standards if s.counts_to_overall]
    if unrated := [s.id for s in counted if s.score is None]:
        return f"rated, but standard {unrated[0]} has no rating"
    total = sum(s.score or 0 for s in counted)
    if overall.total != total:
        return f"total {overall.total} is not the sum of the counted standards' scores, {total}"
    if overall.standards != len(counted):
        return f"standards {overall.standards} is not the {len(counted)} standards counted"
    edges = [(band.low, band.high) for band in overall.bands]
    if not edges or edges[0][0] != 0 or any(high < low for low, high in edges):
        return "its bands must start at 0 and each cover a total"
    if any(later[0] != earlier[1] + 1 for earlier, later in pairwise(edges)):
        return "its bands must follow each other without a gap or an overlap"
    if overall.maximum != edges[-1][1]:
        return f"maximum {overall.maximum} is not where its last band ends, {edges[-1][1]}"
    if scale and [band.rating for band in overall.bands] != scale:
        return f"its bands' ratings are not the report's rating scale, {', '.join(scale)}, lowest first"
    band = next((band for band in overall.bands if band.low <= overall.total <= band.high), None)
    if band is None or band.rating != overall.rating:
        held = "no band" if band is None else f"band {band.rating!r}"
        return f"rating {overall.rating!r} is not the rating of the band holding its total {overall.total} ({held})"
    return None
