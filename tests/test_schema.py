"""Item 9: ``hmirate schema`` prints the JSON Schema of the JSON output, and real output validates."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import ALL_SAMPLES, CASE_SUPERVISION, PANEL, ROOT

from hmirate.cli import main

ALL = [str(p) for p in ALL_SAMPLES]
YOUTH = ROOT / "docs" / "examples"


@pytest.fixture(scope="module")
def schema() -> dict:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


def test_schema_names_every_top_level_field(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Report"
    assert schema["required"] == [
        "schema_version", "hmirate_version", "framework", "framework_title", "rounding", "confidence", "min_base", "margin",
        "bands", "inputs", "splits", "standards", "overall", "notes",
    ]  # fmt: skip
    assert schema["$defs"]["Group"]["required"][-3:] == ["value", "cases", "too_small"]


@pytest.mark.parametrize(
    "args",
    [
        [*ALL, "--panel", str(PANEL)],
        [str(CASE_SUPERVISION), "--by", "office", "--confidence", "0.95"],
        # a framework of the user's, with a standard left out of the overall rating and gender its only split
        [
            str(YOUTH / "youth-cases.csv"),
            "--framework",
            str(YOUTH / "youth-2021.toml"),
            "--panel",
            str(YOUTH / "youth-panel.toml"),
        ],
    ],
)
def test_real_output_validates(runner, schema, args):
    result = runner.invoke(main, ["score", *args, "--format", "json"])
    assert result.exit_code == 0
    jsonschema.validate(json.loads(result.stdout), schema, cls=jsonschema.Draft202012Validator)


def test_the_schema_rejects_a_broken_document(runner, schema):
    document = json.loads(runner.invoke(main, ["score", str(CASE_SUPERVISION), "--format", "json"]).stdout)
    del document["standards"][4]["key_questions"][0]["ci_low"]
    with pytest.raises(jsonschema.ValidationError, match="'ci_low' is a required property"):
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    document = json.loads(runner.invoke(main, ["score", str(CASE_SUPERVISION), "--format", "json"]).stdout)
    document["standards"][4]["borderline"] = [{"edge": 65, "edge_rating": "Good", "side": "sideways",
                                               "points": 2, "towards": "Good"}]  # fmt: skip
    with pytest.raises(jsonschema.ValidationError, match="'sideways' is not one of"):
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
