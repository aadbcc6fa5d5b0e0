"""Attribution: who a sentence or a quotation says its words come from.

A source is named or vague; a quotation has a speaker and a verb of saying when
its sentence names them. The words of the language come from ``language``.

These lists describe English news prose, not any one rule; rules themselves
live in TOML files under ``rules/``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..cache import cached_regex  # cached_regex(), from the on-disk cache when it holds the pattern
from .language import DOUBLE, ENGLISH, SAY_VERBS

_VERB = r"(?:" + "|".join(SAY_VERBS) + r")"
_NAME_WORD = r"[\w’'.\-]+"

class _CompiledWhenUsed:
    """A regular expression compiled on first use: the speaker patterns take longer to
    compile than checking a short article, and are needed only when a speaker is asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source, self._compiled = (pattern, flags), None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = cached_regex(*self._source)
        return getattr(self._compiled, name)


# ', the ministry said' | ', said the ministry' | ' Gladkov wrote in his channel'
SPEAKER_AFTER = _CompiledWhenUsed(
    rf"""^[\s,;:—–-]*(?:
        (?P<verb>{_VERB})\s+(?!(?:in|on|at|last|this|to|from|for|with|that|earlier|later|during|after|before|by|about|of|as|it|he|she|they|we)\b)(?P<speaker>(?:the\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}}?)(?=[\s,.;:!?]|$)
      | (?P<speaker>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,6}}?)\s+(?:has\s+|had\s+|also\s+|later\s+|then\s+)*
        (?P<verb>{_VERB})\b)""",
    regex.X | regex.I | regex.V0,
)

# 'Kirby said: "' | 'the minister told reporters that "'
SPEAKER_BEFORE = _CompiledWhenUsed(
    rf"""(?P<speaker>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})\s+(?:has\s+|had\s+|also\s+|then\s+)*
        (?P<verb>{_VERB})\b[^{DOUBLE}]*$""",
    regex.X | regex.I | regex.V0,
)

VAGUE_SOURCE = cached_regex(
    r"""\b(?:sources?|reports?|reporting|media|unnamed|anonymous|unidentified|some|many|others|critics
    |observers|experts|analysts|insiders|rumou?rs?|commentators|pundits|familiar|it|unverified
    |social\s+media|speculation|word|people|everyone|everybody|somebody|someone|they)\b""",
    regex.X | regex.I,
)
# 'is believed', 'was reportedly briefed', 'have been widely described'
_PASSIVE = cached_regex(r"\b(?:is|was|were|are|been|being|be|widely|often)"
                         r"(?:\s+(?:\w+ly|never|not|also|already|ever|then|later|once|all|still|since|first))*\s*$", regex.I)
_DETERMINER = cached_regex(r"\b(?:an?|the)\s*$", regex.I)  # 'an estimated', 'the reported'
# 'one of the deadliest incidents reported,': a participle after a noun, not a verb of saying.
_PARTICIPLE = cached_regex(r"^(?:reported|cited|quoted|mentioned|described|noted|recorded)$", regex.I)
_CLAUSE_END = cached_regex(r"\s*(?:[,.;]|$)")
_INFINITIVE = cached_regex(r"\bto\s*$", regex.I)  # 'needless to say', 'declined to comment'
_GOES_ON = cached_regex(r"\b(?:went|goes|go|going|gone)\s+on\s+to\s*$", regex.I)  # 'she went on to say'
# 'The fighting continued into the night': 'continued' reports speech only before a pause
# ('he continued: ...', 'he continued, ...') or after one ('"...," the mayor continued').
_PAUSE_AFTER = cached_regex(r"\s*(?:$|[,.:;!?\"“”»]|that\b)", regex.I)
_PAUSE_BEFORE = cached_regex(r"[,\"“”»:]\s*(?:\S+\s+){0,4}$")
_PAUSE_VERBS = frozenset(("continued",))
# A subject that is no source: the writer's own 'This suggests that ...', or a relative
# word whose verb belongs to a clause inside the subject ('The governor, who announced ...').
_NO_SOURCE_SUBJECT = cached_regex(r"^(?:this|that|these|those|which|who|whom|whose|what)$", regex.I)
# What may stand between a relative clause's closing comma and the main verb: 'has', 'later'.
_AUXILIARY_ONLY = cached_regex(r"^\s*(?:(?:has|had|have|also|later|then|\w+ly)\s+)+$", regex.I)
# A sentence that opens by pointing back to the last speaker: 'In her view, ...'.
_CONTINUES_REPORT = cached_regex(r"^\s*(?:In\s+(?:his|her|their|its)\s+(?:own\s+)?(?:view|words|opinion|account|telling)"
                                 r"|(?:He|She|They)\s+(?:also\s+)?went\s+on)\b")
