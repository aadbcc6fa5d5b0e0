"""Parallel checking (--jobs) and the fast paths of the matcher give the same findings
as the plain way: one process, one pass over the whole text, every quotation parsed,
every pattern run over the whole text."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from framelint import matcher
from framelint.api import get_linter
from framelint.document import Document
from framelint.matcher import CompiledRules, fold, pattern_prefixes
from framelint.runner import check_files

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
def plain_findings(linter, text: str, path: str = "story.txt"):
    """Findings as the straightforward engine finds them: no chunks, no prefilters."""
    compiled = linter.compiled
    saved = (CompiledRules.term_candidates, CompiledRules.short_quotations, CompiledRules.pattern_matches)
    CompiledRules.term_candidates = lambda self, prose: (
        self._scan(fold(prose), 0, 0, len(prose)) if self.master is not None else iter(()))
    CompiledRules.short_quotations = lambda self, doc, max_words: doc.quotations()
    CompiledRules.pattern_matches = lambda self, pattern, prose, cands, timeout: pattern.finditer(
        prose, timeout=timeout)
    try:
        assert compiled is linter.compiled
        return linter.check_text(text, path).findings
    finally:
        CompiledRules.term_candidates, CompiledRules.short_quotations, CompiledRules.pattern_matches = saved


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
    compiled = get_linter().compiled
    short = [(q.start, q.end) for q in compiled.short_quotations(doc, 5)]
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
    entries = sorted((tmp_path / "cache").glob("*.pickle"))
    assert [e.name.split("-")[0] for e in entries] == ["compiled", "rules"]
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
    from framelint.engine import Linter

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
