"""The report's figures as tidy rows: one per key question and group, the whole sample first.

One flat shape for everything that wants rows rather than a tree: :meth:`Report.to_frame` (pandas) and the
CSV format are both this list, so a spreadsheet and a notebook see the same columns. Plain dicts, no
pandas here, so the CSV path costs nothing extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hmirate.validate.caserow import ALL

if TYPE_CHECKING:
    from hmirate.report.model import Figures, Report

COLUMNS = (
    "standard",
    "standard_title",
    "key_question",
    "text",
    "relevant_subsample",
    "split",
    "group",
    "cases",
    "yes",
    "no",
    "not_applicable",
    "base",
    "percent",
    "percent_whole",
    "ci_low",
    "ci_high",
    "too_small",
)


def _figures(figures: Figures) -> dict[str, Any]:
    return {
        "yes": figures.yes,
        "no": figures.no,
        "not_applicable": figures.not_applicable,
        "base": figures.base,
        "percent": figures.percent,
        "percent_whole": figures.percent_whole,
        "ci_low": figures.ci_low,
        "ci_high": figures.ci_high,
    }


def figure_rows(report: Report) -> list[dict[str, Any]]:
    """Every scored key question: its whole-sample row, then a row per group of each split."""
    rows = []
    for standard in report.standards:
        for question in standard.key_questions:
            head = {
                "standard": standard.id,
                "standard_title": standard.title,
                "key_question": question.id,
                "text": question.text,
                "relevant_subsample": question.relevant_subsample,
            }
            cases = question.yes + question.no + question.not_applicable
            rows.append({**head, "split": ALL, "group": ALL, "cases": cases, **_figures(question), "too_small": False})
            for split in question.splits:
                for group in split.groups:
                    rows.append(
                        {
                            **head,
                            "split": split.column,
                            "group": group.value,
                            "cases": group.cases,
                            **_figures(group),
                            "too_small": group.too_small,
                        }
                    )
    return rows
