"""The sampling commands' outputs in each of their formats: a sample size, a sample's check, a draw's plan and
the drawn sample itself, each with the one renderer signature of :mod:`hmirate.render.formats`.

The tables themselves are built in :mod:`hmirate.render.sampling_tables`; the sample's file and the plan's
JSON are written by :mod:`hmirate.sampling` (the plan is the model it builds).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from hmirate.render.formats import PLAIN, Options, console_text
from hmirate.render.sampling_tables import check_doc, check_table, draw_notes, draw_table, fit_table, points
from hmirate.render.sampling_tables import new_table as _table
from hmirate.render.visible import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from hmirate.sampling import Sample, SampleCheck, SampleSize
    from hmirate.sampling.plan import Plan


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2) + "\n"


def _tables(options: Options, *tables: Table) -> str:
    from hmirate.render.layout import fit

    def show(console: Console) -> None:
        for table in tables:
            console.print(fit(console, table))

    return console_text(options, show, highlight=False)


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
    table.columns[2].overflow = "fold"  # words, not figures
    table.add_row("N", f"{result.population}", "eligible population (cases)")
    table.add_row("z", f"{result.z:.4f}", f"two-sided normal quantile for {result.confidence * 100:g}%")
    table.add_row("p", f"{result.proportion:g}", "assumed proportion (the most cautious)")
    table.add_row("e", f"{result.margin / 100:g}", f"margin of error, {result.margin:g} points")
    table.add_row("n0", f"{result.n0:.2f}", "z^2 p(1-p) / e^2")
    table.add_row("n", f"{result.exact:.2f}", "n0 N / (n0 + N - 1)")
    table.add_row("sample", f"{result.size}", "n rounded up to a whole case", style="bold")
    return table


def size_table(result: SampleSize, options: Options = PLAIN) -> str:
    return _tables(options, _size_table(result))


def size_json(result: SampleSize, options: Options = PLAIN) -> str:
    return _json(_size_doc(result))


def _check_lines(result: SampleCheck) -> list[str]:
    """What follows the tables: approximate p-values, each share out of tolerance, or that all are within."""
    lines = []
    for check in result.columns:
        if check.rough(result.size):
            lines.append(f"note: {check.column} has expected counts below 5; its p-value is approximate")
    for column, row in result.failures:
        lines.append(
            f"FAIL: {column} '{row.value}' is {points(row.gap)} points from the population "
            f"(tolerance {float(result.tolerance):g})"
        )
    if result.passed:
        lines.append(f"OK: every share is within {float(result.tolerance):g} points of the population")
    return lines


def check_text(result: SampleCheck, options: Options = PLAIN) -> str:
    """The shares table, the goodness-of-fit table, then a line for each share out of tolerance (or OK)."""
    lines = "".join(visible(line) + "\n" for line in _check_lines(result))
    return _tables(options, check_table(result), fit_table(result)) + lines


def check_json(result: SampleCheck, options: Options = PLAIN) -> str:
    return _json(check_doc(result))


def plan_table(plan: Plan, options: Options = PLAIN) -> str:
    """The strata table, then the lines explaining the draw."""
    lines = "".join(visible(line) + "\n" for line in draw_notes(plan))
    return _tables(options, draw_table(plan)) + lines


def plan_json(plan: Plan, options: Options = PLAIN) -> str:
    from hmirate.sampling import plan_json as written

    return written(plan)


def sample_csv(sample: Sample, options: Options = PLAIN) -> str:
    """The sample as CSV; on a terminal with control and bidi characters made visible (``\\x1b``), as every
    output shown to a person is, so a longlist cell cannot clear the screen, retitle the window or plant a link."""
    from hmirate.sampling import sample_csv as written

    return written(sample, shown=visible if options.terminal else None)


def sample_xlsx(sample: Sample, options: Options = PLAIN) -> bytes:
    from hmirate.sampling import sample_xlsx as written

    return written(sample)
