"""The ``hmirate-validate`` pre-commit hook, run for real with ``pre-commit try-repo``.

pre-commit installs hmirate into its own virtualenv from a git repository, so the test makes one: a copy of
this working tree (source, pyproject, the hook manifest) committed in a temporary repository. That way the
test checks the files as they are now, committed or not, on a developer's machine and on a clean CI clone.
A second repository holds the case files, as a user's would. The first run installs the hook's environment
from the package index (about half a minute); the second reuses it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import CASE_SUPERVISION, ROOT

BAD = "case_id,grade,gender,2.1.1,2.1.2,2.1.3\nC1,case manager,female,Maybe,Yes,Yes\n"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def _repository(folder: Path) -> Path:
    folder.mkdir()
    _git(folder, "init", "-q")
    _git(folder, "config", "user.email", "tests@example.invalid")
    _git(folder, "config", "user.name", "tests")
    return folder


def _hmirate_copy(folder: Path) -> Path:
    """This working tree's package, committed in a repository of its own."""
    repository = _repository(folder)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "src", repository / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repository / name)
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "hmirate as tested")
    return repository


def _try_repo(cases: Path, hmirate: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hmirate), "hmirate-validate", "--files", *files]
    return subprocess.run(command, cwd=cases, capture_output=True, text=True, env=env, timeout=900)


def test_the_manifest_offers_the_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "hmirate-validate")
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("hmirate validate", "python", True)
    pattern = re.compile(hook["files"])
    assert [name for name in ("a.csv", "b.xlsx", "c.txt", "d.csv.bak") if pattern.search(name)] == ["a.csv", "b.xlsx"]


def test_pre_commit_try_repo_passes_a_good_file_and_fails_a_bad_one(tmp_path):
    if shutil.which("git") is None:
        pytest.fail("the pre-commit hook test needs git")
    hmirate = _hmirate_copy(tmp_path / "hmirate")
    cases = _repository(tmp_path / "inspection")
    shutil.copy2(CASE_SUPERVISION, cases / "good.csv")
    (cases / "bad.csv").write_text(BAD, encoding="utf-8")
    (cases / "notes.txt").write_text("not a case file\n", encoding="utf-8")
    _git(cases, "add", ".")
    home = tmp_path / "pre-commit-home"

    good = _try_repo(cases, hmirate, home, "good.csv", "notes.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "case files valid for hmirate (hmirate validate)" in good.stdout
    assert "Passed" in good.stdout

    both = _try_repo(cases, hmirate, home, "good.csv", "bad.csv", "notes.txt")
    assert both.returncode == 1, both.stdout + both.stderr
    assert "- hook id: hmirate-validate\n- exit code: 1\n" in both.stdout
    assert "bad.csv:2: 2.1.1: expected Yes, No or N/A, got 'Maybe'\n" in both.stdout
    assert "101 rows read, 100 valid, 1 with errors\n" in both.stdout
    assert "notes.txt" not in both.stdout.split("- exit code: 1")[1]