# 'said the talks had stalled' / 'said the minister acted recklessly' are clauses, not speakers.
_CLAUSE_WORD = cached_regex(r"\b(?:had|has|have|was|were|is|are|would|will|could|should|did|that|it)\b"
                             r"|\b(?-i:[a-z])\w+(?:ed|ly)\b", regex.I)
# ', announced in April, has ...': a short phrase closed by a comma, then the main verb.
_REDUCED_RELATIVE = cached_regex(r"\s+(?:in|on|at|last|earlier|this|during|after|before|since|with|for)\b[^,;.]{0,40},",
                                  regex.I)
# The subject of a sentence's main clause: 'Predictably, the province's climate deniers were ...'
_MAIN_SUBJECT = cached_regex(r"(?:[A-Z]\w+ly,\s+)?(?P<subj>(?:[\w’'.-]+\s+){0,4}?[\w’'.-]+)\s+"
                              r"(?:were|was|is|are|has|have|had|will|would|\w+ed)\b")
_RELATIVE = cached_regex(r"\s*(?:which|who|whose|whom|where|that)\b", regex.I)
# A speaker closing a sentence looks like a noun phrase: 'the minister', 'Gladkov', 'officials', 'he'.
_SPEAKER_NP = cached_regex(r"(?:the|a|an|his|her|its|their|our|he|she|they|we|i|it|officials|police|authorities"
                            r"|prosecutors|investigators|witnesses|residents|doctors|officers|troops)\b|(?-i:[A-Z])",
                            regex.I)
# What may follow a speaker's verb that closes a sentence ('..., the minister said on Monday.'):
# nothing, or an adverbial, but not an object ('Naturally, the president rejected the report').
_TRAILING_TAIL = cached_regex(r"\s*(?:$|[.,;:!?\"”»]|(?:on|in|at|last|this|yesterday|today|tonight|earlier|later"
                               r"|during|after|before|to|told|from|by|when|while|as|via|through|with|afterwards"
                               r"|again|also|then|recently|repeatedly)\b|\w+ly\b)", regex.I)
_CLAUSE_JOIN = cached_regex(r";|,\s+(?:and|but|while|whereas|although|though|which)\s", regex.I)
# Where the reported content of 'X said ...' ends: a new clause the speaker did not say.
_CONTENT_END = cached_regex(r"[;—]|,\s+(?:which|but|however|although|though|yet|whereas)\b|,\s+and\s+(?!that\b)", regex.I)
_ACCORDING = cached_regex(rf"\baccording\s+to\s+(?P<src>[^,.;:{DOUBLE}()]+)", regex.I)
_SAY_IN_SENTENCE = cached_regex(rf"\b(?P<verb>{_VERB})\b", regex.I)
# The same verbs found a word at a time: '\b(said|says|...)\b' matches exactly the words (runs of
# \w) that are one of the verbs, so a set lookup per word gives its matches without trying
# the 200-verb alternation at every character. A word that is not ASCII is asked of the
# alternation itself, which folds case as the pattern does ('ſaid').
_WORD_RUN = regex.compile(r"\w+")
_SAY_WORDS = frozenset(v.lower() for v in SAY_VERBS)
_SAY_WORD = regex.compile(rf"(?:{_VERB})", regex.I)


