"""Word knowledge the document model needs: abbreviations, verbs of saying,
and what makes a source named or vague.

These lists describe English news prose, not any one rule; rules themselves
live in TOML files under ``rules/``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

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
    contended maintained objected agreed disclosed revealed briefed""".split(),
    key=len, reverse=True,
)
_VERB = r"(?:" + "|".join(SAY_VERBS) + r")"
_NAME_WORD = r"[\w’'.\-]+"

# ', the ministry said' | ', said the ministry' | ' Gladkov wrote in his channel'
SPEAKER_AFTER = regex.compile(
    rf"""^[\s,;:—–-]*(?:
        (?P<verb>{_VERB})\s+(?P<speaker>(?:the\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}}?)(?=[\s,.;:!?]|$)
      | (?P<speaker>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,6}}?)\s+(?:has\s+|had\s+|also\s+|later\s+|then\s+)*
        (?P<verb>{_VERB})\b)""",
    regex.X | regex.I | regex.V0,
)

# 'Kirby said: "' | 'the minister told reporters that "'
SPEAKER_BEFORE = regex.compile(
    rf"""(?P<speaker>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})\s+(?:has\s+|had\s+|also\s+|then\s+)*
        (?P<verb>{_VERB})\b[^"“”«»]*$""",
    regex.X | regex.I | regex.V0,
)

VAGUE_SOURCE = regex.compile(
    r"""\b(?:sources?|reports?|reporting|media|unnamed|anonymous|unidentified|some|many|others|critics
    |observers|experts|analysts|insiders|rumou?rs?|commentators|pundits|familiar|it|unverified
    |social\s+media|speculation|word|people|everyone|everybody|somebody|someone|they)\b""",
    regex.X | regex.I,
)
_PASSIVE = regex.compile(r"\b(?:is|was|were|are|been|being|be|widely|often)\s*$", regex.I)
_ACCORDING = regex.compile(r"\baccording\s+to\s+(?P<src>[^,.;:“”\"«»()]+)", regex.I)
_SAY_IN_SENTENCE = regex.compile(rf"\b(?P<verb>{_VERB})\b", regex.I)
_AGENT = regex.compile(rf"^\s*(?:\w+\s+){{0,3}}?by\s+(?P<agent>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})", regex.I)
_SUBJECT = regex.compile(rf"(?P<subj>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})\s+(?:has\s+|had\s+|have\s+|also\s+|then\s+|later\s+)*$", regex.I)
_INVERTING = frozenset("said says added adds wrote asked continued told".split())
_PRONOUN = regex.compile(r"^(?:he|she|they|we|i)$", regex.I)


@dataclass(frozen=True, slots=True)
class Attribution:
    named: bool          # a source the reader can identify is given
    vague: bool          # only a vague or anonymous source is given
    speaker: str | None
    verb: str | None


NO_ATTRIBUTION = Attribution(False, False, None, None)


def is_vague(source: str) -> bool:
    return VAGUE_SOURCE.search(source) is not None and not _PRONOUN.match(source.strip())


def attribution(sentence: str) -> Attribution:
    """Who the sentence says its claim comes from, if anyone."""
    vague = False
    for m in _ACCORDING.finditer(sentence):
        src = m.group("src").strip()
        if is_vague(src):
            vague = True
        else:
            return Attribution(True, False, src, "according to")
    for m in _SAY_IN_SENTENCE.finditer(sentence):
        verb = m.group("verb")
        before = sentence[:m.start()]
        clauses = [c for c in regex.split(r"[,;:“”\"«»()—]", before)]
        clause = clauses[-1]
        if not clause.strip() and len(clauses) > 1:
            # An appositive: 'the ambassador, Vasily Nebenzya, accused ...'.
            clause = next((c for c in reversed(clauses) if c.strip()), "")
            if clause:
                clause += " "
        if _PASSIVE.search(clause):
            agent = _AGENT.match(sentence[m.end():])
            if agent and not is_vague(agent.group("agent")):
                return Attribution(True, False, agent.group("agent"), verb)
            vague = True
            continue
        subj = _SUBJECT.search(clause)
        if subj:
            words = subj.group("subj")
            if is_vague(words):
                vague = True
                continue
            return Attribution(True, False, words, verb)
        # Inverted order: 'said the governor'.
        if verb.lower() not in _INVERTING or before.strip():
            continue
        after = regex.match(rf"\s+(?P<s>(?:the\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})", sentence[m.end():])
        if after and not is_vague(after.group("s")):
            return Attribution(True, False, after.group("s"), verb)
    return Attribution(False, vague, None, None)
