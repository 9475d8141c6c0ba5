"""Frameworks and rating rules as data: a TOML file checked by pydantic models.

Adding a framework (the National Probation Service's, a youth one) should need a data file, not code,
so every rule the rating stage applies (the rating scale, the percentage bands, the overall bands) is
declared here and validated once, at load time, rather than spread through ``if`` statements.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from fractions import Fraction
from functools import cached_property
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from hmirate.arguments import checked
from hmirate.errors import UsageError, display_path
from hmirate.rules.source import parse_toml, read_rules_text

KEY_QUESTION_ID = re.compile(r"^\d+(\.\d+){2}$")
"""What a key-question column header looks like (``2.1.3``); used to spot unknown ones in a file."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rating(_Strict):
    name: str
    score: int


class Band(_Strict):
    """A band of the lowest key-question whole percent, from ``from_percent`` to the next band."""

    from_percent: int = Field(ge=0, le=100)
    name: str
    rating: str


class OverallEdge(_Strict):
    """The highest total a rating reaches, as a fraction of the number of standards (rounded down)."""

    rating: str
    up_to: float = Field(gt=0, allow_inf_nan=False)


class KeyQuestion(_Strict):
    id: str = Field(pattern=KEY_QUESTION_ID.pattern)
    text: str = Field(min_length=1)
    relevant_subsample: bool = False
    """Answered only for the cases it concerns (N/A for the others), as the report's footnote says."""


class Standard(_Strict):
    id: str
    title: str
    description: str
    rated_from: Literal["cases", "inspectors"]
    counts_to_overall: bool = True
    """False for a standard that is rated and reported but left out of the overall total and its maximum
    (youth justice inspections' resettlement standard "does not contribute to the overall rating")."""
    key_questions: tuple[KeyQuestion, ...] = ()

    @model_validator(mode="after")
    def _questions_match_source(self) -> Standard:
        if self.rated_from == "cases" and not self.key_questions:
            raise ValueError(f"standard {self.id} is rated from cases but has no key questions")
        if self.rated_from == "inspectors" and self.key_questions:
            raise ValueError(f"standard {self.id} is rated by inspectors and cannot have key questions")
        for question in self.key_questions:
            if not question.id.startswith(self.id + "."):
                raise ValueError(f"key question {question.id} does not belong to standard {self.id}")
        return self


class Domain(_Strict):
    id: str
    title: str
    standards: tuple[Standard, ...] = Field(min_length=1)


def _split_name(name: str) -> str:
    """A split is a column every case file must have, so it must name a column that can hold groups."""
    name = name.strip()
    if not name:
        raise ValueError("a split must name a column; got a blank name")
    if name.casefold() == "case_id":
        raise ValueError("case_id cannot be a split: every case is its own group")
    if KEY_QUESTION_ID.match(name):
        raise ValueError(f"{name!r} is a key question: its answers are the figures, not groups to split by")
    return name


