"""Headless Chromium for the tests that look at a page as a reader would (the HTML report, the notebook's
fragment), and what the bundled sample's page says, worked out from the case files.

Chromium is Debian's ``chromium`` package, which ``.ci/run`` installs. Where it is missing the tests that need
it skip and say why; ``HMIRATE_REQUIRE_CHROMIUM=1`` (set by ``.ci/run``) turns that skip into a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from conftest import ALL_SAMPLES, PANEL
from expectations import SPLITS, STANDARDS, derive, down_text, edge_sentence, overall, up_text

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("chromium")
    if binary is None:
        reason = "chromium is not installed (Debian's package chromium; .ci/run installs it)"
        if os.environ.get("HMIRATE_REQUIRE_CHROMIUM") == "1":
            pytest.fail(reason + ", and HMIRATE_REQUIRE_CHROMIUM=1 requires it")
        pytest.skip(reason)
    command = [binary, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def report_phrases() -> list[str]:
    """What the page of the bundled sample with its panel says, worked out from the case files: its tiles,
    borderline sentences, distances, chart labels, overall rating, axis, legend and where the gaps are."""
    expected = derive(ALL_SAMPLES, PANEL)
    phrases = ["Summary of ratings", "Band edges"]
    for standard in expected.standards.values():  # tiles, borderline sentences, distances, chart labels
        adjusted = "; adjusted by the panel" if expected.adjusted(standard.id) else ""
        title = f"{standard.id} {STANDARDS[standard.id]}"
        phrases.append(
            f"{title} {expected.final(standard.id)} from cases: {standard.from_cases}, "
            f"{standard.driver.id} {standard.lowest}%{adjusted}"
        )
        phrases += [f"{title}: {edge_sentence(standard, near)}" for near in standard.borderline()]
        phrases += [up_text(standard), down_text(standard)]
        for question in standard.questions:
            for value, cell in (group for split in SPLITS for group in question.groups[split]):
                small = " †" if cell.too_small else ""
                phrases.append(f"{value}: {cell.whole}% ({cell.yes}/{cell.base}){small}")
    rating, total, _ = overall(expected)
    phrases.append(f"Overall rating: {rating} (total {total} of 30;")
    phrases += [  # the charts' axis and legend, and where the gaps and their method are (figures: test_gaps.py)
        "0% 20% 40% 60% 80% 100%",
        "Outstanding (80-100%) Good (65-79%) Requires improvement (50-64%) Inadequate (0-49%) "
        "† base under 10: too small to read 80% confidence interval (Wilson) band edge",
        "Clear gaps by grade:",
        "excludes 0; only groups with a base of at least 10 are compared.",
    ]
    assert not expected.standards["2.4"].borderline()
    return phrases


def dom_text(dom: str) -> str:
    """A dumped DOM's text, tags dropped and white space folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))


def check_screenshot(tmp_path: Path, uri: str) -> None:
    """Chromium draws the page at 1280x2000, and not blank."""
    shot = tmp_path / "shot.png"
    run = run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", uri)
    assert run.returncode == 0, run.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes
