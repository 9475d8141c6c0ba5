"""Run the examples of the Markdown docs, as tests/test_docs.py does, and rewrite their shown output on request.

An example is a ```console block of ``$ COMMAND`` lines, each followed by what it prints (stdout and stderr as a
terminal shows them). COMMAND is ``hmirate ...``, ``cat FILE`` or ``cat FILE | hmirate ...`` (run in-process),
``echo $?`` (the exit code of the command before it; any other command must exit 0), or any other shell command
(``printf ... > cases.csv``, ``hmirate ... < /dev/zero``, ``yes | hmirate ...``), run by bash with this Python's
``hmirate`` first on the PATH. A line ``...`` in the output stands for any number
of lines, so a page can show the part of a long output that matters. A ```pycon block is a Python session, run with
doctest. Each page's examples run in order in a scratch directory linked to the repository's top-level entries,
tables 120 columns wide and without colour; trailing spaces are ignored (rich pads table lines).

    python docs/examples.py --update [PAGE.md ...]   # rewrite the output of every console command without a
                                                     # '...' line, on the pages given (default: README and docs/)

Review the diff afterwards: the page then shows whatever the code prints, right or wrong.
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from hmirate.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUNNABLE = {"console", "pycon"}
ENVIRONMENT = {"COLUMNS": "120", "NO_COLOR": "1"}


@dataclass
class Block:
    page: Path
    line: int  # of the opening fence, 1-based, for messages
    kind: str  # the info string's first word: console, pycon, text, toml...
    body: str  # without the fence's indentation
    indent: str = ""  # a block inside a list item is indented like the item's text
    end: int = 0  # the closing fence's line, 1-based

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> Iterator[Block]:
    """Every fenced code block of a Markdown page, at the margin or indented (inside a list item)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(lines):
        match = re.match(r"^( *)(`{3,})\s*([\w+-]*)", lines[number])
        if not match:
            number += 1
            continue
        indent, fence, start = match.group(1), match.group(2), number
        number += 1
        body = []
        while number < len(lines) and not lines[number].lstrip(" ").startswith(fence):
            line = lines[number]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip(" "))
            number += 1
        yield Block(page, start + 1, match.group(3), "".join(f"{line}\n" for line in body), indent, number + 1)
        number += 1


def commands(block: Block) -> list[tuple[str, str]]:
    """A console block's ``$`` lines, each with the output shown under it."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif not steps:
            raise ValueError(f"{block.where}: a console block must start with a '$ ' line, not {line!r}")
        else:
            steps[-1][1].append(line)
    return [(command, "".join(f"{line}\n" for line in output)) for command, output in steps]


def tidy(text: str) -> str:
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def matches(expected: str, actual: str) -> bool:
    """Line by line, trailing spaces ignored; a line ``...`` stands for any number of lines.

    The shown pieces between ``...`` lines must appear in order; taking each piece's earliest place is enough
    (a later place never leaves more room for the rest), so this stays linear where a regex would backtrack.
    """
    pieces: list[list[str]] = [[]]
    for line in expected.splitlines():
        if line == "...":
            pieces.append([])
        else:
            pieces[-1].append(line.rstrip())
    lines = tidy(actual).splitlines()
    if len(pieces) == 1:
        return lines == pieces[0]
    first, *middle, last = pieces
    if lines[: len(first)] != first or len(lines) < len(first) + len(last):
        return False
    end = len(lines) - len(last)
    if lines[end:] != last:
        return False
    start = len(first)
    for piece in middle:
        place = next((n for n in range(start, end - len(piece) + 1) if lines[n : n + len(piece)] == piece), None)
        if place is None:
            return False
        start = place + len(piece)
    return True


class Session:
    """Runs one page's console commands in order, remembering the last exit code for ``echo $?``."""

    def __init__(self) -> None:
        self.runner = CliRunner(env=ENVIRONMENT)
        self.exit_code = 0

    def run(self, command: str) -> str:
        if command.strip() == "echo $?":
            shown, self.exit_code = self.exit_code, 0  # echo itself succeeds, as in a shell
            return f"{shown}\n"
        if needs_shell(command):
            return self.shell(command)
        stdin = None
        if "|" in command:
            feed, _, command = (part.strip() for part in command.partition("|"))
            stdin = Path(shlex.split(feed)[1]).read_bytes()
        words = [expanded for word in shlex.split(command, comments=True) for expanded in glob(word)]
        if words[0] == "cat" and stdin is None:
            self.exit_code = 0
            return "".join(Path(name).read_text(encoding="utf-8") for name in words[1:])
        result = self.runner.invoke(main, words[1:], input=stdin, prog_name="hmirate")
        self.exit_code = result.exit_code
        return result.output

    def shell(self, command: str) -> str:
        """A command only a shell can run (a redirection, ``printf``, an endless pipe): run by bash, with this
        Python's ``hmirate`` first on the PATH, stdout and stderr together as a terminal shows them."""
        import os
        import subprocess
        import sys

        path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        done = subprocess.run(
            ["bash", "-c", command],
            env={**os.environ, **ENVIRONMENT, "PATH": path},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=120,
            check=False,
        )
        self.exit_code = done.returncode
        return done.stdout.decode("utf-8", "replace")


