"""The terminal view: rich tables an analyst reads top to bottom, like the report's Annex 2.

For each scored standard: its key questions with the published whole percent, a bar coloured by the band
it falls in, and the counts behind it; then one table per split (grade, gender, any ``--by`` column) with
each group's percent, bar and Yes/base, groups too small to read marked. Then the band edges (borderline
standards, distance to the next band), and last the summary of ratings and the overall rating.

A split with more groups than fit side by side turns, a row per group, and says so. Every table is fitted
by :mod:`hmirate.render.layout`, so no figure is cut or folded at any width; rich drops colour by itself
under ``NO_COLOR`` or when output is not a terminal. Every cell, title and caption is a
:class:`rich.text.Text` made from the report with control characters made visible, never a string rich
would read as markup: a framework title of ``[bold]`` prints as written.
"""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from hmirate.errors import LEFT_OUT, counted
from hmirate.render.formats import PLAIN, Options, console_text
from hmirate.render.gaps import gap_text, heading, method_sentence, split_gaps
from hmirate.render.layout import fit, fits_whole
from hmirate.render.phrases import (
    NOT_COUNTED,
    PALETTE,
    SMALL,
    all_not_applicable,
    band_rating,
    bar,
    ci_header,
    ci_text,
    edge_short,
    lower_text,
    lowest_text,
    not_counted_text,
    overall_bands_text,
    panel_word,
    percent_text,
    points,
    raise_text,
    rating_rank,
    small_note,
    unrated_text,
)
from hmirate.render.provenance import provenance_text
from hmirate.render.visible import visible_report
from hmirate.report.model import Figures, Group, Report, StandardResult

BAR_WIDTH = 10
SPLIT_BAR_WIDTH = 5


def _style(report: Report, rating: str | None, bold: bool = False) -> str:
    rank = rating_rank(report, rating)
    if rank is None:
        return "dim"
    return f"bold {PALETTE[rank]}" if bold else PALETTE[rank]


def _rating(report: Report, name: str | None) -> Text:
    return Text(name or "not rated", style=_style(report, name, bold=True))


def _bar(report: Report, figures: Figures, width: int, small: bool = False) -> Text:
    style = "dim" if small else _style(report, band_rating(report, figures))
    return Text(bar(figures.percent, width), style=style)


