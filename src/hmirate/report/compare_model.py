"""The typed result of ``hmirate compare``: its JSON form is the command's machine-readable output.

Field names are a public contract like the report's (:mod:`hmirate.report.model`): fields are only added
within a ``schema_version``. Changes and intervals are in percentage points, later report minus earlier.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from hmirate import __version__
from hmirate.report.model import SCHEMA_VERSION, Figures, InputFile, PercentBand
from hmirate.settings import DEFAULTS

Verdict = Literal["up", "down", "no clear change", "not comparable"]
Direction = Literal["up", "down", "same", "not comparable"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)


class ReportSource(_Model):
    """One report compared: its label, its file and its provenance."""

    label: str
    file: str
    framework: str
    hmirate_version: str | None
    inputs: list[InputFile]


class Change(_Model):
    """A key question from one report to a later one: ``change``, ``ci_low``, ``ci_high`` in points."""

    earlier: str
    later: str
    change: float | None
    """The later exact percent minus the earlier one; null when either base is 0."""
    ci_low: float | None
    ci_high: float | None
    """Newcombe's hybrid score interval of the change at the comparison's ``confidence``."""
    verdict: Verdict


class KeyQuestionComparison(_Model):
    id: str
    standard: str
    text: str
    relevant_subsample: bool
    figures: list[Figures]
    """One per report, in the reports' order, as that report gives them (``ci_low``/``ci_high`` at its own
    ``confidence``)."""
    changes: list[Change]
    """Each step between consecutive reports, then first to last when there are more than two."""


class StandardAt(_Model):
    rating_from_cases: str | None
    rating: str | None
    score: int | None
    driving_key_question: str | None
    lowest_percent: int | None


class RatingChange(_Model):
    earlier: str
    later: str
    rating: Direction
    """How the final rating moved (by its score)."""
    rating_from_cases: Direction
    """How the rating the cases give moved (by its rank on the report's band table)."""


class StandardComparison(_Model):
    id: str
    title: str
    rated_from: Literal["cases", "inspectors"]
    ratings: list[StandardAt]
    changes: list[RatingChange]


class OverallAt(_Model):
    rating: str | None
    total: int | None
    maximum: int | None


class OverallChange(_Model):
    earlier: str
    later: str
    rating: Direction
    total: int | None


class OverallComparison(_Model):
    ratings: list[OverallAt]
    changes: list[OverallChange]


class LeftOut(_Model):
    """A key question (or standard) not in every report, so not compared."""

    id: str
    found_in: list[str]
    """The labels of the reports that have it."""


class Comparison(_Model):
    schema_version: int = SCHEMA_VERSION
    hmirate_version: str = __version__
    confidence: float = DEFAULTS.confidence
    """The level of every ``ci_low``/``ci_high`` (Newcombe's hybrid score interval)."""
    reports: list[ReportSource]
    key_questions: list[KeyQuestionComparison]
    standards: list[StandardComparison]
    overall: OverallComparison
    left_out: list[LeftOut] = []
    """Key questions scored in some reports but not all."""
    standards_left_out: list[LeftOut] = []
    warnings: list[str] = []
    bands: list[PercentBand] = []
    """The latest report's band table, for charts to shade by."""

    @property
    def steps(self) -> list[tuple[str, str]]:
        """The (earlier, later) labels of every step compared: consecutive pairs, then first to last."""
        labels = [source.label for source in self.reports]
        return [(labels[i], labels[j]) for i, j in steps(len(labels))]

    @property
    def declined(self) -> list[tuple[str, RatingChange]]:
        """Every standard whose final rating went down at some step (or first to last)."""
        return [(s.id, c) for s in self.standards for c in s.changes if c.rating == "down"]

    def __repr__(self) -> str:
        """One line: the reports in order, how the shared key questions moved first to last, the overall rating."""
        verdicts = [q.changes[-1].verdict for q in self.key_questions]
        moved = ", ".join(f"{verdicts.count(v)} {v}" for v in ("up", "down") if v in verdicts) or "none clearly moved"
        overall = " -> ".join(
            f"{at.rating} {at.total}/{at.maximum}" if at.rating else "not rated" for at in self.overall.ratings
        )
        labels = " -> ".join(source.label for source in self.reports)
        return f"<Comparison {labels}: {len(self.key_questions)} key questions ({moved}), overall {overall}>"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the comparison page's own body, styles scoped to it."""
        from hmirate.render.compare_html import fragment

        return fragment(self)

    def _repr_markdown_(self) -> str:
        """For viewers that render markdown but not HTML: the ``--format markdown`` comparison."""
        from hmirate.render.compare import render_markdown

        return render_markdown(self)


def steps(count: int) -> list[tuple[int, int]]:
    """Each consecutive pair, then first to last when there are more than two."""
    pairs = [(i, i + 1) for i in range(count - 1)]
    return [*pairs, (0, count - 1)] if count > 2 else pairs