class Framework(_Strict):
    """An inspection framework as data (a TOML file): its ratings, bands, domains, standards, key questions."""

    id: str
    title: str
    splits: tuple[Annotated[str, AfterValidator(_split_name)], ...]
    """The columns every case file must carry and every report is split by (grade and gender for the CRC
    framework); ``[]`` for none. ``--by`` adds more for one run."""
    ratings: tuple[Rating, ...] = Field(min_length=2)
    bands: tuple[Band, ...] = Field(min_length=1)
    overall_bands: tuple[OverallEdge, ...] = Field(min_length=1)
    domains: tuple[Domain, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _rules_are_consistent(self) -> Framework:
        names = [rating.name for rating in self.ratings]
        _unique("rating name", names)
        scores = [rating.score for rating in self.ratings]
        if scores != sorted(scores) or len(set(scores)) != len(scores):
            raise ValueError("ratings must be listed from lowest to highest score, each score once")
        if scores[0] < 0:  # the overall bands count totals up from 0: a negative total would have no band
            raise ValueError(f"rating scores must not be negative; {names[0]!r} scores {scores[0]}")
        starts = [band.from_percent for band in self.bands]
        if starts[0] != 0 or starts != sorted(set(starts)):
            raise ValueError("bands must start at from_percent = 0 and rise strictly")
        _unique("band name", [band.name for band in self.bands])  # a report's figures name their band
        rules: tuple[Band | OverallEdge, ...] = (*self.bands, *self.overall_bands)
        for rule in rules:
            if rule.rating not in names:
                raise ValueError(f"unknown rating {rule.rating!r}; the scale is {', '.join(names)}")
        for lower, higher in pairwise(self.bands):
            if self.rating(higher.rating).score < self.rating(lower.rating).score:
                raise ValueError(
                    f"bands must rise in rating: {higher.name!r} (from {higher.from_percent}%) rates "
                    f"{higher.rating!r}, below {lower.name!r}'s {lower.rating!r}"
                )
        if [band.rating for band in self.overall_bands] != names:
            raise ValueError("overall_bands must list every rating once, lowest first")
        _unique("split", [split.casefold() for split in self.splits])
        if not self.counted:
            raise ValueError("every standard has counts_to_overall = false: at least one must count")
        _unique("domain id", [domain.id for domain in self.domains])
        _unique("standard id", [standard.id for standard in self.standards])
        _unique("key question id", [q.id for standard in self.standards for q in standard.key_questions])
        self._overall_bands_cover_every_total()
        return self

    def _overall_bands_cover_every_total(self) -> None:
        """Every total this framework's standards can reach falls in exactly one overall band.

        The overall rating is given only when every counted standard is rated, so the totals run from 0 to
        the top score times the number of counted standards; each band must take at least one of them, in
        order, and the last must end at the top.
        """
        count = len(self.counted)
        top = max(rating.score for rating in self.ratings) * count
        ranges = self.overall_ranges(count)
        for index, (rating, low, high) in enumerate(ranges):
            if high < low:
                up_to = self.overall_bands[index].up_to
                raise ValueError(
                    f"overall band {rating!r} (up_to = {up_to:g}) covers no total for {count} standards: "
                    f"the band before it ends at {low - 1} and floor({up_to:g} * {count}) = {high}"
                )
        if ranges[-1][2] != top:
            last = self.overall_bands[-1]
            raise ValueError(
                f"overall bands must end at the highest total, {top} for {count} standards, but the last "
                f"(up_to = {last.up_to:g}) ends at {ranges[-1][2]}; its up_to must be the top score, "
                f"{max(rating.score for rating in self.ratings)}"
            )

    @property
    def standards(self) -> tuple[Standard, ...]:
        """Every standard of every domain, in the framework's order: the order of every report."""
        return tuple(standard for domain in self.domains for standard in domain.standards)

    @property
    def counted(self) -> tuple[Standard, ...]:
        """The standards whose scores make the overall total (all but those with ``counts_to_overall = false``)."""
        return tuple(standard for standard in self.standards if standard.counts_to_overall)

    @cached_property
    def key_questions(self) -> dict[str, KeyQuestion]:
        return {q.id: q for standard in self.standards for q in standard.key_questions}

    def standard(self, standard_id: str) -> Standard | None:
        """A standard by id, or None: a caller checking a user's input says what is unknown itself."""
        return next((s for s in self.standards if s.id == standard_id), None)

    def rating(self, name: str) -> Rating:
        """A rating by its name; only names the framework was checked to have are asked for."""
        return next(rating for rating in self.ratings if rating.name == name)

    def band_for(self, whole_percent: int) -> Band:
        """The band a whole percent falls in: the last band whose start it reaches."""
        return [band for band in self.bands if whole_percent >= band.from_percent][-1]

    def overall_ranges(self, standards: int) -> list[tuple[str, int, int]]:
        """Each overall rating with the lowest and highest total it covers, for N standards."""
        ranges, low = [], 0
        for band in self.overall_bands:
            high = math.floor(Fraction(repr(band.up_to)) * standards)  # as written: 0.29 * 100 is 29, not 28
            ranges.append((band.rating, low, high))
            low = high + 1
        return ranges


def _unique(what: str, values: list[str]) -> None:
    """A repeated id would score one column twice, under two wordings: name the first one repeated."""
    repeated = [value for value, times in Counter(values).items() if times > 1]
    if repeated:
        raise ValueError(f"{what} {repeated[0]!r} is listed {Counter(values)[repeated[0]]} times; each must be unique")


BUILT_IN = "frameworks"


def built_in_frameworks() -> list[str]:
    """The names of the frameworks shipped with hmirate, for ``--framework`` and error messages."""
    folder = resources.files("hmirate.rules").joinpath(BUILT_IN)
    return sorted(entry.name.removesuffix(".toml") for entry in folder.iterdir() if entry.name.endswith(".toml"))


def is_framework_file(name_or_path: str) -> bool:
    """Whether ``name_or_path`` names a framework file (a suffix or a folder in it), not a built-in framework:
    a file is an input, which an output must not overwrite."""
    return name_or_path.endswith(".toml") or bool(Path(name_or_path).suffix) or "/" in name_or_path


@checked
def load_framework(name_or_path: str | Path) -> Framework:
    """Load a built-in framework by name, or a framework TOML file by path, and check it fully.

    A path is read through :func:`~hmirate.rules.source.read_rules_text`, so a directory, device, FIFO,
    oversized or non-UTF-8 file is refused with the reason; every rule of the model is checked before use.
    """
    name_or_path = str(name_or_path)
    if is_framework_file(name_or_path):
        text, source = read_rules_text(name_or_path, "framework file"), display_path(name_or_path)
    else:
        if name_or_path not in built_in_frameworks():
            known = ", ".join(built_in_frameworks())
            raise UsageError(f"unknown framework {name_or_path!r}; built-in frameworks: {known}")
        resource = resources.files("hmirate.rules").joinpath(BUILT_IN, f"{name_or_path}.toml")
        text, source = resource.read_text(encoding="utf-8"), name_or_path
    return parse_framework(text, source)


def parse_framework(text: str, source: str = "framework") -> Framework:
    """Check a framework's TOML text; a problem is a usage error naming ``source``, where, and what."""
    try:
        return Framework.model_validate(parse_toml(text))
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{source}: not valid TOML: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        where = f"{location}: " if location else ""
        message = first["msg"].removeprefix("Value error, ")
        raise UsageError(f"{source}: {where}{message}") from None
