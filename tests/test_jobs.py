"""Parallel checking (--jobs) and the fast paths of the matcher give the same findings
as the plain way: one process, one pass over the whole text, every quotation parsed,
every pattern run over the whole text; and what the rule-set cache keeps compiles to the same
expressions."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from framelint.kinds import scanner as matcher
from framelint.api import get_linter
from framelint.text.document import Document
from framelint.kinds import scare_quote
from framelint.kinds.scanner import CompiledRules, fold, pattern_prefixes
from framelint.run.parallel import check_files

SENTENCES = [
    "The regime claimed the strike was unprecedented.",
    "Sources say the \u201cliberation\u201d of the town began on Monday.",
    "\u201cWe will rebuild every house,\u201d the mayor said on Tuesday.",
    "Clearly, the council admitted it had acted too late.",
    "Reportedly, dozens of families were moved to shelters overnight.",
    "The militants insisted that the convoy had been neutralized.",
    "It was one of the deadliest attacks in the region's history, critics say.",
    "The \"peacekeepers\" stayed in the old quarter until dawn.",
    "Police said 14 people were injured, according to the health ministry.",
    "Officials said the so-called \u2018referendum\u2019 would go ahead.",
    "The junta's spokesman told reporters: \"The numbers are still being counted.\"",
    "Residents described a devastating night, with collateral damage across the city.",
]


def news(seed: int, paragraphs: int = 6) -> str:
    rng = random.Random(seed)
    head = "Council reviews the night shelters in the capital"
    body = ["  ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4))) for _ in range(paragraphs)]
    return head + "\n\n" + "\n\n".join(body) + "\n"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMELINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the key that signs its entries
    monkeypatch.delenv("FRAMELINT_NO_CACHE", raising=False)


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(40):
        (folder / f"story-{i:02d}.txt").write_text(news(i), encoding="utf-8")
    return folder


def framelint(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "framelint", *args], capture_output=True, text=True, cwd=cwd)


def test_jobs_2_gives_the_same_json_as_jobs_1(articles):
    one = framelint("check", "--format", "json", "--jobs", "1", str(articles))
    two = framelint("check", "--format", "json", "--jobs", "2", str(articles))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    findings = json.loads(one.stdout)
    assert len({f["path"] for f in findings}) == 40  # every article has findings


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(articles, value):
    result = framelint("check", "--jobs", value, str(articles))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (f"framelint: error: argument --jobs/-j: must be a positive number of processes, "
                             f"not '{value}'\n")


def test_jobs_n_gives_the_output_of_jobs_1_in_the_order_given(articles):
    # Files named out of order, a long one first (its worker finishes last) and a missing one
    # in the middle: every format's output is the same, and follows the order of the arguments.
    (articles / "long.txt").write_text("\n\n".join(news(seed, 40) for seed in range(25)), encoding="utf-8")
    names = [f"story-{i:02d}.txt" for i in random.Random(3).sample(range(40), 40)]
    files = [str(articles / "long.txt"), *(str(articles / n) for n in names[:20]), str(articles / "missing.txt"),
             *(str(articles / n) for n in names[20:])]
    for fmt in ("concise", "json", "jsonl"):
        one = framelint("check", "--format", fmt, "--jobs", "1", *files)
        for jobs in ("2", "3"):
            many = framelint("check", "--format", fmt, "--jobs", jobs, *files)
            assert (many.stdout, many.stderr, many.returncode) == (one.stdout, one.stderr, one.returncode), (fmt, jobs)
    paths = [line.split(":", 1)[0] for line in framelint("check", "--format", "concise", "--jobs", "3",
                                                          *files).stdout.splitlines()]
    assert list(dict.fromkeys(paths)) == [f for f in files if not f.endswith("missing.txt")]
    assert "missing.txt: no such file or directory" in one.stderr


def test_parallel_results_come_in_input_order(articles):
    files = sorted(str(p) for p in articles.iterdir())
    files = files[::-1] + [str(articles / "missing.txt")]
    linter = get_linter()
    serial = list(check_files(linter, files, jobs=1))
    parallel = list(check_files(linter, files, jobs=2))
    assert [r.path for r in parallel] == files
    assert [(r.findings, r.errors) for r in parallel] == [(r.findings, r.errors) for r in serial]
    assert [str(e) for e in parallel[-1].errors] == [f"{files[-1]}: no such file or directory"]


# -- the matcher's fast paths agree with the plain way ------------------------------------------
def plain_terms(compiled, prose: str):
    """Term candidates the plain way: the term expression's finditer over the whole folded text."""
    if compiled.master is None:
        return
    folded = fold(prose)
    for m in compiled.master.finditer(folded):
        yield from compiled._terms(m, folded, 0)


