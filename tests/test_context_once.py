"""The context of a candidate is found once per document, and the fast paths find what the
patterns they stand for find.

Attribution looks for verbs of saying a word at a time, and tries the speaker patterns
only where a match can start; these tests compare each with the plain pattern search it
replaces, on many generated sentences, and check that each sentence is attributed once.
"""

from __future__ import annotations

import random

import pytest

from framelint.engine.linter import Linter
from framelint.text import attribution as A
from framelint.text.document import Document

WORDS = """the minister said has had also then later have told reporters that officials
    Kirby Berg Lt. Col. Anna O'Neill well-known U.S. spokesman added wrote claims Claimed SAID
    in on at to by a an it he she they we was were is been calling described insisting
    and but which, who; ( ) — : 1,040 " “ ” ‘ ’ ' ſaid talks continued reportedly""".split()


def sentences(n: int, seed: int = 7):
    rng = random.Random(seed)
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 40))]
        seps = [rng.choice([" ", " ", " ", "  ", "\n", "\t", ", ", "\u00a0"]) for _ in words]
        yield "".join(w + s for w, s in zip(words, seps)).rstrip() + rng.choice(["", " ", "."])


def test_verbs_found_a_word_at_a_time_are_the_patterns_matches():
    for text in sentences(3000):
        expected = [(m.start(), m.end(), m.group("verb")) for m in A._SAY_IN_SENTENCE.finditer(text)]
        assert A._say_verbs(text) == expected, text


def test_speaker_before_a_quotation_is_the_patterns_leftmost_match():
    for text in sentences(3000, seed=11):
        for cut in (0, len(text) // 3):
            expected = A.SPEAKER_BEFORE.search(text, cut)
            got = A._speaker_before(text, cut)
            assert (got and got.span("speaker"), got and got.group("verb")) == \
                   (expected and expected.span("speaker"), expected and expected.group("verb")), text


def test_subject_searched_in_the_last_words_is_the_patterns_match():
    for text in sentences(3000, seed=13):
        clause = text + " "
        expected = A._SUBJECT.search(clause)
        got = A._SUBJECT.search(clause, A._tail_start(clause, 6, A._SUBJECT_AUX))
        assert (got and got.span("subj")) == (expected and expected.span("subj")), clause


def test_sources_of_a_sentence_are_found_once(monkeypatch):
    calls = []
    real = A._sources
    monkeypatch.setattr(A, "_sources", lambda s: calls.append(s) or real(s))
    # Many framed words in one sentence that names a source: each candidate asks who said it.
    sentence = ("The mayor said the regime's notorious thugs cynically staged a so-called "
                "referendum, a disastrous and shameful sham.")
    doc = Document(sentence + "\n", "text", "x.txt")
    result = Linter().check_document(doc)
    assert result.findings
    assert calls and len(calls) == len(set(calls)), calls
