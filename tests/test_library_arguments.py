"""Every front door of the library, called with junk: only an HmirateError (or a right result) ever comes out.

docs/library.md promises that anything but an HmirateError is a bug. Each public function is called with each of
its parameters replaced by junk (None, numbers, bytes, lists of None, dicts, nested lists, objects, DataFrames)
and the others valid; then the cases the third hostile sweep found, with their exact messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import CASE_SUPERVISION, PANEL, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import hmirate
from hmirate.cli import main
from hmirate.cli.words import worded
from hmirate.errors import EXIT_INVALID_DATA, EXIT_USAGE, HmirateError, InvalidData, UsageError
from hmirate.render import render
from hmirate.report.compare import Comparison, compare_files, load_report
from hmirate.report.model import Report
from hmirate.sampling import (
    Sample,
    SampleCheck,
    SampleSize,
    as_of_date,
    check_sample,
    draw_file,
    sample_size,
    sample_size_for,
)
from hmirate.sampling.template import Template, make_template

LATER = ROOT / "data" / "samples" / "compare" / "case-supervision-2021.csv"
LONGLIST = "case_id,person_id,first_name,last_name,gender,sentence_type,rosh,start_date\n" + "".join(
    f"C{i},P{i},A,B,{'male' if i % 2 else 'female'},community,low,2019-01-0{1 + i % 9}\n" for i in range(8)
)
HEADER = "case_id,grade,gender,2.1.1,2.1.2,2.1.3"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Valid inputs for every front door: the bundled sample, two JSON reports, a longlist."""
    folder = tmp_path_factory.mktemp("arguments")
    earlier, later = hmirate.score(CASE_SUPERVISION), hmirate.score(LATER)
    (folder / "earlier.json").write_text(render(earlier, "json"), encoding="utf-8")
    (folder / "later.json").write_text(render(later, "json"), encoding="utf-8")
    (folder / "longlist.csv").write_text(LONGLIST, encoding="utf-8")
    return {"folder": folder, "reports": [earlier, later], "framework": hmirate.load_framework("crc-2018")}


def _calls(files: dict[str, Any]) -> dict[str, tuple[Callable[..., Any], dict[str, Any], type | tuple[type, ...]]]:
    """Each front door with valid arguments, every one by name, and the type of what it returns."""
    folder, reports = files["folder"], files["reports"]
    longlist = str(folder / "longlist.csv")
    case_file = {"sources": str(CASE_SUPERVISION), "framework": "crc-2018", "by": (), "delimiter": None, "sheet": None}
    return {
        "score": (
            hmirate.score,
            {**case_file, "panel": None, "confidence": 0.8, "min_base": 10, "margin": 5.0, "progress": print},
            Report,
        ),
        "check_files": (hmirate.check_files, case_file, hmirate.CheckResult),
        "compare": (
            hmirate.compare,
            {"reports": reports, "labels": None, "files": None, "confidence": 0.8},
            Comparison,
        ),
        "compare_files": (
            compare_files,
            {"paths": [str(folder / "earlier.json"), str(folder / "later.json")], "labels": None, "confidence": 0.8},
            Comparison,
        ),
        "load_report": (load_report, {"path": str(folder / "earlier.json")}, Report),
        "load_framework": (hmirate.load_framework, {"name_or_path": "crc-2018"}, hmirate.Framework),
        "load_panel": (hmirate.load_panel, {"path": str(PANEL), "framework": files["framework"]}, hmirate.Panel),
        "Settings": (hmirate.Settings, {"confidence": 0.8, "min_base": 10, "margin": 5.0}, hmirate.Settings),
        "sample_size": (
            sample_size,
            {"population": 250, "confidence": 0.8, "margin": 5, "proportion": 0.5},
            SampleSize,
        ),
        "sample_size_for": (
            sample_size_for,
            {"population": longlist, "confidence": 0.8, "margin": 5, "as_of": "2020-01-01"},
            SampleSize,
        ),
        "draw_file": (
            draw_file,
            {
                "longlist": longlist,
                "size": 4,
                "seed": 1,
                "strata": "gender",
                "nest": None,
                "buffer": 0,
                "max_per_officer": 6,
                "allow_short": False,
                "as_of": "2020-01-01",
                "sheet": None,
            },
            Sample,
        ),
        "check_sample": (
            check_sample,
            {
                "sample": longlist,
                "population": longlist,
                "profile": None,
                "strata": "gender",
                "as_of": "2020-01-01",
                "tolerance": 5,
            },
            SampleCheck,
        ),
        "as_of_date": (as_of_date, {"value": "2020-01-01"}, dt.date),
        "make_template": (
            make_template,
            {"framework": "crc-2018", "sample": None, "standards": None, "commands": ()},
            Template,
        ),
    }


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.binary(max_size=8),
    st.text(max_size=8).filter(lambda text: text != "-"),  # "-" is standard input, which pytest closes
    st.lists(st.none(), max_size=3),
    st.lists(st.lists(st.integers(), max_size=2), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.tuples(st.integers(), st.text(max_size=3)),
    st.sets(st.integers(), max_size=2),
    st.builds(object),
    st.just(Fraction(1, 3)),
    st.just(np.int64(3)),
    st.just(Path("no such file.csv")),
    st.just(pd.DataFrame()),
    st.just(pd.DataFrame({"case_id": [["A"]], "grade": [{}], "gender": [None]})),
    st.just(pd.Series(["a"])),
    st.just(dt.date(2020, 1, 1)),
    st.just(iter(())),
)
"""Values of every kind a caller might pass by mistake."""


