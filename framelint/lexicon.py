"""Word knowledge the document model needs: abbreviations, verbs of saying,
and what makes a source named or vague.

These lists describe English news prose, not any one rule; rules themselves
live in TOML files under ``rules/``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .rulecache import cached_regex  # cached_regex(), from the on-disk cache when it holds the pattern

ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Mx Dr Prof Gen Lt Col Maj Capt Cmdr Sgt Cpl Pvt Adm Gov Sen Rep Rev Fr Sr Jr St
    Ste Mt Ft Pres Supt Insp Det Hon Amb Atty Brig Esq Messrs Mme Mlle Gen Rt
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thurs Fri Sat Sun
    No Nos Vol Art Ch Fig Dept Univ Inc Ltd Corp Co Bros Ave Blvd Rd Hwy approx est vs etc al
    e.g i.e cf p.m a.m U.S U.K U.N E.U""".split()
)

# Verbs that introduce or close a quotation or report a statement.
SAY_VERBS = sorted(
    """said says say saying told tells tell telling added adds wrote writes write stated states
    announced announces declared declares noted notes explained explains claimed claims claiming
    insisted insists admitted admits argued argues asserted asserts warned warns accused accuses
    described describes describing called calls characterized characterised characterizes
    labelled labeled dubbed termed branded vowed vows swore sworn promised promises threatened
    urged urges demanded demands asked asks replied replies responded responds continued concluded
    acknowledged acknowledges conceded concedes confirmed confirms denied denies reported reports
    recalled tweeted posted blamed blames condemned condemns quoted cited cites estimated estimates
    predicted mentioned suggested suggests indicated indicate indicates emphasized emphasised
    stressed observed remarked commented shouted chanted testified alleged alleges pledged
    contended maintained objected agreed disclosed revealed briefed
    saying telling adding writing warning blaming accusing insisting arguing calling urging promising
    vowing demanding denying claiming describing asserting alleging stating announcing declaring
    boasted boasts boasting bragged brags talk talks talked talking speak speaks spoke
    lamented complained mocked derided dismissed rejected ruled rules concluded concludes
    branding labelling labeling dubbing terming""".split(),
    key=len, reverse=True,
)
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
        (?P<verb>{_VERB})\b[^"“”«»]*$""",
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
_ACCORDING = cached_regex(r"\baccording\s+to\s+(?P<src>[^,.;:“”\"«»()]+)", regex.I)
_SAY_IN_SENTENCE = cached_regex(rf"\b(?P<verb>{_VERB})\b", regex.I)
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
_CLAUSE_BREAK = cached_regex(r"[;:“”\"«»()—]|,(?!\d{3}\b)")  # not the comma in 1,040
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
    for m in _SAY_IN_SENTENCE.finditer(sentence):
        verb = m.group("verb")
        before = sentence[:m.start()]
        if _INFINITIVE.search(before) or _DETERMINER.search(before):
            continue  # 'needless to say', 'an estimated 400,000'
        if verb.lower().startswith("call") and _CONVENE.match(sentence, m.end()):
            continue  # 'the union called a strike': convening, not saying
        if verb[0].isupper() and before.strip() and not before.rstrip().endswith(("\"", "“", "”", ":")):
            continue  # a name: 'the United States', 'Human Rights Reports'
        clauses = _CLAUSE_BREAK.split(before)
        clause = clauses[-1]
        end = _CONTENT_END.search(sentence, m.end())
        after_end = end.start() if end else len(sentence)
        if not clause.strip() and len(clauses) > 1 and verb.lower() not in _INVERTING \
                and not verb.lower().endswith("ing") and _REDUCED_RELATIVE.match(sentence, m.end()):
            continue  # 'The corridor, announced in April, ...': a participle, not a speaker's verb
        if not clause.strip() and len(clauses) > 1 and verb.lower().endswith("ing"):
            main = _MAIN_SUBJECT.match(sentence)
            if main and not is_vague(main.group("subj")):
                yield Attribution(True, False, main.group("subj"), verb), m.end(), after_end
                continue
        if not clause.strip() and len(clauses) > 1:
            # Inverted order after a comma: '..., said the governor'.
            if verb.lower() in _INVERTING and before.rstrip().endswith(","):
                after = _INVERTED_SPEAKER.match(sentence, m.end())
                if after and not _CLAUSE_WORD.search(after.group("s")):
                    if is_vague(after.group("s")):
                        yield Attribution(False, True, None, None), 0, 0
                    else:
                        yield Attribution(True, False, after.group("s").strip(" .,;:"), verb), 0, m.start()
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
            agent = _AGENT.match(sentence[m.end():])
            if agent and not is_vague(agent.group("agent")):
                yield Attribution(True, False, agent.group("agent").strip(" .,;:"), verb), 0, after_end
            else:
                yield Attribution(False, True, None, None), 0, 0
            continue
        subj = _SUBJECT.search(clause)
        if subj and not appositive and verb.lower().endswith("ing") and not _PROGRESSIVE.search(clause):
            continue  # 'a petition calling for a referendum had gathered ...': a participle, not a speaker
        if subj and _PARTICIPLE.match(verb) and _CLAUSE_END.match(sentence, m.end()) and subj.group("subj")[:1].islower():
            continue  # 'one of the worst storms reported, leaving ...'
        if subj:
            words = subj.group("subj")
            if is_vague(words):
                yield Attribution(False, True, None, None), 0, 0
                continue
            lead = before[:len(before) - len(clause)] if len(clauses) > 1 else ""
            # 'The plan will fail, the minister said.': a short speaker closing the sentence.
            trailing = (not appositive and clause.strip() == words.strip() and len(words.split()) <= 5
                        and _SPEAKER_NP.match(words.strip())
                        and not _CLAUSE_WORD.search(words) and len(sentence[m.end():after_end].split()) <= 6
                        and "," not in sentence[m.end():after_end]
                        and _TRAILING_TAIL.match(sentence, m.end()) is not None
                        and lead.rstrip().endswith((",", "\"", "”", "»", ":")))
            start = 0 if trailing else m.end()
            yield Attribution(True, False, words, verb), start, after_end
            continue
        # Inverted order: 'Said the governor: ...'.
        if verb.lower() not in _INVERTING or before.strip():
            continue
        after = _INVERTED_SPEAKER.match(sentence, m.end())
        if after and not is_vague(after.group("s")):
            yield Attribution(True, False, after.group("s"), verb), m.end(), len(sentence)


def attribution(sentence: str) -> Attribution:
    """Who the sentence says its claim comes from, if anyone."""
    vague = False
    for attr, _start, _end in _sources(sentence):
        if attr.named:
            return attr
        vague = True
    return Attribution(False, vague, None, None)


def attribution_for(sentence: str, start: int, end: int, *, according: bool = True) -> Attribution:
    """The named source whose reported words include sentence[start:end], if any.

    'Phipps cynically blamed Moscow': 'cynically' is the writer's, not Phipps's.
    'Kyiv denied it, which the footage contradicts': the relative clause is the writer's.
    With ``according=False`` only a verb of saying attributes: 'according to the weather
    service' sources the temperature in 'a horrific heat dome', not the adjective.
    """
    vague = False
    for attr, cstart, cend in _sources(sentence):
        if not according and attr.verb == "according to":
            continue
        if attr.named and cstart <= start and end <= cend:
            return attr
        vague = vague or attr.vague
    return Attribution(False, vague, None, None)
