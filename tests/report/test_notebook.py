"""Issue 20: a report and a comparison show themselves in a notebook, as the HTML report shows them.

docs/examples/notebook.ipynb is run as Jupyter runs it (from its own folder) by nbclient on a real ipykernel.
The kernel is this very Python, from a kernel spec of the test's own in a temporary JUPYTER_PATH, so a
``python3`` spec elsewhere on the machine cannot start another interpreter; nbclient waits for the kernel to
answer before the first cell (no race on start), and the timeouts are minutes, for a busy machine.
The displayed fragment is then put in a page and drawn by headless Chromium (tests/render/test_html_page.py's machinery).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from html import unescape
from pathlib import Path

import pytest
from chromium import check_screenshot, dom_text, report_phrases, run_chromium
from conftest import ALL_SAMPLES, PANEL, ROOT
from expectations import derive, newcombe_by_hand, overall

import hmirate
from hmirate.cli import main

EXAMPLES = ROOT / "docs" / "examples"
NOTEBOOK = EXAMPLES / "notebook.ipynb"
LATER = ROOT / "data" / "samples" / "compare" / "case-supervision-2021.csv"
KERNEL = "hmirate-test"


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    """The example notebook, executed: its cells' outputs as a kernel produced them."""
    import nbclient  # the test extras' (pyproject.toml); hmirate itself needs no Jupyter
    import nbformat

    home = tmp_path_factory.mktemp("jupyter")
    spec = home / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(home))
        patch.setenv("JUPYTER_RUNTIME_DIR", str(home / "runtime"))
        patch.setenv("IPYTHONDIR", str(home / "ipython"))  # no user's startup files
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            notebook,
            kernel_name=KERNEL,
            timeout=600,
            startup_timeout=300,
            resources={"metadata": {"path": str(EXAMPLES)}},
        )
        client.execute()
    return notebook


def _result(notebook, index: int) -> dict[str, str]:
    """The one value the code cell displays, by MIME type; the cell printed no error."""
    outputs = notebook.cells[index].outputs
    assert [o.output_type for o in outputs if o.output_type == "error"] == []
    results = [o for o in outputs if o.output_type == "execute_result"]
    assert len(results) == 1, outputs
    return dict(results[0].data)


def _text(html: str) -> str:
    return unescape(dom_text(re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)))


def _fragment_shape(html: str) -> None:
    """A fragment: one outer element with the class, no document, no script, no URL."""
    assert html.startswith('<div class="hmirate">\n<style>.hmirate{')
    assert html.endswith("</div>")
    assert not re.search(r"<html|<head|<body|<!DOCTYPE|<script|<link|<img|https?:|@import|url\(", html, re.I)


def test_a_report_shows_itself_in_a_notebook(notebook, runner, monkeypatch):
    shown = _result(notebook, 1)
    assert {"text/plain", "text/html", "text/markdown"} <= set(shown)
    expected = derive(ALL_SAMPLES, PANEL)
    rating, total, _ = overall(expected)
    cases = sum(len(list(csv.DictReader(path.open(encoding="utf-8")))) for path in ALL_SAMPLES)
    assert shown["text/plain"] == f"<Report crc-2018: 3 files, {cases} cases, overall {rating} {total}/30>"
    html = shown["text/html"]
    _fragment_shape(html)
    assert html.count("<svg") == 6  # one chart per standard rated from cases
    text = _text(html)
    for phrase in report_phrases():
        assert phrase in text, phrase
    # one renderer: the page hmirate writes for the same files is this fragment, its styles moved to the head
    monkeypatch.chdir(EXAMPLES)
    files = [str(Path("../..") / p.relative_to(ROOT)) for p in sorted(ALL_SAMPLES)]
    page = runner.invoke(main, ["score", *files, "--panel", "../../" + str(PANEL.relative_to(ROOT)),
                                            "--format", "html"]).stdout  # fmt: skip
    body = page[page.index("<body>\n") + 7 : page.index("\n</body>")]
    assert body == re.sub(r"\n<style>.*?</style>", "", html, count=1, flags=re.DOTALL)
    assert shown["text/markdown"].startswith("# Probation inspection standards")
    assert f"**Overall rating: {rating}** (total {total} of 30" in shown["text/markdown"]