@pytest.mark.parametrize("name", list(_calls({"folder": Path(), "reports": [], "framework": None})))
@settings(max_examples=60)
@given(data=st.data())
def test_junk_in_any_parameter_is_an_hmirate_error_or_a_right_result(files, name, data):
    function, valid, returns = _calls(files)[name]
    parameter = data.draw(st.sampled_from(sorted(valid)), label="parameter")
    junk = data.draw(JUNK, label="junk")
    try:
        result = function(**{**valid, parameter: junk})
    except HmirateError as error:
        assert error.exit_code in (EXIT_INVALID_DATA, EXIT_USAGE)
        assert str(error)
    else:
        assert isinstance(result, returns)


def test_the_valid_calls_are_valid(files):
    """The junk test means something only if each call with its valid arguments succeeds."""
    for function, valid, returns in _calls(files).values():
        assert isinstance(function(**valid), returns)


# --- the cases the sweep found, each with its message ----------------------------------------------------


def _usage(call: Callable[[], object]) -> tuple[str | None, str]:
    with pytest.raises(UsageError) as caught:
        call()
    assert caught.value.exit_code == EXIT_USAGE
    return caught.value.param, str(caught.value)


def test_no_case_files_is_said_so_not_a_pandas_error(tmp_path):
    empty_glob = (tmp_path / "nothing here").glob("*.csv")
    assert _usage(lambda: hmirate.score([])) == ("sources", "no case files given")
    assert _usage(lambda: hmirate.score(empty_glob)) == ("sources", "no case files given")
    assert _usage(lambda: hmirate.check_files(())) == ("sources", "no case files given")


def test_a_source_of_the_wrong_kind_names_the_parameter():
    expected = "`sources` must be a path or a pandas DataFrame, or a list of them, not None"
    assert _usage(lambda: hmirate.score(None)) == ("sources", expected)
    item = "`sources` item 2 must be a path or a pandas DataFrame, not b'cases.csv'"
    assert _usage(lambda: hmirate.score([str(CASE_SUPERVISION), b"cases.csv"])) == ("sources", item)
    series = "`sources` must be a path or a pandas DataFrame, or a list of them, not a Series"
    assert _usage(lambda: hmirate.check_files(pd.Series([str(CASE_SUPERVISION)]))) == ("sources", series)


