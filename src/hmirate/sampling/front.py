"""The sampling commands as library calls: each takes files and settings as given and does the whole job.

``sample-size``, ``draw`` and ``check-sample`` each call one function here, as ``score`` calls
:func:`hmirate.pipeline.score`: which strata, which population, which date, and every check of those
settings live here, once, so the CLI only parses and renders and a Python caller gets the same rules.
What reading noticed (an encoding guessed, a column renamed) comes back in the result's ``notes``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

from hmirate.arguments import FilePath, checked
from hmirate.errors import HmirateError, UsageError
from hmirate.sampling.cases import Shares, load_cases, parse_strata
from hmirate.sampling.check import SampleCheck, check_shares, check_tolerance, load_profile, population_shares
from hmirate.sampling.draw import REPORT_STRATA, STANDARD, DrawOptions, Sample, draw
from hmirate.sampling.eligibility import eligibility
from hmirate.sampling.longlist import load_longlist, parse_date
from hmirate.sampling.people import one_per_person
from hmirate.sampling.size import SampleSize, sample_size
from hmirate.sampling.standard import STRATUM, has_standard_strata, standard_population, standard_sample
from hmirate.settings import DEFAULTS

__all__ = ["as_of_date", "check_sample", "draw_file", "sample_size_for"]


@contextmanager
def _noting(notes: list[str]) -> Iterator[None]:
    """An error raised inside carries the notes gathered so far, so they are still said, before it."""
    try:
        yield
    except HmirateError as error:
        error.notes = (*notes, *error.notes)
        raise


@checked
def as_of_date(value: str | dt.date | None) -> dt.date:
    """The date eligibility is judged on: ISO or dd/mm/yyyy, as in the longlist; today when not given."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        date = parse_date(value)
    except ValueError:
        date = None
    if date is None:
        raise UsageError(f"`as_of` {value!r} is not a date: use YYYY-MM-DD or DD/MM/YYYY", param="as_of")
    return date


@checked
def sample_size_for(
    population: int | FilePath,
    *,
    confidence: float = DEFAULTS.confidence,
    margin: float = 5,
    as_of: str | dt.date | None = None,
) -> SampleSize:
    """The sample size for a population given as a count of cases or as a longlist (or population) file.

    A file's eligible cases are counted as :func:`draw` counts them: no redacted names, started by
    ``as_of``, male or female, one case per person.
    """
    if isinstance(population, int):
        return sample_size(population, confidence, margin)
    longlist = load_longlist(os.fspath(population))
    notes = list(longlist.notes)
    with _noting(notes):
        rules = eligibility(longlist, as_of_date(as_of))
        eligible = len(one_per_person(longlist.cases, rules.eligible)[0])
        if eligible != len(longlist.rows):
            notes.append(
                f"N = {eligible} eligible cases, one per person, of the {len(longlist.rows)} in {longlist.name} "
                f"(as of {rules.as_of.isoformat()})"
            )
        result = sample_size(eligible, confidence, margin)
    return SampleSize(**{**result.__dict__, "notes": tuple(notes)})


@checked
def draw_file(
    longlist: FilePath,
    *,
    size: int,
    seed: int,
    strata: str | None = None,
    nest: str | None = None,
    buffer: float | Fraction = 0,
    max_per_officer: int = 6,
    allow_short: bool = False,
    as_of: str | dt.date | None = None,
    sheet: str | None = None,
) -> Sample:
    """Read a longlist (CSV or Excel) and draw the sample from it; the longlist's notes are on the sample's."""
    table = load_longlist(os.fspath(longlist), sheet=sheet)
    with _noting(table.notes):
        options = DrawOptions(
            size=size,
            seed=seed,
            strata=strata,
            nest=nest,
            buffer=Fraction(str(buffer)) if isinstance(buffer, float) else Fraction(buffer),
            max_per_officer=max_per_officer,
            allow_short=allow_short,
            as_of=None if as_of is None else as_of_date(as_of),  # None: today, and the plan says so
        )
        return draw(table, options)


@checked
def check_sample(
    sample: FilePath,
    *,
    population: FilePath | None = None,
    profile: FilePath | None = None,
    strata: str | None = None,
    as_of: str | dt.date | None = None,
    tolerance: float | Fraction = 5,
    sheet: str | None = None,
) -> SampleCheck:
    """Check a sample file's stratum shares against a population file's, or against a profile's shares.

    ``sheet`` is the sheet to read in a workbook (the sample's and the population's): by default the
    visible one with case columns.

    ``strata`` is ``"standard"`` or comma-separated stratum columns; by default the standard strata when
    the sample has a ``stratum`` column or gender, sentence type and RoSH (and no profile is given), else
    the profile's columns, else gender, disposal and RoSH. With the standard strata the population is the
    longlist's eligible cases on ``as_of``, one per person, as :func:`draw` counts them.
    """
    if (population is None) == (profile is None):
        raise UsageError(
            "give the population as `population` (a file of its cases) or `profile` (its shares), one of them",
            param="population",
        )
    limit = check_tolerance(tolerance)  # before any file is read
    date = as_of_date(as_of)
    table = load_cases(os.fspath(sample), sheet=sheet)
    notes = list(table.notes)
    with _noting(notes):
        if strata is None and profile is None and has_standard_strata(table):
            strata = STANDARD
        standard = strata is not None and strata.strip().casefold() == STANDARD
        if standard:
            strata = STRATUM
        shares: Shares
        if standard and profile is None:
            shares, found = standard_population(os.fspath(population or "-"), date, sheet)
            notes += found
        elif profile is not None:
            shares = load_profile(os.fspath(profile))
            if strata is not None:
                columns = parse_strata(strata)
                missing = [name for name in columns if name not in shares]
                if missing:
                    raise UsageError(f"{profile}: no shares for stratum column '{missing[0]}'", param="strata")
                shares = {name: shares[name] for name in columns}
        else:
            cases = load_cases(os.fspath(population or "-"), sheet=sheet)
            notes += cases.notes
            shares = population_shares(cases, parse_strata(strata or ",".join(REPORT_STRATA)))
        if not shares:
            raise UsageError("no stratum columns to check", param="strata")
        if STRATUM in shares and STRATUM not in {cell.strip().casefold() for cell in table.header}:
            table = standard_sample(table)  # a sample not written by draw: its strata worked out per row
        result = check_shares(table, shares, limit)
    return SampleCheck(result.size, result.tolerance, result.columns, tuple(notes))
