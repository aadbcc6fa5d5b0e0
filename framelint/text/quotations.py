"""Direct quotations: one table of quotation marks, and the quotations of a paragraph.

A quotation knows its speaker and verb of saying when its sentence names them
(found by ``attribution.find_speaker``, lazily: most quotations are never asked).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import partial

from .attribution import find_speaker
from .language import DOUBLE_MARKS, QUOTE_MARKS, SINGLE_CLOSERS, SINGLE_OPENERS



@dataclass(frozen=True, slots=True)
class Quotation:
    """A direct quotation in prose offsets, with who said it when the text says."""

    start: int          # opening mark
    end: int            # just after the closing mark (or paragraph end if unclosed)
    inner_start: int
    inner_end: int
    who: object         # (speaker, verb), or a function finding them, called when first asked
    nested: bool = False

    def _who(self) -> tuple[str | None, str | None]:
        who = self.who
        if callable(who):  # finding the speaker costs more than finding the quote: do it lazily
            who = who()
            object.__setattr__(self, "who", who)
        return who  # type: ignore[return-value]

    @property
    def speaker(self) -> str | None:
        return self._who()[0]

    @property
    def verb(self) -> str | None:
        return self._who()[1]

    @property
    def attributed(self) -> bool:
        speaker, verb = self._who()
        return speaker is not None or verb is not None



_QUOTE_CHARS = re.compile("[" + re.escape(QUOTE_MARKS) + "]")


def find_quotations(doc, start: int, end: int) -> list[Quotation]:
    """Find direct quotations in one paragraph, with their speakers."""
    prose = doc.prose
    spans: list[tuple[int, int, bool]] = []  # (open, close-or-end, closed)
    i = start
    while True:
        m = _QUOTE_CHARS.search(prose, i, end)
        if not m:
            break
        ch, pos = m.group(0), m.start()
        if ch in "'‘’":
            i = pos + 1
            continue
        closers = DOUBLE_MARKS.get(ch)
        if closers is None or (ch == "»" and not _opens_guillemet_reversed(prose, pos)):
            i = pos + 1
            continue
        j = pos + 1
        close = -1
        while j < end:
            c = prose[j]
            if c in closers and (ch != "\"" or _closes(prose, j, end)):
                close = j
                break
            j += 1
        if close == -1:
            spans.append((pos, end, False))  # an unclosed quote runs to the paragraph's end
            break
        spans.append((pos, close + 1, True))
        i = close + 1

    quotes: list[Quotation] = []
    for qs, qe, closed in spans:
        inner_end = qe - 1 if closed else qe
        quotes.append(Quotation(qs, qe, qs + 1, inner_end, partial(find_speaker, doc, qs, qe)))
        # Single-quoted stretches inside a double quotation are nested quotes.
        quotes.extend(_single_quotes(doc, qs + 1, inner_end, nested=True))
    # Top-level single quotes (British style, or scare quotes) outside double ones. The double
    # quotations follow one another without overlapping, and the nested ones lie inside them,
    # so the one that may cover a single quote is the last to open before it.
    opens = [qs for qs, _qe, _closed in spans]
    for q in _single_quotes(doc, start, end, nested=False):
        i = bisect_right(opens, q.start) - 1
        if i < 0 or q.start >= spans[i][1]:
            quotes.append(Quotation(q.start, q.end, q.inner_start, q.inner_end,
                                    partial(find_speaker, doc, q.start, q.end)))
    quotes.sort(key=lambda q: (q.start, q.nested))
    return quotes


def _opens_guillemet_reversed(prose: str, pos: int) -> bool:
    # »text« is used in German and Scandinavian; treat » as an opener only then.
    return prose.find("«", pos + 1) != -1 and (pos == 0 or not prose[pos - 1].isalnum())


def _closes(prose: str, j: int, end: int) -> bool:
    """A straight double quote closes when it is not followed directly by a word character
    preceded by space (which would make it an opener)."""
    before = prose[j - 1] if j > 0 else " "
    after = prose[j + 1] if j + 1 < end else " "
    return not (before.isspace() and after.isalnum())


# Compiled once, not looked up in re's cache at every call.
_SINGLE_OPEN = re.compile("[" + SINGLE_OPENERS + "]")
_SINGLE_CLOSE = re.compile("[" + SINGLE_CLOSERS + "]")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")


def _single_quotes(doc, start: int, end: int, nested: bool) -> list[Quotation]:
    prose = doc.prose
    found = []
    closers: list[int] | None = None
    i = start
    while True:
        m = _SINGLE_OPEN.search(prose, i, end)
        if not m:
            break
        pos = m.start()
        before = prose[pos - 1] if pos > start else " "
        after = prose[pos + 1] if pos + 1 < end else " "
        if before.isalnum() or after.isspace() or not (after.isalnum() or after in "\"“"):
            i = pos + 1
            continue
        # Find a closing mark: preceded by a non-space, not followed by a letter. Whether a mark
        # closes does not depend on the opening one, so the marks that close are listed once
        # and each opening mark takes the first after it: an opening quote that never closes
        # does not look at every later apostrophe.
        if closers is None:
            closers = [c for c in (cm.start() for cm in _SINGLE_CLOSE.finditer(prose, start + 1, end))
                       if not prose[c - 1].isspace() and not (prose[c + 1] if c + 1 < end else " ").isalnum()]
        k = bisect_left(closers, pos + 2)
        close = closers[k] if k < len(closers) else -1
        if close == -1:
            i = pos + 1
            continue
        found.append(Quotation(pos, close + 1, pos + 1, close, (None, None), nested))
        i = close + 1
    return found

