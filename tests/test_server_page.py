"""The service's web page in a real headless Chromium (Debian's), driven by Playwright.

The test starts ``framelint serve`` on a loopback port, pastes a framed article,
checks it, and reads the highlights, a message shown on keyboard focus, the list
of findings and a rule's explanation; then compares two articles. Every request the
page makes must go to the service itself. Screenshots are saved in test-artifacts/.
Without Chromium the test is skipped, except in CI (CI=true), where it must run.
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

import pytest

pytest.importorskip("starlette", reason="the server extra is not installed: pip install -e '.[server]'")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")

from conftest import ROOT  # noqa: E402
from test_server import FRAMED, start_server, stop_server  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI") != "true":
    pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test", allow_module_level=True)

ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTICLE = FRAMED + ("\nThe so-called \"liberation\" of the town was, clearly, an unprecedented disaster, "
                    "and sources say dozens were neutralized.\n")
WIRE = "Officials said 12 people were killed in the strike on Eastgate on Monday.\n"
TABLOID = "# Carnage\n\nThe regime's horrific strike on Eastgate killed at least 30 people on Monday.\n"


@pytest.fixture
def served():
    proc, url = start_server()
    try:
        yield url
    finally:
        stop_server(proc)


def test_the_page_checks_and_compares_articles_in_chromium(served, tmp_path):
    import httpx

    assert CHROMIUM, "chromium must be installed in CI (.ci/run installs Debian's chromium)"
    ARTIFACTS.mkdir(exist_ok=True)
    expected = httpx.post(served + "/v1/check", json={"text": ARTICLE, "path": "story.md"}, timeout=30).json()
    elsewhere: list[str] = []

    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1100, "height": 900})

        def only_here(route):
            if urlparse(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()
        context.route("**/*", only_here)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(served + "/")

        # Every control has a label a screen reader can read.
        unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll('input, select, textarea, button'))
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
            .map(el => el.id || el.outerHTML)""")
        assert unlabelled == []

        # Paste, choose the format, check: with the keyboard only.
        page.get_by_label("Article text").fill(ARTICLE)
        page.get_by_label("Format").select_option("markdown")
        page.get_by_label("File name", exact=True).fill("story")
        page.get_by_role("button", name="Check", exact=True).focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#highlighted mark")
        assert page.evaluate("document.activeElement.id") == "results"   # focus moves to the findings

        marks = page.locator("#highlighted mark")
        assert marks.count() == len(expected["findings"]) > 5
        assert page.locator("#findings > li").count() == len(expected["findings"])
        assert page.locator("#status").inner_text() == f"Checked story.md: {len(expected['findings'])} findings."
        regime = page.locator('#highlighted mark[data-code="LB101"]').first
        assert regime.inner_text() == "Regime"
        assert regime.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 212, 212)"
        assert page.locator('#results nav.legend .n[data-category="charged-label"]').inner_text() == str(
            sum(f["category"] == "charged-label" for f in expected["findings"]))

        # A highlight's message shows on keyboard focus.
        regime.focus()
        tip = page.locator("#highlighted .hl:has(> mark:focus) > .tip").first
        assert tip.is_visible()
        assert "labels a government instead of naming it" in tip.inner_text()
        page.screenshot(path=str(ARTIFACTS / "server-page.png"), full_page=True)

        # The list of findings, and a rule's explanation on demand.
        first = page.locator("#findings > li").first
        assert first.locator("code").inner_text() == expected["findings"][0]["code"]
        first.locator("summary").focus()
        page.keyboard.press("Enter")
        first.locator("pre.explanation[data-loaded='1']").wait_for()
        assert "## What it does" in first.locator("pre.explanation").inner_text()

        # The category filter hides a category's highlights.
        page.locator('#results nav.legend label[for="show-c0"]').click()
        assert regime.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
        page.locator('#results nav.legend label[for="show-c0"]').click()

        # The compare view: two articles, their profiles and the figures that conflict.
        page.get_by_role("tab", name="Check an article").focus()
        page.keyboard.press("ArrowRight")
        assert page.get_by_role("tab", name="Compare articles").get_attribute("aria-selected") == "true"
        page.get_by_label("Text of article 1 (paste, or drop a file)").fill(WIRE)
        page.get_by_label("File name of article 1").fill("wire.txt")
        page.get_by_label("Text of article 2 (paste, or drop a file)").fill(TABLOID)
        page.get_by_label("File name of article 2").fill("tabloid.md")
        page.get_by_role("button", name="Compare", exact=True).click()
        page.wait_for_selector("#comparison #profile table")
        assert page.locator("#comparison #figures .figure.conflict").count() == 2  # the figures table; the summary links them too
        assert page.locator("#comparison mark").count() >= 2
        assert page.locator("#status").inner_text() == "Compared 2 articles; they disagree on 1 quantity."
        page.screenshot(path=str(ARTIFACTS / "server-page-compare.png"), full_page=True)

        # A bad request is said in words, not a stack trace.
        page.get_by_role("tab", name="Check an article").click()
        page.get_by_label("Article text").fill("")
        page.get_by_role("button", name="Check", exact=True).click()
        assert page.locator("#status").inner_text() == "Paste or drop an article first."
        context.close()

    assert errors == []
    assert elsewhere == []