def plain_findings(linter, text: str, path: str = "story.txt"):
    """Findings as the straightforward engine finds them: no chunks, no prefilters."""
    compiled = linter.compiled
    from framelint.kinds import scare_quote

    saved = (CompiledRules.term_candidates, scare_quote.short_quotations, CompiledRules.pattern_matches)
    CompiledRules.term_candidates = plain_terms
    scare_quote.short_quotations = lambda doc, max_words: doc.quotations()
    CompiledRules.pattern_matches = lambda self, pattern, prose, cands, timeout: pattern.finditer(
        prose, timeout=timeout)
    try:
        assert compiled is linter.compiled
        return linter.check_text(text, path).findings
    finally:
        CompiledRules.term_candidates, scare_quote.short_quotations, CompiledRules.pattern_matches = saved


@pytest.mark.parametrize("seed", range(5))
def test_fast_paths_find_what_the_plain_engine_finds(seed):
    linter = get_linter()
    text = news(seed, paragraphs=30)
    fast = linter.check_text(text, "story.txt").findings
    assert fast  # the text is full of framing
    assert fast == plain_findings(linter, text)


def test_long_texts_are_matched_in_chunks_with_the_same_result(monkeypatch):
    linter = get_linter()
    text = "\n\n".join(news(seed) for seed in range(12))
    whole = linter.check_text(text, "story.txt").findings
    monkeypatch.setattr(matcher, "CHUNK", 97)  # many cuts, some inside phrases and quotations
    chunked = linter.check_text(text, "story.txt").findings
    assert chunked == whole
    assert len(whole) > 50


def test_short_quotation_prefilter_keeps_every_scare_quote():
    text = ('He called it a \u201cpeace mission\u201d.  The "reform" passed.  They spoke of \u00abmartyrs\u00bb.\n\n'
            "The \u2018plan\u2019 failed.  An unclosed \u201csmall thing\n\nNext paragraph, don't worry.")
    doc = Document(text)
    short = [(q.start, q.end) for q in scare_quote.short_quotations(doc, 5)]
    every = [(q.start, q.end) for q in Document(text).quotations()
             if 1 <= len(text[q.inner_start:q.inner_end].split()) <= 5]
    assert set(every) <= set(short)


@pytest.mark.parametrize("pattern, expected", [
    (r"\b(?P<flag>(?:insist(?:s|ed)?)\s+that)", ["insist that", "insisted that", "insists that"]),
    (r"(?<!\bnot\s)\b(?:with\s+)?no\s+qualms", ["no qualms", "with no qualms"]),
    (r"\bLash(?:es|ed)?\s+out", ["lash out", "lashed out", "lashes out"]),
])
def test_pattern_prefixes(pattern, expected):
    assert pattern_prefixes(pattern, matcher.regex.I) == expected


@pytest.mark.parametrize("pattern", [r"\w+est\b", r"\b(?:the|its)\s+\w+est", r"\bno\b", r"(?-i:[A-Z])\w+ly"])
def test_patterns_without_a_selective_prefix_are_run_over_the_text(pattern):
    assert pattern_prefixes(pattern, matcher.regex.I) is None


def test_a_damaged_cache_is_rebuilt(articles, tmp_path):
    first = framelint("check", "--format", "json", str(articles))
    entries = sorted((tmp_path / "cache").glob("*.json"))
    assert [e.name.split("-")[0] for e in entries] == ["compiled", "regex", "rules"]
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:100])  # truncated, as by a full disk
    second = framelint("check", "--format", "json", str(articles))
    assert second.stdout == first.stdout and second.returncode == first.returncode == 1
    assert second.stderr == ""


def test_an_edited_rule_file_is_seen_at_once(tmp_path):
    rules = tmp_path / "house"
    rules.mkdir()
    rule = rules / "HS001-house-word.toml"
    source = "\n".join([
        'code = "HS001"', 'name = "house-word"', 'category = "loaded-language"', 'kind = "terms"',
        "message = \"'{match}' is a house word.\"", 'description = "A test rule."',
        'terms = ["gizmo"]', 'exceptions = [%s]',
        "[examples]", 'flag = ["A [[gizmo]] broke."]', 'pass = ["A tool broke."]', ""])
    draft = tmp_path / "draft.txt"
    draft.write_text("The gizmo fund opened.\n", encoding="utf-8")
    args = ("check", "--format", "concise", "--select", "HS001", "--rules", str(rules), str(draft))
    rule.write_text(source % "", encoding="utf-8")
    assert framelint(*args).stdout == f"{draft}:1:5: HS001 [warning] 'gizmo' is a house word.\n"
    rule.write_text(source % '"gizmo fund"', encoding="utf-8")
    assert framelint(*args).stdout == ""


