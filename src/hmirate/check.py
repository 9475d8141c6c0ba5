"""Check case files against a framework without scoring them: what ``hmirate validate`` runs.

The same reading and validation as scoring, stopped before counting, so a CI job can gate a file on
exactly the rules ``hmirate score`` will apply to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hmirate.errors import Problem
from hmirate.framework import Framework, load_framework
from hmirate.pipeline import read_sources, validate_sources
from hmirate.validate import column_plan, split_columns

if TYPE_CHECKING:
    from hmirate.pipeline import Source


@dataclass(frozen=True)
class CheckResult:
    """Every problem found, in file order, and the row accounting: read = valid + with errors."""

    problems: list[Problem]
    rows_read: int
    rows_with_errors: int
    notes: list[str]

    @property
    def rows_valid(self) -> int:
        return self.rows_read - self.rows_with_errors

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return f"{self.rows_read} rows read, {self.rows_valid} valid, {self.rows_with_errors} with errors"


def check_files(
    sources: Iterable[Source],
    *,
    framework: str | Framework = "crc-2018",
    by: Iterable[str] = (),
    delimiter: str | None = None,
    sheet: str | None = None,
) -> CheckResult:
    framework = load_framework(framework) if isinstance(framework, str) else framework
    by = split_columns(by)
    raws, unreadable = read_sources(list(sources), delimiter, sheet, column_plan(framework, by))
    _, problems, rows_read, invalid = validate_sources(raws, framework, by)
    notes = [note for raw in raws for note in raw.notes]
    return CheckResult(unreadable + problems, rows_read, invalid, notes)
