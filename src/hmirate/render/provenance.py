"""Where a report came from, in one line every human-readable format ends with.

The hmirate version, the framework and a SHA-256 of each input file, and no timestamp, so the same input
still gives byte-identical output and two reports of the same export can be recognised. ``short`` cuts each
digest to 12 hex digits for a terminal; the JSON always carries the full 64.
"""

from __future__ import annotations

from hmirate.report.model import Report

SHORT = 12


def provenance_text(report: Report, *, short: bool = False) -> str:
    """``hmirate 0.1.0, framework crc-2018; SHA-256 of case-supervision.csv: 04f92a1a...``."""
    who = f"hmirate {report.hmirate_version or '(version not recorded)'}, framework {report.framework}"
    digests = [
        f"{source.name}: {(source.sha256[:SHORT] + '...') if short else source.sha256}"
        if source.sha256
        else f"{source.name}: none (a DataFrame)"
        for source in report.inputs
    ]
    return f"{who}; SHA-256 of {'; '.join(digests)}" if digests else who
