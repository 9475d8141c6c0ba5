"""Small longlists written on the spot, so each test shows the cases it is about."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write CSV lines (header first) to a file in a fresh folder; returns its path."""

    def writer(*lines: str, name: str = "longlist.csv") -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return writer
