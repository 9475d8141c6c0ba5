"""From a framework and a drawn sample to the recording workbook's content (:class:`~hmirate.render.template.
Template`), for ``hmirate template``.

The sample is read and checked as every sampling file is (:func:`~hmirate.sampling.cases.load_cases`, the
column registry's names and types): a sample headed ``CRN`` or ``Gender`` lists its cases under ``case_id``
and ``gender``, and a case without an id, an id listed twice or a reserve that is neither yes nor no (a sheet
that could not be scored or tracked) is an error naming its line, and nothing is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import InstanceOf

from hmirate import __version__
from hmirate.arguments import FilePath, Many, OneOrMany, checked
from hmirate.columns import COLUMNS
from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.rules.framework import Framework, KeyQuestion, Standard, load_framework
from hmirate.sampling.cases import CaseTable, load_cases
from hmirate.settings import DEFAULT_FRAMEWORK
from hmirate.validate.headers import required_columns

STRATUM, RESERVE = "stratum", "reserve"
"""The columns a drawn sample adds to each case, copied so progress and replacements can be told."""


@dataclass(frozen=True)
class TemplateCase:
    """One drawn case as the template lists it: its id, the split values the sample has (blank where it has
    none: inspectors fill those in), its stratum and whether it is a reserve."""

    case_id: str
    splits: tuple[str, ...]
    stratum: str = ""
    reserve: bool = False


@dataclass(frozen=True)
class Template:
    """What a recording workbook holds: the framework, the standards recorded, the split columns and the
    drawn cases (none for a blank template), main sample first, reserves after."""

    framework: Framework
    standards: tuple[Standard, ...]
    splits: tuple[str, ...]
    cases: tuple[TemplateCase, ...] = ()
    stratum: bool = False
    """Whether the sample had strata (a ``stratum`` column is written)."""
    reserve: bool = False
    """Whether the sample had reserves (a ``reserve`` column is written)."""
    version: str = ""
    """hmirate's version, for the ReadMe."""
    commands: tuple[tuple[str, str], ...] = ()
    """What the ReadMe tells the reader to run, each with what it does (``("Score it", "hmirate score
    cases.xlsx")``): the caller's words, the command line's for the ``hmirate`` command."""
    notes: tuple[str, ...] = ()
    """What reading the sample had to say (its encoding, rows skipped, a quote over several lines): said once."""

    @property
    def questions(self) -> list[KeyQuestion]:
        return [question for standard in self.standards for question in standard.key_questions]

    @property
    def header(self) -> list[str]:
        added = [STRATUM] * self.stratum + [RESERVE] * self.reserve
        return ["case_id", *self.splits, *added, *(question.id for question in self.questions)]

    def rows(self) -> list[list[str]]:
        """Each case's given cells (answers blank), as the Cases sheet and the CSV hold them."""
        blanks = [""] * len(self.questions)
        rows = []
        for case in self.cases:
            added = [case.stratum] * self.stratum + ["yes" if case.reserve else "no"] * self.reserve
            rows.append([case.case_id, *case.splits, *added, *blanks])
        return rows


@checked
def make_template(
    *,
    framework: str | Path | InstanceOf[Framework] = DEFAULT_FRAMEWORK,
    sample: FilePath | None = None,
    standards: OneOrMany[str] | None = None,
    commands: Many[tuple[str, str]] = (),
    sheet: str | None = None,
) -> Template:
    """The recording workbook's content: ``standards`` (ids; default every standard rated from cases) of
    ``framework``, with the cases of ``sample`` (a drawn sample's CSV or .xlsx; ``-`` for stdin) listed, main
    sample first, reserves after (``sheet``: the sample workbook's sheet to read). ``commands`` are what its
    ReadMe tells the reader to run to check and score it."""
    framework = load_framework(framework) if isinstance(framework, str | Path) else framework
    chosen = choose_standards(framework, None if standards is None else list(standards))
    splits = required_columns(framework)[1:]  # the framework's splits, as case files name them
    table = None if sample is None else load_cases(os.fspath(sample), sheet=sheet)
    cases, stratum, reserve = ((), False, False) if table is None else sample_cases(table, splits)
    notes = () if table is None else tuple(table.notes)
    return Template(framework, chosen, splits, cases, stratum, reserve, __version__, tuple(commands), notes)


def choose_standards(framework: Framework, wanted: list[str] | None) -> tuple[Standard, ...]:
    """The standards asked for, in the framework's order; each must be one rated from cases."""
    from_cases = [standard for standard in framework.standards if standard.rated_from == "cases"]
    if wanted is None:
        return tuple(from_cases)
    ids = [item.strip() for item in wanted if item.strip()]
    if not ids:
        raise UsageError("`standards`: name at least one standard (2.1, say)", param="standards")
    for standard_id in ids:
        standard = framework.standard(standard_id)
        if standard is None:
            known = ", ".join(s.id for s in from_cases)
            message = f"`standards`: no standard {standard_id!r} in {framework.id}; rated from cases: {known}"
            raise UsageError(message, param="standards")
        if standard.rated_from != "cases":
            raise UsageError(
                f"`standards`: {standard_id} {standard.title} is rated by inspectors, not from cases: it has no "
                "key questions to record",
                param="standards",
            )
    return tuple(standard for standard in from_cases if standard.id in ids)


def sample_cases(table: CaseTable, splits: tuple[str, ...]) -> tuple[tuple[TemplateCase, ...], bool, bool]:
    """The sample's cases (main sample first, reserves after, each in file order), and whether it has the
    ``stratum`` and ``reserve`` columns. The table's declared columns are already checked (ids present and
    distinct, reserves yes or no); each split's value is copied as the sample writes it."""
    if not table.has("case_id"):
        spellings = ", ".join(["case_id", *COLUMNS["case_id"].aliases])
        raise InvalidData([Problem(table.name, 1, None, f"no case id column (headed one of: {spellings})")])
    split_at = [table.position(split) for split in splits]
    stratum_at = table.position(STRATUM)
    reserves = table.values.get(RESERVE) or [False] * len(table.rows)
    cases = [
        TemplateCase(
            str(case_id),
            tuple("" if at is None else row[at].strip() for at in split_at),
            "" if stratum_at is None else row[stratum_at].strip(),
            bool(reserve),
        )
        for row, case_id, reserve in zip(table.rows, table.values["case_id"], reserves, strict=True)
    ]
    ordered = [case for case in cases if not case.reserve] + [case for case in cases if case.reserve]
    return tuple(ordered), stratum_at is not None, table.has(RESERVE)
