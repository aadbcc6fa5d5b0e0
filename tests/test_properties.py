"""Property tests: for any text, Markdown or HTML, checking never raises, and every
finding's offsets, match and line/column agree with the text.

Texts are drawn from a mix of arbitrary Unicode and the things that trip a linter up:
framing words, quotation marks of every kind, tags, entities, Markdown markup, CRLF and
lone CR line breaks, tabs, zero-width and astral characters.
"""

from __future__ import annotations

import codecs
import os
import re
import stat

from hypothesis import HealthCheck, event, example, given, settings, strategies as st

from conftest import make_rule

from framelint.config import DEFAULT
from framelint.engine.linter import Linter
from framelint.run.files import check_bytes, check_file

# One place for the budget: the whole file runs in well under a minute.
# No example database: a test run writes nothing into the working tree.
FAST = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FILES = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
JOBS = settings(max_examples=8, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["regime", "Regime", "REGIME", "reportedly", "allegedly", "unprecedented", "admitted", "claimed",
         "so-called", "experts say", "sources said", "the ministry said", "said", "according to", "Gen.",
         "U.S.", "Dec.", "neutralized", "collateral damage", "clearly", "terrorist", "regimes", "regime's"]
MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "(", ")", ".", ",", "!", "?", ";", ":", "—", "-", "…"]
SPACE = [" ", " ", " ", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\t", "\u00a0", "\u200b", "\u2028", "\ufeff"]
ODD = ["\U0001F600", "\U0001F1FA\U0001F1E6", "e\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u202e", "İ", "ß", "ﬁ",
       "\x00", "\x0b", "\x0c", "\ud7ff", "𝔘"]
MARKDOWN = ["# ", "## ", "---\n", "+++\n", "```\n", "~~~\n", "    ", "> ", "* ", "1. ", "`", "**", "_",
            "[link](http://example.com/regime)", "![img](x.png)", "<!-- ", " -->", "\\", "<b>", "</b>",
            "===\n", "[x]: http://x\n", "https://example.com/regime"]
HTML = ["<p>", "</p>", "<h1>", "</h1>", "<br>", "<script>", "</script>", "<style>", "<!--", "-->", "<b",
        ">", "<", "&amp;", "&nbsp;", "&rsquo;", "&#8220;", "&#x1F600;", "&#xZZ;", "&bogus;", "&", "<a href='x'>",
        "</a>", "<pre>", "<![CDATA[", "<?xml?>", "<div class=\"regime\">"]

_any_char = st.characters(codec="utf-8")  # every code point that can be in a decoded file
_piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(SPACE), st.sampled_from(ODD),
                   st.text(_any_char, max_size=6))


def texts(extra=()):
    pieces = st.one_of(_piece, st.sampled_from(list(extra))) if extra else _piece
    return st.lists(pieces, max_size=60).map("".join)


_LINTER = Linter(DEFAULT)  # the built-in rules: every kind the engine has
_LINTERS: dict[str, Linter] = {}


