"""The recording workbook: the sheet inspectors fill in, made from the framework so it cannot drift from it.

Hand-made recording sheets are where most errors enter: headers drift from the framework, answers are typed
free-hand (``Yes.``, ``Maybe``), a drawn case is dropped without trace. The template is written from the
framework (and the drawn sample, when there is one), so every header is a key question's id, every answer
cell offers only Yes, No and N/A, and the sample's cases are already listed. ``score`` reads it back as it is.

Three sheets: **Cases** (what is filled in), **Framework** (every standard, key question, band and the overall
rule, so the workbook stands alone) and **ReadMe** (what to fill in and the command that scores it). Only the
Cases sheet's first row has a case id and key-question columns, so the reader chooses it by its columns.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from hmirate.errors import UsageError
from hmirate.read.raw import column_letter
from hmirate.render.formats import PLAIN, Options
from hmirate.rules.framework import Framework, KeyQuestion
from hmirate.sampling.progress import RecordingProgress, Tally
from hmirate.sampling.template import Template

ANSWER_CHOICES = ("Yes", "No", "N/A")
"""What the drop-down offers: the canonical answers, exactly as ``score`` counts them."""
CASES, FRAMEWORK, README = "Cases", "Framework", "ReadMe"
"""The sheets' names, in their order in the workbook."""
LAST_ROW = 1_048_576
"""Excel's last row: the drop-down covers every answer cell, rows added below the sample's included."""
GREY = "FFD9D9D9"
"""The fill of the cells the sample gave, which the inspectors do not change."""
TEXT = "@"
"""Excel's text number format: ``007`` stays ``007`` and ``1.10`` is not a number."""
ANSWER_WIDTH = 9
INSTALL_HINT = "writing a workbook needs openpyxl: pip install 'hmirate[excel]'"


def question_note(question: KeyQuestion) -> str:
    """A key question's header comment: its wording, and when N/A is the answer."""
    if question.relevant_subsample:
        when = (
            "Relevant sub-sample: answer Yes or No only for the cases this question concerns, N/A for every "
            "other case; it is scored on those cases alone."
        )
    else:
        when = "Answer Yes or No; N/A only where the question does not apply to the case."
    return f"{question.id} {question.text}\n\n{when}"


