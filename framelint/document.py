"""The document model: decoding, prose, positions, and the structure rules use.

A ``Document`` holds the decoded ``text`` of a file and the ``prose`` that
rules read. Offsets in findings are always offsets into ``text``; the offset
map turns prose offsets back into them. Paragraphs, sentences and quotations
are found lazily, one paragraph at a time, so a long file with few findings
costs one scan, not a full parse.
"""

from __future__ import annotations

import bisect
import codecs
import re
from array import array

import regex
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import accumulate

from .errors import InputError
from . import lexicon

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
                 ".html": "html", ".htm": "html"}


def kind_for_path(path: str | None) -> str:
    """Guess the document kind from a file name: text, markdown or html."""
    if path:
        dot = path.rfind(".")
        if dot != -1:
            return TEXT_SUFFIXES.get(path[dot:].lower(), "text")
    return "text"


def decode(data: bytes, path: str) -> str:
    """Decode a file's bytes: UTF-8 (BOM optional) or UTF-16 with a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-16 at byte {exc.start}") from None
    head = data[:8192]
    if b"\x00" in head:
        if _looks_like_bomless_utf16(head):
            raise InputError(path, "looks like UTF-16 without a byte-order mark; "
                                   "save it as UTF-8 (or UTF-16 with a BOM)")
        raise InputError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise InputError(
            path,
            f"not valid UTF-8 (byte 0x{bad:02X} at offset {exc.start}); if it is Latin-1 or "
            f"Windows-1252, convert it with: iconv -f WINDOWS-1252 -t UTF-8",
        ) from None


def _looks_like_bomless_utf16(head: bytes) -> bool:
    """Text in UTF-16 has its NUL bytes on one side of each pair only, and decodes to
    printable characters; a binary file (an image, say) has them on both."""
    even, odd = head[0::2], head[1::2]
    if not odd:
        return False
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) > 0.4 * len(zeros) and others.count(0) <= 0.05 * len(others):
            text = head[:len(head) - len(head) % 2].decode(codec, errors="replace")
            printable = sum(c.isprintable() or c in "\t\r\n" for c in text)
            return printable >= 0.9 * len(text)
    return False


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


class Document:
    """Decoded text of one input, its prose, and lazily found structure."""

    def __init__(self, text: str, kind: str = "text", path: str | None = None) -> None:
        self.text, self.kind, self.path = text, kind, path
        self._map: tuple[list[int], list[int], list[int], list[int]] | None = None
        self._headlines: list[tuple[int, int]] | None = None
        if kind == "markdown":
            from .markup import markdown_prose
            self.prose, self._headlines = markdown_prose(text)
        elif kind == "html":
            from .markup import html_prose
            self.prose, segments, self._headlines = html_prose(text)
            if segments:
                self._map = (
                    [s[0] for s in segments], [s[1] for s in segments],
                    [s[2] for s in segments], [s[3] for s in segments],
                )
        else:
            self.prose = text
        self._sentences: dict[int, list[tuple[int, int]]] = {}
        self._quotes: dict[int, list[Quotation]] = {}
        self._outer: dict[int, tuple[list[Quotation], list[int], list[int]]] = {}

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
        return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(self.prose)]

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
        return any(s <= offset < e for s, e in self.headlines)

    # -- sentences ----------------------------------------------------------------
    def sentences_in(self, para_start: int) -> list[tuple[int, int]]:
        cached = self._sentences.get(para_start)
        if cached is None:
            s, e = self.paragraph_at(para_start)
            cached = split_sentences(self.prose, s, e)
            self._sentences[para_start] = cached
        return cached

    def sentence_at(self, offset: int) -> tuple[int, int]:
        pstart, pend = self.paragraph_at(offset)
        for s, e in self.sentences_in(pstart):
            if s <= offset < e:
                return s, e
        return pstart, pend

    def sentences(self):
        for ps, _pe in self.paragraphs():
            yield from self.sentences_in(ps)

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


# -- sentences -----------------------------------------------------------------------
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9\u00C0-\u024F])|\n\s*\n")


def split_sentences(prose: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split prose[start:end] into sentence spans, not breaking after abbreviations."""
    spans = []
    s = start
    for m in _BOUNDARY.finditer(prose, start, end):
        if m.group(0)[0] == ".":
            word = _word_before(prose, m.start(), start)
            if word in lexicon.ABBREVIATIONS or _INITIAL.fullmatch(word):
                # "in the U.S. The ..." ends a sentence; "Gen. Smith" and "Dec. 30" do not.
                nxt = _NEXT_WORD.match(prose, m.end(), end)
                if word in _TITLES or not nxt or nxt.group(1) not in _OPENERS:
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
# Abbreviations that always come before a name or a number, never at a sentence's end.
_TITLES = frozenset("""Mr Mrs Ms Mx Dr Prof Gen Lt Col Maj Capt Cmdr Sgt Cpl Pvt Adm Gov Sen Rep Rev Fr St Ste
    Mt Ft Pres Supt Insp Det Hon Amb Atty Brig Messrs Mme Mlle Rt No Nos Vol Art Ch Fig vs cf e.g i.e""".split())
# Words that open a sentence and cannot follow an abbreviation inside one (not "A" or "I",
# which may be initials: "J. A. Smith").
_OPENERS = frozenset("""The An He She It They We You This That These Those There His Her Its Their Our My
    But And Yet So Then However Meanwhile After Before When While Although If In On At As By For""".split())


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