def _question_table(report: Report, standard: StandardResult, ci: bool) -> Table:
    title = Text.assemble(
        f"{standard.id} {standard.title}: ",
        _rating(report, standard.rating_from_cases),
        " from cases" + (": every answer N/A" if all_not_applicable(standard) else ""),
    )
    caption = Text(standard.description)
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
    table.add_column("Key question", overflow="fold")
    table.add_column("%", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for header in ("Yes", "No", "N/A", "Base", *([ci_header(report)] if ci else [])):
        table.add_column(header, justify="right", no_wrap=True)
    for question in standard.key_questions:
        marker = " (relevant sub-sample)" if question.relevant_subsample else ""
        counts = (question.yes, question.no, question.not_applicable, question.base)
        table.add_row(
            Text(f"{question.id} {question.text}{marker}"),
            Text(percent_text(question)),
            _bar(report, question, BAR_WIDTH),
            *(Text(str(count)) for count in counts),
            *([Text(ci_text(question))] if ci else []),
        )
    return table


def _split_cell(report: Report, figures: Group, width: int, ci: bool) -> Text:
    return Text.assemble(
        f"{percent_text(figures):>4} ",
        _bar(report, figures, SPLIT_BAR_WIDTH, small=figures.too_small),
        f" {f'({figures.yes}/{figures.base})':>{width}}",
        f" {ci_text(figures)}" if ci else "",
        SMALL if figures.too_small else " ",
    )


Cells = dict[tuple[str, str], Text]


def _by_question(title: str, questions: list[str], groups: list[str], cells: Cells) -> Table:
    """A row per key question, a column per group: the report's own layout, for a few groups."""
    table = Table(title=Text(title), title_justify="left")
    table.add_column("Key question", no_wrap=True)
    for group in groups:
        table.add_column(Text(group), justify="right")
    for question in questions:
        table.add_row(Text(question), *(cells.get((question, group), Text("")) for group in groups))
    return table


def _by_group(title: str, column: str, questions: list[str], groups: list[str], cells: Cells) -> Table:
    """A row per group, a column per key question: as long as it must be, as wide as a few figures."""
    table = Table(title=Text(title), title_justify="left")
    table.add_column(Text(column), overflow="fold")
    for question in questions:
        table.add_column(Text(question), justify="right")
    for group in groups:
        table.add_row(Text(group), *(cells.get((question, group), Text("")) for question in questions))
    return table


def _split_tables(console: Console, report: Report, standard: StandardResult, ci: bool) -> list[Table]:
    """One table per split: a column per group when every group's figures fit side by side on one line each;
    else, saying so, a row per group, which holds any number of groups at any width."""
    tables = []
    questions = [question.id for question in standard.key_questions]
    splits = [question.splits for question in standard.key_questions]
    for index, column in enumerate(split.column for split in (splits[0] if splits else [])):
        found = {(q, g.value): g for q, split in zip(questions, splits, strict=True) for g in split[index].groups}
        if not found:
            continue
        groups = list(dict.fromkeys(group for _, group in found))
        width = max(len(f"({g.yes}/{g.base})") for g in found.values())
        cells = {key: _split_cell(report, figures, width, ci) for key, figures in found.items()}
        title = f"{standard.id} by {column}: % (Yes/base){', ' + ci_header(report) if ci else ''}"
        table = _by_question(title, questions, groups, cells)
        if len(groups) * 4 > console.width or not fits_whole(console, table):  # 4: the least a column takes
            table = _by_group(f"{title}\n{side_note(len(groups), console.width)}", column, questions, groups, cells)
        if any(g.too_small for g in found.values()):
            table.caption, table.caption_justify = Text(small_note(report)), "left"
        tables.append(table)
    return tables


def side_note(groups: int, width: int) -> str:
    """Why a split is drawn a row per group: said, so a reader who expected columns is not left guessing."""
    verb = "does" if groups == 1 else "do"
    return f"{counted(groups, 'group')} {verb} not fit side by side in {width} columns: one row per group"


def gap_lines(report: Report, standard: StandardResult) -> list[Text | Padding]:
    """The clear gaps between groups, split by split, under the standard's split tables, and the method.

    Only the clear ones: every pair compared is in the JSON.
    """
    lines: list[Text | Padding] = []
    for found in split_gaps(standard):
        if found.compared:
            lines.append(Text(heading(found)))
            lines += [Padding(Text(gap_text(report, qid, gap)), (0, 0, 0, 2), expand=False) for qid, gap in found.clear]
    return [*lines, Text(method_sentence(report), style="dim")] if lines else []


def edges_table(report: Report) -> Table:
    """Borderline standards and the distance to the next band, for every standard rated from cases."""
    table = Table(
        title=Text(f"Band edges: borderline within {points(report.margin)}; answers to the next band"),
        title_justify="left",
        caption=Text("Distances count No answers turned Yes (or Yes turned No) with every base unchanged."),
        caption_justify="left",
    )
    table.add_column("Standard", overflow="fold")
    table.add_column("Lowest")
    table.add_column("Borderline")
    table.add_column("Up one band")
    table.add_column("Down one band")
    for standard in report.standards:
        if standard.to_next_band is None:
            continue
        table.add_row(
            Text(f"{standard.id} {standard.title}"),
            Text(f"{standard.driving_key_question} {standard.lowest_percent}%"),
            Text("; ".join(edge_short(near) for near in standard.borderline) or "-"),
            Text(raise_text(standard.to_next_band.up)),
            Text(lower_text(standard.to_next_band.down)),
        )
    return table


def summary_table(report: Report) -> Table:
    table = Table(title=Text("Summary of ratings"), title_justify="left")
    table.add_column("Standard", overflow="fold")
    table.add_column("Lowest key question", no_wrap=True)
    table.add_column("From cases")
    table.add_column("Rating")
    table.add_column("Panel", no_wrap=True)
    for standard in report.standards:
        table.add_row(
            Text(f"{standard.id} {standard.title}"),
            Text(lowest_text(standard)),
            _rating(report, standard.rating_from_cases) if standard.rated_from == "cases" else Text("-"),
            Text.assemble(_rating(report, standard.rating), "" if standard.counts_to_overall else f" ({NOT_COUNTED})"),
            Text(panel_word(standard)),
        )
    return table


def adjustment_lines(report: Report) -> list[Text]:
    """The panel's reasons, in full, under the summary: too long for a table cell."""
    return [
        Text.assemble(
            f"Panel adjustment of {standard.id} {standard.title}: ",
            _rating(report, standard.rating_from_cases),
            " -> ",
            _rating(report, standard.rating),
            Text(f". {standard.adjustment}"),
        )
        for standard in report.standards
        if standard.adjustment
    ]


def overall_line(report: Report) -> Text:
    overall = report.overall
    if overall is None:
        return Text(f"Overall rating: not computed; unrated standards: {unrated_text(report)}", style="dim")
    return Text.assemble(
        "Overall rating: ",
        _rating(report, overall.rating),
        f" (total {overall.total} of {overall.maximum}; bands for {overall.standards} standards: "
        f"{overall_bands_text(report)}{not_counted_text(report)})",
    )


def render_table(report: Report, console: Console | None = None, *, ci: bool = False) -> None:
    """Print the whole report; ``ci`` adds the Wilson interval beside every percentage."""
    if console is None:
        console = Console()
        console.size = console.size  # looked up once: rich asks the terminal again at every cell otherwise
    report = visible_report(report)
    for standard in report.standards:
        if standard.key_questions:
            console.print(fit(console, _question_table(report, standard, ci)))
            for table in _split_tables(console, report, standard, ci):
                console.print(fit(console, table))
            console.print()
            gaps = gap_lines(report, standard)
            for line in gaps:
                console.print(line)
            if gaps:
                console.print()
    if any(standard.to_next_band for standard in report.standards):
        console.print(fit(console, edges_table(report)))
        console.print()
    console.print(fit(console, summary_table(report)))
    for line in adjustment_lines(report):
        console.print(line)
    console.print(overall_line(report))
    console.print(Text(rows_line(report)))
    console.print(Text(provenance_text(report, short=True), style="dim"))


def rows_line(report: Report) -> str:
    """Row accounting, so nobody has to wonder whether rows were dropped: every row read was scored or, a
    drawn sample's case with no answers, left out (a report exists only when no row was invalid; otherwise
    the errors are listed instead)."""
    scored = sum(source.rows for source in report.inputs)
    left_out = sum(source.left_out for source in report.inputs)
    parts = " + ".join(str(source.rows + source.left_out) for source in report.inputs)
    detail = f" ({parts})" if len(report.inputs) > 1 else ""
    read = f"{counted(scored + left_out, 'row')} read from {counted(len(report.inputs), 'file')}{detail}"
    text = f"{read}, {scored} scored, 0 with errors"
    return f"{text}, {left_out} {LEFT_OUT}" if left_out else text


def table_text(report: Report, options: Options = PLAIN) -> str:
    """The tables as text: coloured for a terminal, plain for a file or a pipe."""
    return console_text(options, lambda console: render_table(report, console, ci=options.ci))
