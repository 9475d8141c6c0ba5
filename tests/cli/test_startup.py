"""``hmirate --help`` and ``--version`` stay instant: they import none of pandas, rich, pydantic, numpy."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "rich", "pydantic", "numpy")


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["score", "--help"], ["explain", "--help"]])
def test_help_and_version_import_nothing_heavy(args):
    code = (
        "import sys\n"
        "from hmirate.cli import main\n"
        f"sys.argv = ['hmirate', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.splitlines()[-1] == "[]"
    assert result.stdout
