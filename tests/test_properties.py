"""Random case files, valid and broken, through the CLI: never a traceback, exit 0/1/2, exact counts."""

from __future__ import annotations

import csv
import io
import json
import string
from collections import Counter

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hmirate.cli import main

QUESTIONS = ["2.1.1", "2.1.2", "2.1.3"]
SPELLINGS = {
    "Yes": ["Yes", "yes", " Y", "YES "],
    "No": ["No", "n", " NO"],
    "N/A": ["N/A", "na", "n / a", "Not applicable"],
}
TEXT = st.text(alphabet=string.ascii_letters + " ,;\"'\t\n-=é", min_size=1, max_size=12).filter(lambda s: s.strip())


@st.composite
def valid_files(draw):
    count = draw(st.integers(min_value=1, max_value=30))
    rows, truth = [], {q: {"Yes": 0, "No": 0, "N/A": 0} for q in QUESTIONS}
    for index in range(count):
        answers = [draw(st.sampled_from(list(SPELLINGS))) for _ in QUESTIONS]
        for question, answer in zip(QUESTIONS, answers, strict=True):
            truth[question][answer] += 1
        cells = [draw(st.sampled_from(SPELLINGS[a])) for a in answers]
        rows.append([f"case-{index}", draw(TEXT), draw(TEXT), *cells, draw(TEXT)])
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    return _csv([["case_id", "grade", "gender", *QUESTIONS, "notes"], *rows], delimiter), truth


def _csv(rows, delimiter):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


@st.composite
def broken_files(draw):
    data, _ = draw(valid_files())
    lines = data.split(b"\n")
    breakage = draw(st.sampled_from(["answer", "blank", "duplicate", "junk", "ragged", "truncate", "bytes"]))
    target = draw(st.integers(min_value=1, max_value=max(1, len(lines) - 2)))
    if breakage == "answer":
        lines[target] = lines[target].replace(b"es", b"ez", 1) + b""
    elif breakage == "blank":
        lines[target] = b"x,,"
    elif breakage == "duplicate":
        lines.insert(target, lines[target])
    elif breakage == "junk":
        lines.insert(target, draw(st.binary(min_size=1, max_size=40)))
    elif breakage == "ragged":
        lines[target] += b",extra,cells"
    elif breakage == "truncate":
        cut = draw(st.integers(min_value=0, max_value=len(data)))
        return data[:cut]
    else:
        return draw(st.binary(max_size=300))
    return b"\n".join(lines)