# -- quotations ------------------------------------------------------------------------
_DOUBLE_OPEN = {"“": "”", "„": "“”", "«": "»", "»": "«", "\"": "\""}
_QUOTE_CHARS = re.compile(r"[\"“”„«»'‘’]")


def find_quotations(doc: Document, start: int, end: int) -> list[Quotation]:
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
        closers = _DOUBLE_OPEN.get(ch)
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
        quotes.append(Quotation(qs, qe, qs + 1, inner_end, partial(find_speaker, doc, qs, qe, start, end)))
        # Single-quoted stretches inside a double quotation are nested quotes.
        quotes.extend(_single_quotes(doc, qs + 1, inner_end, nested=True))
    # Top-level single quotes (British style, or scare quotes) outside double ones.
    covered = [(q.start, q.end) for q in quotes]
    for q in _single_quotes(doc, start, end, nested=False):
        if not any(cs <= q.start < ce for cs, ce in covered):
            quotes.append(Quotation(q.start, q.end, q.inner_start, q.inner_end,
                                    partial(find_speaker, doc, q.start, q.end, start, end)))
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
_SINGLE_OPEN = re.compile(r"['‘]")
_SINGLE_CLOSE = re.compile(r"['’]")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")


def _single_quotes(doc: Document, start: int, end: int, nested: bool) -> list[Quotation]:
    prose = doc.prose
    found = []
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
        # Find a closing mark: preceded by a non-space, not followed by a letter.
        close = -1
        for cm in _SINGLE_CLOSE.finditer(prose, pos + 2, end):
            c = cm.start()
            b = prose[c - 1]
            a = prose[c + 1] if c + 1 < end else " "
            if not b.isspace() and not a.isalnum():
                close = c
                break
        if close == -1:
            i = pos + 1
            continue
        found.append(Quotation(pos, close + 1, pos + 1, close, (None, None), nested))
        i = close + 1
    return found


# -- attribution ---------------------------------------------------------------------------
def find_speaker(doc: Document, qs: int, qe: int, para_start: int, para_end: int
                 ) -> tuple[str | None, str | None]:
    """Who said the quotation at [qs, qe), from the words around it in its sentence."""
    prose = doc.prose
    # Look no further than a long sentence's length either side (a paragraph may be 10 MB).
    para_start, para_end = max(para_start, qs - MAX_SENTENCE), min(para_end, qe + MAX_SENTENCE)
    # After the quotation: ', the ministry said' / ', said the ministry' / ' Kirby added'.
    sent_end = _sentence_end_after(prose, qe, para_end)
    after = prose[qe:sent_end]
    m = lexicon.SPEAKER_AFTER.match(after)
    if m:
        return _clean(m.group("speaker")), m.group("verb")
    # Before the quotation, within its sentence: 'Kirby said: "...'.
    sent_start = _sentence_start_before(prose, qs, para_start)
    before = prose[sent_start:qs]
    # SPEAKER_BEFORE matches no double quote mark, so only the text after the last one can
    # hold its match; searching just that keeps the search linear.
    cut = max(before.rfind(mark) for mark in "\"“”«»") + 1
    m = lexicon.SPEAKER_BEFORE.search(before, cut)
    # 'Families were told "..."' and 'Needless to say, ... "..."' name no speaker.
    if m and not _PASSIVE_SPEAKER.search(m.group("speaker")) and not _INFINITIVE_SPEAKER.search(m.group("speaker")):
        return _clean(m.group("speaker")), m.group("verb")
    # Anywhere else in the sentence (for short quoted phrases): 'X called the strikes "..."'.
    sentence = prose[sent_start:sent_end]
    attr = lexicon.attribution(sentence)
    if attr.named:
        if attr.verb == "according to" and _MODIFIER_QUOTE.search(prose, sent_start, qs) \
                and _LOWER_WORD.match(prose, qe):
            return None, None  # 'The "civilian" casualties ..., according to X': the quotes are the writer's
        return attr.speaker, attr.verb
    return None, None


_INFINITIVE_SPEAKER = regex.compile(r"\bto$", regex.I)
_PASSIVE_SPEAKER = regex.compile(r"\b(?:was|were|is|are|been|be|being)$", regex.I)
_MODIFIER_QUOTE = regex.compile(r"\b(?:the|a|an|these|those|its|their|his|her|our|this|that)\s*$", regex.I)
_LOWER_WORD = regex.compile(r"\s+[a-z]")


def _sentence_end_after(prose: str, pos: int, limit: int) -> int:
    m = _SENTENCE_END.search(prose, pos, limit)
    return m.end() if m else limit


def _sentence_start_before(prose: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor:
        c = prose[i - 1]
        if c in ".!?" and i < len(prose) and prose[i].isspace():
            word = _word_before(prose, i - 1, floor)
            if word not in lexicon.ABBREVIATIONS:
                break
        i -= 1
    return i


_LEADING_CONJUNCTION = regex.compile(r"^(?:but|and|while|as|then|so)\s+", regex.I)


def _clean(speaker: str | None) -> str | None:
    if speaker is None:
        return None
    speaker = " ".join(speaker.split()).strip(" ,.;:")
    speaker = _LEADING_CONJUNCTION.sub("", speaker)
    return speaker or None
