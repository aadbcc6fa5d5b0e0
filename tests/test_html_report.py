"""`check --format html` and `compare --format html`: one self-contained page.

The structure is checked in-process; then the page is opened in a real headless
Chromium, which must find one <mark> per finding in the DOM it builds, and a
screenshot is saved in test-artifacts/. Without Chromium the browser tests are
skipped, except in CI (CI=true), where they must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from framelint.findings import Finding
from framelint.reporters import Report
from framelint.reporters.html import highlight, render

from conftest import ROOT, run_framelint, write_rule

ARTIFACTS = ROOT / "test-artifacts"
CORPUS_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "corpus").rglob("*")
                      if p.suffix in (".txt", ".md", ".html"))
STORY_FILES = [f"corpus/story/{name}" for name in
               ("story-wire.txt", "story-tabloid.txt", "story-side-a.md", "story-side-b.html")]


@pytest.fixture
def work(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    write_rule(rules, "UR101", "zorblat-word", terms='["zorblat"]', category='"charged-label"',
               message="\"'{match}' is <loaded> & charged.\"")
    write_rule(rules, "UR102", "grintle-word", terms='["grintle storm", "storm"]', category='"euphemism"',
               message="\"'{match}' hides what happened.\"")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_html_marks_each_finding(work, cli):
    (work / "a.txt").write_text('The zorblat <b>crowd</b> & the grintle storm.\n"A zorblat," he said.\n',
                                encoding="utf-8")
    (work / "clean.txt").write_text("Nothing to see.\n", encoding="utf-8")
    run = cli("check", "a.txt", "clean.txt", "--rules", str(work / "rules"), "--select", "UR", "--format", "html")
    assert run.code == 1 and run.err == ""
    page = run.out
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<mark ") == 2           # 'zorblat' and 'grintle storm'; the quoted one is skipped
    assert ('<mark class="c0" tabindex="0" title="UR101 zorblat-word (charged-label, warning): '
            "&#x27;zorblat&#x27; is &lt;loaded&gt; &amp; charged.\" aria-describedby=\"a1-t1\" "
            'data-code="UR101">zorblat</mark>') in page
    assert "The <span" in page and "&lt;b&gt;crowd&lt;/b&gt; &amp; the " in page   # the text is escaped
    assert '<h2>clean.txt</h2>\n<p class="meta">0 findings</p>' in page                # every file is shown
    assert page.count('<input type="checkbox" class="filter"') == 8                     # one per category
    assert "#show-c0:not(:checked) ~ main mark.c0" in page                              # the CSS-only filter
    assert ".hl > mark:hover + .tip, .hl > mark:focus + .tip { display: block; }" in page
    assert "<script" not in page and not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)


def test_html_files_are_shown_as_the_text_a_reader_sees(work, cli):
    (work / "a.html").write_text(
        "<html><head><script>var zorblat = 1;</script></head><body>\n<h1>The zorblat</h1>\n"
        "<p>A <b>zorblat</b> &amp; a storm.</p>\n<!-- zorblat -->\n</body></html>\n", encoding="utf-8")
    run = cli("check", "a.html", "--rules", str(work / "rules"), "--select", "UR", "--format", "html")
    page = run.out
    text = page[page.index('<div class="text">'):page.index("</div>", page.index('<div class="text">'))]
    assert "var zorblat" not in text and "&lt;b&gt;" not in text and "&lt;!--" not in text
    assert re.sub(r'<span class="tip".*?</span>|<[^>]+>', "", text) == "The zorblat\n\nA zorblat &amp; a storm."
    assert text.count("<mark ") == 3


def test_overlapping_findings_nest_and_each_has_a_mark():
    def finding(code, start, end, category="charged-label"):
        return Finding(path="a.txt", code=code, name="n", category=category, level="warning", message="m",
                       line=1, column=start + 1, end_line=1, end_column=end + 1, start=start, end=end,
                       match="", in_quote=False, suggestion=None)

    text = "one two three four"
    found = [finding("A1", 0, 13), finding("B1", 4, 7, "euphemism"), finding("C1", 8, 18)]
    cats = ["charged-label", "euphemism"]
    html = highlight(text, [(f, f.start, f.end) for f in found], cats, "x")
    assert html.count("<mark ") == 3
    assert re.sub(r"<span class=\"tip\".*?</span>|<[^>]+>", "", html) == text   # no character lost or doubled
    # B1 lies inside A1; C1 starts inside A1 and is cut at its end, so both open before A1's tooltip.
    assert html.index('data-code="A1"') < html.index('data-code="B1"') < html.index('data-code="C1"') \
        < html.index('id="x-t1"')


def test_an_empty_report_is_a_page():
    import io

    out = io.StringIO()
    render(Report(findings=[], files=0), out)
    assert "0 findings in 0 files" in out.getvalue()


# -- in a real browser ----------------------------------------------------------------------------------
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but no chromium on PATH: .ci/run should have installed it")
    pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")


def browse(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}", *extra,
           page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, timeout=120, text=True)


def render_page(tmp_path: Path, name: str, *args: str) -> Path:
    run = run_framelint(*args, cwd=ROOT)
    assert run.code in (0, 1), run.err
    page = tmp_path / name
    page.write_text(run.out, encoding="utf-8")
    return page


def test_check_report_in_chromium(tmp_path):
    chromium()
    page = render_page(tmp_path, "check.html", "check", *CORPUS_FILES, "--format", "html")
    findings = run_framelint("check", *CORPUS_FILES, "--format", "json", cwd=ROOT).json()
    assert findings, "the corpus should produce findings"
    dom = browse(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<mark ") == len(findings)
    assert dom.stdout.count('<section class="article"') == len(CORPUS_FILES)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "check-report.png"
    result = browse(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,1600")
    assert result.returncode == 0 and shot.stat().st_size > 10_000, result.stderr[-2000:]


def test_compare_report_in_chromium(tmp_path):
    chromium()
    page = render_page(tmp_path, "compare.html", "compare", *STORY_FILES, "--format", "html")
    data = run_framelint("compare", *STORY_FILES, "--format", "json", cwd=ROOT).json()
    dom = browse(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    findings = sum(a["findings"] for a in data["articles"])
    assert dom.stdout.count("<mark ") == findings
    conflicting = sum(f["conflict"] for row in data["figures"] for figs in row["figures"].values() for f in figs)
    assert conflicting > 0 and dom.stdout.count('class="figure conflict"') == conflicting
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "compare-report.png"
    result = browse(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,1600")
    assert result.returncode == 0 and shot.stat().st_size > 10_000, result.stderr[-2000:]
