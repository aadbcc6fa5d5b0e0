"""The forms ``inflect = true`` adds to a term: from its lemma, with English spelling.

A term may be written in any of its forms ("slam", "slams", "slammed", "slamming"):
the lemma is worked out from the form, and every form of that lemma is matched.
The spelling rules are the regular ones (-s/-es/-ies, -ed/-ied, -ing, a final -e
dropped, a final consonant doubled after one short vowel: "slam", "slammed",
"stab", "stabbed"); the words they cannot reach are data, in
``framelint/data/inflections.toml``. Only the last word of a phrase is inflected.

Without a dictionary a form can have more than one lemma ("blasted": "blast" or
"blaste"): each lemma that gives the form back by the same rules is kept, so the
extra forms are spellings no text contains, and a lemma that would give the form
another spelling ("hated" is not "hat", whose past is "hatted") is not.
"""

from __future__ import annotations

import functools
import re

_VOWELS = "aeiou"
_CONSONANT = re.compile(r"[^aeiou]")


@functools.lru_cache(maxsize=1)
def _data() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], frozenset[str]]:
    import sys
    from importlib import resources

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    data = tomllib.loads(resources.files("framelint").joinpath("data/inflections.toml").read_text("utf-8"))
    irregular = {lemma: frozenset(forms) for lemma, forms in data["irregular"].items()}
    lemma_of: dict[str, set[str]] = {}
    for lemma, forms in irregular.items():
        for form in forms | {lemma}:
            lemma_of.setdefault(form, set()).add(lemma)
    return irregular, {f: frozenset(ls) for f, ls in lemma_of.items()}, frozenset(data["doubling"]["words"])


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word.lower()))


def _doubles(lemma: str) -> bool:
    """Whether the last consonant doubles before -ed and -ing ("slam" -> "slammed")."""
    if len(lemma) < 3 or lemma[-1] in "wxy" + _VOWELS or lemma[-2] not in _VOWELS:
        return False
    if lemma[-3] in _VOWELS and lemma[-4:-2] != "qu":
        return False  # two vowels: "heat", "heated" ("quit" has one)
    return _syllables(lemma) == 1 or lemma in _data()[2]


def _plural(word: str) -> str:
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + ("es" if re.search(r"(s|x|z|ch|sh)$", word) else "s")


def forms_of(lemma: str, doubled: bool | None = None) -> set[str]:
    """Every form of ``lemma``: itself, -s, -ed and -ing (the irregular ones from the table).

    ``doubled`` says whether the final consonant doubles, when a form has shown it.
    """
    irregular = _data()[0]
    if lemma in irregular:
        return {lemma} | set(irregular[lemma])
    forms = {lemma, _plural(lemma)}
    if doubled is None:
        doubled = _doubles(lemma)
    if re.search(r"[^aeiou]y$", lemma):
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith("ie"):
        forms |= {lemma + "d", lemma[:-2] + "ying"}
    elif lemma.endswith(("ee", "ye", "oe")):
        forms |= {lemma + "d", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif doubled:
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
        if lemma[-1] == "l" and lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS and _syllables(lemma) > 1:
            forms |= {lemma + "led", lemma + "ling"}  # "labelled" beside "labeled"
    return forms


def lemmas(form: str) -> set[tuple[str, bool | None]]:
    """The lemmas ``form`` can be a form of (with whether they double), as shown by its spelling."""
    lemma_of = _data()[1]
    if form in lemma_of:
        return {(lemma, None) for lemma in lemma_of[form]}
    candidates: set[tuple[str, bool | None]] = set()

    def stem_candidates(stem: str) -> None:
        if len(stem) < 3 or not re.search(r"[aeiouy]", stem):
            return
        if stem[-1] == stem[-2] and _CONSONANT.match(stem[-1]):
            candidates.add((stem[:-1], True))     # "slamm-ed": "slam", which doubles
            if stem[-1] not in "lsfz":            # "call-ed", "pass-ed", "stuff-ed", "buzz-ed"
                return
        candidates.add((stem, None))
        candidates.add((stem + "e", None))        # "hat-ed": "hate"
        if stem.endswith("i"):
            candidates.add((stem[:-1] + "y", None))  # "deni-ed": "deny"
        if stem.endswith("y"):
            candidates.add((stem[:-1] + "ie", None))  # "ty-ing": "tie"

    if form.endswith("ing"):
        stem_candidates(form[:-3])
    elif form.endswith("ed"):
        stem_candidates(form[:-2])
    elif form.endswith("ies") and len(form) > 4:
        candidates.add((form[:-3] + "y", None))
    elif form.endswith("s") and not form.endswith("ss") and len(form) > 3:
        candidates.add((form[:-1], None))
        if form.endswith("es"):
            candidates.add((form[:-2], None))
    # A lemma counts only if its forms give back the form it came from.
    return {(lemma, d) for lemma, d in candidates if form in forms_of(lemma, d)}


def inflections(term: str) -> set[str]:
    """``term`` with the last word in every form of its lemma (the term itself included)."""
    head, _, last = term.rpartition(" ")
    prefix = head + " " if head else ""
    found = lemmas(last)
    # A form of another lemma is not a lemma itself, though an -ing form is also a noun
    # ("killing", "killings").
    forms = ({last, last + "s"} if last.endswith("ing") else {last}) if found else forms_of(last)
    for lemma, doubled in found:
        forms |= forms_of(lemma, doubled)
    return {prefix + f for f in forms}
