"""SNAPSHOTS: one per output format, compared byte for byte with a file under tests/snapshots/.

These are golden copies of hmirate's own output, not proofs: they catch an unintended change anywhere in
a format (layout, wording, order), and nothing more. Every figure they contain is also asserted against
figures worked out independently, in tests/render/ (and the published report in tests/report/test_figures.py).

When a change to a format is intended, refresh them deliberately and review the diff in git:

    python -m pytest tests/test_snapshots.py --update-snapshots

Without the flag, a mismatch fails with a unified diff; with it, the files are rewritten and the tests pass.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ALL_SAMPLES, PANEL, ROOT

from hmirate.cli import main

SNAPSHOTS = Path(__file__).parent / "snapshots"
INPUTS = [str(path.relative_to(ROOT)) for path in ALL_SAMPLES]  # relative, so the files name no checkout
SCORE = ["score", *INPUTS, "--panel", str(PANEL.relative_to(ROOT))]

CASES = {
    "score.table.txt": [*SCORE, "--format", "table"],
    "score.json": [*SCORE, "--format", "json"],
    "score.csv": [*SCORE, "--format", "csv"],
    "score.md": [*SCORE, "--format", "markdown"],
    "score.html": [*SCORE, "--format", "html"],
    "explain.txt": ["explain", *INPUTS, "--panel", str(PANEL.relative_to(ROOT))],
}


def check_snapshot(path: Path, actual: str, update: bool) -> None:
    """Compare ``actual`` with the stored snapshot; with ``update``, store it instead."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.name}; create it with: python -m pytest {__file__} --update-snapshots")
    stored = path.read_bytes().decode("utf-8")
    if actual != stored:
        diff = difflib.unified_diff(
            stored.splitlines(keepends=True), actual.splitlines(keepends=True), f"{path.name} (stored)", "output"
        )
        pytest.fail(
            f"output differs from snapshot {path.name}; if the change is intended, refresh with "
            f"python -m pytest tests/test_snapshots.py --update-snapshots\n" + "".join(diff),
            pytrace=False,
        )


@pytest.mark.parametrize("name", list(CASES))
def test_snapshot(name, request, monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None})
    result = runner.invoke(main, CASES[name])
    assert result.exit_code == 0, result.output
    check_snapshot(SNAPSHOTS / name, result.stdout, request.config.getoption("--update-snapshots"))


def test_a_changed_output_fails_with_a_diff(tmp_path):
    """The comparison itself can fail: a changed line shows as a unified diff, and a missing file says how."""
    path = tmp_path / "x.txt"
    check_snapshot(path, "a\nb\n", update=True)
    check_snapshot(path, "a\nb\n", update=False)
    with pytest.raises(pytest.fail.Exception) as failed:
        check_snapshot(path, "a\nc\n", update=False)
    assert "-b\n+c\n" in str(failed.value)
    with pytest.raises(pytest.fail.Exception, match="--update-snapshots"):
        check_snapshot(tmp_path / "missing.txt", "a\n", update=False)
