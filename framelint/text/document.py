"""The document: prose, positions, and the structure rules use.

A ``Document`` holds the decoded ``text`` of a file and the ``prose`` that
rules read. Offsets in findings are always offsets into ``text``; the offset
map turns prose offsets back into them. Paragraphs, sentences and quotations
are found lazily, one paragraph at a time, so a long file with few findings
costs one scan, not a full parse.
"""

from __future__ import annotations

import bisect
import re
from array import array
from functools import cached_property
from itertools import accumulate

from . import attribution, formats
from .quotations import Quotation, find_quotations
from .sentences import split_sentences

class Document:
    """Decoded text of one input, its prose, and lazily found structure."""

    def __init__(self, text: str, format: str = "text", path: str | None = None) -> None:
        self.text, self.format, self.path = text, format, path
        self._map: tuple[list[int], list[int], list[int], list[int]] | None = None
        self.prose, segments, self._headlines = formats.get(format).processor.prose(text)
        if segments:
            self._map = (
                [s[0] for s in segments], [s[1] for s in segments],
                [s[2] for s in segments], [s[3] for s in segments],
            )
        self._sentences: dict[int, list[tuple[int, int]]] = {}
        self._sentence_starts: dict[int, list[int]] = {}
        self._quotes: dict[int, list[Quotation]] = {}
        self._outer: dict[int, tuple[list[Quotation], list[int], list[int]]] = {}
        self._sources: dict[tuple[int, int], tuple] = {}
        self._headline_index: tuple | None = None

    # -- offsets and positions -------------------------------------------------
    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a prose span to a span of ``text``."""
        if self._map is None:
            return start, end
        return self._orig(start, False), self._orig(end, True)

    def _orig(self, p: int, is_end: bool) -> int:
        pstarts, plens, ostarts, olens = self._map  # type: ignore[misc]
        # For an end offset, look at the last character inside the span.
        q = p - 1 if is_end and p > 0 else p
        i = bisect.bisect_right(pstarts, q) - 1
        if i < 0:
            return p
        seg_end = pstarts[i] + plens[i]
        if q < seg_end:  # inside a replaced stretch: snap to its edges
            return ostarts[i] + olens[i] if is_end else ostarts[i]
        return ostarts[i] + olens[i] + (p - seg_end)

    @cached_property
    def line_starts(self) -> array:
        """Offsets where lines start, as a compact array (a 100 MB file has millions of lines)."""
        text = self.text
        starts = array("q", [0])
        if "\r" in text:
            starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
            return starts
        pos, n = 0, len(text)
        while pos < n:  # a stretch at a time: split() is fast but copies what it splits
            cut = text.find("\n", pos + 1_000_000)
            cut = n if cut == -1 else cut + 1
            offset = pos
            for part in text[pos:cut].split("\n")[:-1]:
                offset += len(part) + 1
                starts.append(offset)
            pos = cut
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset into ``text``; columns in code points."""
        starts = self.line_starts
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    # -- paragraphs and headlines --------------------------------------------------
    @cached_property
    def paragraph_starts(self) -> list[int]:
        """Where paragraphs start: after a blank line and, in plain text, after a line break
        that ends a sentence when the next line starts one (see _line_paragraphs)."""
        prose = self.prose
        blank, newlines = [], 0
        for m in _PARAGRAPH_BREAK.finditer(prose):
            blank.append(m.end())
            newlines += m.group().count("\n")
        if self.format != "text":
            return [0] + blank
        return _line_paragraphs(prose, blank, prose.count("\n") - newlines)

    def paragraph_at(self, offset: int) -> tuple[int, int]:
        starts = self.paragraph_starts
        i = bisect.bisect_right(starts, offset) - 1
        start = starts[i]
        end = starts[i + 1] if i + 1 < len(starts) else len(self.prose)
        # Trim the blank lines that separate this paragraph from the next.
        while end > start and self.prose[end - 1].isspace():
            end -= 1
        while start < end and self.prose[start].isspace():
            start += 1
        return start, end

    def paragraphs(self):
        """Yield (start, end) of every non-empty paragraph, in order."""
        starts = self.paragraph_starts
        for i, start in enumerate(starts):
            s, e = self.paragraph_at(start)
            if e > s and (i + 1 == len(starts) or s < starts[i + 1]):
                yield s, e

    @property
    def headlines(self) -> list[tuple[int, int]]:
        if self._headlines is None:
            self._headlines = [p for p in self.paragraphs() if _is_plain_headline(self.prose[p[0]:p[1]])]
        return self._headlines

    def in_headline(self, offset: int) -> bool:
        spans = self.headlines
        if self._headline_index is None or self._headline_index[0] is not spans:
            ordered = sorted(spans)
            self._headline_index = (spans, ordered, [s for s, _ in ordered],
                                    list(accumulate((e for _, e in ordered), max)))
        _spans, ordered, starts, reach = self._headline_index
        # The spans opening at or before the offset; the furthest any of them reaches decides.
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < reach[i]

    # -- sentences ----------------------------------------------------------------
    def sentences_in(self, para_start: int) -> list[tuple[int, int]]:
        cached = self._sentences.get(para_start)
        if cached is None:
            s, e = self.paragraph_at(para_start)
            cached = split_sentences(self.prose, s, e)
            self._sentences[para_start] = cached
        return cached

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset`` (its paragraph, between two sentences)."""
        pstart, pend = self.paragraph_at(offset)
        spans = self.sentences_in(pstart)
        starts = self._sentence_starts.get(pstart)
        if starts is None:
            starts = self._sentence_starts[pstart] = [s for s, _ in spans]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < spans[i][1]:
            return spans[i]
        return pstart, pend

    def sentences(self):
        for ps, _pe in self.paragraphs():
            yield from self.sentences_in(ps)

    def sources_of(self, start: int, end: int) -> tuple:
        """``attribution.sources`` of prose[start:end] (a sentence), found once per document."""
        found = self._sources.get((start, end))
        if found is None:
            found = self._sources[(start, end)] = attribution.sources(self.prose[start:end])
        return found

    # -- quotations ---------------------------------------------------------------
    def quotations_in(self, para_start: int) -> list[Quotation]:
        cached = self._quotes.get(para_start)
        if cached is None:
            s, e = self.paragraph_at(para_start)
            cached = find_quotations(self, s, e)
            self._quotes[para_start] = cached
        return cached

    def quotation_at(self, start: int, end: int) -> Quotation | None:
        """The outermost quotation whose inside contains the span, if any."""
        pstart, _ = self.paragraph_at(start)
        tops = self._outer.get(pstart)
        if tops is None:  # the outer quotations, their starts, and the furthest end so far
            outer = [q for q in self.quotations_in(pstart) if not q.nested]
            reach = list(accumulate((q.inner_end for q in outer), max))
            tops = self._outer[pstart] = (outer, [q.inner_start for q in outer], reach)
        outer, starts, reach = tops
        # Walk back from the last quotation opening before the span, while one may still reach it:
        # a bisection, not a scan, so a paragraph with thousands of quotations stays fast.
        found = None
        i = bisect.bisect_right(starts, start) - 1
        while i >= 0 and reach[i] >= end:
            if end <= outer[i].inner_end:
                found = outer[i]  # keep walking: the first in order wins, as before
            i -= 1
        return found

    def quotations(self):
        for ps, _pe in self.paragraphs():
            yield from self.quotations_in(ps)

    @cached_property
    def word_count(self) -> int:
        # Counted a stretch at a time (cut at a space), never as a list of every word.
        prose, n, count, pos = self.prose, len(self.prose), 0, 0
        while pos < n:
            cut = prose.find(" ", pos + 1_000_000)
            cut = n if cut == -1 else cut
            count += _WORD.subn("", prose[pos:cut])[1]  # counts in C, builds no match objects
            pos = cut
        return count


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
# A line break, and the indent of the next line, when that line is not blank.
_LINE_START = re.compile(r"\n(?![ \t\r\f\v\u00a0]*(?:\n|$))[ \t\f\v\u00a0]*")
_TRAILING = " \t\r\f\v\u00a0"
_CLOSERS = "\"'”’»)]"
_SENTENCE_MARKS = ".!?…"
_OPENERS = "\"“‘'«(["
_QUOTE_OPENERS = "\"“«"
# Plain text is written a paragraph to a line when at least this share of its line breaks
# between two lines of text end a sentence. Measured on 371 real articles (PTC): 92% of
# them do (none under 55%); in the same articles hard-wrapped at 72 columns, 1% (none over 6%; see
# docs/performance.md).
_LINE_PARAGRAPH_SHARE = 0.5


def _line_paragraphs(prose: str, blank: list[int], single_breaks: int) -> list[int]:
    """Paragraph starts of plain text: after each blank line (``blank``) and, unless the text is
    hard-wrapped, after each line that ends a sentence when the next line starts one.

    A text is hard-wrapped when fewer than half of its ``single_breaks`` (line breaks between
    two lines of text) end a sentence: its line breaks are then only where the lines got long.
    A double quotation still open at the end of a line goes on into the next one, unless that
    line opens a quotation (news style re-opens a quotation at each of its paragraphs).
    """
    if prose.endswith("\n"):
        single_breaks -= 1
    ends = _sentence_line_ends(prose) if single_breaks > 0 else []
    if not ends or len(ends) < _LINE_PARAGRAPH_SHARE * single_breaks:
        return [0] + blank
    starts, pos, straight, curly, b, n = [0], 0, 0, False, 0, len(prose)
    for newline, at in ends:
        while b < len(blank) and blank[b] <= newline:
            starts.append(blank[b])
            pos, straight, curly = blank[b], 0, False
            b += 1
        if at >= n:
            continue
        # The quotation marks since the last look, each stretch read once: linear in all.
        straight ^= prose.count('"', pos, at) & 1
        last = max(prose.rfind("“", pos, at), prose.rfind("”", pos, at))
        if last >= 0:
            curly = prose[last] == "“"
        pos = at
        first = prose[at]
        head = prose[at + 1:at + 2] if first in _OPENERS else first
        if not (head.isupper() or head.isdigit()):
            continue  # the next line does not start a sentence
        if (straight or curly) and first not in _QUOTE_OPENERS:
            continue  # inside a quotation that goes on
        starts.append(at)
        straight, curly = 0, False
    starts.extend(blank[b:])
    return starts


def _sentence_line_ends(prose: str) -> list[tuple[int, int]]:
    """(line break, start of the next line's text) of each line that ends a sentence (its
    mark, then closing quotes or brackets, then spaces) before a line that is not blank.
    The scan looks for line breaks, not for sentence marks, which are many more."""
    out = []
    for m in _LINE_START.finditer(prose):
        j = m.start()
        while j > 0 and prose[j - 1] in _TRAILING:  # each character is walked once: linear
            j -= 1
        while j > 0 and prose[j - 1] in _CLOSERS:
            j -= 1
        if j > 0 and prose[j - 1] in _SENTENCE_MARKS:
            out.append((m.start(), m.end()))
    return out


_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def _is_plain_headline(para: str) -> bool:
    """A one-line paragraph of a few words with no closing punctuation."""
    if "\n" in para.strip():
        return False
    stripped = para.strip()
    if not stripped or stripped[-1] in ".,;:\"”’»)!":
        return False
    words = stripped.split()
    return 0 < len(words) <= 16 and stripped[0].isupper()