def test_a_comparison_shows_itself_in_a_notebook(notebook):
    shown = _result(notebook, 2)
    earlier, later = derive([ALL_SAMPLES[0]]), derive([LATER])
    verdicts = []
    for qid, question in earlier.questions.items():
        low, high = newcombe_by_hand(
            (later.question(qid).all.yes, later.question(qid).all.base),
            (question.all.yes, question.all.base),
            0.80,
        )
        verdicts.append("up" if low > 0 else "down" if high < 0 else "no clear change")
    moved = ", ".join(f"{verdicts.count(v)} {v}" for v in ("up", "down") if v in verdicts)
    # labels from the input files; not rated overall, as one file carries only 4 of the 10 standards
    assert shown["text/plain"] == (
        f"<Comparison case-supervision -> case-supervision-2021: {len(verdicts)} key questions ({moved}), "
        "overall not rated -> not rated>"
    )
    html = shown["text/html"]
    _fragment_shape(html)
    assert html.count("<svg") == 4  # a slope chart per standard the two share
    text = _text(html)
    assert "Ratings Standard case-supervision case-supervision-2021 case-supervision -> case-supervision-2021" in text
    assert shown["text/markdown"].startswith("# Comparison of inspection reports")


def _selectors(css: str) -> list[str]:
    """Every selector of every rule, inside @media blocks too."""
    found, at = [], 0
    while (brace := css.find("{", at)) != -1:
        prelude = css[at:brace].strip().lstrip("}").strip()
        if prelude.startswith("@"):
            at = brace + 1
            continue
        found += [part.strip() for part in prelude.split(",")]
        at = css.index("}", brace) + 1
    return found


def test_styles_are_scoped_to_the_fragment():
    report = hmirate.score([str(p) for p in ALL_SAMPLES])
    for html in (report._repr_html_(), hmirate.compare([report, report])._repr_html_()):
        (css,) = re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
        selectors = _selectors(css)
        assert len(selectors) >= css.count("{") - css.count("@") > 20  # a selector or more per rule, all read
        assert [s for s in selectors if not re.match(r"\.hmirate(?![\w-])", s)] == []
    assert _selectors("@media x{.hmirate a{b:c}}body,.hmirate p{d:e}") == [".hmirate a", "body", ".hmirate p"]


def _hostile():
    import pandas as pd

    rows = list(csv.DictReader(ALL_SAMPLES[0].open(encoding="utf-8")))
    frame = pd.DataFrame(rows, dtype=str)
    frame["office"] = ["<img src=x onerror=alert(1)>", "East & </div>"] * (len(rows) // 2)
    return hmirate.score([frame], by=["office"])


def test_hostile_text_renders_as_text():
    report = _hostile()
    html = report._repr_html_()
    assert "<img" not in html
    assert "office: &lt;img src=x onerror=alert(1)&gt;" in html and "office: East &amp; &lt;/div&gt;" in html
    # '<' escaped, so no tag opens; '>' is left as written (escaped only where it would open a quote)
    assert "\\<img src=x onerror=alert(1)>" in report._repr_markdown_()
    comparison = hmirate.compare([report, report], labels=["<script>alert(1)</script>", "2021"])
    shown = comparison._repr_html_()
    assert "<script" not in shown
    assert "<th>&lt;script&gt;alert(1)&lt;/script&gt;</th>" in shown
    assert repr(comparison).startswith("<Comparison <script>alert(1)</script> -> 2021: ")  # plain text, as given


def test_compare_labels_default_to_the_input_files():
    folder = hmirate.score([str(p) for p in ALL_SAMPLES])
    one = hmirate.score([str(ALL_SAMPLES[0])])
    assert [r.label for r in hmirate.compare([one, folder]).reports] == ["case-supervision", "hiow-crc-2019"]
    assert [r.label for r in hmirate.compare([one, one]).reports] == [str(ALL_SAMPLES[0]), f"{ALL_SAMPLES[0]} (2)"]
    assert [r.label for r in hmirate.compare([one, folder], labels=["a", "b"]).reports] == ["a", "b"]
    assert "compare" in hmirate.__all__ and hmirate.compare is hmirate.report.compare.compare
    with pytest.raises(hmirate.UsageError) as wrong:  # the library names its parameter, not the CLI's flag
        hmirate.compare([one, folder], labels=["a"])
    assert str(wrong.value) == "1 `labels` for 2 reports: give one `labels` per report, in order"
    assert wrong.value.param == "labels"


HOST = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{{margin:0;background:{page}}}</style>
</head><body><h2 id="host-h2">host</h2><table id="host-table"><tr><td>host</td></tr></table>
<p class="note" id="host-note">host</p><svg id="host-svg" width="10" height="10"></svg>
{themes}<pre id="result"></pre><script>
const style = (e, p) => getComputedStyle(e).getPropertyValue(p);
const hosts = ["host-h2", "host-table", "host-note", "host-svg"].map(id => document.getElementById(id));
const found = {{hosts: hosts.map(e => ["color", "font-size", "border-collapse", "margin-top", "background-color",
  "display"].map(p => style(e, p)).join(" ")), themes: {{}}}};
for (const theme of document.querySelectorAll(".theme")) {{
  const fragment = theme.querySelector(".hmirate");
  const ground = [fragment, theme, document.body].map(e => style(e, "background-color"))
    .find(c => c !== "rgba(0, 0, 0, 0)");
  found.themes[theme.id] = {{ground, text: ["h1", ".note", "td", ".small"].map(s => style(fragment.querySelector(s), "color"))}};
}}
document.getElementById("result").textContent = JSON.stringify(found);
</script></body></html>"""
THEMES = {  # a container per host: its theme's variables, as JupyterLab and VS Code publish them, and its ground
    "plain": "",
    "jupyterlab-dark": "--jp-content-font-color1:rgba(255,255,255,1);--jp-content-font-color2:rgba(255,255,255,.72);"
    "--jp-content-font-color3:rgba(255,255,255,.5);--jp-layout-color0:#111111;--jp-border-color1:#616161;"
    "--jp-border-color2:#424242;background:#111111",
    "jupyterlab-light": "--jp-content-font-color1:rgba(0,0,0,1);--jp-content-font-color2:rgba(0,0,0,.72);"
    "--jp-content-font-color3:rgba(0,0,0,.54);--jp-layout-color0:white;--jp-border-color1:#bdbdbd;"
    "--jp-border-color2:#e0e0e0;background:white",
    "vscode-dark": "--vscode-editor-foreground:#cccccc;--vscode-editor-background:#1f1f1f;"
    "--vscode-descriptionForeground:#9d9d9d;--vscode-panel-border:#2b2b2b;background:#1f1f1f",
}


def _rgb(colour: str, ground: tuple[float, ...] = (255, 255, 255)) -> tuple[float, ...]:
    values = [float(v) for v in re.findall(r"[\d.]+", colour)]
    alpha = values[3] if len(values) == 4 else 1.0
    return tuple(alpha * c + (1 - alpha) * g for c, g in zip(values[:3], ground, strict=True))


def _contrast(text: tuple[float, ...], ground: tuple[float, ...]) -> float:
    """WCAG's contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[float, ...]) -> float:
        linear = [c / 255 / 12.92 if c <= 10.31 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(text) + 0.05, luminance(ground) + 0.05), reverse=True)
    return light / dark


