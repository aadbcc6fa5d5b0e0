"""The scare-quote kind: one to five quoted words that no one is said to have said."""

from __future__ import annotations

import re

from ..text.language import DOUBLE_MARKS as _CLOSERS, OPENERS_OF_QUOTES as _OPENERS, QUOTE_MARKS as _MARKS
from ..text.language import SINGLE_OPENERS
from .base import Candidate
from .scanner import fold

NAME = "scare-quote"
_SHORT_QUOTE: dict[int, re.Pattern] = {}


def validate(data: dict, fail) -> None:
    if not (1 <= data.get("min_words", 1) <= data.get("max_words", 5)):
        raise fail("max_words", "needs 1 <= min_words <= max_words")


def candidates(ctx):
    """Judged candidates: the short quotations of the text that are scare quotes."""
    for crule in ctx.compiled.compiled:
        if crule.rule.kind != NAME:
            continue
        for quote in short_quotations(ctx.doc, crule.rule.max_words):
            try:
                scare = crule.index not in ctx.stopped and is_scare_quote(ctx, crule, quote)
            except TimeoutError as exc:
                ctx.stop(crule, exc)
                scare = False
            if scare:
                yield Candidate(crule.index, quote.start, quote.end, None, True)


def is_scare_quote(ctx, crule, quote) -> bool:
    """Whether a short quotation is a scare quote: a phrase with no speaker, not a name or a title."""
    doc, clock, timeout = ctx.doc, ctx.clock, ctx.timeout
    rule = crule.rule
    if quote.nested:
        return False
    inner = doc.prose[quote.inner_start:quote.inner_end].strip()
    words = inner.split()
    if not (rule.min_words <= len(words) <= rule.max_words):
        return False
    if inner[-1:] in ".!?,;:" or quote.end - quote.start < 3:
        return False  # a quoted sentence, not a phrase
    if all(w[:1].isupper() or w[:1].isdigit() for w in words) and any(c.islower() for c in inner):
        return False  # a name or a title: "Mayak", "Operation Dawn"
    if crule.exceptions is not None:
        before = fold(doc.prose[max(0, quote.start - 40):quote.start])
        with clock(crule.index):
            for m in crule.exceptions.finditer(before, timeout=timeout):
                if not before[m.end():].strip():
                    return False
    if rule.scope == "headline" and not doc.in_headline(quote.start):
        return False
    ss, se = doc.sentence_at(quote.start)
    sentence = doc.prose[ss:se]
    if crule.unless_sentence:
        with clock(crule.index):
            if any(p.search(sentence, timeout=timeout) for p in crule.unless_sentence):
                return False
    return not quote.attributed  # last: finding the speaker costs the most


def short_quotations(doc, max_words: int):
    """The quotations of every paragraph that may hold one of at most ``max_words`` words.

    A cheap scan finds where such a quotation may open; only those paragraphs are
    parsed for quotations (and speakers are found only when asked for).
    """
    pattern = _SHORT_QUOTE.get(max_words)
    if pattern is None:
        # A quotation mark, then at most max_words words, then another mark (or the end of
        # the paragraph after a word). Each word is matched whole, as an atomic group would
        # (Python 3.10's re has none: a look-ahead's capture, then a reference to it), so
        # that a failed attempt does not try every split of every word.
        def word(group: int) -> str:
            return f"(?=([^\\s{_MARKS}]+))\\{group}"

        pattern = _SHORT_QUOTE[max_words] = re.compile(
            rf"[{_OPENERS}](?<![^\W_][{SINGLE_OPENERS}])"
            rf"(?=(?P<inner>\s*(?:{word(2)}\s+){{0,{max_words - 1}}}(?:{word(3)}\s*)?)"
            rf"(?:(?P<mark>[{_MARKS}])|(?<=[^\s{_MARKS}])\s*(?:\n\s*\n|\Z)))")
    prose = doc.prose
    last = -1
    for m in pattern.finditer(prose):
        if m.start() < last:
            continue
        inner, mark = m.group("inner"), m.group("mark")
        if (mark is not None and inner and inner[-1] in ".!?,;:" and mark in _CLOSERS.get(prose[m.start()], "")
                and "\n" not in inner):
            # A quoted sentence closed on the same line, not a phrase: no scare quote here.
            continue
        start, end = doc.paragraph_at(m.start())
        last = end
        yield from doc.quotations_in(start)