def _say_verbs(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, verb) of every verb of saying in text[pos:endpos], as ``_SAY_IN_SENTENCE`` finds them."""
    found = []
    for m in _WORD_RUN.finditer(text, pos, len(text) if endpos is None else endpos):
        word = m.group()
        if word.lower() in _SAY_WORDS if word.isascii() else _SAY_WORD.fullmatch(word) is not None:
            found.append((m.start(), m.end(), word))
    return found


def _tail_start(text: str, words: int, skip: frozenset, floor: int = 0, end: int | None = None) -> int:
    """Where the last ``words`` words of text[floor:end] begin, after passing back over a run of
    trailing words in ``skip`` (lower case): no match of a pattern made of at most that many
    words (then the skipped ones) before a fixed end can start earlier. Words are cut at any
    space ``str.isspace`` knows, which includes every ``\\s``, so the count never falls short."""
    pos, count, skipping = len(text) if end is None else end, 0, True
    while count < words:
        while pos > floor and text[pos - 1].isspace():
            pos -= 1
        end = pos
        while pos > floor and not text[pos - 1].isspace():
            pos -= 1
        if pos == end:
            return floor
        if skipping and text[pos:end].lower() in skip:
            continue
        skipping = False
        count += 1
    return pos


_SUBJECT_AUX = frozenset("has had have also then later".split())
_SPEAKER_AUX = frozenset("has had also then".split())
_AGENT = cached_regex(rf"^\s*(?:\S+\s+){{0,4}}?by\s+(?P<agent>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})", regex.I)
_SUBJECT = cached_regex(rf"(?P<subj>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})\s+(?:has\s+|had\s+|have\s+|also\s+|then\s+|later\s+)*$", regex.I)
_INVERTING = frozenset("said says added adds wrote asked continued".split())  # not 'told': ', told analysts'
# 'is calling', 'were warning': a finite verb of saying, unlike the bare participle.
_PROGRESSIVE = cached_regex(r"\b(?:is|are|was|were|be|been|am|keeps?|kept)\s+(?:\w+ly\s+|also\s+|still\s+|now\s+)?$", regex.I)
_CONVENE = cached_regex(r"\s+(?:a|an|off|in|up)\b", regex.I)
_DESCRIPTION = cached_regex(r"\s*(?:a|an|the)\s", regex.I)
_PROPER_NAME = cached_regex(r"\s*(?-i:[A-Z])[\w’'.-]*(?:\s+(?-i:[A-Z])[\w’'.-]*){0,3}\s*$")
_PRONOUN = cached_regex(r"^(?:he|she|they|we|i|it)$", regex.I)
# Words that make a source anonymous whatever else it says.
_ANONYMOUS = cached_regex(r"""\b(?:sources?|unnamed|anonymous|anonymity|unidentified|insiders?|rumou?rs?|speculation
    |familiar|declined\s+to\s+be|asked\s+not\s+to\s+be|not\s+authori[sz]ed|someone|somebody|people(?!['’]s))\b""",
    regex.X | regex.I)
# 'analysts at Capital Economics', 'experts from the WHO': a group tied to a named body.
_AFFILIATED = cached_regex(r"\b(?:at|from|with)\s+(?:the\s+)?[A-Z][\w&.-]*")
# Compiled once: regex.split()/match() with a pattern string pay a cache lookup per call.
_CLAUSE_BREAK = cached_regex(rf"[;:{DOUBLE}()—]|,(?!\d{{3}}\b)")  # not the comma in 1,040
_INVERTED_SPEAKER = cached_regex(rf"\s+(?!(?:in|on|at|to|that|last|this|earlier|later|during|after|before|by|about|of|as|it|he|she|they|we|a|an)\b)(?P<s>(?:the\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})")


@dataclass(frozen=True, slots=True)
class Attribution:
    named: bool          # a source the reader can identify is given
    vague: bool          # only a vague or anonymous source is given
    speaker: str | None
    verb: str | None


NO_ATTRIBUTION = Attribution(False, False, None, None)


def is_vague(source: str) -> bool:
    source = source.strip()
    if _PRONOUN.match(source):
        return False
    if _ANONYMOUS.search(source):
        return True
    if VAGUE_SOURCE.search(source) is None:
        return False
    return _AFFILIATED.search(source) is None


def _sources(sentence: str):
    """Yield (attribution, content_start, content_end) for every source the sentence gives,
    in order; content is the stretch of the sentence the source is said to have said."""
    for m in _ACCORDING.finditer(sentence):
        src = m.group("src").strip()
        if is_vague(src):
            yield Attribution(False, True, None, None), 0, 0
        else:  # 'According to X, ...' and '..., according to X' cover their clause
            before = [b.end() for b in _CLAUSE_JOIN.finditer(sentence, 0, m.start())]
            after = _CLAUSE_JOIN.search(sentence, m.end())
            yield (Attribution(True, False, src, "according to"), before[-1] if before else 0,
                   after.start() if after else len(sentence))
    for vstart, vend, verb in _say_verbs(sentence):
        before = sentence[:vstart]
        if (_INFINITIVE.search(before) and not _GOES_ON.search(before)) or _DETERMINER.search(before):
            continue  # 'needless to say', 'an estimated 400,000'
        if verb.lower() in _PAUSE_VERBS and not _PAUSE_AFTER.match(sentence, vend) \
                and not _PAUSE_BEFORE.search(before):
            continue  # 'the fighting continued into the night'
        if verb.lower().startswith("call") and _CONVENE.match(sentence, vend):
            continue  # 'the union called a strike': convening, not saying
        if verb[0].isupper() and before.strip() and not before.rstrip().endswith(("\"", "“", "”", ":")):
            continue  # a name: 'the United States', 'Human Rights Reports'
        clauses = _CLAUSE_BREAK.split(before)
        if len(clauses) > 1 and _AUXILIARY_ONLY.match(clauses[-1]):
            clauses[-1] = ""  # 'The minister, who took office in May, has said ...'
        clause = clauses[-1]
        end = _CONTENT_END.search(sentence, vend)
        after_end = end.start() if end else len(sentence)
        if not clause.strip() and len(clauses) > 1 and verb.lower() not in _INVERTING \
                and not verb.lower().endswith("ing") and _REDUCED_RELATIVE.match(sentence, vend):
            continue  # 'The corridor, announced in April, ...': a participle, not a speaker's verb
        if not clause.strip() and len(clauses) > 1 and verb.lower().endswith("ing"):
            main = _MAIN_SUBJECT.match(sentence)
            if main and not is_vague(main.group("subj")):
                yield Attribution(True, False, main.group("subj"), verb), vend, after_end
                continue
        if not clause.strip() and len(clauses) > 1:
            # Inverted order after a comma: '..., said the governor'.
            if verb.lower() in _INVERTING and before.rstrip().endswith(","):
                after = _INVERTED_SPEAKER.match(sentence, vend)
                if after and not _CLAUSE_WORD.search(after.group("s")):
                    if is_vague(after.group("s")):
                        yield Attribution(False, True, None, None), 0, 0
                    else:
                        yield Attribution(True, False, after.group("s").strip(" .,;:"), verb), 0, vstart
                    continue
            # An appositive: 'the ambassador, Vasily Nebenzya, accused ...'; a relative clause
            # ('the mission, which deployed 212 observers, said') is skipped for the noun before it.
            candidates = [c for c in reversed(clauses) if c.strip() and not _RELATIVE.match(c)]
            clause = candidates[0] if candidates else ""
            # 'Oduya, a savvy operator who has run the firm since 2021, told ...': the speaker is
            # the name before the description, not the description's last words.
            if len(candidates) > 1 and _DESCRIPTION.match(clause) and _PROPER_NAME.match(candidates[1]):
                clause = candidates[1]
            if clause:
                clause += " "
            appositive = True
        else:
            appositive = False
        if _PASSIVE.search(clause) and not verb.lower().endswith("ing"):  # 'is calling' is not a passive
            agent = _AGENT.match(sentence[vend:])
            if agent and not is_vague(agent.group("agent")):
                yield Attribution(True, False, agent.group("agent").strip(" .,;:"), verb), 0, after_end
            else:
                yield Attribution(False, True, None, None), 0, 0
            continue
        subj = _SUBJECT.search(clause, _tail_start(clause, 6, _SUBJECT_AUX))
        if subj and not appositive and verb.lower().endswith("ing") and not _PROGRESSIVE.search(clause):
            continue  # 'a petition calling for a referendum had gathered ...': a participle, not a speaker
        if subj and _PARTICIPLE.match(verb) and _CLAUSE_END.match(sentence, vend) and subj.group("subj")[:1].islower():
            continue  # 'one of the worst storms reported, leaving ...'
        if subj:
            words = subj.group("subj")
            if _NO_SOURCE_SUBJECT.match(words.strip()):
                continue  # 'This suggests that ...', 'The governor, who announced ...'
            if is_vague(words):
                yield Attribution(False, True, None, None), 0, 0
                continue
            lead = before[:len(before) - len(clause)] if len(clauses) > 1 else ""
            # 'The plan will fail, the minister said.': a short speaker closing the sentence.
            trailing = (not appositive and clause.strip() == words.strip() and len(words.split()) <= 5
                        and _SPEAKER_NP.match(words.strip())
                        and not _CLAUSE_WORD.search(words)
                        # what follows the verb up to a comma is short: '..., the air force said,
                        # with 40 of them shot down' is as much the speaker's report as '... said.'
                        and len(sentence[vend:after_end].split(",", 1)[0].split()) <= 6
                        and _TRAILING_TAIL.match(sentence, vend) is not None
                        and lead.rstrip().endswith((",", "\"", "”", "»", ":")))
            start = 0 if trailing else vend
            yield Attribution(True, False, words, verb), start, after_end
            continue
        # Inverted order: 'Said the governor: ...'.
        if verb.lower() not in _INVERTING or before.strip():
            continue
        after = _INVERTED_SPEAKER.match(sentence, vend)
        if after and not is_vague(after.group("s")):
            yield Attribution(True, False, after.group("s"), verb), vend, len(sentence)


def sources(sentence: str) -> tuple[tuple[Attribution, int, int], ...]:
    """Every source the sentence gives, in order, as (attribution, content_start, content_end):
    the work of attributing one sentence, done once and then asked as often as needed
    (``Document.sources_of`` keeps it for each sentence of a document)."""
    return tuple(_sources(sentence))


def attribution(sentence: str, found: tuple[tuple[Attribution, int, int], ...] | None = None) -> Attribution:
    """Who the sentence says its claim comes from, if anyone (``found``: its ``sources``, if known)."""
    vague = False
    for attr, _start, _end in (_sources(sentence) if found is None else found):
        if attr.named:
            return attr
        vague = True
    return Attribution(False, vague, None, None)


def attribution_for(sentence: str, start: int, end: int, *, according: bool = True,
                    found: tuple[tuple[Attribution, int, int], ...] | None = None) -> Attribution:
    """The named source whose reported words include sentence[start:end], if any.

    'Phipps cynically blamed Moscow': 'cynically' is the writer's, not Phipps's.
    'Kyiv denied it, which the footage contradicts': the relative clause is the writer's.
    With ``according=False`` only a verb of saying attributes: 'according to the weather
    service' sources the temperature in 'a horrific heat dome', not the adjective.
    ``found`` is the sentence's ``sources``, when already known.
    """
    vague = False
    for attr, cstart, cend in (_sources(sentence) if found is None else found):
        if not according and attr.verb == "according to":
            continue
        if attr.named and cstart <= start and end <= cend:
            return attr
        vague = vague or attr.vague
    return Attribution(False, vague, None, None)


def continued_attribution(previous: str, sentence: str, start: int, end: int, *,
                          according: bool = True) -> Attribution:
    """The named source of ``previous`` when ``sentence`` opens by pointing back to it
    ('The governor said ... In her view, the attack was ...'), else no attribution."""
    if not _CONTINUES_REPORT.match(sentence):
        return NO_ATTRIBUTION
    attr = attribution(previous)
    if attr.named and (according or attr.verb != "according to"):
        return attr
    return NO_ATTRIBUTION


def find_speaker(doc, qs: int, qe: int) -> tuple[str | None, str | None]:
    """Who said the quotation at [qs, qe) of ``doc.prose``, from the words around it.

    The words looked at are those of the quotation's sentences, as the one sentence
    splitter finds them ("the U.S. envoy said" is one sentence, "Lt. Col." no break).
    """
    prose = doc.prose
    sent_start = doc.sentence_at(qs)[0]
    sent_end = doc.sentence_at(max(qs, qe - 1))[1]
    if sent_end <= qe:  # the quotation ends its sentence: '"We will win." Kirby said ...'
        sent_end = doc.sentence_at(qe)[1] if qe < len(prose) else qe
        if sent_end < qe:
            sent_end = qe
    # After the quotation: ', the ministry said' / ', said the ministry' / ' Kirby added'.
    after = prose[qe:sent_end]
    m = SPEAKER_AFTER.match(after)
    if m:
        speaker = m.group("speaker")
        if m.start("speaker") > m.start("verb"):  # ', said Lt. Col. Anna Berg': the whole name
            speaker = after[m.start("speaker"):_name_end(after, m.start("speaker"), m.end("speaker"))]
        return _clean(speaker), m.group("verb")
    # Before the quotation, within its sentence: 'Kirby said: "...'.
    before = prose[sent_start:qs]
    # SPEAKER_BEFORE matches no double quote mark, so only the text after the last one can
    # hold its match; searching just that keeps the search linear.
    cut = max(before.rfind(mark) for mark in DOUBLE) + 1
    m = _speaker_before(before, cut)
    # 'Families were told "..."' and 'Needless to say, ... "..."' name no speaker.
    if m and not _PASSIVE_SPEAKER.search(m.group("speaker")) and not _INFINITIVE_SPEAKER.search(m.group("speaker")) \
            and not _RELATIVE_SPEAKER.match(m.group("speaker")) \
            and not _AUXILIARY_ONLY.match(m.group("speaker") + " "):
        return _clean(m.group("speaker")), m.group("verb")
    # Anywhere else in the sentence (for short quoted phrases): 'X called the strikes "..."'.
    attr = attribution(prose[sent_start:sent_end], doc.sources_of(sent_start, sent_end))
    if attr.named:
        if attr.verb == "according to" and _MODIFIER_QUOTE.search(prose, sent_start, qs) \
                and _LOWER_WORD.match(prose, qe):
            return None, None  # 'The "civilian" casualties ..., according to X': the quotes are the writer's
        return attr.speaker, attr.verb
    return None, None


_NAME_RUN = regex.compile(_NAME_WORD)


def _speaker_before(before: str, cut: int):
    """``SPEAKER_BEFORE.search(before, cut)``, tried only where a match can start.

    Every match ends with a verb of saying and holds at most six name words before it (and
    any 'has', 'had', 'also', 'then'), so it starts in those words before some verb; and it
    starts where a run of name characters starts (a match from inside a run is the match
    from the run's start). Trying those places in order, leftmost first, gives the search's
    match without running the pattern at every character of a long sentence."""
    tried = cut
    for vstart, _vend, _verb in _say_verbs(before, cut):
        pos = max(tried, _tail_start(before, 6, _SPEAKER_AUX, cut, vstart))
        for run in _NAME_RUN.finditer(before, pos, vstart):
            m = SPEAKER_BEFORE.match(before, run.start())
            if m:
                return m
        tried = max(tried, vstart)
    return None


_INFINITIVE_SPEAKER = regex.compile(r"\bto$", regex.I)
_RELATIVE_SPEAKER = regex.compile(r"(?:which|who|whom|whose|that)\b", regex.I)  # 'The mayor, who told ...'

_PASSIVE_SPEAKER = regex.compile(r"\b(?:was|were|is|are|been|be|being)$", regex.I)
_MODIFIER_QUOTE = regex.compile(r"\b(?:the|a|an|these|those|its|their|his|her|our|this|that)\s*$", regex.I)
_LOWER_WORD = regex.compile(r"\s+[a-z]")
# One word of a speaker's name or description, and what ends the speaker.
_NAME_TOKEN = regex.compile(r"[ \t]*(?P<w>[\w’'\-]+(?:\.[\w’'\-]+)*)(?P<dot>\.?)")
_NOT_IN_NAME = frozenset("""in on at to from for with by about of as that who which whose whom where when while
    after before during since last this earlier later and but or in a an it he she they we""".split())
MAX_SPEAKER_WORDS = 7


def _name_end(text: str, start: int, end: int) -> int:
    """Where a speaker named after its verb ends ('said Lt. Col. Anna Berg.'): at a clause
    mark, a preposition or a relative word, and not at the full stop of a title, an
    abbreviation or an initial. Never before ``end``, where the pattern's match ended."""
    pos, count = start, 0
    while count < MAX_SPEAKER_WORDS:
        m = _NAME_TOKEN.match(text, pos)
        if m is None or (count and m.group("w").lower() in _NOT_IN_NAME):
            break
        word, count, pos = m.group("w"), count + 1, m.end()
        if m.group("dot") and not (word in ENGLISH.titles or word in ENGLISH.abbreviations
                                   or _INITIALS.fullmatch(word)):
            break  # a full stop that ends the sentence
        if text[pos:pos + 1] in (",", ";", ":", "!", "?", "(", "\"", "”", "»"):
            break
    return max(pos, end)


_INITIALS = regex.compile(r"(?:[A-Z]\.)*[A-Z]")


_LEADING_CONJUNCTION = regex.compile(r"^(?:but|and|while|as|then|so)\s+", regex.I)


def _clean(speaker: str | None) -> str | None:
    if speaker is None:
        return None
    speaker = " ".join(speaker.split()).strip(" ,.;:")
    speaker = _LEADING_CONJUNCTION.sub("", speaker)
    return speaker or None