def test_by_a_bare_string_is_one_column_as_the_flag_is():
    by_string, by_list = hmirate.score(CASE_SUPERVISION, by="office"), hmirate.score(CASE_SUPERVISION, by=["office"])
    assert by_string.splits == by_list.splits == ["grade", "gender", "office"]
    assert by_string.to_frame().equals(by_list.to_frame())


def test_by_none_and_other_junk_name_the_parameter_and_the_cli_words_it_as_the_flag():
    param, message = _usage(lambda: hmirate.score(CASE_SUPERVISION, by=[None]))
    assert (param, message) == ("by", "`by` item 1 must be a string, not None")
    assert worded(message, main.commands["score"]) == "--by item 1 must be a string, not None"
    assert _usage(lambda: hmirate.score(CASE_SUPERVISION, by=None)) == (
        "by",
        "`by` must be a string, or a list of them, not None",
    )


def test_a_framework_of_the_wrong_kind_names_the_parameter():
    expected = "`framework` must be a string, a Path or a Framework, not 123"
    assert _usage(lambda: hmirate.score(CASE_SUPERVISION, framework=123)) == ("framework", expected)
    assert _usage(lambda: hmirate.check_files(CASE_SUPERVISION, framework={"id": "x"})) == (
        "framework",
        "`framework` must be a string, a Path or a Framework, not {'id': 'x'}",
    )
    assert _usage(lambda: hmirate.load_framework(None)) == (
        "name_or_path",
        "`name_or_path` must be a string or a Path, not None",
    )


def test_each_kind_of_value_is_named_for_what_the_parameter_takes(files):
    assert _usage(lambda: hmirate.score(CASE_SUPERVISION, min_base=True)) == (
        "min_base",
        "`min_base` must be a whole number, not True",
    )
    assert _usage(lambda: hmirate.score(CASE_SUPERVISION, confidence="0.8")) == (
        "confidence",
        "`confidence` must be a number, not '0.8'",
    )
    assert _usage(lambda: hmirate.score(CASE_SUPERVISION, progress=3)) == (
        "progress",
        "`progress` must be a function, not 3",
    )
    assert _usage(lambda: hmirate.compare(None)) == ("reports", "`reports` must be a list, not None")
    assert _usage(lambda: draw_file(None, size=1, seed=1)) == ("longlist", "`longlist` must be a path, not None")
    assert _usage(lambda: draw_file(str(files["folder"] / "longlist.csv"), seed=1)) == ("size", "`size` is required")
    assert _usage(lambda: hmirate.score(CASE_SUPERVISION, frame=1)) == (None, "score has no parameter `frame`")
    assert _usage(lambda: hmirate.score(CASE_SUPERVISION, sources=CASE_SUPERVISION)) == (
        "sources",
        "`sources` is given twice, by position and by name",
    )
    assert _usage(lambda: hmirate.score(CASE_SUPERVISION, CASE_SUPERVISION)) == (
        None,
        "score takes 1 argument by position; pass the others by name",
    )
    long = "x" * 500
    _, message = _usage(lambda: hmirate.score(CASE_SUPERVISION, sheet=[long]))
    assert message == f"`sheet` must be a string, not ['{'x' * 27}...{'x' * 28}']"  # a value is cut short


def test_paths_generators_and_numpy_numbers_are_taken(files):
    """What a Python caller has at hand works: pathlib paths, a glob's generator, a count pandas summed."""
    folder = files["folder"]
    glob = (path for path in [CASE_SUPERVISION])
    assert hmirate.score(glob, framework=Path("crc-2018")).inputs == hmirate.score(str(CASE_SUPERVISION)).inputs
    assert sample_size_for(np.int64(250)) == sample_size_for(250)
    drawn = draw_file(folder / "longlist.csv", size=np.int64(4), seed=1, strata="gender", as_of="2020-01-01")
    assert len(drawn.chosen) == 4
    assert len(compare_files(folder / name for name in ("earlier.json", "later.json")).reports) == 2


