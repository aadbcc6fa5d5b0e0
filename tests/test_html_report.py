"""`check --format html` and `compare --format html`: one self-contained page.

The structure is checked in-process, including that the page has nothing to fetch and
no script (so it reads the same without JavaScript). Then the page is opened in a real
headless Chromium, which must find one <mark> per finding in the DOM it builds; a copy of
the page with a probe script added checks, in the same browser, that keyboard focus shows
a highlight's message and that the category filter (CSS only) hides highlights; and
screenshots are saved in test-artifacts/. Without Chromium the browser tests are skipped,
except in CI (CI=true), where they must run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from framelint.findings import Finding
from framelint.reporters import Report
from framelint.reporters.html_report import highlight, render

from conftest import ROOT, run_framelint, write_rule

ARTIFACTS = ROOT / "test-artifacts"
CORPUS_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "corpus").rglob("*")
                      if p.suffix in (".txt", ".md", ".html"))
STORY_FILES = [f"corpus/story/{name}" for name in
               ("story-wire.txt", "story-tabloid.txt", "story-side-a.md", "story-side-b.html")]
SHOWN_FILES = [f"corpus/story/{name}" for name in
               ("story-tabloid.txt", "story-side-b.html", "story-side-a.md", "story-wire.txt")]


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


# -- self-contained: nothing is fetched, nothing needs a script ---------------------------------------
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_URL_ATTR = re.compile(r"""\b(?:src|href|srcset|poster|data|action|formaction|background)\s*=\s*["']?\s*"""
                       r"""(?:https?:|//|data:|file:)""", re.I)


def external_references(page: str) -> list[str]:
    """Whatever in the page's markup would load something or run a script: an absolute URL in
    an attribute, @import or url() in CSS, a tag that fetches or runs, an on* handler."""
    found = []
    for tag in _TAG.findall(page):
        found += [tag] if _URL_ATTR.search(tag) or re.search(r"\son\w+\s*=", tag, re.I) \
            or re.match(r"<(?:script|link|iframe|object|embed|img|video|audio|source|base)\b", tag, re.I) \
            or re.search(r"style\s*=\s*[\"'][^\"']*url\(", tag, re.I) else []
    for css in _STYLE.findall(page):
        found += re.findall(r"@import[^;]*|url\([^)]*\)", css, re.I)
    return found


@pytest.mark.parametrize("command", ["check", "compare"])
def test_pages_load_nothing_from_anywhere(command, tmp_path):
    # An article that links out and quotes markup must not make the page fetch anything.
    article = tmp_path / "linky.md"
    article.write_text('# A regime\n\nSee [the site](https://example.org/x) and <img src="http://e.org/a.png">.\n'
                       "Text with @import url(//e.org/s.css) in it.\n", encoding="utf-8")
    files = [str(article)] + ([str(ROOT / "corpus" / "story" / "story-wire.txt")] if command == "compare" else [])
    run = run_framelint(command, *files, "--format", "html", cwd=ROOT)
    assert run.code in (0, 1), run.err
    assert run.out.startswith("<!DOCTYPE html>")
    assert external_references(run.out) == []
    assert "https://example.org/x" in run.out and "&lt;img src=" in run.out   # shown as text, never as markup
    # The scan itself finds what it looks for.
    for bad in ('<a href="https://e.org">', "<a href='//e.org'>", "<style>@import 'x.css';</style>",
                "<style>b { background: url(x.png) }</style>", "<script>1</script>", '<p onclick="x()">',
                '<link rel="stylesheet" href="s.css">'):
        assert external_references(bad), bad
    assert external_references('<a href="#article-1">') == []


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


def browser_dom(page: Path, tmp_path: Path) -> str:
    """The DOM Chromium builds from the page. (Headless Chromium cannot dump a page with scripts
    switched off; the page has none to switch off, which test_pages_load_nothing_from_anywhere checks.)"""
    dump = browse(page, tmp_path, "--dump-dom")
    assert dump.returncode == 0, dump.stderr[-2000:]
    assert "<mark " in dump.stdout
    return dump.stdout