def template_csv(template: Template, options: Options = PLAIN) -> str:
    """The bare header and the sample's rows, for tools that cannot use a workbook."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(template.header)
    writer.writerows(template.rows())
    return buffer.getvalue()


def template_xlsx(template: Template, options: Options = PLAIN) -> bytes:
    """The Cases, Framework and ReadMe sheets as an .xlsx workbook's bytes."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    book = Workbook()
    _cases(book.active, template)
    _framework(book.create_sheet(FRAMEWORK), template.framework)
    _readme(book.create_sheet(README), template)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cases(sheet: Any, template: Template) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.title = CASES
    header = template.header
    given = len(header) - len(template.questions)  # case_id, splits, stratum, reserve
    rows = template.rows()
    bold, grey = Font(bold=True), PatternFill("solid", start_color=GREY, end_color=GREY)
    unlocked = Protection(locked=False)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = bold
        cell.number_format = TEXT
        cell.alignment = Alignment(horizontal="center")
    for position, question in enumerate(template.questions, given):
        comment = Comment(question_note(question), "hmirate", width=360, height=160)
        sheet.cell(row=1, column=position + 1).comment = comment
    splits = len(template.splits)
    for row in rows:
        sheet.append(row[:given])
    for number, case in enumerate(template.cases, 2):
        for position in range(given):
            cell = sheet.cell(row=number, column=position + 1)
            cell.number_format = TEXT
            if 1 <= position <= splits and not case.splits[position - 1]:
                cell.protection = unlocked  # a split the sample lacks (grade): the inspectors fill it in
            else:
                cell.fill = grey
    for position, name in enumerate(header):
        letter = column_letter(position)
        dimension = sheet.column_dimensions[letter]
        dimension.number_format = TEXT
        dimension.protection = unlocked
        longest = max([len(name), *(len(row[position]) for row in rows)])
        dimension.width = ANSWER_WIDTH if position >= given else min(max(longest + 2, 10), 40)
    if template.questions:
        answers = DataValidation(
            type="list",
            formula1='"' + ",".join(ANSWER_CHOICES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Yes, No or N/A",
            error="Choose Yes, No or N/A from the list.",
        )
        answers.add(f"{column_letter(given)}2:{column_letter(len(header) - 1)}{LAST_ROW}")
        sheet.add_data_validation(answers)
    sheet.freeze_panes = "B2"
    if template.cases:  # the sample's cells are locked; everything else stays open (no password)
        protection = sheet.protection
        protection.sheet = True
        protection.formatColumns = protection.formatRows = protection.formatCells = False
        protection.autoFilter = protection.sort = protection.insertRows = False


def _framework(sheet: Any, framework: Framework) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    sheet.append([f"{framework.title} ({framework.id})"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["id", "standard or key question", "rated from", "relevant sub-sample"])
    for cell in sheet[3]:
        cell.font = bold
    for domain in framework.domains:
        sheet.append([f"Domain {domain.id}", domain.title])
        sheet.cell(row=sheet.max_row, column=2).font = bold
        for standard in domain.standards:
            sheet.append([standard.id, f"{standard.title}: {standard.description}", standard.rated_from])
            for question in standard.key_questions:
                sheet.append([question.id, question.text, "", "yes" if question.relevant_subsample else ""])
    sheet.append([])
    sheet.append(["Standard ratings", "from the lowest key-question percentage (whole percent, rounded half up)"])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    ends = [band.from_percent - 1 for band in framework.bands[1:]] + [100]
    for band, end in zip(framework.bands, ends, strict=True):
        sheet.append([f"{band.from_percent}% to {end}%", f"{band.name}: {band.rating}"])
    sheet.append([])
    count = len(framework.counted)
    left_out = [f"{standard.id} {standard.title}" for standard in framework.standards if not standard.counts_to_overall]
    sheet.append(["Overall rating", f"from the total of the {count} counted standards' scores"])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    scores = ", ".join(f"{rating.name} {rating.score}" for rating in framework.ratings)
    sheet.append(["scores", scores])
    for rating, low, high in framework.overall_ranges(count):
        sheet.append([f"total {low} to {high}", rating])
    if left_out:
        sheet.append(["not counted", f"rated and reported, left out of the total: {', '.join(left_out)}"])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 100
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 20
    for row in sheet.iter_rows(min_row=4, min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _readme(sheet: Any, template: Template) -> None:
    from openpyxl.styles import Font

    framework = template.framework
    standards = ", ".join(f"{standard.id} {standard.title}" for standard in template.standards)
    lines = [
        "How to fill in this workbook",
        "",
        f"Record one row per case inspected on the {CASES} sheet: its case_id, "
        + (f"{', '.join(template.splits)}, " if template.splits else "")
        + "and an answer to every key question.",
        "Answers: Yes (sufficient), No (insufficient) or N/A (the question does not apply to the case). "
        "Choose them from each cell's list; anything else is refused.",
        "Each key question's wording, and when N/A applies, is the comment on its header.",
    ]
    if template.cases:
        lines += [
            "Grey cells come from the drawn sample: do not change them (the sheet is protected without a password).",
        ]
    if template.reserve:
        lines += [
            "Inspect the cases whose reserve is 'no'. When one cannot be inspected, leave its row empty and record "
            "a reserve of the same stratum instead.",
            "A case with no answers at all is left out when scored; a case with some answers must have them all.",
        ]
    lines += [
        "",
        *(f"{what}: {command}" for what, command in template.commands),
        "",
        f"Framework: {framework.id} ({framework.title})",
        f"Standards recorded: {standards}",
        f"Made by hmirate {template.version}",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 120


def _tally(tally: Tally) -> str:
    return f"{tally.complete} complete, {tally.partly} partly answered, {tally.untouched} untouched"


def progress_text(found: RecordingProgress) -> str:
    """The progress of one recording as the lead inspector reads it: totals, standards, then replacements."""
    total = found.cases.complete + found.cases.partly + found.cases.untouched
    lines = [f"Progress of {found.name}: {total} cases: {_tally(found.cases)}"]
    if found.reserves:
        lines.append(f"  main sample: {_tally(found.main)}")
    width = max((len(f"{item.standard} {item.title}") for item in found.standards), default=0)
    lines += [f"  {f'{item.standard} {item.title}':<{width}}  {_tally(item.tally)}" for item in found.standards]
    for replacement in found.replacements:
        stratum = f" (stratum {replacement.stratum!r})" if replacement.stratum else ""
        if replacement.replaced is None:
            lines.append(f"  reserve {replacement.reserve}{stratum} recorded, but no main case of its stratum is empty")
        else:
            lines.append(f"  reserve {replacement.reserve} replaced main case {replacement.replaced}{stratum}")
    return "".join(line + "\n" for line in lines)
