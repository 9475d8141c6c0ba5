"""How figures are read, with the defaults declared once: every command, the library and the report take them
from :data:`DEFAULTS`, so a default cannot differ between two places.

The defaults are the inspectorate's: samples are "set to achieve a confidence level of 80 per cent (with a
margin of error of 5)". The standard library only, so the CLI can show the defaults in its help without
paying for pydantic or pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

from hmirate.errors import UsageError

DEFAULT_FRAMEWORK = "crc-2018"
"""The built-in framework used when none is named: the community rehabilitation companies' 2018/19 one."""


def _shown(value: object) -> str:
    """A number as a person would write it (``80``, not ``80.0``); anything else as Python shows it."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return f"{value:.0f}" if abs(value) < 1e15 else repr(value)
    return repr(value)


def check_confidence(confidence: object) -> float:
    """A confidence level strictly between 0 and 1 (0.80 is 80%) whose normal quantile is finite and not 0."""
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 < confidence < 1:
        raise UsageError(
            f"confidence must be between 0 and 1, exclusive (80% is 0.8), not {_shown(confidence)}", param="confidence"
        )
    if not 0.5 < 0.5 + confidence / 2 < 1:  # in floating point the quantile would be 0 or infinite
        edge = "1 to give a finite interval (0.9999999999 works)" if confidence > 0.5 else "0 to give an interval"
        raise UsageError(f"confidence {confidence!r} is too close to {edge}", param="confidence")
    return float(confidence)


@dataclass(frozen=True)
class Settings:
    """How figures are read: the interval's confidence, the smallest readable group, the borderline margin."""

    confidence: float = 0.80
    """The level of every Wilson interval."""
    min_base: int = 10
    """A split group with a base under this is marked too small to read (and never drives a rating)."""
    margin: float = 5.0
    """Points either side of a band edge within which a standard is borderline."""

    def __post_init__(self) -> None:
        check_confidence(self.confidence)
        if isinstance(self.min_base, bool) or not isinstance(self.min_base, int) or self.min_base < 0:
            raise UsageError(
                f"`min_base` must be a whole number of cases, 0 or more, not {self.min_base!r}", param="min_base"
            )
        margin = self.margin
        if isinstance(margin, bool) or not isinstance(margin, int | float) or not 0 <= margin <= 100:
            raise UsageError(f"`margin` must be between 0 and 100 points, not {_shown(margin)}", param="margin")


DEFAULTS = Settings()
