"""``hmirate compare`` in the terminal: rich tables of ratings and key questions, changes coloured by verdict.

Every cell is a rich ``Text`` built from the comparison (never markup parsed from data), so a label or a
framework's wording is printed as written.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from hmirate.render.compare import (
    change_text,
    figures_text,
    left_out_lines,
    method_sentence,
    move_text,
    overall_cells,
    provenance_lines,
    rated_standards,
    rating_text,
    step_name,
)
from hmirate.render.formats import PLAIN, Options, console_text
from hmirate.render.layout import fit
from hmirate.report.compare_model import Comparison

STYLES = {"up": "green", "down": "red", "no clear change": "", "same": "", "not comparable": "dim"}


def ratings_table(comparison: Comparison) -> Table:
    """Each standard's rating in each report (from cases in brackets), and how it moved at each step."""
    table = Table(title="Ratings: final (from cases, driving key question)", title_justify="left")
    table.add_column("Standard", overflow="fold")
    for source in comparison.reports:
        table.add_column(Text(source.label))
    for step in comparison.steps:
        table.add_column(Text(step_name(*step)))
    for standard in rated_standards(comparison):
        moves = [Text(move_text(c), style=STYLES[c.rating]) for c in standard.changes]
        table.add_row(Text(f"{standard.id} {standard.title}"), *(Text(rating_text(at)) for at in standard.ratings),
                      *moves)  # fmt: skip
    if overall := overall_cells(comparison):
        table.add_row(Text("Overall", style="bold"), *(Text(cell) for cell in overall))
    return table


def questions_table(comparison: Comparison) -> Table:
    """Each shared key question: % (Yes/base) in each report, and each change with its interval and verdict."""
    table = Table(title=f"Key questions: % (Yes/base); change in points, {comparison.confidence * 100:g}% CI",
                  title_justify="left", caption=method_sentence(comparison), caption_justify="left")  # fmt: skip
    table.add_column("Key question", no_wrap=True)
    for source in comparison.reports:
        table.add_column(Text(source.label), justify="right")
    for step in comparison.steps:
        table.add_column(Text(step_name(*step)))
    for q in comparison.key_questions:
        changes = [Text(change_text(comparison, c), style=STYLES[c.verdict]) for c in q.changes]
        table.add_row(q.id, *(Text(figures_text(f)) for f in q.figures), *changes)
    return table


def print_comparison(comparison: Comparison, console: Console | None = None) -> None:
    console = console or Console()
    console.print(Text("Comparing", style="bold"))
    for line in provenance_lines(comparison):
        console.print(Text(f"  {line}"))
    for warning in comparison.warnings:
        console.print(Text(f"Warning: {warning}", style="yellow"))
    console.print()
    console.print(fit(console, ratings_table(comparison)))
    console.print()
    console.print(fit(console, questions_table(comparison)))
    for line in left_out_lines(comparison):
        console.print(Text(line))


def comparison_text(comparison: Comparison, options: Options = PLAIN) -> str:
    """The comparison's tables as text: coloured for a terminal, plain for a file or a pipe."""
    return console_text(options, lambda console: print_comparison(comparison, console))
