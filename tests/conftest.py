"""Shared fixtures: the bundled sample, the built-in framework, a CLI runner with a fixed width."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from hmirate.rules.framework import Framework, load_framework

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "hiow-crc-2019"
CASE_SUPERVISION = SAMPLE / "case-supervision.csv"
UNPAID_WORK = SAMPLE / "unpaid-work.csv"
THROUGH_THE_GATE = SAMPLE / "through-the-gate.csv"
PANEL = SAMPLE / "panel.toml"
ALL_SAMPLES = [CASE_SUPERVISION, UNPAID_WORK, THROUGH_THE_GATE]

# No property test is timed: a busy machine must not fail one for slowness (hypothesis's 200 ms deadline and its
# too-slow health check are wall-clock limits, so they flaked beside a busy CPU).
settings.register_profile("hmirate", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("hmirate")


LAST = "test_pre_commit_hook.py"
"""The one test that installs from the package index (about 45 s): run after everything else, in any order."""


@pytest.hookimpl(trylast=True)  # pytest-randomly shuffles before any plain hook runs
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name == LAST)  # a stable sort: the shuffled order stays otherwise


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
