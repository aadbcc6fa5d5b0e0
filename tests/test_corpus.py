"""The annotated corpus, and the quality harness that measures framelint on it.

Each article in corpus/ must produce exactly the findings its ``.expect.toml``
annotates as "expected" or "false-positive"; a "missed" annotation must not be
found (if it is, the annotation is stale: change its status to "expected"); a
wire-style article gives at most one finding per 1,000 words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framelint.api import get_linter
from framelint.analysis.quality import AnnotationError, evaluate, evaluate_article, find_articles, load_sidecar
from framelint.quality import main

from conftest import ROOT, linter_for, make_rule, write_rule
from framelint.text.formats import name_for_path

CORPUS = ROOT / "corpus"
if CORPUS.is_dir():
    ARTICLES, UNANNOTATED = find_articles(CORPUS)
else:  # pragma: no cover - only before the corpus exists
    ARTICLES, UNANNOTATED = [], []


# -- the real corpus ----------------------------------------------------------------------------
@pytest.mark.parametrize("article", ARTICLES, ids=[str(a.path.relative_to(CORPUS)) for a in ARTICLES])
def test_corpus_article(article):
    result = evaluate_article(get_linter(), article)
    assert result.errors == []
    problems = [str(m) for m in result.mismatches()]
    if problems:
        pytest.fail(f"{len(problems)} mismatches:\n" + "\n".join(problems), pytrace=False)


def test_every_corpus_article_is_annotated():
    assert UNANNOTATED == [], f"articles without a .expect.toml: {UNANNOTATED}"


@pytest.mark.skipif(not ARTICLES, reason="no corpus yet")
def test_corpus_shape():
    from framelint.text.document import Document

    assert len(ARTICLES) >= 15
    assert {a.path.suffix for a in ARTICLES} >= {".txt", ".md", ".html"}
    assert {a.style for a in ARTICLES} == {"wire", "framed"}
    short = []
    for a in ARTICLES:
        text = a.path.read_text(encoding="utf-8-sig")
        words = Document(text, name_for_path(str(a.path))).word_count
        if words < 300:
            short.append(f"{a.path.name}: {words} words")
    assert not short, f"articles under 300 words: {short}"


# -- the harness, on small articles made here -------------------------------------------------------
RULES = [make_rule("TT101", "zorblat-term", terms=["zorblat"], category="charged-label"),
         make_rule("TT102", "grintle-term", terms=["grintle"], category="euphemism")]


def article(tmp_path: Path, name: str, text: str, sidecar: str, style: str = "framed") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    stem = name.rsplit(".", 1)[0]
    (tmp_path / f"{stem}.expect.toml").write_text(f'beat = "test"\nstyle = "{style}"\n\n{sidecar}',
                                                  encoding="utf-8")
    return path


def finding(line: int, category: str, text: str, status: str = "expected", note: str = "") -> str:
    return (f'[[finding]]\nline = {line}\ncategory = "{category}"\ntext = {json.dumps(text)}\n'
            f'status = "{status}"\nnote = "{note}"\n\n')


def test_harness_counts_and_mismatches(tmp_path):
    article(tmp_path, "a.txt",
            "Headline\n\nThe zorblat and the zorblat.\nA grintle here.\nZorblat again.\nNothing.\n",
            finding(3, "charged-label", "zorblat")                       # TP
            + finding(3, "charged-label", "zorblat", "false-positive")   # known FP (second on the line)
            + finding(4, "euphemism", "grintle", "missed")               # stale: it is found
            + finding(6, "euphemism", "Nothing")                          # FN (expected)
            + finding(6, "charged-label", "Nothing", "missed")            # FN (known gap)
            + finding(2, "euphemism", "gone", "false-positive"))          # stale false positive
    result = evaluate(tmp_path, linter_for(*RULES))
    [art] = result.articles
    assert [(f.line, a.status) for f, a in art.true_positives] == [(3, "expected")]
    assert [(f.line, a.status) for f, a in art.known_false_positives] == [(3, "false-positive")]
    assert [(f.line, f.match) for f in art.unexpected] == [(5, "Zorblat")]
    assert [(a.line, a.status) for a in art.false_negatives] == [(6, "expected"), (6, "missed")]
    assert [(f.line, a.text) for f, a in art.stale_missed] == [(4, "grintle")]
    assert [a.text for a in art.stale_false_positives] == ["gone"]
    path = str(tmp_path / "a.txt")
    assert [str(m) for m in result.mismatches()] == [
        f"{path}:2: false positive euphemism 'gone' is no longer reported; remove the annotation",
        f"{path}:4: euphemism 'grintle' is annotated as missed but TT102 now finds it; "
        f"change its status to \"expected\"",
        f"{path}:5: unexpected finding TT101 charged-label 'Zorblat' ('Zorblat' is a test term.); "
        f"annotate it as expected or false-positive",
        f"{path}:6: expected euphemism 'Nothing' was not found",
    ]
    per, total = result.counts()
    assert {cat: (c.tp, c.fp, c.unexpected, c.fn) for cat, c in per.items()} == {
        "charged-label": (1, 1, 1, 1), "euphemism": (1, 0, 0, 1)}
    assert (total.tp, total.fp, total.unexpected, total.fn, total.gaps) == (2, 1, 1, 2, 1)
    assert (round(total.precision, 3), total.recall) == (0.5, 0.5)


def test_harness_exact_agreement(tmp_path):
    article(tmp_path, "b.md", "# Zorblat\n\nA `zorblat` in code, a grintle in prose.\n",
            finding(1, "charged-label", "Zorblat") + finding(3, "euphemism", "grintle"))
    result = evaluate(tmp_path, linter_for(*RULES))
    assert result.mismatches() == []
    per, total = result.counts()
    assert (total.precision, total.recall) == (1.0, 1.0)


def test_harness_html_text_is_the_span_in_the_file(tmp_path):
    article(tmp_path, "c.html", "<html>\n<body>\n<p>The zorblat&rsquo;s grintle.</p>\n</body>\n</html>\n",
            finding(3, "charged-label", "zorblat") + finding(3, "euphemism", "grintle"))
    assert evaluate(tmp_path, linter_for(*RULES)).mismatches() == []


def test_harness_wire_density_limit(tmp_path):
    words = " ".join(["calm"] * 999)
    article(tmp_path, "w.txt", f"{words} zorblat grintle.\n",
            finding(1, "charged-label", "zorblat") + finding(1, "euphemism", "grintle"), style="wire")
    result = evaluate(tmp_path, linter_for(*RULES))
    [m] = result.mismatches()
    assert m.kind == "too-dense"
    assert str(m) == (f"{tmp_path / 'w.txt'}: wire-style article has 2 findings in 1001 words "
                      f"(2.00 per 1,000; the limit is 1)")
    assert result.wire() == {"articles": 1, "words": 1001, "findings": 2, "per_1000": 2.0, "max_per_1000": 2.0,
                             "max_article": str(tmp_path / "w.txt"), "limit_per_1000": 1.0}


def test_harness_article_without_sidecar(tmp_path):
    article(tmp_path, "a.txt", "Calm.\n", "")
    (tmp_path / "extra.md").write_text("No annotations.\n")
    result = evaluate(tmp_path, linter_for(*RULES))
    assert [str(m) for m in result.mismatches()] == [
        f"{tmp_path / 'extra.md'}: article has no .expect.toml beside it; annotate it"]


@pytest.mark.parametrize("sidecar, message", [
    ('style = "wire"\nbeat = "x"\nfindings = []\n', "unknown key 'findings' (did you mean 'finding'?)"),
    ('style = "neutral"\n', "'style' must be one of wire, framed, not 'neutral'"),
    ('style = "wire"\n[[finding]]\nline = 1\ncategory = "charged-label"\ntext = "x"\n',
     "finding 1: missing key 'status'"),
    ('style = "wire"\n[[finding]]\nline = 1\ncategory = "charged-label"\ntext = "x"\nstatus = "expect"\n',
     "finding 1: status 'expect' is not one of expected, missed, false-positive (did you mean 'expected'?)"),
    ('style = "wire"\n[[finding]]\nline = 1\ncategory = "charged-labels"\ntext = "x"\nstatus = "expected"\n',
     "finding 1: category 'charged-labels' is not one of charged-label, loaded-language, unattributed-assertion, "
     "unverifiable-superlative, doubt-verb, scare-quote, editorializing, euphemism (did you mean 'charged-label'?)"),
    ('style = "wire"\n[[finding]]\nline = "3"\ncategory = "charged-label"\ntext = "x"\nstatus = "expected"\n',
     "finding 1: 'line' must be an integer"),
    ('style = "wire"\n[[finding]]\nline = 3\ncategory = "charged-label"\ntxt = "x"\nstatus = "expected"\n',
     "finding 1: unknown key 'txt' (did you mean 'text'?)"),
], ids=["top-key", "style", "missing", "status", "category", "line-type", "finding-key"])
def test_malformed_sidecar(tmp_path, sidecar, message):
    (tmp_path / "a.txt").write_text("Calm.\n")
    path = tmp_path / "a.expect.toml"
    path.write_text(sidecar)
    with pytest.raises(AnnotationError) as info:
        load_sidecar(path, tmp_path / "a.txt")
    assert str(info.value) == f"{path}: {message}"


def test_sidecar_without_article(tmp_path):
    (tmp_path / "lonely.expect.toml").write_text('style = "wire"\n')
    with pytest.raises(AnnotationError) as info:
        find_articles(tmp_path)
    assert str(info.value) == (f"{tmp_path / 'lonely.expect.toml'}: no article lonely.txt, .md, .markdown, "
                               f".html or .htm beside it")


# -- the command: python -m framelint.quality -------------------------------------------------------------
def user_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    write_rule(rules, "UR101", "zorblat-word", terms='["zorblat"]', category='"charged-label"')
    return rules


def test_quality_command_text_and_exit_0(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article(corpus, "a.txt", "Words here.\n\nThe zorblat fell.\n", finding(3, "charged-label", "zorblat"))
    article(corpus, "b.txt", " ".join(["calm"] * 300) + "\n", "", style="wire")
    code = main([str(corpus), "--rules", str(user_rules(tmp_path))])
    out = capsys.readouterr().out
    assert code == 0
    assert out == (
        f"framelint quality on {corpus}: 2 annotated articles, 305 words\n"
        "\n"
        "category                     TP   FP  new   FN gaps precision recall\n"
        "charged-label                 1    0    0    0    0      1.00   1.00\n"
        "--------------------------------------------------------------------\n"
        "total                         1    0    0    0    0      1.00   1.00\n"
        "\n"
        "TP: found and expected. FP: found, annotated as a false positive. new: found, not annotated\n"
        "(counted against precision). FN: annotated as expected or missed, not found; gaps: those of\n"
        "the FN annotated as known gaps (missed).\n"
        "\n"
        "wire style: 1 article, 300 words, 0 findings, 0.00 per 1,000 words (worst article 0.00; limit 1)\n"
        "\n"
        "The linter agrees with every annotation.\n")


def test_quality_command_json_and_exit_1(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article(corpus, "a.txt", "The zorblat fell. Zorblat!\n", finding(1, "charged-label", "zorblat")
            + finding(2, "charged-label", "gone", "missed"))
    code = main([str(corpus), "--format", "json", "--rules", str(user_rules(tmp_path))])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["categories"] == {"charged-label": {"tp": 1, "fp": 0, "unexpected": 1, "fn": 1, "known_gaps": 1,
                                                    "precision": 0.5, "recall": 0.5}}
    assert data["total"] == data["categories"]["charged-label"]
    assert [(m["line"], m["kind"], m["code"]) for m in data["mismatches"]] == [(1, "unexpected", "UR101")]
    assert data["per_article"][0]["findings"] == 2


def test_quality_command_bad_sidecar_exit_2(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("x\n")
    (tmp_path / "a.expect.toml").write_text("style = wire\n")
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"framelint.quality: error: {tmp_path / 'a.expect.toml'}: invalid TOML: ")
    assert err.count("\n") == 1


def test_quality_command_missing_corpus(tmp_path, capsys):
    assert main([str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"framelint.quality: error: {tmp_path / 'nope'}: not a directory\n"


def test_quality_command_lists_articles(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = article(corpus, "a.txt", "The zorblat fell.\n", finding(1, "charged-label", "zorblat"))
    assert main([str(corpus), "--articles", "--rules", str(user_rules(tmp_path))]) == 0
    out = capsys.readouterr().out
    width = len(str(path))
    assert (f"{'article':<{width}} style  words found  TP  FP new  FN per 1k\n"
            f"{str(path):<{width}} framed     3     1   1   0   0   0 333.33\n") in out


@pytest.mark.parametrize("annotation, hint", [
    (finding(2, "charged-label", "zorblat"), "; it is found on line 1: is the annotation's line number wrong?"),
    (finding(1, "euphemism", "zorblat"), "; TT101 finds it as charged-label"),
], ids=["line", "category"])
def test_harness_hints_at_near_misses(tmp_path, annotation, hint):
    article(tmp_path, "a.txt", "The zorblat fell.\nCalm.\n", annotation)
    result = evaluate(tmp_path, linter_for(*RULES))
    not_found = [str(m) for m in result.mismatches() if m.kind == "not-found"]
    assert len(not_found) == 1 and not_found[0].endswith(hint)


@pytest.mark.parametrize("annotated", ["zorblat fell", "zorb", "The zorb"], ids=["wider", "narrower", "crossing"])
def test_harness_pairs_overlapping_spans(tmp_path, annotated):
    """An annotation and a finding on the same line and in the same category whose texts contain
    one another are one true positive, not a miss and a false alarm."""
    article(tmp_path, "a.txt", "The zorblat fell.\nCalm.\n", finding(1, "charged-label", annotated))
    result = evaluate(tmp_path, linter_for(*RULES))
    art = result.articles[0]
    assert [(f.match, a.text) for f, a in art.true_positives] == [("zorblat", annotated)]
    assert art.unexpected == [] and art.false_negatives == [] and result.mismatches() == []


def test_harness_prefers_the_exact_pair(tmp_path):
    """Two annotations on one line: the exact one pairs with its finding, the wider one stays unmatched."""
    article(tmp_path, "a.txt", "The zorblat fell.\nCalm.\n",
            finding(1, "charged-label", "zorblat fell") + finding(1, "charged-label", "zorblat"))
    art = evaluate(tmp_path, linter_for(*RULES)).articles[0]
    assert [a.text for _f, a in art.true_positives] == ["zorblat"]
    assert [a.text for a in art.false_negatives] == ["zorblat fell"]


def test_quality_command_closed_pipe(tmp_path, monkeypatch):
    """`python -m framelint.quality | head`: a reader that went away ends the run without a traceback."""
    import os
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article(corpus, "a.txt", "The zorblat fell.\n", finding(1, "charged-label", "zorblat"))
    read_end, write_end = os.pipe()
    os.close(read_end)
    closed = os.fdopen(write_end, "w")
    monkeypatch.setattr(sys, "stdout", closed)
    assert main([str(corpus), "--rules", str(user_rules(tmp_path))]) == 0


def test_harness_overlap_is_by_position(tmp_path):
    """An annotation whose text stands elsewhere on the line does not pair with the finding."""
    article(tmp_path, "a.txt", "Fell: the zorblat fell.\nCalm.\n", finding(1, "charged-label", "Fell"))
    art = evaluate(tmp_path, linter_for(*RULES)).articles[0]
    assert art.true_positives == []
    assert [f.match for f in art.unexpected] == ["zorblat"] and [a.text for a in art.false_negatives] == ["Fell"]
