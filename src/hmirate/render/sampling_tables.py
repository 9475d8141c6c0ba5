"""What ``hmirate draw`` prints: the strata table and a few lines that explain the draw, from its plan.

Each is a small function of :class:`~hmirate.sampling.plan.Plan`, the same model the ``--plan`` JSON is,
so the screen and the file cannot disagree. rich is imported inside, as in the other commands.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from hmirate.errors import counted

if TYPE_CHECKING:
    from rich.table import Table

    from hmirate.sampling import SampleCheck
    from hmirate.sampling.plan import Allocation, Plan


def percent(share: Fraction, places: int = 1) -> str:
    """A share as a per cent rounded half up from the exact fraction (no float drift)."""
    from hmirate.rules.rate import round_half_up  # not at import: --help stays free of pydantic

    return f"{round_half_up(share * 100 * 10**places) / 10**places:.{places}f}%"


def new_table(title: str, *headers: str) -> Table:
    """A rich table styled like ``score``'s: numbers right-aligned, the label column left-aligned, and the
    only column that may fold (see :mod:`hmirate.render.layout`).

    Stratum values and column names come from the user's file: every cell, header and the title are
    shown as plain text (never rich markup) with control characters made visible.
    """
    from rich.table import Table
    from rich.text import Text

    from hmirate.render.visible import visible

    class DataTable(Table):
        def add_row(self, *cells: Any, **options: Any) -> None:
            super().add_row(*(Text(visible(c)) if isinstance(c, str) else c for c in cells), **options)

    result = DataTable(title=Text(visible(title)), title_justify="left")
    for position, header in enumerate(headers):
        label = position == 0
        result.add_column(Text(visible(header)), justify="left" if label else "right",
                          overflow="fold" if label else "ellipsis")  # fmt: skip
    return result


def draw_table(plan: Plan) -> Table:
    """Each stratum's population and share, its exact quota, and the cases drawn (and reserves)."""
    kind = "Stratified sample" if plan.strata_columns else "Simple random sample"
    buffer = f" + {plan.target - plan.size} buffer" if plan.buffer_percent else ""
    title = f"{kind}: {plan.size}{buffer} of {plan.people} eligible cases, seed {plan.seed}{as_of(plan, ', ')}"
    columns = ["stratum"] if plan.strata_scheme in ("standard", "none") else plan.strata_columns
    reserve = ["reserve"] if plan.buffer_percent else []
    headers = ("population", "pop. %", "quota", "sample", "sample %")
    result = new_table(title, *columns, *headers, *reserve)
    result.caption = _caption(plan)
    result.caption_justify = "left"
    for column in result.columns[1 : len(columns)]:
        column.justify, column.overflow = "left", "fold"
    drawn = plan.drawn
    for position, stratum in enumerate(plan.strata, start=1):
        result.add_row(
            *(stratum.key if plan.strata_scheme == "columns" else [stratum.name]),
            f"{stratum.population}",
            percent(Fraction(stratum.population, plan.people)),
            _quota(Fraction(plan.size * stratum.population, plan.people)),
            f"{stratum.sample}",
            percent(Fraction(stratum.sample, drawn or 1)),
            *([f"{stratum.reserves}"] if reserve else []),
            end_section=position == len(plan.strata),
        )
    if len(plan.strata) == 1:
        return result
    blanks = [""] * (len(columns) - 1)
    reserves = [f"{sum(s.reserves for s in plan.strata)}"] if reserve else []
    result.add_row("total", *blanks, f"{plan.people}", "100.0%", f"{plan.size:.2f}", f"{drawn}", "100.0%", *reserves)
    return result


def as_of(plan: Plan, before: str = "") -> str:
    """The eligibility date and where it came from; nothing when the longlist has no start dates to test."""
    if "not started" in plan.rules_not_run:
        return ""
    source = "`as_of`" if plan.as_of_source == "given" else "today, no `as_of`"
    return f"{before}as of {plan.as_of.isoformat()} ({source})"


def _caption(plan: Plan) -> str:
    """What quota and sample count, so a quota total under the sample total reads as the buffer, not an error."""
    quota = f"quota: the stratum's part of the {plan.size} by its population share, before rounding"
    if plan.target == plan.size:
        return f"{quota}; sample: the cases drawn (the quota rounded)."
    return f"{quota}; sample: the cases drawn, with the {plan.target - plan.size} of the buffer (the reserves)."


def _quota(quota: Fraction) -> str:
    """Two decimals, cut off rather than rounded, so 22.495 (rounded half up to 22) never shows as 22.50."""
    hundredths = quota.numerator * 100 // quota.denominator
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _moves(allocation: Allocation, path: list[str]) -> list[tuple[int, str, str, int, int]]:
    """Each adjustment after the initial share: (depth, where, reason, count before, count after)."""
    level = {"stratum": "stratum", "ldu": "LDU"}.get(allocation.level, allocation.level)
    here = [*path, f"{level} '{allocation.name}'"]
    found = []
    for before, step in zip(allocation.steps, allocation.steps[1:], strict=False):
        if step.reason != "buffer":
            found.append((len(path), ", ".join(here), step.reason, before.count, step.count))
    for child in allocation.within:
        found += _moves(child, here)
    return found


