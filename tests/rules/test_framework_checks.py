"""Every rule a framework or panel file is checked against at load, each broken once, with the exact message.

Each test starts from a small framework that loads (checked in the first test), changes one thing that
breaks exactly one rule, and asserts the whole message, so a check that stopped firing would fail here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import CASE_SUPERVISION

from hmirate.cli import main
from hmirate.errors import UsageError
from hmirate.rules.framework import load_framework
from hmirate.rules.panel import load_panel
from hmirate.rules.source import MAX_BYTES

MINI = """\
id = "mini"
title = "Mini"
splits = ["grade", "gender"]
ratings = [
  { name = "Low", score = 0 },
  { name = "Mid", score = 1 },
  { name = "High", score = 2 },
]
bands = [
  { from_percent = 0, name = "few", rating = "Low" },
  { from_percent = 50, name = "some", rating = "Mid" },
  { from_percent = 80, name = "most", rating = "High" },
]
overall_bands = [
  { rating = "Low", up_to = 0.5 },
  { rating = "Mid", up_to = 1.5 },
  { rating = "High", up_to = 2.0 },
]

[[domains]]
id = "1"
title = "Delivery"

[[domains.standards]]
id = "1.1"
title = "Leadership"
description = "Led well."
rated_from = "inspectors"

[[domains]]
id = "2"
title = "Cases"

