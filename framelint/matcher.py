"""Compiling a rule set into matchers that read each text once.

All term lists of all rules become one alternation built as a trie and run
over a lower-cased copy of the prose: one pass whatever the number of terms,
and no case-insensitive regex mode. Pattern rules are compiled once each.
Each candidate knows its rule; the engine then filters by context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from .rules import Rule

# Same-length character foldings applied to prose and terms alike.
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u2010": "-", "\u2011": "-", "\u00a0": " "})


def fold(text: str) -> str:
    """Lower-case and fold apostrophes and hyphens, keeping every offset."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two ('İ')
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


def normalize_term(term: str) -> str:
    return " ".join(fold(term).split())


def inflections(term: str) -> set[str]:
    """A term with its last word inflected: plural, past tense, -ing."""
    head, _, last = term.rpartition(" ")
    prefix = head + " " if head else ""
    forms = {last}
    if re.search(r"[^aeiou]y$", last):
        forms |= {last[:-1] + "ies", last[:-1] + "ied", last + "ing"}
    else:
        forms.add(last + ("es" if re.search(r"(s|x|z|ch|sh)$", last) else "s"))
        if last.endswith("e"):
            forms |= {last + "d", (last[:-1] if not last.endswith("ee") else last) + "ing"}
        else:
            forms |= {last + "ed", last + "ing"}
    return {prefix + f for f in forms}


def trie_pattern(words: list[str]) -> str:
    """A regular expression matching exactly ``words``, shaped as a trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def esc(ch: str) -> str:
        return r"\s+" if ch == " " else re.escape(ch)

    def build(node: dict) -> str:
        optional = "" in node
        alts = [esc(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:
            body = ("(?:" + body + ")?") if len(alts) > 1 or len(body) > 1 else body + "?"
        return body

    return build(trie)


@dataclass(slots=True)
class CompiledRule:
    rule: Rule
    index: int
    patterns: list  # compiled regex patterns (pattern-triggered rules)
    exceptions: object | None  # one compiled regex over folded text, or None
    if_sentence: list
    unless_sentence: list
    case_forms: frozenset[str]  # original-case forms for case-sensitive term rules


class CompiledRules:
    """A rule set compiled once per process."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.compiled: list[CompiledRule] = []
        self.term_index: dict[str, list[tuple[int, str]]] = {}
        for i, rule in enumerate(rules):
            forms: set[str] = set()
            for term in rule.terms:
                norm = normalize_term(term)
                forms |= inflections(norm) | {norm} if rule.inflect else {norm}
            for form in forms:
                self.term_index.setdefault(form, []).append((i, form))
            flags = regex.V0 | (0 if rule.case == "sensitive" else regex.I)
            patterns = [regex.compile(p, flags) for p in rule.patterns]
            exc_parts = [trie_pattern(sorted({normalize_term(t) for t in rule.exceptions}))] if rule.exceptions else []
            exc_parts += [f"(?:{p})" for p in rule.exception_patterns]
            exceptions = (regex.compile(r"(?<!\w)(?:" + "|".join(exc_parts) + r")(?!\w)", regex.I | regex.V0)
                          if exc_parts else None)
            case_forms = frozenset()
            if rule.case == "sensitive":
                case_forms = frozenset(" ".join(t.split()) for t in rule.terms)
                if rule.inflect:
                    case_forms = frozenset(f for t in case_forms for f in inflections(t) | {t})
            self.compiled.append(CompiledRule(
                rule, i, patterns, exceptions,
                [regex.compile(p, regex.I | regex.V0) for p in rule.if_sentence],
                [regex.compile(p, regex.I | regex.V0) for p in rule.unless_sentence],
                case_forms,
            ))
        self.max_term_words = max((t.count(" ") + 1 for t in self.term_index), default=1)
        self.master = None
        if self.term_index:
            pattern = r"(?<!\w)(?<!\w-)(?:" + trie_pattern(sorted(self.term_index)) + r")(?!\w|-\w)"
            self.master = re.compile(pattern)
        self.pattern_rules = [c for c in self.compiled if c.patterns]
        self.scare_rules = [c for c in self.compiled if c.rule.kind == "scare-quote"]

    def term_candidates(self, folded: str):
        """Yield (rule index, start, end, term) for every term found in the folded prose."""
        if self.master is None:
            return
        index = self.term_index
        for m in self.master.finditer(folded):
            s, e = m.span()
            text = m.group()
            if " " not in text and "\n" not in text and "\t" not in text:
                for rule_i, term in index.get(text, ()):
                    yield rule_i, s, e, term
                continue
            # A phrase: report it, and any shorter listed term inside it, at word boundaries.
            words = [(w.start() + s, w.end() + s) for w in re.finditer(r"\S+", text)]
            for a in range(len(words)):
                for b in range(len(words), a, -1):
                    ws, we = words[a][0], words[b - 1][1]
                    key = " ".join(folded[ws:we].split())
                    for rule_i, term in index.get(key, ()):
                        yield rule_i, ws, we, term