def _invoke(tmp_path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return CliRunner().invoke(main, ["score", str(path), "--format", "json"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(valid_files())
def test_valid_files_score_to_a_plain_count(tmp_path, case):
    data, truth = case
    result = _invoke(tmp_path, data, "valid.csv")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for question in QUESTIONS:
        figures = next(q for s in report["standards"] for q in s["key_questions"] if q["id"] == question)
        yes, no, na = truth[question]["Yes"], truth[question]["No"], truth[question]["N/A"]
        assert (figures["yes"], figures["no"], figures["not_applicable"]) == (yes, no, na)
        assert figures["percent"] == (100 * yes / (yes + no) if yes + no else None)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(broken_files())
def test_broken_files_never_crash(tmp_path, data):
    result = _invoke(tmp_path, data, "broken.csv")
    assert result.exit_code in {0, 1, 2}, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        json.loads(result.stdout)
    else:
        assert result.stdout == ""
        assert result.stderr.strip()


CELLS = st.sampled_from(
    ["Yes", "no", " N/A ", "na", "", "  ", "Yse", "2", "maybe", "é", "A", "A ", " B", "Zoë", "\x1fC", "case manager"]
)


ROWS = st.lists(st.lists(CELLS, min_size=6, max_size=6), min_size=1, max_size=10)


@settings(max_examples=150, deadline=None)
@given(ROWS)
@example([["A", "case manager", "male", "Yes", "No", "N/A"], ["", "", "", "", "", ""]])
@example([["", "", "", "", "", ""]])
def test_every_row_is_counted_or_reported_and_the_model_decides(rows):
    """The invariant: every row not counted has a reported problem, and every counted row passed the model.

    The oracle is the case-row model itself, run here on each row as a whole (validation checks columns
    by distinct value instead), plus the one cross-row rule, that a case id is not repeated.
    """
    _check_invariant(rows)


@settings(max_examples=100, deadline=None)
@given(ROWS)
def test_the_invariant_holds_when_distinct_values_are_checked_a_few_at_a_time(rows):
    """Values go to the model in chunks (a million different bad values must not be held at once): with
    chunks of two, a column's rejected and kept values fall in different chunks, and nothing changes."""
    from hmirate.validate import rows as validation

    chunk = validation.CHECK_CHUNK
    validation.CHECK_CHUNK = 2
    try:
        _check_invariant(rows)
    finally:
        validation.CHECK_CHUNK = chunk


def _check_invariant(rows: list[list[str]]) -> None:
    import re
    import tempfile
    from collections import Counter
    from pathlib import Path

    from pydantic import ValidationError

    from hmirate.read.csv import read_file
    from hmirate.rules.framework import load_framework
    from hmirate.validate.caserow import case_row_model
    from hmirate.validate.rows import validate_file

    header = ["case_id", "grade", "gender", *QUESTIONS]
    model = case_row_model(tuple(QUESTIONS), ("grade", "gender"))
    expected: Counter = Counter()  # (column, message) -> rows carrying it
    failing, kept, seen = set(), [], {}
    id_only = case_row_model((), ("grade", "gender"))
    for index, row in enumerate(rows):
        if not any(row):  # a line of only delimiters: skipped by the reader with a note, as docs/input.md says
            continue
        values = None
        try:
            values = model.model_validate(dict(zip(header, row, strict=True))).model_dump(by_alias=True)
        except ValidationError as error:
            failing.add(index)
            for detail in error.errors():
                expected[(detail["loc"][0], detail["msg"])] += 1
        try:  # a repeat is a problem whether or not the rest of the row is valid
            case_id = id_only.model_validate({"case_id": row[0], "grade": "x", "gender": "x"}).model_dump(
                by_alias=True
            )["case_id"]
        except ValidationError:
            continue
        if case_id in seen:
            failing.add(index)
            expected[("case_id", f"duplicate case_id {case_id!r} (first on line {seen[case_id]})")] += 1
            continue
        seen[case_id] = index + 2
        if values is not None:
            kept.append(values)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.csv"
        path.write_bytes(_csv([header, *rows], ","))
        result = validate_file(read_file(str(path)), load_framework("crc-2018"))

    expected = _folded(expected)
    if not any(any(row) for row in rows):  # every line blank: no case at all
        expected[(None, "no cases: the file has a header but no rows")] += 1
    reported: Counter = Counter()
    for problem in result.problems:
        match = re.fullmatch(r"(.*) \((\d+) rows: lines .*\)", problem.message, flags=re.S)
        message, count = (match.group(1), int(match.group(2))) if match else (problem.message, 1)
        reported[(problem.column, message)] += count
    assert reported == expected
    assert result.invalid_rows == len(failing)
    if failing or not kept:
        assert result.cases is None
    else:
        assert result.cases is not None
        counted = result.cases.astype(str).to_dict(orient="records")
        assert counted == kept


def _folded(expected: Counter) -> Counter:
    """A column's messages past the first five (in order of first row) are one line for the rest, as
    validation prints them; repeated case ids are listed one by one."""
    from hmirate.validate.problems import MESSAGES_SHOWN

    folded: Counter = Counter()
    per_column: dict = {}
    for (column, message), count in expected.items():
        if message.startswith("duplicate case_id"):
            folded[(column, message)] += count
        else:
            per_column.setdefault(column, []).append((message, count))
    for column, messages in per_column.items():
        for message, count in messages[:MESSAGES_SHOWN]:
            folded[(column, message)] += count
        rest = messages[MESSAGES_SHOWN:]
        if rest:
            folded[(column, f"{len(rest)} more different values rejected as above")] += sum(c for _, c in rest)
    return folded