[[domains.standards]]
id = "2.1"
title = "Assessment"
description = "Assessed well."
rated_from = "cases"
key_questions = [
  { id = "2.1.1", text = "Engaging?" },
  { id = "2.1.2", text = "Safe?", relevant_subsample = true },
]
"""

SECOND_CASE_STANDARD = """
[[domains.standards]]
id = "2.2"
title = "Planning"
description = "Planned well."
rated_from = "cases"
key_questions = [{ id = "2.2.1", text = "Planned?" }]
"""


def _load(tmp_path: Path, old: str, new: str, count: int = 1) -> str:
    """Load MINI with ``old`` replaced by ``new`` and return the usage error's message."""
    assert MINI.count(old) >= count, "the edit must apply to the text"
    path = tmp_path / "mini.toml"
    path.write_text(MINI.replace(old, new, count), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_framework(str(path))
    return str(caught.value).replace(str(path), "mini.toml")


def test_the_base_framework_loads(tmp_path):
    path = tmp_path / "mini.toml"
    path.write_text(MINI, encoding="utf-8")
    framework = load_framework(str(path))
    assert [s.id for s in framework.standards] == ["1.1", "2.1"]
    assert framework.overall_ranges(2) == [("Low", 0, 1), ("Mid", 2, 3), ("High", 4, 4)]


def test_duplicate_key_question_id(tmp_path):
    message = _load(tmp_path, '{ id = "2.1.2", text = "Safe?"', '{ id = "2.1.1", text = "Safe?"')
    assert message == "mini.toml: key question id '2.1.1' is listed 2 times; each must be unique"


def test_duplicate_standard_id(tmp_path):
    # A key question belongs to its standard by id prefix, so a question can only repeat across standards
    # when a standard id repeats: that is caught first, by name.
    message = _load(tmp_path, 'id = "1.1"', 'id = "2.1"')
    assert message == "mini.toml: standard id '2.1' is listed 2 times; each must be unique"


def test_duplicate_domain_id(tmp_path):
    message = _load(tmp_path, 'id = "2"\ntitle = "Cases"', 'id = "1"\ntitle = "Cases"')
    assert message == "mini.toml: domain id '1' is listed 2 times; each must be unique"


def test_duplicate_rating_name(tmp_path):
    message = _load(tmp_path, '{ name = "Mid", score = 1 }', '{ name = "Low", score = 1 }')
    assert message == "mini.toml: rating name 'Low' is listed 2 times; each must be unique"


def test_duplicate_band_name(tmp_path):
    # A report's figures name their band, so two bands of one name would make the name ambiguous.
    message = _load(tmp_path, 'name = "some"', 'name = "few"')
    assert message == "mini.toml: band name 'few' is listed 2 times; each must be unique"


def test_ratings_out_of_order(tmp_path):
    message = _load(tmp_path, '{ name = "Mid", score = 1 }', '{ name = "Mid", score = 5 }')
    assert message == "mini.toml: ratings must be listed from lowest to highest score, each score once"


def test_negative_score(tmp_path):
    message = _load(tmp_path, '{ name = "Low", score = 0 }', '{ name = "Low", score = -1 }')
    assert message == "mini.toml: rating scores must not be negative; 'Low' scores -1"


def test_bands_not_starting_at_zero(tmp_path):
    message = _load(tmp_path, "{ from_percent = 0,", "{ from_percent = 5,")
    assert message == "mini.toml: bands must start at from_percent = 0 and rise strictly"


def test_bands_not_rising(tmp_path):
    message = _load(tmp_path, "{ from_percent = 80,", "{ from_percent = 50,")
    assert message == "mini.toml: bands must start at from_percent = 0 and rise strictly"


def test_bands_not_in_rating_order(tmp_path):
    """A higher percent must never rate lower: 'some' (50%) rating High above 'most' (80%) rating Mid would
    rate 60% above 90%."""
    swapped = ('rating = "Mid" },\n  { from_percent = 80, name = "most", rating = "High"',
               'rating = "High" },\n  { from_percent = 80, name = "most", rating = "Mid"')  # fmt: skip
    message = _load(tmp_path, *swapped)
    assert message == ("mini.toml: bands must rise in rating: 'most' (from 80%) rates 'Mid', below 'some''s 'High'")


def test_band_percent_over_100(tmp_path):
    message = _load(tmp_path, "{ from_percent = 80,", "{ from_percent = 101,")
    assert message == "mini.toml: bands.2.from_percent: Input should be less than or equal to 100"


def test_band_with_unknown_rating(tmp_path):
    message = _load(tmp_path, 'name = "some", rating = "Mid"', 'name = "some", rating = "Middling"')
    assert message == "mini.toml: unknown rating 'Middling'; the scale is Low, Mid, High"


def test_overall_bands_missing_a_rating(tmp_path):
    message = _load(tmp_path, '  { rating = "Mid", up_to = 1.5 },\n', "")
    assert message == "mini.toml: overall_bands must list every rating once, lowest first"


def test_overall_band_covering_no_total(tmp_path):
    # Two standards: totals 0-4. Low takes 0-1 (floor(0.5 * 2)); Mid up to floor(0.9 * 2) = 1 takes none.
    message = _load(tmp_path, '{ rating = "Mid", up_to = 1.5 }', '{ rating = "Mid", up_to = 0.9 }')
    assert message == (
        "mini.toml: overall band 'Mid' (up_to = 0.9) covers no total for 2 standards: "
        "the band before it ends at 1 and floor(0.9 * 2) = 1"
    )


def test_overall_band_checked_for_the_frameworks_own_count(tmp_path):
    # up_to 0.7 leaves Mid empty with two standards (floor(1.4) = 1) but not with three (floor(2.1) = 2 > 1):
    # the rule is checked for the number of standards the framework has.
    edit = ('{ rating = "Mid", up_to = 1.5 }', '{ rating = "Mid", up_to = 0.7 }')
    message = _load(tmp_path, *edit)
    assert message.startswith("mini.toml: overall band 'Mid' (up_to = 0.7) covers no total for 2 standards")
    path = tmp_path / "three.toml"
    path.write_text(MINI.replace(*edit) + SECOND_CASE_STANDARD, encoding="utf-8")
    assert load_framework(str(path)).overall_ranges(3) == [("Low", 0, 1), ("Mid", 2, 2), ("High", 3, 6)]


def test_overall_bands_falling(tmp_path):
    message = _load(tmp_path, '{ rating = "Mid", up_to = 1.5 }', '{ rating = "Mid", up_to = 0.4 }')
    assert message == (
        "mini.toml: overall band 'Mid' (up_to = 0.4) covers no total for 2 standards: "
        "the band before it ends at 1 and floor(0.4 * 2) = 0"
    )


def test_overall_bands_not_reaching_the_top(tmp_path):
    # Mid ends at floor(1.0 * 2) = 2, High at floor(1.9 * 2) = 3: the total 4 would have no band.
    path = tmp_path / "mini.toml"
    path.write_text(MINI.replace("up_to = 1.5", "up_to = 1.0").replace("up_to = 2.0", "up_to = 1.9"), encoding="utf-8")
    message = _framework_error(path).replace(str(path), "mini.toml")
    assert message == (
        "mini.toml: overall bands must end at the highest total, 4 for 2 standards, but the last "
        "(up_to = 1.9) ends at 3; its up_to must be the top score, 2"
    )


def test_up_to_read_as_written_not_as_binary_float(tmp_path):
    # 0.29 * 100 is 28.999999999999996 in binary floating point; the band must end at 29 as written.
    path = tmp_path / "hundred.toml"
    path.write_text(MINI.replace("up_to = 0.5", "up_to = 0.29"), encoding="utf-8")
    assert load_framework(str(path)).overall_ranges(100)[0] == ("Low", 0, 29)


def test_case_standard_without_key_questions(tmp_path):
    message = _load(tmp_path, 'rated_from = "inspectors"', 'rated_from = "cases"')
    assert message == "mini.toml: domains.0.standards.0: standard 1.1 is rated from cases but has no key questions"


def test_inspector_standard_with_key_questions(tmp_path):
    message = _load(tmp_path, 'rated_from = "cases"', 'rated_from = "inspectors"')
    assert message == (
        "mini.toml: domains.1.standards.0: standard 2.1 is rated by inspectors and cannot have key questions"
    )


def test_key_question_of_another_standard(tmp_path):
    message = _load(tmp_path, '{ id = "2.1.2"', '{ id = "2.3.2"')
    assert message == "mini.toml: domains.1.standards.0: key question 2.3.2 does not belong to standard 2.1"


def test_key_question_id_shape(tmp_path):
    message = _load(tmp_path, '{ id = "2.1.2"', '{ id = "2.1.2a"')
    assert message == (
        "mini.toml: domains.1.standards.0.key_questions.1.id: String should match pattern '^\\d+(\\.\\d+){2}$'"
    )


def test_unknown_field(tmp_path):
    message = _load(tmp_path, 'title = "Mini"', 'title = "Mini"\ncolour = "blue"')
    assert message == "mini.toml: colour: Extra inputs are not permitted"


def test_not_toml(tmp_path):
    message = _load(tmp_path, 'title = "Mini"', 'title = "Mini')
    assert message == "mini.toml: not valid TOML: Illegal character '\\n' (at line 2, column 14)"


# --- the file itself: missing, not a file, too large, not UTF-8 ------------------------------------------


def _framework_error(path: Path | str) -> str:
    with pytest.raises(UsageError) as caught:
        load_framework(str(path))
    return str(caught.value)


def test_missing_file(tmp_path):
    assert _framework_error(tmp_path / "gone.toml") == f"{tmp_path / 'gone.toml'}: framework file not found"


def test_directory(tmp_path):
    folder = tmp_path / "rules.toml"
    folder.mkdir()
    assert _framework_error(folder) == f"{folder}: cannot read framework file: it is a directory, not a file"


def test_device():
    assert _framework_error("/dev/zero") == "/dev/zero: cannot read framework file: it is a device, not a file"


def test_fifo_without_writer_does_not_block(tmp_path):
    fifo = tmp_path / "rules.toml"
    os.mkfifo(fifo)
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(_framework_error(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=30)  # not a timing assertion: a hang would leave the list empty
    assert result == [f"{fifo}: cannot read framework file: it is a FIFO (named pipe), not a file"]


def test_too_large(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(MINI.encode() + b"#" * MAX_BYTES)
    assert _framework_error(big) == f"{big}: cannot read framework file: larger than 1024 KiB; is this the right file?"


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(MINI.replace('"Led well."', '"Men\u00e9e bien."').encode("latin-1"))
    line = MINI.splitlines().index('description = "Led well."') + 1
    assert _framework_error(path) == (f"{path}:{line}: framework file is not UTF-8 text (byte 0xe9); save it as UTF-8")


def test_unreadable(tmp_path, monkeypatch):
    path = tmp_path / "locked.toml"
    path.write_text(MINI, encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)  # a mode-000 file is readable by root, who may run the tests
    assert _framework_error(path) == f"{path}: cannot read framework file: Permission denied"


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.encode())
    assert load_framework(str(path)).id == "mini"


def test_the_cli_exits_2_naming_the_file(tmp_path, runner):
    result = runner.invoke(main, ["score", str(CASE_SUPERVISION), "--framework", "/dev/zero"])
    assert (result.exit_code, result.output) == (
        2,
        "hmirate: /dev/zero: cannot read framework file: it is a device, not a file\n",
    )


# --- panel files ------------------------------------------------------------------------------------------


def _panel_error(path: Path | str, framework) -> str:
    with pytest.raises(UsageError) as caught:
        load_panel(path, framework)
    return str(caught.value)


def test_panel_device(framework):
    assert _panel_error("/dev/zero", framework) == "/dev/zero: cannot read panel file: it is a device, not a file"


def test_panel_fifo_does_not_block(tmp_path, framework):
    fifo = tmp_path / "panel.toml"
    os.mkfifo(fifo)
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(_panel_error(fifo, framework)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert result == [f"{fifo}: cannot read panel file: it is a FIFO (named pipe), not a file"]


def test_panel_too_large(tmp_path, framework):
    big = tmp_path / "panel.toml"
    big.write_bytes(b"# " + b"x" * MAX_BYTES)
    assert (
        _panel_error(big, framework) == f"{big}: cannot read panel file: larger than 1024 KiB; is this the right file?"
    )


def test_panel_not_utf8(tmp_path, framework):
    path = tmp_path / "panel.toml"
    path.write_bytes(b'[standards."1.1"]\nrating = "Good"\n# caf\xe9\n')
    assert _panel_error(path, framework) == f"{path}:3: panel file is not UTF-8 text (byte 0xe9); save it as UTF-8"


def test_panel_line_numbers_count_only_toml_line_ends(tmp_path, framework):
    # A U+2028 or U+0085 inside a string is no line end in TOML: the unknown standard is on line 4, not 6.
    path = tmp_path / "panel.toml"
    path.write_text(
        '[standards."1.1"]\nrating = "Good"\nreason = "seen\u2028twice\x85"\n[standards."9.9"]\nrating = "Good"\n',
        encoding="utf-8",
    )
    known = ", ".join(standard.id for standard in framework.standards)
    assert _panel_error(path, framework) == (f"{path}:4: unknown standard '9.9' in framework {framework.id} ({known})")


def test_panel_standard_twice(tmp_path, framework):
    path = tmp_path / "panel.toml"
    path.write_text('[standards."1.1"]\nrating = "Good"\n\n[standards."1.1"]\nrating = "Staff"\n', encoding="utf-8")
    assert _panel_error(path, framework) == (
        f"{path}: not valid TOML: Cannot declare ('standards', '1.1') twice (at line 4, column 17)"
    )


def test_panel_fifo_from_the_cli_exits_2(tmp_path):
    # A real process, so a block would show as a hang of the child (ended by the timeout), not of the tests.
    fifo = tmp_path / "panel.toml"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "hmirate", "score", str(CASE_SUPERVISION), "--panel", str(fifo)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        f"hmirate: {fifo}: cannot read panel file: it is a FIFO (named pipe), not a file\n",
    )