def needs_shell(command: str) -> bool:
    """Whether a command is more than ``hmirate ...``, ``cat FILE...`` or ``cat FILE | hmirate ...``."""
    words = shlex.split(command, comments=True)
    if any(char in command for char in "<>;&$`") or words[0] not in ("hmirate", "cat"):
        return True
    if "|" in command:
        feed = shlex.split(command.partition("|")[0])
        return feed[0] != "cat" or len(feed) != 2
    return False


def glob(word: str) -> list[str]:
    """A word as the shell expands it: matching paths in sorted order, or the word itself when none match."""
    if not any(char in word for char in "*?["):
        return [word]
    return sorted(str(path) for path in Path().glob(word)) or [word]


def scratch(directory: Path) -> Path:
    """Link the repository's top-level entries into ``directory``, so examples' relative paths resolve there."""
    for entry in ROOT.iterdir():
        if entry.name not in {".git", ".venv"}:
            (directory / entry.name).symlink_to(entry)
    return directory


def exit_code_shown(steps: list[tuple[str, str]], number: int) -> bool:
    """Whether the page shows this command's exit code (an ``echo $?`` right after it)."""
    return number + 1 < len(steps) and steps[number + 1][0].strip() == "echo $?"


def update(page: Path) -> int:
    """Rewrite the output under each console command of ``page`` that has no ``...`` line; return how many changed."""
    import os

    lines = page.read_text(encoding="utf-8").splitlines()
    changed = 0
    session = Session()
    home = Path.cwd()
    rewritten: list[tuple[Block, str]] = []
    with tempfile.TemporaryDirectory() as directory:
        os.chdir(scratch(Path(directory)))
        try:
            for block in blocks(page):
                if block.kind != "console":
                    continue
                body = ""
                for command, shown in commands(block):
                    actual = session.run(command)
                    keep = "..." in shown.splitlines() or tidy(shown) == tidy(actual)
                    body += f"$ {command}\n" + (shown if keep else tidy(actual))
                    changed += not keep
                rewritten.append((block, body))
        finally:
            os.chdir(home)
    for block, body in reversed(rewritten):  # from the bottom up, so the line numbers above stay right
        lines[block.line : block.end - 1] = [f"{block.indent}{line}".rstrip() for line in body.splitlines()]
    page.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return changed


if __name__ == "__main__":
    if sys.argv[1:2] != ["--update"]:
        sys.exit(__doc__)
    for name in sys.argv[2:] or [str(page) for page in PAGES]:
        print(f"{name}: {update(Path(name).resolve())} outputs rewritten")
