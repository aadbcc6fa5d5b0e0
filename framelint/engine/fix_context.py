"""How sure a fix is, in its sentence: a rule's safe fix is lowered to unsafe by context.

This judges the fixes that put a neutral verb of saying ("said") in place of a loaded one.

A rule marks its ``fix`` table ``fix_applicability = "safe"`` when swapping the verb for
the neutral one keeps meaning and grammar in the positions it flags. The sentence can
still say otherwise, and then the fix is applied only with ``--unsafe-fixes``:

* the reported clause has no verb that is plainly indicative (a past tense, a form of
  "be" or "have", a modal) within its first words: "insisted that employees return" is a
  demand in the subjunctive, and "said that employees return" is neither the demand nor
  good grammar. What cannot be shown to be a statement is treated as a mandate;
* an admission (admit, concede, confess) of what the subject did: "admitted that he
  stole the car" is a legal admission, "said that he stole" is not. Only an admission
  that something *was* so ("admitted that the figures were wrong") stays safe;
* the replacement would repeat a verb of saying in the sentence: "admitted ... but
  insisted" must not become "said ... but said".
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOP = re.compile(r"[,;:.!?\"“”«»()\[\]—–]")
_DIRECT_QUOTE = re.compile(r"\s*[,:]\s*[\"“«‘']")

ADMISSION_VERBS = frozenset({"admit", "admits", "admitted", "admitting", "concede", "concedes", "conceded",
                             "conceding", "confess", "confesses", "confessed", "confessing"})
BE = frozenset({"was", "were", "is", "are", "am", "been", "being"})
HAVE = frozenset({"had", "has", "have"})
MODALS = frozenset({"will", "would", "could", "can", "should", "might", "may", "must", "shall", "did", "does"})
# Past tenses that are not also the bare form (so not "hit", "put", "cut", "set", "read").
IRREGULAR_PAST = frozenset("""
ate became began bit bled blew broke brought built bought caught chose came dealt did drank drew
drove fell felt fled flew forbade forgot froze gave got grew hung heard hid held knew laid led
left lent lay lost made meant met paid rode rang rose ran said sat saw sought sold sent shook shot
showed shone sang sank slept slid spoke spent spun stood stole stuck stung struck swore swam swung
took taught tore told thought threw understood woke wore won wrote
""".split())
PERSONAL = frozenset({"he", "she", "they", "i", "we", "you", "it"})
_NOT_PAST = frozenset({"need", "seed", "feed", "speed", "bleed", "proceed", "succeed", "exceed", "breed",
                       "hundred", "indeed", "red", "bed", "shed", "wed", "bred", "naked", "sacred",
                       "wicked", "kindred", "ragged", "rugged", "jagged", "beloved", "learned", "aged"})
CLAUSE_WORDS = 6  # how far into the reported clause its verb is looked for


def _is_finite_verb(word: str) -> bool:
    w = word.lower()
    if w in BE or w in HAVE or w in MODALS or w in IRREGULAR_PAST:
        return True
    return len(w) > 3 and w.endswith("ed") and w not in _NOT_PAST and not w.endswith("eed")


def _clause_words(prose: str, end: int, sentence_end: int) -> list[str]:
    """The words after the verb up to the first punctuation, from after "that" when it comes soon."""
    rest = prose[end:sentence_end]
    stop = _STOP.search(rest)
    words = _WORD.findall(rest[:stop.start()] if stop else rest)
    lowered = [w.lower() for w in words]
    if "that" in lowered[:5]:
        words = words[lowered.index("that") + 1:]
    return words[:CLAUSE_WORDS]


# The neutral verbs of saying that fixes put in place of loaded ones: only such fixes are
# judged by their sentence (a fix of "utilise" to "use" is not a verb of saying).
SAYING = frozenset({"say", "says", "said", "saying", "state", "states", "stated", "tell", "tells", "told",
                    "add", "adds", "added", "note", "notes", "noted", "report", "reports", "reported"})


def applicability(prose: str, start: int, end: int, sentence: tuple[int, int], declared: str,
                  repeated: bool, fix: str = "said") -> str:
    """The applicability of the fix of the verb at prose[start:end], in its sentence."""
    if declared != "safe" or fix.lower() not in SAYING:
        return declared
    if repeated:
        return "unsafe"
    verb = " ".join(prose[start:end].split()).lower()
    admission = verb in ADMISSION_VERBS
    if _DIRECT_QUOTE.match(prose, end):  # insisted: "..." - the quotation says what was said
        return "unsafe" if admission else "safe"
    words = _clause_words(prose, end, sentence[1])
    at = next((i for i, w in enumerate(words) if _is_finite_verb(w)), None)
    if at is None or at == 0:
        return "unsafe"  # no subject then verb: a mandate, a subjunctive, or not a clause at all
    if admission:
        subject = {w.lower() for w in words[:at]}
        if subject & PERSONAL or words[at].lower() not in BE:
            return "unsafe"  # an admission of an act, not of a state of affairs
    return "safe"


def repeats_verb(prose: str, start: int, end: int, sentence: tuple[int, int], fix: str,
                 same_fix: frozenset[str]) -> bool:
    """Whether the sentence, outside this span, already holds ``fix`` or a word fixed to it."""
    target = fix.lower()
    for m in _WORD.finditer(prose, sentence[0], sentence[1]):
        if start <= m.start() < end:
            continue
        word = m.group(0).lower()
        if word == target or word in same_fix:
            return True
    return False
