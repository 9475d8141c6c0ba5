"""hmirate: from a probation inspection's case assessments to the figures and ratings it publishes.

The package is a library first; the ``hmirate`` command is a thin shell over :func:`score`.
Importing the package stays cheap (no pandas) so that ``hmirate --help`` is instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from hmirate.report.model import Report

__all__ = ["__version__", "score"]


def score(*args: Any, **kwargs: Any) -> Report:
    """Score case files (paths or DataFrames) into a typed :class:`~hmirate.report.Report`.

    A thin alias for :func:`hmirate.pipeline.score`, imported lazily so the package import stays light.
    """
    from hmirate.pipeline import score as _score

    return _score(*args, **kwargs)
