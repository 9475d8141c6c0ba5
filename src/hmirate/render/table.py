"""The terminal view: rich tables an analyst reads top to bottom, like the report's Annex 2.

For each scored standard: its key questions with the published whole percent and the counts behind it,
then one table per split (grade, gender, any ``--by`` column) with each group's percent and Yes/base.
Last, the summary of ratings: what the cases give, the final rating, the panel's reason where they
differ, and the overall rating with the bands used.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from hmirate.report import Figures, Report, StandardResult

RATING_STYLES = {
    "Inadequate": "bold red",
    "Requires improvement": "bold yellow",
    "Good": "bold green",
    "Outstanding": "bold cyan",
}


def _percent(figures: Figures) -> str:
    return "-" if figures.percent_whole is None else f"{figures.percent_whole}%"


def _rating(name: str | None) -> Text:
    return Text(name or "not rated", style=RATING_STYLES.get(name or "", "dim"))


def _standard_tables(standard: StandardResult) -> list[Table]:
    title = Text.assemble(
        f"{standard.id} {standard.title}: ", _rating(standard.rating_from_cases), " from cases"
    )
    main = Table(title=title, title_justify="left", caption=standard.description, caption_justify="left")
    main.add_column("Key question", overflow="fold")
    for header in ("%", "Yes", "No", "N/A", "Base"):
        main.add_column(header, justify="right", no_wrap=True)
    for question in standard.key_questions:
        marker = " (relevant sub-sample)" if question.relevant_subsample else ""
        main.add_row(
            f"{question.id} {question.text}{marker}",
            _percent(question),
            str(question.yes),
            str(question.no),
            str(question.not_applicable),
            str(question.base),
        )
    tables = [main]
    columns = [split.column for split in standard.key_questions[0].splits] if standard.key_questions else []
    for index, column in enumerate(columns):
        groups = list(dict.fromkeys(g.value for q in standard.key_questions for g in q.splits[index].groups))
        if not groups:
            continue
        split = Table(title=f"{standard.id} by {column}: % (Yes/base)", title_justify="left")
        split.add_column("Key question", no_wrap=True)
        for group in groups:
            split.add_column(group, justify="right", overflow="fold")
        for question in standard.key_questions:
            cells = {g.value: f"{_percent(g)} ({g.yes}/{g.base})" for g in question.splits[index].groups}
            split.add_row(question.id, *(cells.get(group, "") for group in groups))
        tables.append(split)
    return tables


def _panel_column(standard: StandardResult) -> str:
    """What the panel did: moved the cases' rating, or gave one (domain one, or a confirmed rating)."""
    if standard.adjustment:
        return "adjusted"
    if standard.panel_reason or (standard.rated_from == "inspectors" and standard.rating):
        return "rated"
    return ""


def summary_table(report: Report) -> Table:
    table = Table(title="Summary of ratings", title_justify="left")
    table.add_column("Standard")
    table.add_column("Lowest key question", no_wrap=True)
    table.add_column("From cases")
    table.add_column("Rating")
    table.add_column("Panel", no_wrap=True)
    for standard in report.standards:
        lowest = (
            f"{standard.driving_key_question} {standard.lowest_percent}% ({standard.band})"
            if standard.driving_key_question
            else ("rated by inspectors" if standard.rated_from == "inspectors" else "no cases")
        )
        table.add_row(
            f"{standard.id} {standard.title}",
            lowest,
            _rating(standard.rating_from_cases) if standard.rated_from == "cases" else Text("-"),
            _rating(standard.rating),
            _panel_column(standard),
        )
    return table


def adjustment_lines(report: Report) -> list[Text]:
    """The panel's reasons, in full, under the summary: too long for a table cell."""
    return [
        Text.assemble(
            f"Panel adjustment of {standard.id} {standard.title}: ",
            _rating(standard.rating_from_cases),
            " -> ",
            _rating(standard.rating),
            f". {standard.adjustment}",
        )
        for standard in report.standards
        if standard.adjustment
    ]


def overall_line(report: Report) -> Text:
    overall = report.overall
    if overall is None:
        missing = ", ".join(s.id for s in report.standards if s.rating is None)
        return Text(f"Overall rating: not computed; unrated standards: {missing}", style="dim")
    bands = ", ".join(f"{band.rating} {band.low}-{band.high}" for band in overall.bands)
    return Text.assemble(
        "Overall rating: ",
        _rating(overall.rating),
        f" (total {overall.total} of {overall.maximum}; bands for {overall.standards} standards: {bands})",
    )


def render_table(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    for standard in report.standards:
        if standard.key_questions:
            for table in _standard_tables(standard):
                console.print(table)
            console.print()
    console.print(summary_table(report))
    for line in adjustment_lines(report):
        console.print(line)
    console.print(overall_line(report))
