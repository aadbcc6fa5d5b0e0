"""The one sentence splitter: spans of sentences in a stretch of prose.

Every part of framelint that asks "which sentence is this in" asks here (through
``Document.sentence_at``): abbreviations and titles come from ``language``.
"""

from __future__ import annotations

import re

from .language import ENGLISH

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9\u00C0-\u024F])|\n\s*\n")


def split_sentences(prose: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split prose[start:end] into sentence spans, not breaking after abbreviations."""
    spans = []
    s = start
    for m in _BOUNDARY.finditer(prose, start, end):
        if m.group(0)[0] == ".":
            word = _word_before(prose, m.start(), start)
            if word in ENGLISH.abbreviations or _INITIAL.fullmatch(word):
                # "in the U.S. The ..." ends a sentence; "Gen. Smith" and "Dec. 30" do not.
                nxt = _NEXT_WORD.match(prose, m.end(), end)
                if word in ENGLISH.titles or not nxt or nxt.group(1) not in ENGLISH.openers:
                    continue
        e = m.end()
        if prose[s:e].strip():
            spans.append(_trim(prose, s, e))
        s = e
    if prose[s:end].strip():
        spans.append(_trim(prose, s, end))
    if any(e - s > MAX_SENTENCE for s, e in spans):
        spans = [piece for span in spans for piece in _cut_long(prose, *span)]
    return spans


# A "sentence" longer than this (a page with no full stop, one 10 MB line) is cut at
# spaces into pieces of at most this many characters, so that the work done for each
# finding in it (sentence conditions, attribution) stays bounded.
MAX_SENTENCE = 2000


def _cut_long(prose: str, s: int, e: int) -> list[tuple[int, int]]:
    pieces = []
    while e - s > MAX_SENTENCE:
        cut = prose.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
        cut = s + MAX_SENTENCE if cut == -1 else cut
        pieces.append(_trim(prose, s, cut))
        s = cut
    pieces.append(_trim(prose, s, e))
    return [p for p in pieces if p[1] > p[0]]


_INITIAL = re.compile(r"(?:[A-Za-z]\.)*[A-Z]")
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]?([A-Za-z]+)\b")
def _word_before(prose: str, pos: int, floor: int) -> str:
    i = pos
    while i > floor and not prose[i - 1].isspace() and prose[i - 1] not in "(\"“‘«":
        i -= 1
    return prose[i:pos]


def _trim(prose: str, s: int, e: int) -> tuple[int, int]:
    while s < e and prose[s].isspace():
        s += 1
    while e > s and prose[e - 1].isspace():
        e -= 1
    return s, e