def test_compare_files_for_each_report_or_none():
    reports = [hmirate.score(CASE_SUPERVISION), hmirate.score(LATER)]
    assert _usage(lambda: hmirate.compare(reports, files=["one.json"])) == (
        "files",
        "1 `files` for 2 reports: give one `files` per report, in order",
    )


# --- DataFrame cells that hold no one value ------------------------------------------------------------------


def _frame(**columns: list[object]) -> pd.DataFrame:
    cases = {"case_id": ["A", "B", "C"], "grade": ["cm"] * 3, "gender": ["m", "f", "m"]}
    answers = {question: ["Yes", "No", "Yes"] for question in ("2.1.1", "2.1.2", "2.1.3")}
    return pd.DataFrame({**cases, **answers, **columns})


def test_list_dict_and_set_cells_are_data_problems_naming_row_and_column():
    with pytest.raises(InvalidData) as caught:
        hmirate.score(_frame(**{"2.1.1": [["Yes"], "No", ["No"]], "grade": ["cm", {"a": 1}, "cm"]}))
    assert caught.value.exit_code == EXIT_INVALID_DATA
    assert [str(problem) for problem in caught.value.problems] == [
        "<frame 1>:3: grade: holds a dict, {'a': 1}, not one value: a cell must be text, a number or a date",
        "<frame 1>:2: 2.1.1: holds a list, ['Yes'], not one value: a cell must be text, a number or a date "
        "(1 more cell of this column likewise)",
    ]
    hashable = hmirate.check_files(_frame(case_id=["A", ("B",), "C"], gender=["m", "f", b"m"]))
    assert [str(problem) for problem in hashable.problems] == [  # a tuple and bytes hash, and are refused all the same
        "<frame 1>:3: case_id: holds a tuple, ('B',), not one value: a cell must be text, a number or a date",
        "<frame 1>:4: gender: holds bytes, b'm', not one value: a cell must be text, a number or a date",
    ]


def test_a_cell_holding_a_list_is_exit_1_from_the_library_as_any_data_problem():
    result = hmirate.check_files(_frame())
    assert result.ok  # the same frame with plain cells is valid
    with pytest.raises(InvalidData) as caught:
        hmirate.score([_frame(), _frame(**{"2.1.3": [np.array(["Yes"]), "No", "No"]})])
    assert [str(problem) for problem in caught.value.problems] == [
        "<frame 2>:2: 2.1.3: holds a ndarray, not one value: a cell must be text, a number or a date"
    ]


def test_what_the_junk_test_found_in_strings_and_numbers(files):
    """A NUL in a file name, a delimiter pyarrow cannot use, an empty path, an infinite tolerance: each was a
    ValueError or TypeError, or read standard input for ``population=""``."""
    longlist = str(files["folder"] / "longlist.csv")
    assert _usage(lambda: hmirate.score("cases\x00.csv")) == (
        None,
        "cases\x00.csv: cannot read: a file name cannot hold a NUL character",
    )
    assert _usage(lambda: hmirate.load_panel("panel\x00.toml", files["framework"])) == (
        None,
        "panel\x00.toml: cannot read panel file: a file name cannot hold a NUL character",
    )
    for delimiter in ("00", "\x80", '"'):
        assert _usage(lambda: hmirate.check_files(CASE_SUPERVISION, delimiter=delimiter)) == (  # noqa: B023
            "delimiter",
            f"`delimiter` must be one ASCII character other than a quote or a line break, not {delimiter!r}",
        )
    assert _usage(lambda: check_sample(longlist, population="", strata="gender")) == (
        "population",
        "`population` must be a path, not ''",
    )
    assert _usage(lambda: check_sample(longlist, population=longlist, tolerance=float("inf"))) == (
        "tolerance",
        "`tolerance` must be a finite number or a Fraction, not inf",
    )
    assert _usage(lambda: draw_file(longlist, size=4, seed=1, buffer=float("nan"))) == (
        "buffer",
        "`buffer` must be a finite number or a Fraction, not nan",
    )