SEGMENTED_RULE = "\n".join([
    'code = "ZZ901"', 'name = "possessive-superlative"', 'category = "unverifiable-superlative"',
    'kind = "pattern"', "message = \"'{match}' is a superlative.\"", 'description = "A test rule."',
    # Matches start with "the", "its" or any possessive word: no selective prefix, so the
    # pattern is run only over stretches between punctuation that hold "deadliest" or "worst".
    "patterns = ['''" + r"\b(?P<flag>(?:the|its|[\w-]+['’]s)\s+(?:single\s+)?(?:deadliest|worst))\b(?!-)" + "''']",
    "[examples]", 'flag = ["It was [[the deadliest]] day."]', 'pass = ["It was a bad day."]', ""])


def test_a_pattern_without_a_prefix_is_run_only_where_its_words_are(tmp_path):
    from framelint.config import Config
    from framelint.engine.linter import Linter

    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "ZZ901-possessive-superlative.toml").write_text(SEGMENTED_RULE, encoding="utf-8")
    linter = Linter(Config(select=("ZZ901",), rule_dirs=(str(folder),)))
    pattern = linter.compiled.pattern_rules[0].patterns[0]
    assert id(pattern) in linter.compiled.segmented
    text = ("The city's deadliest night. Its worst-case plan, the worst. The single deadliest,\n"
            "the\n\nworst of it; the region’s single worst (the worst) \"its deadliest\" the worstening.\n") * 40
    fast = linter.check_text(text, "story.txt").findings
    assert [f.match for f in fast[:6]] == ["city's deadliest", "the worst", "The single deadliest", "the\n\nworst",
                                           "region’s single worst", "the worst"]
    assert fast == plain_findings(linter, text)