# Run in the browser on a copy of the page (the page itself has no script): focus the first
# highlight as the Tab key would, read its tooltip's computed style, then untick the first
# category's filter box and read a highlight's background. The results go in an attribute.
PROBE = """<script>
window.addEventListener("load", () => setTimeout(() => {
const out = {has_focus: document.hasFocus()};
const mark = document.querySelector("main mark");
const tip = document.getElementById(mark.getAttribute("aria-describedby"));
out.tabindex = mark.tabIndex;
out.title = mark.title;
out.hidden_before = getComputedStyle(tip).display;
mark.focus();
out.focused = document.activeElement === mark;
out.shown_on_focus = getComputedStyle(tip).display;
const cls = [...mark.classList].find(c => /^c[0-9]+$/.test(c));
const box = document.getElementById("show-" + cls);
out.background_on = getComputedStyle(mark).backgroundColor;
box.checked = false;
out.background_off = getComputedStyle(mark).backgroundColor;
out.tip_when_filtered = getComputedStyle(tip).display;
box.checked = true;
mark.blur();
document.body.setAttribute("data-probe", JSON.stringify(out));
}, 100));
</script>"""


def probe(page: Path, tmp_path: Path) -> dict:
    copy = tmp_path / ("probe-" + page.name)
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dump = browse(copy, tmp_path, "--virtual-time-budget=5000", "--dump-dom")
    assert dump.returncode == 0, dump.stderr[-2000:]
    m = re.search(r'data-probe="([^"]*)"', dump.stdout)
    assert m, "the probe script did not run"
    import html

    return json.loads(html.unescape(m.group(1)))


def check_in_browser(page: Path, tmp_path: Path) -> None:
    result = probe(page, tmp_path)
    assert result["tabindex"] == 0 and result["title"], result         # reachable with Tab; message in the title
    assert result["hidden_before"] == "none" and result["focused"], result
    assert result["shown_on_focus"] == "block", result                  # keyboard focus shows the message
    assert result["background_on"] != result["background_off"] == "rgba(0, 0, 0, 0)", result   # the filter
    assert result["tip_when_filtered"] == "none", result


# For a screenshot with a message shown: focus the first highlight in the window's first screen
# (without scrolling, which headless screenshots do not repaint well).
FOCUS = """<script>
window.addEventListener("load", () => setTimeout(() => {
const marks = [...document.querySelectorAll("section.article mark")];
const mark = marks.find(m => m.getBoundingClientRect().top > 120 && m.getBoundingClientRect().bottom
                              < window.innerHeight - 200) || marks[0];
mark.focus({preventScroll: true});
}, 100));
</script>"""


