"""The built-in framework carries the report's wording, and frameworks are checked when loaded."""

from __future__ import annotations

from importlib import resources

import pytest

from hmirate.errors import UsageError
from hmirate.rules.framework import built_in_frameworks, load_framework

ANNEX_2_WORDING = {
    "2.1.1": "Does assessment focus sufficiently on engaging the service user?",
    "2.1.2": "Does assessment focus sufficiently on the factors linked to offending and desistance?",
    "2.1.3": "Does assessment focus sufficiently on keeping other people safe?",
    "2.2.1": "Does planning focus sufficiently on engaging the service user?",
    "2.2.2": "Does planning focus sufficiently on reducing reoffending and supporting the service user's desistance?",
    "2.2.3": "Does planning focus sufficiently on keeping other people safe?",
    "2.3.1": "Is the sentence/post-custody period implemented effectively with a focus on engaging the service user?",
    "2.3.2": "Does the implementation and delivery of services effectively support the service user's desistance?",
    "2.3.3": "Does the implementation and delivery of services effectively support the safety of other people?",
    "2.4.1": "Does reviewing focus sufficiently on supporting the service user's compliance and engagement?",
    "2.4.2": "Does reviewing focus sufficiently on supporting the service user's desistance?",
    "2.4.3": "Does reviewing focus sufficiently on keeping other people safe?",
    "4.1.1": "Does assessment focus on the key issues relevant to unpaid work?",
    "4.1.2": "Do arrangements for unpaid work focus sufficiently on supporting the service user's engagement and "
    "compliance with the sentence?",
    "4.1.3": "Do arrangements for unpaid work maximise the opportunity for the service user's personal development?",
    "4.1.4": "Is the sentence of the court implemented appropriately?",
    "4.2.1": "Does resettlement planning focus sufficiently on the service user's resettlement needs and on factors "
    "linked to offending and desistance?",
    "4.2.2": "Does resettlement activity focus sufficiently on supporting the service user's resettlement?",
    "4.2.3": "Is there effective coordination of resettlement activity?",
}


def test_key_question_wording(framework):
    assert {q: kq.text for q, kq in framework.key_questions.items()} == ANNEX_2_WORDING


def test_standards_and_domains(framework):
    assert [(s.id, s.title, s.rated_from) for s in framework.standards] == [
        ("1.1", "Leadership", "inspectors"),
        ("1.2", "Staff", "inspectors"),
        ("1.3", "Services", "inspectors"),
        ("1.4", "Information and facilities", "inspectors"),
        ("2.1", "Assessment", "cases"),
        ("2.2", "Planning", "cases"),
        ("2.3", "Implementation and delivery", "cases"),
        ("2.4", "Reviewing", "cases"),
        ("4.1", "Unpaid work", "cases"),
        ("4.2", "Through the Gate", "cases"),
    ]
    assert framework.standard("2.3").description == (
        "High-quality, well-focused, personalised and coordinated services are delivered, engaging the service user"
    )
    assert [q for q, kq in framework.key_questions.items() if kq.relevant_subsample] == [
        "2.2.3",
        "2.3.3",
        "2.4.3",
    ]


def test_built_in_list():
    assert built_in_frameworks() == ["crc-2018"]


def test_unknown_framework():
    with pytest.raises(UsageError, match=r"^unknown framework 'npS'; built-in frameworks: crc-2018$"):
        load_framework("npS")


def test_invalid_framework_file(tmp_path):
    text = tmp_path / "x.toml"
    source = resources.files("hmirate.rules").joinpath("frameworks", "crc-2018.toml")
    text.write_text(source.read_text(encoding="utf-8").replace('rating = "Good" }', 'rating = "Fine" }', 1))
    with pytest.raises(UsageError, match=r"unknown rating 'Fine'"):
        load_framework(str(text))
