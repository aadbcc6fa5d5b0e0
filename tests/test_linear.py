"""Checking time grows linearly with every dimension of the input.

Each shape below was once quadratic: the time for twice the input was four times the
time. Each test times one shape at two sizes (best of three) and requires the larger
to take at most 2.5 times as long, which a linear pass meets with room to spare on a
loaded machine and a quadratic one cannot. The sizes are small, so that a regression
shows as a failure in seconds rather than as a run that never ends.

Beside them, the faster paths are compared with the plain pattern searches they stand for.
"""

from __future__ import annotations

import gc
import io
import random
import re
import time

import pytest

from framelint.engine.linter import Linter
from framelint.reporters import Report
from framelint.reporters import text as text_format
from framelint.text.formats import html_page

RATIO = 2.5
SMALL = 50_000


@pytest.fixture(scope="module")
def linter():
    return Linter()


def timed(work, size: int) -> float:
    gc.collect()
    gc.disable()  # a collection that falls in one run and not the other is noise, not growth
    try:
        started = time.perf_counter()
        work(size)
        return time.perf_counter() - started
    finally:
        gc.enable()


def assert_linear(work, size: int = SMALL) -> None:
    work(size // 10)  # warm up: rules compiled, patterns cached
    small = large = float("inf")
    for _ in range(3):  # best of three, the two sizes in turn so that a busy spell hits both
        small = min(small, timed(work, size))
        large = min(large, timed(work, 2 * size))
    assert large <= RATIO * max(small, 0.02), f"{size}: {small:.3f} s, {2 * size}: {large:.3f} s"


def repeated(piece: str, size: int) -> str:
    return piece * (size // len(piece) + 1)


def checker(linter, piece: str, path: str = "x.txt"):
    def work(size: int) -> None:
        linter.check_text(repeated(piece, size), path)
    return work


# -- the engine and the text model --------------------------------------------------------
def test_sentences_on_single_lines_in_one_block(linter):
    assert_linear(checker(linter, "The regime claimed the notorious thugs were so-called experts.\n"))


def test_one_long_line_of_framed_sentences(linter):
    assert_linear(checker(linter, "The regime claimed the notorious thugs were so-called experts. "))


def test_unclosed_single_quotes_in_one_paragraph(linter):
    assert_linear(checker(linter, "He said 'so "))


def test_apostrophes_after_unclosed_single_quotes(linter):
    assert_linear(checker(linter, "the regime's 'x men's "))


def test_many_quotations_in_one_paragraph(linter):
    assert_linear(checker(linter, 'the "regime" said the minister, and \'so-called\' experts '))


def test_quotations_with_speakers_before_them(linter):
    assert_linear(checker(linter, 'Then the minister for the regions said that the plan had failed: "It is a disaster." '))


# -- the default text format ------------------------------------------------------------
def test_text_format_with_many_findings_on_one_line(linter):
    def work(size: int) -> None:
        source = repeated('the regime reportedly said "so-called" experts say an unprecedented claimed ', size)
        result = linter.check_text(source, "line.txt")
        report = Report(findings=result.findings, files=1, sources={"line.txt": source})
        text_format.render(report, io.StringIO())
    assert_linear(work)


# -- HTML --------------------------------------------------------------------------------
@pytest.mark.parametrize("piece", ["<!a ", "<?a ", "<script ", "<!-- x --> <script "])
def test_html_runs_that_never_close(linter, piece):
    assert_linear(checker(linter, piece, "page.html"))


def test_html_tokens_are_the_full_patterns_matches():
    rng = random.Random(5)
    parts = ["<!", "<?", "<script", "<script>", "</script>", "<!--", "-->", ">", "<", "<p>", "</p>", "&amp;",
             "&#39;", "<b class=\"a > b\">", "'", "\"", " ", "\n", "text", "<style>", "<h1>", "</h1>"]
    for _ in range(3000):
        page = "".join(rng.choice(parts) for _ in range(rng.randint(0, 30)))
        expected = [(m.start(), m.end(), m.lastgroup) for m in html_page._HTML_TOKEN.finditer(page)]
        got = [(m.start(), m.end(), m.lastgroup) for m in html_page._tokens(page)]
        assert got == expected, page