def screenshot(page: Path, tmp_path: Path, name: str, focused: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    shot.unlink(missing_ok=True)
    if focused:
        copy = tmp_path / ("focus-" + page.name)
        copy.write_text(page.read_text(encoding="utf-8").replace("</body>", FOCUS + "</body>"), encoding="utf-8")
        page = copy
    result = browse(page, tmp_path, "--virtual-time-budget=5000", f"--screenshot={shot}", "--window-size=1280,1600",
                    "--hide-scrollbars")
    assert result.returncode == 0 and shot.stat().st_size > 10_000, result.stderr[-2000:]
    return shot


def test_check_report_in_chromium(tmp_path):
    chromium()
    page = render_page(tmp_path, "check.html", "check", *CORPUS_FILES, "--format", "html")
    findings = run_framelint("check", *CORPUS_FILES, "--format", "json", cwd=ROOT).json()
    assert findings, "the corpus should produce findings"
    dom = browser_dom(page, tmp_path)
    assert dom.count("<mark ") == len(findings)
    assert dom.count('<section class="article"') == len(CORPUS_FILES)
    for f in findings[:50]:
        assert f'data-code="{f["code"]}"' in dom
    check_in_browser(page, tmp_path)
    # The screenshots show the story's articles, the most framed first.
    story = render_page(tmp_path, "story.html", "check", *SHOWN_FILES, "--format", "html")
    plain = screenshot(story, tmp_path, "check-report.png")
    focused = screenshot(story, tmp_path, "check-report-focus.png", focused=True)
    assert focused.read_bytes() != plain.read_bytes()   # the message is drawn


def test_compare_report_in_chromium(tmp_path):
    chromium()
    page = render_page(tmp_path, "compare.html", "compare", *STORY_FILES, "--format", "html")
    data = run_framelint("compare", *STORY_FILES, "--format", "json", cwd=ROOT).json()
    dom = browser_dom(page, tmp_path)
    findings = sum(a["findings"] for a in data["articles"])
    assert dom.count("<mark ") == findings
    conflicting = sum(f["conflict"] for row in data["figures"] for figs in row["figures"].values() for f in figs)
    table = dom[dom.index('<section id="figures">'):dom.index('<section class="article"')]
    assert conflicting > 0 and table.count('class="figure conflict"') == conflicting
    aside = sum(bool(f["not_compared"]) for row in data["figures"] for figs in row["figures"].values() for f in figs)
    assert aside > 0 and dom.count('<div class="aside">') > 0
    assert '<section id="profile">' in dom and '<section id="figures">' in dom
    check_in_browser(page, tmp_path)
    screenshot(page, tmp_path, "compare-report.png")


CALM = "Shelling killed 12 people in Varensk on Friday, the ministry said.\n"


def test_compare_page_summary_line_numbers_and_collapsed_files(tmp_path):
    (tmp_path / "calm.txt").write_text(CALM, encoding="utf-8")
    run = run_framelint("compare", *STORY_FILES[:2], str(tmp_path / "calm.txt"), "--format", "html", cwd=ROOT)
    page = run.out
    # The summary comes first, and names the disagreements with links to the figures' sentences.
    assert page.index('<section id="summary">') < page.index('<section id="profile">')
    summary = page[page.index('<section id="summary">'):page.index('<section id="profile">')]
    assert "The articles disagree on 2 quantities" in summary
    links = re.findall(r'<a class="figure conflict" href="#(a\d-fig\d+)"', summary)
    assert links and all(f'<span class="fig-target" id="{target}"></span>' in page for target in links)
    # Line numbers in the article view; a file with no findings is collapsed.
    calm = page[page.index('<section class="article" id="article-3">'):]
    assert '<details><summary>Text (no findings)</summary><div class="text"><span class="ln" id="a3-L1" ' \
           'aria-hidden="true">1</span>Shelling killed ' in calm
    tabloid = page[page.index('id="article-2"'):page.index('id="article-3"')]
    assert '<span class="ln" id="a2-L3" aria-hidden="true">3</span>' in tabloid
    assert re.search(r'<li><a href="#a2-m\d+">1:\d+ <code>', tabloid)   # each listed finding links to its mark


def test_compare_page_with_the_keyboard_in_chromium(tmp_path):
    """Tab reaches a figure; Enter on it scrolls to its sentence (and opens a collapsed file)."""
    chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    (tmp_path / "calm.txt").write_text(CALM, encoding="utf-8")
    page = tmp_path / "compare.html"
    page.write_text(run_framelint("compare", *STORY_FILES[:2], str(tmp_path / "calm.txt"), "--format", "html",
                                  cwd=ROOT).out, encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.goto(page.resolve().as_uri())
            for _ in range(60):
                tab.keyboard.press("Tab")
                if tab.evaluate("document.activeElement.classList.contains('figure')"):
                    break
            else:
                pytest.fail("Tab never reached a figure")
            focused = tab.evaluate("[document.activeElement.getAttribute('href'), "
                                   "getComputedStyle(document.activeElement).outlineStyle]")
            assert focused[0].startswith("#a") and focused[1] != "none"      # a link, with a visible focus
            assert tab.evaluate("window.scrollY") == 0
            tab.keyboard.press("Enter")
            tab.wait_for_timeout(300)
            top = tab.evaluate(f"document.getElementById('{focused[0][1:]}').getBoundingClientRect().top")
            assert tab.evaluate("location.hash") == focused[0] and 0 <= top < 900   # scrolled to the sentence
            # A figure of the collapsed article: following it opens the article.
            target = tab.evaluate("[...document.querySelectorAll('#figures a.figure')].map(a => "
                                  "a.getAttribute('href')).find(h => h.startsWith('#a3-'))")
            assert not tab.evaluate(f"document.querySelector('{target}').closest('details').open")
            tab.click(f"#figures a[href='{target}']")
            tab.wait_for_timeout(300)
            assert tab.evaluate(f"document.querySelector('{target}').closest('details').open")
            assert 0 <= tab.evaluate(f"document.querySelector('{target}').getBoundingClientRect().top") < 900
        finally:
            browser.close()
