"""The package's shape is its pipeline: each stage imports only from stages before it, and nothing cycles.

Read with ``ast`` from the source, function-level imports included (a lazy import is still a dependency);
imports under ``if TYPE_CHECKING:`` are for annotations only and count for the stage order, not for cycles.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "hmirate"

STAGES = [
    ("hmirate.errors", "hmirate.settings", "hmirate.columns", "hmirate.arguments"),
    ("hmirate.rules",),
    ("hmirate.read",),
    ("hmirate.validate",),
    ("hmirate.aggregate",),
    ("hmirate.report",),
    ("hmirate.sampling",),
    ("hmirate.render",),
    ("hmirate.pipeline",),
    ("hmirate.cli", "hmirate.__main__"),
]
"""The pipeline in order: read, validate, aggregate, report (rate); sampling, whose results are rendered too; render;
the front doors last."""

DISPLAY_HOOKS = {"_repr_html_", "_repr_markdown_"}
"""Jupyter asks an object itself how to show it, so the report's models carry these methods, and only there
may ``hmirate.report`` reach forward to ``hmirate.render``: run when a notebook displays a report, never at
import (test_display_hooks_import_no_renderer_at_import). The other way, registering formatters with IPython,
would change another library's state when hmirate is imported."""


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> int:
    for rank, prefixes in enumerate(STAGES):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES")


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported hmirate module, only for type checking) for every import in the file."""
    tree = ast.parse(path.read_text())
    typing_only: set[int] = set()
    display: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(inner) for inner in ast.walk(node))
        if isinstance(node, ast.FunctionDef) and node.name in DISPLAY_HOOKS:
            display.update(id(inner) for inner in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            # ``from hmirate.validate import caserow`` imports the submodule
            names += [
                f"{node.module}.{alias.name}" for alias in node.names if _is_module(f"{node.module}.{alias.name}")
            ]
        if (
            id(node) in display
            and _module(path).startswith("hmirate.report.")
            and all(n.startswith("hmirate.render.") for n in names)
        ):
            continue  # a display hook's renderer (DISPLAY_HOOKS)
        found += [(name, id(node) in typing_only) for name in names if name.startswith("hmirate.")]
    return found


def _is_module(name: str) -> bool:
    path = SRC.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


MODULES = {_module(path): path for path in sorted(SRC.rglob("*.py"))}


@pytest.mark.parametrize("module", [m for m in MODULES if m != "hmirate"])
def test_each_stage_imports_only_from_stages_before_it(module):
    later = [name for name, _ in _imports(MODULES[module]) if _stage(name) > _stage(module)]
    assert later == [], f"{module} (stage {_stage(module)}) imports from a later stage: {later}"


def test_no_import_cycles():
    graph = {
        module: {name for name, typing in _imports(path) if not typing and name in MODULES and name != module}
        for module, path in MODULES.items()
    }
    cycles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    cycles.append(" -> ".join([*trail, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert cycles == []


def test_display_hooks_import_no_renderer_at_import():
    """The one forward reach (DISPLAY_HOOKS) is lazy: the models load without any renderer, and the hooks exist."""
    code = (
        "import sys; from hmirate.report.model import Report; from hmirate.report.compare_model import Comparison; "
        "print(sorted(m for m in sys.modules if m.startswith('hmirate.render')), "
        "all(hasattr(c, h) for c in (Report, Comparison) for h in ('_repr_html_', '_repr_markdown_')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout == "[] True\n"


def test_modules_stay_small_and_few_at_the_top():
    long = {module: n for module, path in MODULES.items() if (n := len(path.read_text().splitlines())) > 400}
    assert long == {}
    top = [path.name for path in SRC.glob("*.py")]
    assert len(top) <= 12, top
