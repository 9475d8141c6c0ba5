"""No control or bidi character from data reaches a terminal or a text format; rich markup in data is text.

:func:`visible` is checked on exact escapes; then hypothesis writes hostile grades, genders, ``--by`` values,
panel reasons, framework wording, answers and file names, and every text output (table, markdown, explain,
CSV, HTML, and the messages on stderr) is searched for any character :data:`INVISIBLE` matches.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from hmirate.cli import main
from hmirate.render.visible import INVISIBLE, visible

DANGEROUS = (
    "\x00\x07\x08\t\n\x0b\x0c\r\x1b\x7f\x80\x85\x9b\x9c\u061c\u200e\u200f\u2028\u2029"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
MARKUP = "[]/bold=:@*_|<>&'\"\\#-+ "


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]8;;https://x.example\x07click\x1b]8;;\x07", "\\x1b]8;;https://x.example\\x07click\\x1b]8;;\\x07"),
        ("Good\u202edoog", "Good\\u202edoog"),
        ("a\u2066b\u2069c\u200e\u200f\u061c", "a\\u2066b\\u2069c\\u200e\\u200f\\u061c"),
        ("\x9b31m\x7f\x00", "\\x9b31m\\x7f\\x00"),
        ("line\nbreak\ttab\rreturn", "line\\nbreak\\ttab\\rreturn"),
        ("caf\u00e9 \u0628 \u4e2d \U0001f600 [bold] \\x1b", "caf\u00e9 \u0628 \u4e2d \U0001f600 [bold] \\x1b"),
    ],
)
def test_visible_escapes_exactly_the_invisible(raw, shown):
    assert visible(raw) == shown


def test_every_c0_c1_and_bidi_character_is_escaped():
    for code in [
        *range(0x20),
        *range(0x7F, 0xA0),
        0x61C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]:
        assert not INVISIBLE.search(visible(chr(code))), hex(code)
        assert visible(chr(code)).startswith("\\"), hex(code)


def _toml(value: str) -> str:
    """A TOML basic string: every character outside printable ASCII as a \\u escape."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        elif ord(char) > 0xFFFF:
            out.append(f"\\U{ord(char):08x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return '"' + "".join(out) + '"'


def framework_text(words: dict[str, str]) -> str:
    return f"""\
id = "hostile"
title = {_toml(words["title"])}
splits = ["grade", "gender"]
ratings = [
  {{ name = {_toml("Inadequate" + words["rating"] + "x")}, score = 0 }},
  {{ name = "Requires improvement", score = 1 }},
  {{ name = "Good", score = 2 }},
  {{ name = "Outstanding", score = 3 }},
]
bands = [
  {{ from_percent = 0, name = {_toml(words["band"])}, rating = {_toml("Inadequate" + words["rating"] + "x")} }},
  {{ from_percent = 50, name = "too few", rating = "Requires improvement" }},
  {{ from_percent = 65, name = "reasonable majority", rating = "Good" }},
  {{ from_percent = 80, name = "large majority", rating = "Outstanding" }},
]
overall_bands = [
  {{ rating = {_toml("Inadequate" + words["rating"] + "x")}, up_to = 0.5 }},
  {{ rating = "Requires improvement", up_to = 1.5 }},
  {{ rating = "Good", up_to = 2.5 }},
  {{ rating = "Outstanding", up_to = 3.0 }},
]

[[domains]]
id = "1"
title = {_toml(words["domain"])}

[[domains.standards]]
id = "1.1"
title = {_toml(words["standard"])}
description = {_toml(words["description"])}
rated_from = "inspectors"

[[domains]]
id = "2"
title = "Case supervision"

[[domains.standards]]
id = "2.1"
title = {_toml(words["standard"] + "2")}
description = {_toml(words["description"])}
rated_from = "cases"
key_questions = [
  {{ id = "2.1.1", text = {_toml(words["question"])} }},
  {{ id = "2.1.2", text = "Safe?", relevant_subsample = true }},
]

[[domains.standards]]
id = "2.2"
title = "All N/A"
description = "Every case answers N/A."
rated_from = "cases"
key_questions = [{{ id = "2.2.1", text = "Asked?" }}]
"""


def cases_text(grade: str, gender: str, office: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["case_id", "grade", "gender", "office", "2.1.1", "2.1.2", "2.2.1"])
    for number in range(12):
        writer.writerow(
            [
                f"C{number}",
                grade if number % 2 else "case manager",
                gender if number % 3 else "female",
                office,
                "Yes" if number % 4 else "No",
                "N/A" if number % 5 == 0 else ("No" if number % 2 else "Yes"),
                "N/A",
            ]
        )
    return out.getvalue()


def panel_text(reason: str, rating_suffix: str) -> str:
    return (
        f'[standards."1.1"]\nrating = "Good"\n\n'
        f'[standards."2.1"]\nrating = {_toml("Inadequate" + rating_suffix + "x")}\nreason = {_toml("x" + reason)}\n'
    )


# Free text (framework wording, panel reasons) may hold anything TOML can carry; a cell of a CSV holds no
# line break or NUL (the reader rejects those files outright, itself a message this test also checks).
anything = st.text(
    alphabet=st.sampled_from(DANGEROUS + MARKUP) | st.characters(exclude_categories=["Cs"]), max_size=8
).map(lambda text: f"w{text}")  # wording must not be empty
cell = st.text(
    alphabet=st.sampled_from(DANGEROUS.replace("\n", "").replace("\r", "").replace("\x00", "") + MARKUP),
    min_size=1,
    max_size=8,
).map(lambda text: f"g{text}g")  # kept apart from the reader's trimming of spaces at either end
words = st.fixed_dictionaries(
    {key: anything for key in ("title", "band", "domain", "standard", "description", "question", "reason")}
    | {"rating": st.text(alphabet=st.sampled_from(DANGEROUS.replace("\r", "") + "[]/bold"), max_size=4)}
)


def _leaks(text: str) -> list[str]:
    return sorted({repr(char) for char in INVISIBLE.findall(text) if char != "\n"})


# Each example runs the CLI ten times (about a second): no shrinking, which would take minutes per failure.
@settings(
    max_examples=20,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(words=words, grade=cell, gender=cell, office=cell, answer=cell)
def test_no_control_character_reaches_any_text_output(tmp_path_factory, runner, words, grade, gender, office, answer):
    folder = tmp_path_factory.mktemp("hostile")
    framework = folder / "framework.toml"
    framework.write_text(framework_text(words), encoding="utf-8")
    panel = folder / "panel.toml"
    panel.write_text(panel_text(words["reason"], words["rating"]), encoding="utf-8")
    cases = folder / f"cases{grade}.csv"
    try:
        cases.write_text(cases_text(grade, gender, office), encoding="utf-8")
    except OSError:  # a name the filesystem will not take (too long); the content still counts
        cases = folder / "cases.csv"
        cases.write_text(cases_text(grade, gender, office), encoding="utf-8")
    common = [str(cases), "--framework", str(framework), "--panel", str(panel)]
    runs = [
        ["score", *common, "--by", "office", "--format", output_format]
        for output_format in ("table", "markdown", "csv", "html")
    ]
    runs += [["score", *common, "--ci"], ["explain", *common], ["validate", str(cases), "--framework", str(framework)]]
    bad = folder / "bad.csv"
    bad.write_text(cases_text(grade, gender, office).replace(",Yes,", f",Yes{answer},", 1), encoding="utf-8")
    runs += [
        ["score", str(bad), "--framework", str(framework), "--by", f"office{office}"],
        ["validate", str(bad), "--framework", str(framework)],
        ["validate", str(bad), "--framework", str(framework), "--format", "github"],
    ]
    expected_exits = [0] * 7 + [1, 1, 1]  # the hostile --by column is missing; the hostile answer is invalid
    for args, expected in zip(runs, expected_exits, strict=True):
        result = runner.invoke(main, args)
        assert result.exit_code == expected, (args, result.output)
        assert _leaks(result.output) == [], (args, result.output)
        if args[-1] == "csv":  # the hostile values were read and reported, made visible
            values = {row["group"] for row in csv.DictReader(io.StringIO(result.stdout))}
            assert {visible(grade.strip()), visible(gender.strip()), visible(office.strip())} <= values
    json_run = runner.invoke(main, ["score", *common, "--format", "json"])
    document = json.loads(json_run.stdout)
    assert document["standards"][1]["panel_reason"] == ("x" + words["reason"]).strip(), "JSON keeps the raw value"


def test_markup_in_framework_text_prints_literally(tmp_path, runner):
    plain = {key: "w" for key in ("title", "band", "domain", "standard", "description", "question", "reason")}
    words = plain | {"title": "[bold]T[/]", "standard": "[/] S [link=x]", "description": "[red]D[/red]", "rating": ""}
    framework = tmp_path / "framework.toml"
    framework.write_text(framework_text(words), encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text(cases_text("[b]senior[/b]", "[i]x", "o"), encoding="utf-8")
    result = runner.invoke(main, ["score", str(cases), "--framework", str(framework), "--by", "office"])
    assert result.exit_code == 0, result.output
    assert "1.1 [/] S [link=x]" in result.output
    assert "[red]D[/red]" in result.output
    assert "[b]senior[/b]" in result.output or "[b]senior[/" in result.output


def test_escape_sequences_in_a_grade_are_shown_not_sent(tmp_path, runner):
    framework = tmp_path / "framework.toml"
    plain = {key: "w" for key in ("title", "band", "domain", "standard", "description", "question", "reason")}
    framework.write_text(framework_text(plain | {"rating": ""}), encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text(cases_text("x\x1b[2Jy", "f\u202eelam", "o"), encoding="utf-8")
    result = runner.invoke(main, ["score", str(cases), "--framework", str(framework), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "| Key question | case manager | x\\\\x1b\\[2Jy |" in result.stdout
    assert "f\\\\u202eelam" in result.stdout


def test_json_keeps_raw_values(tmp_path, runner):
    framework = tmp_path / "framework.toml"
    plain = {key: "w" for key in ("title", "band", "domain", "standard", "description", "question", "reason")}
    framework.write_text(framework_text(plain | {"rating": ""}), encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text(cases_text("x\x1b[2Jy", "female", "o"), encoding="utf-8")
    result = runner.invoke(main, ["score", str(cases), "--framework", str(framework), "--format", "json"])
    assert "x\\u001b[2Jy" in result.stdout
    groups = json.loads(result.stdout)["standards"][1]["key_questions"][0]["splits"][0]["groups"]
    assert "x\x1b[2Jy" in [group["value"] for group in groups]


def test_a_note_naming_a_hostile_file_is_escaped(tmp_path, runner):
    path = Path(tmp_path / "a\x1b]0;pwned\x07.csv")
    path.write_text("case_id,grade,gender,2.1.1\nC1,case manager,female,Maybe\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert _leaks(result.output) == []
    assert "a\\x1b]0;pwned\\x07.csv" in result.output


def test_html_shows_controls_and_bidi_as_escapes(tmp_path, runner):
    framework = tmp_path / "framework.toml"
    plain = {key: "w" for key in ("title", "band", "domain", "standard", "description", "question", "reason")}
    framework.write_text(framework_text(plain | {"title": "T\u202e<b>", "rating": ""}), encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text(cases_text("x\x1b[2Jy", "f\u2067m", "o"), encoding="utf-8")
    result = runner.invoke(main, ["score", str(cases), "--framework", str(framework), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "<h1>T\\u202e&lt;b&gt;</h1>" in result.stdout
    assert ">x\\x1b[2Jy</text>" in result.stdout
    assert "gender: f\\u2067m †</td>" in result.stdout
    assert _leaks(result.stdout) == []