def tricky_text(compiled) -> str:
    """Terms of the built-in rules in every kind of context: at the start of the text, after
    and before punctuation, hyphens, non-ASCII letters and underscores, across line breaks."""
    terms = sorted(compiled.term_index)
    sample = terms[::max(1, len(terms) // 60)] + [t for t in terms if " " in t][:20]
    contexts = ["{}", "({})", "\u201c{}\u201d", "x-{}", "-{}", "\u00e9{}", "{}\u00e9", "_{}", "{}_", "{}-x",
                "{}-", "[{}s]", "{}.", "{}'s", "{},", "\n{}\n", "{} {}", "\u2019{}\u2019", "{}\u2011x", "\u00a0{}"]
    parts = []
    for i, term in enumerate(sample):
        shown = term.replace(" ", "\n" if i % 3 == 0 else "  ").upper() if i % 2 else term
        parts.extend(c.format(shown, shown) for c in contexts)
    return " ".join(parts)


@pytest.mark.parametrize("chunk", [None, 7, 97])
def test_the_one_scan_finds_the_terms_the_term_expression_finds(monkeypatch, chunk):
    compiled = get_linter().compiled
    text = tricky_text(compiled) + "\n\n" + news(1, 20)
    if chunk:
        monkeypatch.setattr(matcher, "CHUNK", chunk)
        text = text * 3  # long enough to be read in chunks
    found = list(compiled.term_candidates(text))
    assert len(found) > 500
    assert found == list(plain_terms(compiled, text))
    for head in (text[:12], text[1:30], text[:1]):  # a term at the very start, or cut short
        assert list(compiled.term_candidates(head)) == list(plain_terms(compiled, head))


def rule_examples() -> str:
    """Every built-in rule's examples, run together as one text, twice: once as paragraphs,
    once glued by punctuation, so that every pattern has matches in many contexts."""
    rules = get_linter().rules
    examples = [e.replace("[[", "").replace("]]", "") for r in rules for e in r.flag_examples + r.pass_examples]
    return "\n\n".join(examples) + "\n\n" + " ".join(examples) + "; " + ", ".join(examples)


def test_every_pattern_rule_finds_by_its_prefilter_what_finditer_finds():
    from framelint.engine.linter import PATTERN_TIMEOUT

    compiled = get_linter().compiled
    text = rule_examples() + "\n\n" + news(2, 30)
    list(compiled.term_candidates(text))
    candidates = compiled.pattern_candidates(text)
    tried = 0
    for crule in compiled.pattern_rules:
        for pattern in crule.patterns:
            fast = [m.span() for m in compiled.pattern_matches(pattern, text, candidates, PATTERN_TIMEOUT)]
            plain = [m.span() for m in pattern.finditer(text)]
            assert fast == plain, (crule.rule.code, pattern.pattern)
            tried += bool(plain)
    assert tried >= len(compiled.pattern_rules)  # the examples give every pattern rule matches


def test_pattern_candidates_are_those_of_the_scan_of_the_same_text():
    compiled = get_linter().compiled
    text, other = news(3, 10), news(4, 10)
    alone = compiled.pattern_candidates(text)  # without a term scan first: scans itself
    list(compiled.term_candidates(other))
    assert compiled.pattern_candidates(text) == alone  # the last scan was of another text
    list(compiled.term_candidates(text))
    assert compiled.pattern_candidates(text) == alone
    assert alone


def test_cached_regex_code_compiles_to_the_same_patterns(tmp_path, monkeypatch):
    from framelint import cache as rulecache

    compiled = get_linter().compiled
    text = rule_examples()
    seen = 0
    for crule in compiled.compiled:
        for source, flags in ([(p.pattern, p.flags) for p in crule.patterns]
                              + [(p, matcher._SENTENCE_FLAGS) for p in crule.rule.if_sentence + crule.rule.unless_sentence]):
            code = rulecache.regex_code(source, flags)
            assert code is not None, source
            fast, slow = rulecache.compile_regex(code, source, flags), matcher.regex.compile(source, flags)
            assert (fast.pattern, fast.flags, fast.groupindex, fast.groups) == (slow.pattern, slow.flags,
                                                                                 slow.groupindex, slow.groups)
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]
            seen += 1
    assert seen > 20
    # A pattern regex cannot compile has no code: it is compiled (and fails) the usual way.
    assert rulecache.regex_code("(unclosed", 0) is None
    with pytest.raises(matcher.regex.error):
        rulecache.compile_regex(None, "(unclosed", 0)


def test_the_expressions_of_a_rule_set_come_from_the_cache(tmp_path, monkeypatch):
    from framelint.config import Config
    from framelint.engine.linter import Linter

    Linter(Config())  # fills the cache
    compiled = Linter(Config()).compiled
    calls = []
    monkeypatch.setattr(matcher.regex, "compile", lambda *a, **k: calls.append(a))
    for crule in compiled.compiled:
        for pattern in crule.patterns:
            assert pattern.code is not None
            pattern.compiled.search("the regime")
        crule.if_sentence, crule.unless_sentence  # noqa: B018 - compiled when first asked for
    assert calls == []


# Patterns whose shape decides how they are prefiltered: by literal prefixes (tried only where one
# starts), by required words (run only on the stretches between marks that hold one), or not at
# all. Each must find exactly what finditer finds, marks and look-arounds included.
SHAPES = [
    r"\b(?:the|its)\s+(?:worst|deadliest)(?=,)",           # a look-ahead reads a comma
    r"\b(?:[\w-]+['’]s|the|its)\s+(?:worst|deadliest)(?=,)",
    r"\b(?:the|its)[,;]\s+deadliest",                      # the match holds a comma
    r"\b(?:[\w-]+['’]s|the|its)[,;]\s+deadliest",
    r"\b(?:[\w-]+['’]s|the|its)\s+(?:worst|deadliest)(?!\s*[.!?])",  # a negative look-ahead reads a full stop
    r"(?<=\bsaid[,.] )(?:the|its)\s+worst",                 # a look-behind reads marks: they still cut
    r"(?<=\bsaid[,.] )(?:[\w-]+['’]s|the|its)\s+worst",
    r"\b(?:the|a)[^\S\n]+(?:worst|deadliest)\b",            # whitespace as a negated set
    r"(?<!\b(?:not|never)\s)\b(?:the|a)\s+[^\S\n]*worst(?:\s+ever)?",
    r"^(?:the|a)\s+worst",                                  # the start of the text
    r"(?m)^(?:naturally|incredibly),",                      # the start of a line
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:naturally|incredibly|sure\s+enough)(?=\s*,)",
    r"(?<=x)regimes?",                                      # not at a word's start: no prefilter
    r"(?<=\w)-regime",
    r"\b(?:legal|medical|health|security|military|market|political|climate)?\s*(?:critics|experts|analysts|"
    r"observers|residents)\s+(?:said|say|warned|claimed)",
    r"\b(?P<flag>(?:one|some)\s+of\s+(?:the|its)\s+(?:deadliest|worst))\b(?:\s+in\s+[\w'’-]+)?",
]


