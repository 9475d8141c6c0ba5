"""From a framework and a drawn sample to the recording workbook's content (:class:`~hmirate.render.template.
Template`), for ``hmirate template``.

The sample is read and checked as every sampling file is (:func:`~hmirate.sampling.cases.load_cases`, the
column registry's names and types): a sample headed ``CRN`` or ``Gender`` lists its cases under ``case_id``
and ``gender``, and a case without an id, an id listed twice or a reserve that is neither yes nor no (a sheet
that could not be scored or tracked) is an error naming its line, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable

from hmirate import __version__
from hmirate.columns import COLUMNS
from hmirate.errors import InvalidData, Problem, UsageError
from hmirate.render.template import RESERVE, STRATUM, Template, TemplateCase
from hmirate.rules.framework import Framework, Standard, load_framework
from hmirate.sampling.cases import CaseTable, load_cases
from hmirate.settings import DEFAULT_FRAMEWORK
from hmirate.validate.headers import required_columns


def make_template(
    *,
    framework: str | Framework = DEFAULT_FRAMEWORK,
    sample: str | None = None,
    standards: Iterable[str] | None = None,
    name: str = "cases.xlsx",
) -> Template:
    """The recording workbook's content: ``standards`` (ids; default every standard rated from cases) of
    ``framework``, with the cases of ``sample`` (a drawn sample's CSV or .xlsx; ``-`` for stdin) listed, main
    sample first, reserves after. ``name`` is the file it is written to, for the commands its ReadMe gives."""
    option = framework if isinstance(framework, str) and framework != DEFAULT_FRAMEWORK else None
    framework = load_framework(framework) if isinstance(framework, str) else framework
    chosen = choose_standards(framework, standards)
    splits = required_columns(framework)[1:]  # the framework's splits, as case files name them
    cases, stratum, reserve = ((), False, False) if sample is None else sample_cases(load_cases(sample), splits)
    return Template(framework, chosen, splits, cases, stratum, reserve, __version__, name, option)


def choose_standards(framework: Framework, wanted: Iterable[str] | None) -> tuple[Standard, ...]:
    """The standards asked for, in the framework's order; each must be one rated from cases."""
    from_cases = [standard for standard in framework.standards if standard.rated_from == "cases"]
    if wanted is None:
        return tuple(from_cases)
    ids = [item.strip() for item in wanted if item.strip()]
    if not ids:
        raise UsageError("standards: name at least one standard (2.1, say)")
    for standard_id in ids:
        standard = framework.standard(standard_id)
        if standard is None:
            known = ", ".join(s.id for s in from_cases)
            raise UsageError(f"standards: no standard {standard_id!r} in {framework.id}; rated from cases: {known}")
        if standard.rated_from != "cases":
            raise UsageError(
                f"standards: {standard_id} {standard.title} is rated by inspectors, not from cases: it has no "
                "key questions to record"
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
