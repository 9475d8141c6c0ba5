"""The format registry: every command's ``--format`` comes from it, and what it cannot show is refused by name."""

from __future__ import annotations

import inspect
from importlib import import_module

import click
import pytest
from conftest import CASE_SUPERVISION

from hmirate.cli import main
from hmirate.errors import UsageError
from hmirate.render import formats
from hmirate.render.formats import FORMATS, Options, names, render, renderer

COMMAND_KINDS = {
    "score": "report",
    "compare": "comparison",
    "sample-size": "sample size",
    "check-sample": "sample check",
    "draw": "sample",
    "template": "template",
}
"""Each command with a ``--format`` and the kind of result it shows."""


def _format_choices(command: click.Command) -> list[str] | None:
    for param in command.params:
        if isinstance(param, click.Option) and "--format" in param.opts:
            assert isinstance(param.type, click.Choice)
            return list(param.type.choices)
    return None


@pytest.mark.parametrize(("command", "kind"), COMMAND_KINDS.items())
def test_each_commands_format_choices_are_the_registrys_for_its_kind(command, kind):
    assert _format_choices(main.commands[command]) == list(names(kind))


def test_the_kinds_and_their_formats_as_declared():
    # Written out by hand: a format added to a kind shows here, and in the command's --help, at once.
    assert names("report") == ("table", "json", "csv", "markdown", "html")
    assert names("comparison") == ("table", "json", "csv", "markdown", "html")
    assert names("sample size") == ("table", "json")
    assert names("sample check") == ("table", "json")
    assert names("sample") == ("csv", "xlsx")
    assert names("plan") == ("table", "json")
    assert names("template") == ("csv", "xlsx")
    assert names("explanation") == ("text",)


def test_commands_with_one_format_take_no_format_option():
    # validate lists problems (text, json, GitHub annotations), not a result the registry shows
    assert {name for name, command in main.commands.items() if _format_choices(command)} == {*COMMAND_KINDS, "validate"}
    # explain shows only text (draw's plan is json in its file, a table on the screen)
    assert _format_choices(main.commands["explain"]) is None


def test_each_format_is_declared_once_and_each_renderer_has_the_one_signature():
    assert len({found.name for found in FORMATS}) == len(FORMATS)
    for found in FORMATS:
        for kind, where in found.renderers.items():
            module, name = where.split(":")
            function = getattr(import_module(module), name)
            parameters = list(inspect.signature(function).parameters.values())
            assert [p.name for p in parameters][1:] == ["options"], (found.name, kind)
            assert parameters[1].default == Options()


def test_a_format_a_kind_cannot_show_is_refused_by_name_not_a_key_error():
    with pytest.raises(UsageError) as caught:
        renderer("comparison", "xlsx")
    assert str(caught.value) == (
        "`output_format` 'xlsx': the xlsx format cannot show a comparison; "
        "a comparison can be shown as table, json, csv, markdown, html"
    )
    assert caught.value.param == "output_format"
    with pytest.raises(UsageError) as unknown:
        render(object(), "sample size", "pdf")
    assert str(unknown.value) == "`output_format` 'pdf': no output format; a sample size can be shown as table, json"
    assert unknown.value.param == "output_format"


def test_text_is_asked_for_and_a_workbook_is_not_text():
    with pytest.raises(UsageError, match=r"^`output_format` 'xlsx' is not text$"):
        formats.render_text(object(), "sample", "xlsx")


def test_the_librarys_render_goes_through_the_registry():
    import hmirate
    from hmirate.render import render as render_report

    report = hmirate.score(CASE_SUPERVISION)
    assert render_report(report, "json") == render(report, "report", "json")
    with pytest.raises(UsageError) as caught:
        render_report(report, "xlsx")
    assert caught.value.param == "output_format"


def test_explain_names_an_unknown_standard_by_its_parameter():
    import hmirate

    report = hmirate.score(CASE_SUPERVISION)
    with pytest.raises(UsageError) as caught:
        render(report, "explanation", "text", Options(standard="9.9"))
    assert caught.value.param == "standard"
    assert str(caught.value) == (
        "unknown standard '9.9' in framework crc-2018 (1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 4.1, 4.2)"
    )
