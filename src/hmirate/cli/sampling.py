"""The sampling commands: ``hmirate sample-size``, ``hmirate draw`` and ``hmirate check-sample``.

Only click is imported at start-up; the library (:mod:`hmirate.sampling`, which needs pandas to read
files) and rich are imported inside each command, so ``hmirate --help`` stays fast. Each command
parses its options, calls one library function and renders the result; library errors reach the
main group, which prints them and exits 1 (invalid data) or 2 (usage error).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import hmirate.cli.options as options
from hmirate.cli.echo import say
from hmirate.cli.sampling_tables import check_doc, check_table, fit_table, points
from hmirate.cli.sampling_tables import new_table as _table
from hmirate.errors import counted

if TYPE_CHECKING:
    from rich.table import Table

    from hmirate.sampling import CaseTable, SampleSize

REPORT_STRATA = "gender,disposal,rosh"
FORMAT = click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True
)


def _print(table: Table, *, stderr: bool = False) -> None:
    from rich.console import Console

    Console(stderr=stderr, highlight=False).print(table)


def _load(path: str) -> CaseTable:
    from hmirate.sampling import load_cases

    table = load_cases(path)
    for note in table.notes:
        say(f"hmirate: {note}", err=True)
    return table


@click.command("sample-size", short_help="How many cases to sample from a population.")
@click.argument(
    "population_file", required=False, metavar="[LONGLIST.csv]", type=click.Path(dir_okay=False, allow_dash=True)
)
@click.option("--population", "population", type=int, metavar="N", help="Eligible population (cases).")
@options.confidence
@click.option("--margin", type=options.FINITE, default=5.0, show_default=True, help="Margin of error in points.")
@click.option("--as-of", "as_of", metavar="DATE", help="Cases starting after DATE are not eligible [default: today].")
@FORMAT
def sample_size(
    population_file: str | None,
    population: int | None,
    confidence: float,
    margin: float,
    as_of: str | None,
    output_format: str,
) -> None:
    """How many cases to sample from an eligible population.

    Give the population as --population N or as a longlist (or population file): its eligible cases are
    counted as draw counts them (no redacted names, started by --as-of, male or female, one per person).
    n0 = z^2 p(1-p) / e^2 with p = 0.5, then n = n0 N / (n0 + N - 1), rounded up.
    """
    from hmirate.errors import UsageError
    from hmirate.sampling import eligibility, load_longlist, one_per_person
    from hmirate.sampling import sample_size as compute

    if (population is None) == (population_file is None):
        raise UsageError("give the eligible population as --population N or a population file (one of them)")
    if population is None:
        longlist = load_longlist(population_file or "-")
        for note in longlist.notes:
            say(f"hmirate: {note}", err=True)
        rules = eligibility(longlist, _date(as_of))
        population = len(one_per_person(longlist.cases, rules.eligible)[0])
        if population != len(longlist.rows):
            say(f"hmirate: N = {population} eligible cases, one per person, of the {len(longlist.rows)} in "
                       f"{longlist.name} (as of {rules.as_of.isoformat()})", err=True)  # fmt: skip
    result = compute(population, confidence, margin)
    if output_format == "json":
        _json(_size_doc(result))
    else:
        _print(_size_table(result))


def _size_doc(result: SampleSize) -> dict[str, Any]:
    return {
        "population": result.population,
        "confidence": result.confidence,
        "margin": result.margin,
        "proportion": result.proportion,
        "z": result.z,
        "n0": result.n0,
        "n": result.exact,
        "sample_size": result.size,
        "formula": "n0 = z^2 p(1-p) / e^2; n = n0 N / (n0 + N - 1), rounded up",
    }


def _size_table(result: SampleSize) -> Table:
    table = _table(
        f"Sample size: {result.confidence * 100:g}% confidence, margin of error {result.margin:g} points",
        "",
        "value",
        "how",
    )
    table.columns[2].justify = "left"
    table.add_row("N", f"{result.population}", "eligible population (cases)")
    table.add_row("z", f"{result.z:.4f}", f"two-sided normal quantile for {result.confidence * 100:g}%")
    table.add_row("p", f"{result.proportion:g}", "assumed proportion (the most cautious)")
    table.add_row("e", f"{result.margin / 100:g}", f"margin of error, {result.margin:g} points")
    table.add_row("n0", f"{result.n0:.2f}", "z^2 p(1-p) / e^2")
    table.add_row("n", f"{result.exact:.2f}", "n0 N / (n0 + N - 1)")
    table.add_row("sample", f"{result.size}", "n rounded up to a whole case", style="bold")
    return table


@click.command(short_help="Draw the case sample from a longlist, as the inspectorate does.")
@click.argument("longlist_file", metavar="LONGLIST.csv|.xlsx", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--size", type=int, required=True, metavar="N", help="Cases to draw (before the buffer).")
@click.option("--seed", type=int, required=True, metavar="S", help="Random seed (record it for the report).")
@click.option(
    "--strata",
    metavar="COLUMNS",
    help="'standard' (female; male x community/post-custody x low/non-low RoSH), comma-separated columns, or '' "
    "for none [default: standard when gender, sentence_type and rosh exist, else gender,disposal,rosh].",
)
@click.option(
    "--nest",
    metavar="COLUMNS",
    help="Share each stratum out over these columns in turn; '' for none [default: cluster,ldu,officer present].",
)
@click.option(
    "--buffer", type=options.FINITE, default=0.0, metavar="PCT", help="Reserve cases on top, per cent of --size."
)
@click.option(
    "--max-per-officer", type=int, default=6, show_default=True, metavar="N", help="Most cases from one officer."
)
@click.option("--allow-short", is_flag=True, help="Accept a short sample (with a warning) when the cap leaves one.")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Cases starting after DATE are not eligible [default: today, said in the table and the plan; name a "
    "date to repeat a draw].",
)
@options.sheet
@click.option("--plan", "plan_file", type=click.Path(dir_okay=False), metavar="FILE.json", help="Write the plan here.")
@click.option(
    "--output",
    "-o",
    default="-",
    show_default=True,
    help="Where to write the sample: CSV, or Excel when FILE ends in .xlsx.",
    type=click.Path(dir_okay=False, allow_dash=True),
)
def draw(
    longlist_file: str,
    size: int,
    seed: int,
    strata: str | None,
    nest: str | None,
    buffer: float,
    max_per_officer: int,
    allow_short: bool,
    as_of: str | None,
    sheet: str | None,
    plan_file: str | None,
    output: str,
) -> None:
    """Draw the case sample from the longlist the way the inspectorate's case sampler does.

    The eligible cases (no redacted names, started by --as-of, male or female), one case per person, in
    strata; each stratum's share by the inspectorate's rule (rounded half up, then adjusted one case at a time)
    and within it each cluster's, LDU's and officer's, at most --max-per-officer cases an officer. The sample,
    every longlist column kept, is written in longlist order; the strata table and how the sample came about go
    to standard output, or to standard error when the sample does.
    """
    from hmirate.cli.output import refuse_overwrite, write_output
    from hmirate.cli.sampling_tables import draw_notes, draw_table
    from hmirate.errors import UsageError
    from hmirate.sampling import DrawOptions, build_plan, load_longlist, plan_json, sample_csv, sample_xlsx
    from hmirate.sampling import draw as run

    for target in (output, plan_file):
        if target is not None:
            refuse_overwrite(target, [longlist_file])
    if plan_file is not None and output != "-" and Path(plan_file).resolve() == Path(output).resolve():
        raise UsageError(f"--plan and --output are the same file, {output}: choose two")
    longlist = load_longlist(longlist_file, sheet=sheet)
    for note in longlist.notes:
        say(f"hmirate: {note}", err=True)
    options = DrawOptions(
        size=size,
        seed=seed,
        strata=strata,
        nest=nest,
        buffer=Fraction(str(buffer)),
        max_per_officer=max_per_officer,
        allow_short=allow_short,
        as_of=None if as_of is None else _date(as_of),  # None: today, and the plan says so
    )
    sample = run(longlist, options)
    plan = build_plan(sample)
    data: str | bytes = sample_xlsx(sample) if output.lower().endswith(".xlsx") else sample_csv(sample)
    if output == "-":
        sys.stdout.write(str(data))
        sys.stdout.flush()
    else:
        write_output(output, data, [longlist_file])
    if plan_file is not None:
        write_output(plan_file, plan_json(plan), [longlist_file])
    _print(draw_table(plan), stderr=output == "-")
    for line in draw_notes(plan):
        say(line, err=output == "-")
    for short in sample.shortfalls:
        cases = f"{short.missing} case{'s' * (short.missing != 1)}"
        say(f"hmirate: warning: short of {cases} in {short.describe()}; the sample has {counted(plan.drawn, 'case')}, "
                   f"not {plan.target}", err=True)  # fmt: skip


def _date(text: str | None) -> dt.date:
    """``--as-of``: ISO or dd/mm/yyyy, as in the longlist; today when not given."""
    from hmirate.errors import UsageError
    from hmirate.sampling.longlist import parse_date

    if text is None:
        return dt.date.today()
    try:
        date = parse_date(text)
    except ValueError:
        date = None
    if date is None:
        raise UsageError(f"--as-of {text!r} is not a date: use YYYY-MM-DD or DD/MM/YYYY")
    return date


@click.command("check-sample", short_help="Check a sample's shares against the population's.")
@click.argument("sample_file", metavar="SAMPLE.csv", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--population",
    "population_file",
    metavar="POPULATION.csv",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The eligible population's cases.",
)
@click.option(
    "--profile", type=click.Path(dir_okay=False), metavar="PROFILE.toml", help="The population's shares (TOML) instead."
)
@click.option(
    "--strata",
    metavar="COLUMNS",
    help="'standard' or comma-separated stratum columns [default: standard when the sample has a stratum column or "
    f"gender, sentence_type and rosh; else {REPORT_STRATA}, or the profile's].",
)
@click.option(
    "--as-of", "as_of", metavar="DATE", help="Standard strata: the date the draw used for eligibility [default: today]."
)
@click.option(
    "--tolerance",
    type=options.FINITE,
    metavar="POINTS",
    default=5.0,
    show_default=True,
    help="Largest allowed gap, points.",
)
@FORMAT
@click.pass_context
def check_sample(
    ctx: click.Context,
    sample_file: str,
    population_file: str | None,
    profile: str | None,
    strata: str | None,
    as_of: str | None,
    tolerance: float,
    output_format: str,
) -> None:
    """Check that a sample's stratum shares match the population's; exit 1 if any is off.

    For each stratum column: population and sample shares per value, the largest gap and a chi-square
    goodness-of-fit test. Exits 1 when a share differs by more than --tolerance points, for CI. With the
    standard strata the population is the longlist's eligible cases, one per person, as draw counts them.
    """
    from hmirate.errors import UsageError
    from hmirate.sampling import check_sample as run
    from hmirate.sampling import (
        has_standard_strata,
        load_profile,
        parse_strata,
        population_shares,
        standard_population,
        standard_sample,
    )

    if (population_file is None) == (profile is None):
        raise UsageError("give the population as --population POPULATION.csv or --profile PROFILE.toml")
    if tolerance < 0:  # checked before any file is read
        raise UsageError(f"--tolerance must not be negative, not {tolerance:g}")
    date = _date(as_of)
    sample = _load(sample_file)
    if strata is None and profile is None and has_standard_strata(sample):
        strata = "standard"
    standard = strata is not None and strata.strip().casefold() == "standard"
    if standard:
        strata = "stratum"
    if standard and profile is None:
        shares, notes = standard_population(population_file or "-", date)
        for note in notes:
            say(f"hmirate: {note}", err=True)
    elif profile is not None:
        shares = load_profile(profile)
        if strata is not None:
            columns = parse_strata(strata)
            missing = [name for name in columns if name not in shares]
            if missing:
                raise UsageError(f"{profile}: no shares for stratum column '{missing[0]}'")
            shares = {name: shares[name] for name in columns}
    else:
        shares = population_shares(_load(population_file or "-"), parse_strata(strata or REPORT_STRATA))
    if not shares:
        raise UsageError("no stratum columns to check")
    if "stratum" in shares and "stratum" not in {cell.strip().casefold() for cell in sample.header}:
        sample = standard_sample(sample)  # a sample not written by draw: its strata worked out per row
    result = run(sample, shares, tolerance)
    if output_format == "json":
        _json(check_doc(result))
    else:
        _print(check_table(result))
        _print(fit_table(result))
        for check in result.columns:
            if check.rough(result.size):
                say(f"note: {check.column} has expected counts below 5; its p-value is approximate")
        for column, row in result.failures:
            say(
                f"FAIL: {column} '{row.value}' is {points(row.gap)} points from the population "
                f"(tolerance {float(result.tolerance):g})"
            )
        if result.passed:
            say(f"OK: every share is within {float(result.tolerance):g} points of the population")
    if not result.passed:
        ctx.exit(1)


def _json(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


COMMANDS = [sample_size, draw, check_sample]
"""Registered on the main group with ``main.add_command``."""