def positions(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both from 1, computed here without the engine: lines end at \\r\\n, \\r or \\n."""
    line_start, line = 0, 1
    for m in re.finditer(r"\r\n|\r|\n", text):
        if m.end() > offset:
            break
        line_start, line = m.end(), line + 1
    return line, offset - line_start + 1


def assert_findings_agree(text: str, findings) -> None:
    for f in findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start:f.end] == f.match, f
        assert (f.line, f.column) == positions(text, f.start), f
        assert (f.end_line, f.end_column) == positions(text, f.end), f
    keys = [f.sort_key() for f in findings]
    assert keys == sorted(keys)


def check(text: str, kind: str):
    result = _LINTER.check_text(text, f"doc.{kind}", kind)
    assert result.errors == []
    assert_findings_agree(text, result.findings)
    return result


@FAST
@given(texts())
def test_plain_text(text):
    check(text, "text")


@FAST
@given(texts(MARKDOWN))
def test_markdown(text):
    check(text, "markdown")


@FAST
@given(texts(HTML))
def test_html(text):
    check(text, "html")


@FAST
@given(st.text(_any_char, max_size=200))
def test_arbitrary_unicode(text):
    for kind in ("text", "markdown", "html"):
        check(text, kind)


@FAST
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data):
    result = check_bytes(_LINTER, data, "doc.txt")
    assert bool(result.errors) != (result.text is not None)  # either decoded and checked, or one error
    for error in result.errors:
        assert error.path == "doc.txt" and "\n" not in error.message
    if result.text is not None:
        assert_findings_agree(result.text, result.findings)


# -- the same findings whatever the order of the files, and whatever --jobs -------------------------

def _write(tmp_path, docs):
    paths = []
    for i, (kind, text) in enumerate(docs):
        path = tmp_path / f"doc{i}.{ {'text': 'txt', 'markdown': 'md', 'html': 'html'}[kind] }"
        path.write_bytes(text.encode("utf-8"))
        paths.append(str(path))
    return paths


_docs = st.lists(st.tuples(st.sampled_from(["text", "markdown", "html"]), texts(MARKDOWN + HTML)),
                 min_size=1, max_size=5)


@SLOW
@given(docs=_docs, seed=st.randoms(use_true_random=False))
def test_file_order_does_not_change_findings(tmp_path_factory, docs, seed):
    from framelint.run.parallel import check_files

    paths = _write(tmp_path_factory.mktemp("order"), docs)
    shuffled = paths[:]
    seed.shuffle(shuffled)

    def by_path(order):
        results = list(check_files(_LINTER, order, jobs=1))
        assert [r.path for r in results] == order  # reported in the order given
        return sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())

    assert by_path(paths) == by_path(shuffled)


@JOBS
@given(docs=st.lists(st.tuples(st.sampled_from(["text", "markdown", "html"]), texts(MARKDOWN + HTML)),
                     min_size=3, max_size=12))
def test_jobs_do_not_change_results(tmp_path_factory, docs):
    from framelint.run.parallel import check_files

    paths = _write(tmp_path_factory.mktemp("jobs"), docs)
    one = [(r.path, r.findings, r.errors) for r in check_files(_LINTER, paths, jobs=1)]
    three = [(r.path, r.findings, r.errors) for r in check_files(_LINTER, paths, jobs=3)]
    assert one == three


# -- --fix: nothing left that a fix was meant to remove, nothing changed outside the fixed spans ------------

_FIX_RULE = make_rule("TF101", "test-fix", terms=("admitted", "regime", "neutralized"),
                      fix={"admitted": "said", "regime": "government", "neutralized": "killed"},
                      fix_applicability="safe",
                      examples={"flag": ["He [[admitted]] it."], "pass": ["He said it."]})
_FIX_LINTER = Linter(DEFAULT, rules=[_FIX_RULE])


_FIX_WORDS = ["admitted", "Admitted", "ADMITTED", "neutralized", "regime", "Regime",
              "<!-- framelint-disable TF101 -->"]
# Besides the usual mix, prose-like text: a fixable word is often next to a space, a mark or a
# tag, which is where a fix that ate or shifted a character would show.
_fix_texts = st.one_of(
    texts(MARKDOWN + HTML + _FIX_WORDS),
    st.lists(st.tuples(st.one_of(st.sampled_from(_FIX_WORDS + WORDS), _piece),
                       st.sampled_from(SPACE + MARKS + MARKDOWN + HTML)), max_size=30)
    .map(lambda pairs: "".join(word + sep for word, sep in pairs)),
)


@FAST
@given(_fix_texts, st.sampled_from(["text", "markdown", "html"]))
@example("He admitted it. Admitted, he said.\r\nADMITTED regime", "text")
@example('"We admitted nothing," she said; the regime <b>admitted</b> it.', "html")
def test_fix_removes_what_it_fixes_and_nothing_else(text, kind):
    from framelint.run.fixes import fix_text, fixable, match_case

    path = f"doc.{ {'text': 'txt', 'markdown': 'md', 'html': 'html'}[kind] }"
    first = _FIX_LINTER.check_text(text, path).findings
    outcome = fix_text(_FIX_LINTER, text, path)
    new = outcome.new
    # Nothing a fix was meant to remove is left.
    assert fixable(_FIX_LINTER.check_text(new, path).findings) == []
    chosen = fixable(first)
    event(f"fixes in the first pass: {min(len(chosen), 3)}")
    if not chosen:
        assert new == text
        return
    # Outside the spans fixed by the first pass, the text is unchanged, piece by piece, in order;
    # each span became its replacement (a later pass only touches text a fix produced).
    pattern, pos = [], 0
    for f in chosen:
        pattern += [re.escape(text[pos:f.start]), "(.*?)"]
        pos = f.end
    pattern.append(re.escape(text[pos:]))
    m = re.fullmatch("".join(pattern), new, re.S)
    assert m is not None, (text, new)
    if outcome.applied == len(chosen):  # one pass: every span holds exactly its fix
        assert list(m.groups()) == [match_case(f.fix, f.match) for f in chosen]



_CODECS = {"utf-8": b"", "utf-8-bom": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
           "utf-16-be": codecs.BOM_UTF16_BE}


@FILES
@given(st.lists(_fix_texts, min_size=1, max_size=4), st.sampled_from(["txt", "md", "html"]),
       st.sampled_from(sorted(_CODECS)), st.sampled_from([0o600, 0o640, 0o644, 0o755]),
       st.sampled_from(["\n", "\r\n", "\r"]))
@example(lines=["\ufeffHe admitted it.", "ADMITTED"], suffix="txt", codec="utf-8", mode=0o644, newline="\r\n")
def test_fix_file_writes_the_fixed_text_in_place_and_nothing_else(tmp_path_factory, lines, suffix, codec, mode,
                                                                    newline):
    """The real write: the file holds the fixed text in its own encoding, BOM and mode, no
    temporary file is left, and checking it again finds nothing a fix was meant to remove."""
    from framelint.text.decoding import decode
    from framelint.errors import InputError
    from framelint.run.fixes import fix_file, fix_text, fixable

    folder = tmp_path_factory.mktemp("fix")
    path = folder / f"doc.{suffix}"
    text = newline.join(lines)
    data = _CODECS[codec] + text.encode(codec.removesuffix("-bom"))
    path.write_bytes(data)
    path.chmod(mode)
    outcome = fix_file(_FIX_LINTER, str(path))
    assert os.listdir(folder) == [path.name]
    assert stat.S_IMODE(path.stat().st_mode) == mode
    try:
        decoded = decode(data, str(path))
    except InputError as exc:  # not text (a NUL byte, say): one error, the file as it was
        assert [e.message for e in outcome.errors] == [exc.reason]
        assert path.read_bytes() == data
        return
    assert outcome.errors == []
    expected = fix_text(_FIX_LINTER, decoded, str(path)).new
    bom = _CODECS[codec] or (codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b"")  # text began with U+FEFF
    assert path.read_bytes() == bom + expected.encode(codec.removesuffix("-bom"))
    event(f"file changed: {expected != decoded}")
    again = check_file(_FIX_LINTER, str(path))
    assert again.errors == [] and fixable(again.findings) == []


# -- the timed scan of a pattern finds what one whole scan finds ------------------------------------

_SOURCES = [r"\bregime\b", r"(?i)regimes?", r"\w+(?!\w)", r"x?", r"\s*", r"(?<!\w)so-called", r"e$", r"(?m)^\w",
            r"(?P<flag>said)\s+\w+", r"[“\"][^”\"]{1,40}[”\"]"]


@FAST
@given(texts(), st.sampled_from(_SOURCES), st.integers(8, 80), st.data())
def test_timed_scan_matches_finditer(text, source, window, data):
    import regex

    import framelint.kinds.scanner as matcher

    pattern = regex.compile(source)
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    saved = matcher.SCAN_WINDOW, matcher.SCAN_OVERLAP
    matcher.SCAN_WINDOW, matcher.SCAN_OVERLAP = window + 45, 45  # matches here are shorter than 45
    try:
        got = [m.span() for m in matcher.timed_finditer(pattern, text, pos, endpos, 1.0)]
    finally:
        matcher.SCAN_WINDOW, matcher.SCAN_OVERLAP = saved
    assert got == [m.span() for m in pattern.finditer(text, pos, endpos)]