def shape_text() -> str:
    pieces = ["the worst, its deadliest; the, deadliest. its; deadliest the worst. the worst ever",
              "the city's worst, the region's deadliest. Marrow's, deadliest; the town's; deadliest",
              "He said, the worst. She said. the worst of it. a  worst day, a\nworst night, not the worst",
              "Naturally, it rained.\nincredibly, it stopped. Sure enough, it did. naturally not.",
              "xregime xregimes the regime anti-regime counter-regime regimes.",
              "Legal experts said so. Residents warned, critics claimed. market analysts say; observers said",
              "one of the deadliest in years, some of its worst in Marrow's history. One of the worst."]
    return "The worst came first. " + "\n\n".join(pieces * 3) + "\n\n" + news(5, 6)


def test_each_shape_of_pattern_is_prefiltered_exactly(tmp_path):
    from framelint.config import Config
    from framelint.engine.linter import PATTERN_TIMEOUT, Linter

    folder = tmp_path / "rules"
    folder.mkdir()
    for i, pattern in enumerate(SHAPES):
        (folder / f"ZZ{950 + i}-shape-{i}.toml").write_text("\n".join([
            f'code = "ZZ{950 + i}"', f'name = "shape-{i}"', 'category = "unverifiable-superlative"',
            'kind = "pattern"', "message = \"'{match}'.\"", 'description = "A test rule."',
            "patterns = ['''" + pattern + "''']",
            "[examples]", 'flag = ["x"]', 'pass = ["y"]', ""]), encoding="utf-8")
    linter = Linter(Config(select=tuple(f"ZZ{950 + i}" for i in range(len(SHAPES))), rule_dirs=(str(folder),)))
    compiled = linter.compiled
    text = shape_text()
    for prose in (text, text * 40):  # sparse and dense: the prefilters switch to a whole scan when dense
        list(compiled.term_candidates(prose))
        candidates = compiled.pattern_candidates(prose)
        for crule in compiled.pattern_rules:
            pattern = crule.patterns[0]
            fast = [m.span() for m in compiled.pattern_matches(pattern, prose, candidates, PATTERN_TIMEOUT)]
            assert fast == [m.span() for m in pattern.finditer(prose)], pattern.pattern
            assert fast, pattern.pattern  # the text holds matches of every shape
    # The shapes do take the fast paths: most are prefiltered one way or the other.
    ids = [id(c.patterns[0]) for c in compiled.pattern_rules]
    assert sum(i not in compiled.unfiltered for i in ids) >= 5
    assert sum(i in compiled.segmented for i in ids) >= 4


def test_cached_regex_is_compiled_once_for_all_runs(tmp_path):
    """rulecache.cached_regex keeps what regex compiles a fixed expression to: a later process
    gets the same pattern without compiling it."""
    code = "\n".join([
        "import sys, regex, regex._main as main",
        "from framelint import cache as rulecache",
        "if sys.argv[1] == 'cached':",
        "    def refuse(*args): raise AssertionError('compiled again')",
        "    main._compile = refuse",
        "p = rulecache.cached_regex(r'\\b(?P<w>regimes?)\\b(?!\\s+change)', regex.I | regex.V0)",
        "print([m.span('w') for m in p.finditer('The Regime fell; regime change; regimes.')], p.flags)",
    ])
    env = {**os.environ, "FRAMELINT_CACHE_DIR": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code, "first"], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code, "cached"], capture_output=True, text=True, env=env)
    expected = regex.compile(r"\b(?P<w>regimes?)\b(?!\s+change)", regex.I | regex.V0)
    spans = [m.span("w") for m in expected.finditer("The Regime fell; regime change; regimes.")]
    assert first.stdout == second.stdout == f"{spans} {expected.flags}\n", (first.stderr, second.stderr)


def test_workers_send_no_text_back_when_no_reporter_shows_it(articles):
    """keep_text=False: the same findings, in the same order, without every file's text pickled back."""
    from framelint.api import get_linter
    from framelint.run.parallel import check_files

    linter = get_linter()
    files = sorted(str(p) for p in articles.iterdir())
    serial = list(check_files(linter, files, jobs=1))
    parallel = list(check_files(linter, files, jobs=2, keep_text=False))
    assert [r.findings for r in parallel] == [r.findings for r in serial] and any(r.findings for r in serial)
    assert all(r.text is None for r in parallel) and all(r.text is not None for r in serial)
