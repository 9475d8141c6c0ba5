"""hmirate: from a probation inspection's case assessments to the figures and ratings it publishes.

The package is a library first; the ``hmirate`` command is a thin shell over it. The public names below
are loaded on first use (PEP 562), so ``import hmirate`` and ``hmirate --help`` stay instant while
``hmirate.score`` is the real function, with its real signature and docstring::

    import hmirate
    report = hmirate.score("cases.csv", by=["office"])
    report.standard("2.3").rating
    frame = report.to_frame()
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_NAMES = {
    "score": "hmirate.pipeline",
    "check_files": "hmirate.pipeline",
    "compare": "hmirate.report.compare",
    "CheckResult": "hmirate.pipeline",
    "Report": "hmirate.report.model",
    "Settings": "hmirate.settings",
    "DEFAULTS": "hmirate.settings",
    "Framework": "hmirate.rules.framework",
    "load_framework": "hmirate.rules.framework",
    "Panel": "hmirate.rules.panel",
    "load_panel": "hmirate.rules.panel",
    "Problem": "hmirate.errors",
    "HmirateError": "hmirate.errors",
    "InvalidData": "hmirate.errors",
    "UsageError": "hmirate.errors",
}
"""Each public name and the module that defines it."""

_MODULES = ("errors", "render", "rules", "read", "validate", "aggregate", "report", "sampling", "settings", "pipeline")
"""Subpackages reachable as attributes (``hmirate.render.render(report, "json")``) without importing them."""

__all__ = [
    "DEFAULTS",
    "CheckResult",
    "Framework",
    "HmirateError",
    "InvalidData",
    "Panel",
    "Problem",
    "Report",
    "Settings",
    "UsageError",
    "__version__",
    "check_files",
    "compare",
    "load_framework",
    "load_panel",
    "score",
]

if TYPE_CHECKING:
    from hmirate.errors import HmirateError, InvalidData, Problem, UsageError
    from hmirate.pipeline import CheckResult, check_files, score
    from hmirate.report.compare import compare
    from hmirate.report.model import Report
    from hmirate.rules.framework import Framework, load_framework
    from hmirate.rules.panel import Panel, load_panel
    from hmirate.settings import DEFAULTS, Settings


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        value = getattr(import_module(_NAMES[name]), name)
    elif name in _MODULES:
        value = import_module(f"hmirate.{name}")
    else:
        raise AttributeError(f"module 'hmirate' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names only: not the loader's own (``import_module``, ``TYPE_CHECKING``), nor each name twice
    once it has been loaded into the module; subpackages stay reachable as attributes, unlisted."""
    return sorted(__all__)
