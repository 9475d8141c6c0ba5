"""The documentation cannot go stale: every example runs, the CLI reference matches the code, nothing is undocumented.

Examples are found in README.md and every docs/*.md, whoever wrote them; docs/examples.py says how a page marks
them (```console blocks of ``$ hmirate ...`` lines and their output, ```pycon sessions) and how they are run.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT

import hmirate
from hmirate.cli import main


def _load(name: str) -> ModuleType:
    """The docs' own tools live in docs/, not in the package; load them by path."""
    spec = importlib.util.spec_from_file_location(f"docs_{name}", ROOT / "docs" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


EXAMPLES = _load("examples")
GENERATOR = _load("generate_cli_reference")
DOCS = ROOT / "docs"
PAGES = EXAMPLES.PAGES
REFERENCE = GENERATOR.PAGE
GUIDES = [page for page in PAGES if page != REFERENCE]
"""Pages written by people: where every command and option must be explained, not just listed."""
blocks = EXAMPLES.blocks


def _pages_with_examples() -> list[Path]:
    return [page for page in PAGES if any(block.kind in EXAMPLES.RUNNABLE for block in blocks(page))]


@pytest.mark.parametrize("page", _pages_with_examples(), ids=lambda page: str(page.relative_to(ROOT)))
def test_every_example_prints_what_the_page_shows(page, tmp_path, monkeypatch):
    monkeypatch.chdir(EXAMPLES.scratch(tmp_path))
    session = EXAMPLES.Session()
    namespace: dict[str, object] = {}
    for block in blocks(page):
        if block.kind == "console":
            steps = EXAMPLES.commands(block)
            for number, (command, expected) in enumerate(steps):
                actual = session.run(command)
                if not EXAMPLES.exit_code_shown(steps, number):
                    assert session.exit_code == 0, f"{block.where}: `{command}` exited {session.exit_code}:\n{actual}"
                assert EXAMPLES.matches(expected, actual), (
                    f"{block.where}: `{command}` printed (python docs/examples.py --update rewrites it):\n{actual}"
                )
        elif block.kind == "pycon":
            test = doctest.DocTestParser().get_doctest(block.body, namespace, block.where, str(page), block.line)
            report: list[str] = []
            doctest_runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            doctest_runner.run(test, out=report.append, clear_globs=False)
            namespace.update(test.globs)  # the page's sessions build on each other; DocTest copied the namespace
            assert doctest_runner.failures == 0, "".join(report)


def test_a_block_inside_a_list_item_is_found_and_run(tmp_path):
    """Indented fences (a list item's code) were skipped once: 19 commands of docs/input.md never ran."""
    page = tmp_path / "page.md"
    page.write_text(
        "- an item:\n\n  ```console\n  $ hmirate --version\n  hmirate, version 0\n\n  ```\n", encoding="utf-8"
    )
    (block,) = blocks(page)
    assert (block.kind, block.line, block.end, block.indent) == ("console", 3, 7, "  ")
    assert block.body == "$ hmirate --version\nhmirate, version 0\n\n"
    assert EXAMPLES.commands(block) == [("hmirate --version", "hmirate, version 0\n\n")]


def test_update_rewrites_an_indented_block_in_place(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text("text\n\n- item\n\n  ```console\n  $ echo hi\n  stale\n  ```\n\nafter\n", encoding="utf-8")
    monkeypatch.setattr(EXAMPLES, "ROOT", tmp_path)  # the scratch directory links this folder's entries
    assert EXAMPLES.update(page) == 1
    assert page.read_text(encoding="utf-8") == "text\n\n- item\n\n  ```console\n  $ echo hi\n  hi\n  ```\n\nafter\n"


def test_input_page_runs_its_list_item_examples():
    indented = [block for block in blocks(DOCS / "input.md") if block.kind == "console" and block.indent]
    assert len(indented) == 15
    # the 19 the issue counted, a header naming a key question (issue 18), 8 `echo $?` that show an error's exit
    # code, the three steps that make files, issue 18's look-alike ids and joined spellings (a printf and a
    # command each), and the stray delimiter's two
    assert sum(len(EXAMPLES.commands(block)) for block in indented) == 19 + 1 + 8 + 3 + 4 + 2


def test_commands_outside_runnable_blocks_are_not_allowed():
    """A command or session in a plain block would never be run, so it could go stale unseen."""
    unrun = [
        f"{block.where}: {line}"
        for page in PAGES
        for block in blocks(page)
        if block.kind not in EXAMPLES.RUNNABLE
        for line in block.body.splitlines()
        if line.startswith(("$ ", "hmirate ", ">>> ", "import hmirate"))
    ]
    assert unrun == [], "mark these blocks ```console or ```pycon so the tests run them:\n" + "\n".join(unrun)


def test_the_cli_reference_is_in_step_with_the_commands():
    """Regenerated in a fresh process: click caches each command's help option, which other tests can alter."""
    check = subprocess.run(
        [sys.executable, str(DOCS / "generate_cli_reference.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr  # it names the file and the command that regenerates it


def test_the_library_reference_is_in_step_with_the_package():
    check = subprocess.run(
        [sys.executable, str(DOCS / "generate_library_reference.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


def test_the_library_reference_shows_keyword_only_options_and_progress():
    """docs/library.md once showed score's options as positional and left out ``progress``."""
    library = _load("generate_library_reference")
    page = library.render()
    assert "score(sources: Sources, *, framework: str | Path | InstanceOf[Framework] = 'crc-2018', " in page
    assert ", progress: Progress = _quiet) -> Report\n" in page
    assert [line for line in page.splitlines() if line.startswith("## ")] == [
        f"## {name}" for name in hmirate.__all__ if name != "__version__"
    ]


def _commands() -> list:
    return list(GENERATOR.walk(main))


def test_every_command_has_help_and_a_section_in_the_reference():
    reference = REFERENCE.read_text(encoding="utf-8")
    missing = [
        " ".join(path)
        for path, command, _ in _commands()
        if not (command.help or "").strip() or f"\n## {' '.join(path)}\n" not in reference
    ]
    assert missing == [], f"commands without help text or reference section: {missing}"


def test_every_command_and_option_is_explained_in_a_guide():
    """A page that names ``hmirate CMD`` must mention each of CMD's options; the top group's on any page."""
    texts = {page: page.read_text(encoding="utf-8") for page in GUIDES}
    undocumented = []
    for path, command, context in _commands():
        name = " ".join(path)
        pages = [text for text in texts.values() if len(path) == 1 or re.search(rf"{re.escape(name)}(?![\w-])", text)]
        if not pages:
            undocumented.append(f"{name}: no page of docs/ or the README names it")
            continue
        for names in GENERATOR.options(command, context):
            if not any(re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text) for flag in names for text in pages):
                undocumented.append(f"{name} {names[0]}: not mentioned on a page that names `{name}`")
    assert undocumented == [], "undocumented:\n" + "\n".join(undocumented)


def test_every_docs_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    unlinked = [page.name for page in DOCS.glob("*.md") if f"](docs/{page.name})" not in readme]
    assert unlinked == [], f"link these from the README's documentation list: {unlinked}"


def test_the_readme_leads_to_every_option_in_two_clicks():
    """README -> docs/cli-reference.md (one click) -> a command's section listing its options (two)."""
    assert "](docs/cli-reference.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    reference = REFERENCE.read_text(encoding="utf-8")
    for path, command, context in _commands():
        assert f"](#{GENERATOR.anchor(path)})" in reference
        section = reference.split(f"\n## {' '.join(path)}\n", 1)[1].split("\n## ", 1)[0]
        for names in GENERATOR.options(command, context):
            assert all(name in section for name in names), (path, names)


def test_no_link_leaves_the_repository():
    """Readers have the repository, nothing else: a relative link must resolve inside it."""
    outside = []
    for page in PAGES:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            resolved = (page.parent / target.split("#")[0]).resolve()
            if not resolved.is_relative_to(ROOT):
                outside.append(f"{page.relative_to(ROOT)}: {target}")
    assert outside == []


def _setup_commands() -> list[str]:
    """The ```sh blocks of the README's "Set up" section: what a newcomer copies first."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("## Set up") + 1
    end = next((n for n in range(start, len(lines)) if lines[n].startswith("## ")), len(lines))
    return [b.body.strip() for b in blocks(ROOT / "README.md") if b.kind == "sh" and start < b.line <= end]


def test_the_readme_sets_up_in_two_commands_and_ci_runs_the_second():
    setup = _setup_commands()
    assert len(setup) == 2, "the README's set-up section holds exactly two ```sh commands"
    assert all("\n" not in command for command in setup), "each set-up command is one line to copy"
    assert setup[1].endswith("python -m pytest") and setup[1] in (ROOT / ".ci" / "run").read_text().splitlines()


def test_the_readme_quick_start_scores_the_bundled_sample(runner, monkeypatch):
    """The first set-up command's hmirate part, with its shell glob expanded as the shell would."""
    words = shlex.split(_setup_commands()[0].split("&& hmirate ", 1)[1])
    monkeypatch.chdir(ROOT)
    result = runner.invoke(main, [arg for word in words for arg in EXAMPLES.glob(word)])
    assert result.exit_code == 0, result.output
    assert "Overall rating: Good (total 16 of 30" in result.stdout


def _objects(schema: dict, node: dict, path: str) -> Iterator[tuple[str, dict]]:
    """Each object of the JSON output with its path (``standards[].borderline[]``), from the schema."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in node:
        for option in node["anyOf"]:
            yield from _objects(schema, option, path)
    elif node.get("type") == "array":
        yield from _objects(schema, node["items"], f"{path}[]")
    elif "properties" in node:
        yield path, node["properties"]
        for name, field in node["properties"].items():
            yield from _objects(schema, field, f"{path}.{name}".lstrip("."))


def test_every_field_of_the_json_output_is_in_the_reference(runner):
    """docs/output.md has a section per object of the output, and a row per field, as the schema has them."""
    schema = json.loads(runner.invoke(main, ["schema"]).stdout)
    sections = re.split(r"^### ", (DOCS / "output.md").read_text(encoding="utf-8"), flags=re.MULTILINE)
    by_heading = {section.split("\n", 1)[0].strip(): section for section in sections[1:]}
    missing = []
    for path, fields in _objects(schema, schema, ""):
        heading = f"`{path}`" if path else "The document"
        section = by_heading.get(heading)
        if section is None:
            missing.append(f"no section '### {heading}'")
            continue
        missing += [f"{heading}: {name}" for name in fields if f"\n| `{name}` |" not in section]
    assert missing == [], "document these in docs/output.md:\n" + "\n".join(missing)


def test_every_csv_column_is_in_the_reference(runner):
    header = runner.invoke(main, ["score", str(ROOT / "docs/examples/three-cases.csv"), "--format", "csv"]).stdout
    section = (DOCS / "output.md").read_text(encoding="utf-8").split("## CSV", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    missing = [name for name in header.splitlines()[0].split(",") if not any(f"`{name}`" in row for row in rows)]
    assert missing == [], f"document these CSV columns in docs/output.md: {missing}"


@pytest.mark.parametrize(
    ("shown", "printed", "same"),
    [
        ("a\nb\n", "a\nb   \n", True),  # rich pads table lines with spaces
        ("a\n", "a\nb\n", False),  # a line printed but not shown
        ("...\nb\n...\n", "a\nb\nc\n", True),
        ("a\n...\nc\n", "a\nc\n", True),  # ... may stand for no line
        ("a\n...\na\n", "a\n", False),  # but the pieces around it may not overlap
        ("a\n...\nb\n...\nc\n", "a\nc\nb\n", False),  # pieces in order
        ("...\nb\nc\n...\n", "b\nx\nb\nc\n", True),  # a piece found after a false start
    ],
)
def test_shown_output_matches_printed_output(shown, printed, same):
    assert EXAMPLES.matches(shown, printed) is same
