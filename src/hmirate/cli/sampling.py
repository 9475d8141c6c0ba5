"""The sampling commands: ``hmirate sample-size``, ``hmirate draw`` and ``hmirate check-sample``.

Only click is imported at start-up; the library (:mod:`hmirate.sampling`, which needs pandas to read
files) and rich are imported inside each command, so ``hmirate --help`` stays fast. Each command
parses its options, calls one library function and renders the result; library errors reach the
main group, which prints them and exits 1 (invalid data) or 2 (usage error).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

import hmirate.cli.options as options
from hmirate.cli.echo import say
from hmirate.errors import counted


@click.command("sample-size", short_help="How many cases to sample from a population.")
@click.argument(
    "population_file", required=False, metavar="[LONGLIST.csv]", type=click.Path(dir_okay=False, allow_dash=True)
)
@click.option("--population", "population", type=int, metavar="N", help="Eligible population (cases).")
@options.confidence
@click.option("--margin", type=options.FINITE, default=5.0, show_default=True, help="Margin of error in points.")
@click.option("--as-of", "as_of", metavar="DATE", help="Cases starting after DATE are not eligible [default: today].")
@options.output_format("sample size", "table")
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
    from hmirate.cli.output import coloured, emit
    from hmirate.errors import UsageError
    from hmirate.render.formats import Options, render
    from hmirate.sampling import sample_size_for

    if (population is None) == (population_file is None):
        raise UsageError("give the eligible population as --population N or a population file (one of them)")
    given = population if population is not None else population_file or "-"
    result = sample_size_for(given, confidence=confidence, margin=margin, as_of=as_of)
    for note in result.notes:
        say(f"hmirate: {note}", err=True)
    emit(render(result, "sample size", output_format, Options(color=coloured(None))), None)


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
@click.option(
    "--plan",
    "plan_file",
    type=options.OUTPUT_PATH,
    metavar="FILE.json",
    help="Write the plan here (- for standard output, when the sample goes to a file).",
)
@click.option(
    "--output",
    "-o",
    default="-",
    show_default=True,
    help="Where to write the sample: CSV, or Excel when FILE ends in .xlsx.",
    type=options.OUTPUT_PATH,
)
@options.output_format("sample", None, "xlsx when --output ends in .xlsx, else csv")
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
    output_format: str | None,
) -> None:
    """Draw the case sample from the longlist the way the inspectorate's case sampler does.

    The eligible cases (no redacted names, started by --as-of, male or female), one case per person, in
    strata; each stratum's share by the inspectorate's rule (rounded half up, then adjusted one case at a time)
    and within it each cluster's, LDU's and officer's, at most --max-per-officer cases an officer. The sample,
    every longlist column kept, is written in longlist order; the strata table and how the sample came about go
    to standard output, or to standard error when the sample does.
    """
    from hmirate.cli.output import coloured, emit, refuse_overwrite, to_terminal, write_output
    from hmirate.cli.words import current_command, worded
    from hmirate.errors import UsageError
    from hmirate.render.formats import Options, render
    from hmirate.sampling import build_plan, draw_file

    if plan_file == "-" and output == "-":
        raise UsageError(
            "--plan - and the sample (--output -, the default) both go to standard output: write one of them to a file"
        )
    for target in (output, plan_file):
        if target is not None:
            refuse_overwrite(target, [longlist_file])
    if plan_file not in (None, "-") and output != "-" and Path(plan_file).resolve() == Path(output).resolve():
        raise UsageError(f"--plan and --output are the same file, {output}: choose two")
    sample = draw_file(
        longlist_file,
        size=size,
        seed=seed,
        strata=strata,
        nest=nest,
        buffer=buffer,
        max_per_officer=max_per_officer,
        allow_short=allow_short,
        as_of=as_of,
        sheet=sheet,
    )
    for note in sample.longlist.notes:
        say(f"hmirate: {note}", err=True)
    plan = build_plan(sample)
    if output_format is None:
        output_format = "xlsx" if output.lower().endswith(".xlsx") else "csv"
    emit(render(sample, "sample", output_format, Options(terminal=to_terminal(output))), output, [longlist_file])
    sys.stdout.flush()
    if plan_file == "-":
        sys.stdout.write(str(render(plan, "plan", "json")))
    elif plan_file is not None:
        write_output(plan_file, render(plan, "plan", "json"), [longlist_file])
    on_stdout = "-" in (output, plan_file)  # the summary goes to stderr, beside what is written to stdout
    summary = render(plan, "plan", "table", Options(color=coloured(None, err=on_stdout)))
    (sys.stderr if on_stdout else sys.stdout).write(worded(str(summary), current_command()))
    for short in sample.shortfalls:
        cases = f"{short.missing} case{'s' * (short.missing != 1)}"
        say(f"hmirate: warning: short of {cases} in {short.describe()}; the sample has {counted(plan.drawn, 'case')}, "
                   f"not {plan.target}", err=True)  # fmt: skip


@click.command("check-sample", short_help="Check a sample's shares against the population's.")
@click.argument("sample_file", metavar="SAMPLE.csv", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--population",
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
    "gender, sentence_type and rosh; else gender,disposal,rosh, or the profile's].",
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
@options.sheet
@options.output_format("sample check", "table")
@click.pass_context
def check_sample(
    ctx: click.Context,
    sample_file: str,
    population: str | None,
    profile: str | None,
    strata: str | None,
    as_of: str | None,
    tolerance: float,
    sheet: str | None,
    output_format: str,
) -> None:
    """Check that a sample's stratum shares match the population's; exit 1 if any is off.

    For each stratum column: population and sample shares per value, the largest gap and a chi-square
    goodness-of-fit test. Exits 1 when a share differs by more than --tolerance points, for CI. With the
    standard strata the population is the longlist's eligible cases, one per person, as draw counts them.
    """
    from hmirate.cli.output import coloured, emit
    from hmirate.render.formats import Options, render
    from hmirate.sampling import check_sample as run

    given = {"population": population, "profile": profile, "strata": strata, "as_of": as_of, "sheet": sheet}
    result = run(sample_file, tolerance=tolerance, **given)
    for note in result.notes:
        say(f"hmirate: {note}", err=True)
    emit(render(result, "sample check", output_format, Options(color=coloured(None))), None)
    if not result.passed:
        ctx.exit(1)


COMMANDS = [sample_size, draw, check_sample]
"""Registered on the main group with ``main.add_command``."""
