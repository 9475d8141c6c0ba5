"""Shared fixtures: the bundled sample, the built-in framework, a CLI runner with a fixed width."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from hmirate.rules.framework import Framework, load_framework

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "hiow-crc-2019"
CASE_SUPERVISION = SAMPLE / "case-supervision.csv"
UNPAID_WORK = SAMPLE / "unpaid-work.csv"
THROUGH_THE_GATE = SAMPLE / "through-the-gate.csv"
PANEL = SAMPLE / "panel.toml"
ALL_SAMPLES = [CASE_SUPERVISION, UNPAID_WORK, THROUGH_THE_GATE]


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework("crc-2018")


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path):
    """Write a small case file and return its path (text as given, so line numbers are known)."""

    def _write(text: str | bytes, name: str = "cases.csv") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
        return path

    return _write


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="rewrite tests/snapshots/ from the current output instead of comparing with it (see tests/README.md)",
    )


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An .xlsx at ``path`` with these sheets (title -> rows), in order, written by openpyxl."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