def _draw(tmp_path: Path, name: str, fragment: str, dark: bool) -> tuple[dict, str]:
    themes = "".join(f'<div class="theme" id="{k}" style="{v}">{fragment}</div>' for k, v in THEMES.items() if fragment)
    page = tmp_path / f"{name}.html"
    page.write_text(HOST.format(page="#1e1e1e" if dark else "white", themes=themes), encoding="utf-8")
    run = run_chromium(tmp_path, *(["--force-dark-mode"] if dark else []), "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr
    found = json.loads(unescape(re.search(r'<pre id="result">(.*?)</pre>', run.stdout, re.DOTALL).group(1)))
    return found, run.stdout


def test_the_notebook_output_renders_in_headless_chromium(notebook, tmp_path):
    """Chromium draws the displayed fragment inside a page: the HTML report's elements, readable text in every
    theme (WCAG contrast at least 4.5 for the text, 3 for the small print), and nothing restyled outside it."""
    fragment = _result(notebook, 1)["text/html"]
    bare, _ = _draw(tmp_path, "bare", "", dark=False)
    for dark in (False, True):  # the reader's prefers-color-scheme, light then dark
        found, dom = _draw(tmp_path, f"dark-{dark}", fragment, dark)
        assert found["hosts"] == bare["hosts"]  # the page's own elements look as they did without the fragment
        visible = dom_text(re.sub(r"<style>.*?</style>|<script>.*?</script>", "", dom, flags=re.DOTALL))
        for phrase in report_phrases():
            assert visible.count(phrase) >= len(THEMES), phrase
        for theme, seen in found["themes"].items():
            ground = _rgb(seen["ground"])
            heading, note, cell, small = (_contrast(_rgb(c, ground), ground) for c in seen["text"])
            assert min(heading, cell, note) >= 4.5 and small >= 3, (theme, dark, seen)
    page = tmp_path / "notebook-output.html"
    page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{fragment}</body></html>')
    check_screenshot(tmp_path, page.as_uri())


def test_hostile_text_stays_text_inrun_chromium(tmp_path):
    fragment = _hostile()._repr_html_()
    _, dom = _draw(tmp_path, "hostile", fragment, dark=False)
    assert "<img" not in dom
    assert "office: &lt;img src=x onerror=alert(1)&gt;" in dom