def draw_notes(plan: Plan) -> list[str]:
    """The eligibility and duplicate counts, the rules that did not run, and every adjustment."""
    lines = [f"Longlist: {counted(plan.cases_read, 'case')} in {plan.longlist}{as_of(plan, ', ')}."]
    if as_of(plan) and plan.as_of_source == "today":
        lines.append("  (cases start every day: name the date with `as_of` to draw the same sample again)")
    for rule, count in plan.excluded.items():
        why = " (they cannot be placed in the standard strata)" if rule.startswith("gender") and count else ""
        lines.append(f"  excluded, {rule}: {count}{why}")
    dropped = plan.duplicates["cases dropped"]
    by = [f"{count} by {key.removeprefix('people linked by ')}" for key, count in plan.duplicates.items()
          if key != "cases dropped" and count]  # fmt: skip
    people = f" ({counted(len(plan.merged), 'person', 'people')}: {', '.join(by)})" if by else ""
    lines.append(
        f"  one case per person: {dropped} later case{'s' * (dropped != 1)} of the same person dropped{people}"
    )
    lines.append(f"  eligible, one case per person: {plan.people}")
    for rule, why in plan.rules_not_run.items():
        lines.append(f"  not run: {rule} ({why})")
    if plan.max_per_officer is not None:
        lines.append(f"At most {counted(plan.max_per_officer, 'case')} an officer, across the whole sample.")
    moves = [move for allocation in plan.allocation for move in _moves(allocation, [])]
    shown = [move for move in moves if move[0] == 0 or "officer cap" in move[2]]
    if moves:
        lines.append("Adjustments:")
    lines += [f"  {where}: {reason}, {before} -> {after}" for _, where, reason, before, after in shown]
    if within := len(moves) - len(shown):
        plural = "s" * (within != 1)
        lines.append(f"  {'and ' * bool(shown)}{within} rounding adjustment{plural} within strata (clusters, LDUs, "
                     "officers): see `plan_file`")  # fmt: skip
    for short in plan.shortfalls:
        where = "".join(f", {'LDU' if level == 'ldu' else level} '{name}'" for level, name in short.where.items())
        lines.append(f"SHORT: {short.missing} case{'s' * (short.missing != 1)} in stratum '{short.stratum}'{where}")
    return lines


def points(gap: Fraction) -> str:
    """A gap in points, signed, rounded half away from zero (so -0.05 shows as -0.1, not -0.0)."""
    from hmirate.rules.rate import round_half_up

    rounded = round_half_up(abs(gap) * 10) / 10
    return f"{'-' if gap < 0 and rounded else '+'}{rounded:.1f}"


def check_table(result: SampleCheck) -> Table:
    table = new_table(
        f"Sample ({counted(result.size, 'case')}) against the population",
        "column",
        "value",
        "population",
        "sample",
        "gap (points)",
        "expected",
        "observed",
    )
    table.columns[1].justify, table.columns[1].overflow = "left", "fold"
    for check in result.columns:
        for position, row in enumerate(check.rows):
            table.add_row(
                check.column if position == 0 else "",
                row.value or "(blank)",
                percent(row.population),
                percent(row.sample),
                points(row.gap),
                f"{float(row.population * result.size):.1f}",
                f"{row.observed}",
                end_section=position == len(check.rows) - 1,
            )
    return table


def fit_table(result: SampleCheck) -> Table:
    headers = ("column", "largest gap", "chi-square", "df", "p", "within")
    table = new_table("Goodness of fit (chi-square)", *headers)
    table.columns[1].justify = "left"
    for check in result.columns:
        largest = check.largest
        table.add_row(
            check.column,
            f"{points(largest.gap)} ({largest.value or '(blank)'})",
            f"{check.chi_square:.3f}",
            f"{check.df}",
            p_value(check.p_value),
            "yes" if result.within(check) else "NO",
        )
    return table


def p_value(p: float) -> str:
    """Three decimals, except where they would round to a certainty the test does not give: 0.9997 is
    ``> 0.999``, not 1.000 (a p of exactly 1, a perfect fit, stays 1.000); 0.0004 is ``< 0.001``."""
    if 0.999 < p < 1:
        return "> 0.999"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def check_doc(result: SampleCheck) -> dict[str, Any]:
    return {
        "sample_size": result.size,
        "tolerance": float(result.tolerance),
        "passed": result.passed,
        "strata": [
            {
                "column": check.column,
                "values": [
                    {
                        "value": row.value,
                        "population_share": float(row.population),
                        "sample_share": float(row.sample),
                        "gap_points": float(row.gap),
                        "expected": float(row.population * result.size),
                        "observed": row.observed,
                    }
                    for row in check.rows
                ],
                "largest_gap": {"value": check.largest.value, "points": float(check.largest.gap)},
                "chi_square": check.chi_square if check.chi_square != float("inf") else None,
                "df": check.df,
                "p_value": check.p_value,
                "within_tolerance": result.within(check),
                "expected_below_5": check.rough(result.size),
            }
            for check in result.columns
        ],
    }
