"""Compiling a rule set into matchers that read each text once.

All term lists of all rules become one alternation built as a trie and run
(with ``re``, several times faster than ``regex`` here) over a lower-cased copy
of the prose, a chunk at a time: one pass whatever the number of terms, and no
case-insensitive regex mode. Pattern rules are tried only where one of the
literals their matches must begin with occurs, found by one more scan. Short
quotations are looked for only in paragraphs where one may be. Each candidate
knows its rule; the engine then filters by context. See docs/performance.md.
"""

from __future__ import annotations

import re
import sys

import regex

from .rules import Rule

# Same-length character foldings applied to prose and terms alike.
_FOLD_PAIRS = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("\u2010", "-"), ("\u2011", "-"), ("\u00a0", " "))

# Long texts are folded and scanned a chunk at a time, so a 100 MB file never has a
# folded copy of the whole: memory stays near the size of the text itself. A chunk ends
# just after a punctuation mark that no term contains, where no match can straddle it.
CHUNK = 1 << 20
_CUT_CHARS = ".,;!?)"
# Where a short quotation may open: a quotation mark followed, within a few words, by
# another mark or the end of its paragraph. Only those paragraphs are parsed for quotes.
_MARKS = "\"“”„«»'‘’"
_CLOSERS = {"\"": "\"", "“": "”", "„": "“”", "«": "»", "»": "«"}


def fold(text: str) -> str:
    """Lower-case and fold apostrophes and hyphens, keeping every offset."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two ('İ')
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    # str.replace on the few characters present is much faster than str.translate.
    for ch, to in _FOLD_PAIRS:
        if ch in lowered:
            lowered = lowered.replace(ch, to)
    return lowered


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


SCAN_WINDOW = 1 << 20   # characters one timed search may look at
SCAN_OVERLAP = 1 << 12  # a match must be shorter than this to be found across windows


def timed_finditer(pattern, text: str, pos: int, endpos: int, timeout: float | None):
    """The matches ``pattern.finditer(text, pos, endpos)`` gives, each found by its own
    search with its own time limit, over at most SCAN_WINDOW characters.

    ``regex``'s finditer counts its time limit from the first match to the last,
    including the caller's work in between, and a sound pattern needs several seconds
    for 100 MB: so one limit for a whole scan would stop good rules on big files.
    """
    search = pattern.compiled.search if isinstance(pattern, LazyPattern) else pattern.search
    while pos <= endpos:
        end = min(endpos, pos + SCAN_WINDOW)
        m = search(text, pos, end, timeout=timeout)
        if end < endpos and (m is None or m.end() >= end - SCAN_OVERLAP):
            # Near the window's end a match may be cut short (or see a false end of text):
            # look again from a window that starts before it.
            after = end - SCAN_OVERLAP if m is None else m.start()
            if after > pos:
                pos = after
                continue
            m = search(text, pos, endpos, timeout=timeout)  # a match as long as a window
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


class LazyPattern:
    """A rule's regular expression, compiled the first time a text needs it.

    Most rules never fire on a given article, and compiling every pattern of a large
    rule set would cost more than checking a short file: start-up pays only for what runs.
    """

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags, self._compiled = pattern, flags, None

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str):  # finditer, match, search, groupindex, ...
        return getattr(self.compiled, name)


class _PhrasePattern:
    """An ``re`` pattern of plain phrases that accepts ``regex``'s ``timeout=`` (and needs none:
    a trie of phrases over a short window cannot backtrack catastrophically)."""

    __slots__ = ("compiled",)

    def __init__(self, compiled) -> None:
        self.compiled = compiled

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize, timeout=None):
        return self.compiled.finditer(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize, timeout=None):
        return self.compiled.search(string, pos, endpos)


class CompiledRule:
    """One rule, ready to run: its patterns, exceptions and sentence conditions."""

    __slots__ = ("rule", "index", "patterns", "case_forms", "_exceptions", "_if_sentence", "_unless_sentence",
                 "exception_source")

    def __init__(self, rule: Rule, index: int) -> None:
        self.rule, self.index = rule, index
        flags = regex.V0 | (0 if rule.case == "sensitive" else regex.I)
        self.patterns = [LazyPattern(p, flags) for p in rule.patterns]  # pattern-triggered rules
        self.case_forms: frozenset[str] = frozenset()  # original-case forms for case-sensitive terms
        if rule.case == "sensitive":
            forms = frozenset(" ".join(t.split()) for t in rule.terms)
            if rule.inflect:
                forms = frozenset(f for t in forms for f in inflections(t) | {t})
            self.case_forms = forms
        self._exceptions = self._if_sentence = self._unless_sentence = None
        self.exception_source = None  # (pattern, cached re code) when the exceptions are plain phrases

    @property
    def exceptions(self):
        """One compiled regex over folded text, or None."""
        if self._exceptions is None and self.exception_source is not None:
            from .rulecache import compile_sre

            # Plain phrases over folded (lower-cased) text: re, from the cached compiled code.
            self._exceptions = _PhrasePattern(compile_sre(self.exception_source[1], self.exception_source[0]))
        if self._exceptions is None:
            rule = self.rule
            parts = [trie_pattern(sorted({normalize_term(t) for t in rule.exceptions}))] if rule.exceptions else []
            parts += [f"(?:{p})" for p in rule.exception_patterns]
            self._exceptions = (regex.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", regex.I | regex.V0)
                                if parts else False)
        return self._exceptions or None

    @property
    def if_sentence(self) -> list:
        if self._if_sentence is None:
            self._if_sentence = [regex.compile(p, regex.I | regex.V0) for p in self.rule.if_sentence]
        return self._if_sentence

    @property
    def unless_sentence(self) -> list:
        if self._unless_sentence is None:
            self._unless_sentence = [regex.compile(p, regex.I | regex.V0) for p in self.rule.unless_sentence]
        return self._unless_sentence


class CompiledRules:
    """A rule set compiled once per process (and, for start-up, cached on disk)."""

    def __init__(self, rules: list[Rule]) -> None:
        from . import rulecache

        self.rules = rules
        self.compiled = [CompiledRule(rule, i) for i, rule in enumerate(rules)]
        self.pattern_rules = [c for c in self.compiled if c.patterns]
        self.scare_rules = [c for c in self.compiled if c.rule.kind == "scare-quote"]
        self._short_quote: dict[int, re.Pattern] = {}
        signature = [(r.terms, r.inflect, r.case, r.patterns, r.exceptions, r.exception_patterns) for r in rules]
        key, derived = rulecache.load("compiled", [rulecache.source_digest(), repr(signature)])
        if derived is None:
            derived = self._derive()
            rulecache.save("compiled", key, derived)
        self._adopt(derived)

    def _derive(self) -> dict:
        """Everything about the rule set that takes time to work out, in a form that pickles."""
        from .rulecache import sre_args

        term_index: dict[str, list[tuple[int, str]]] = {}
        for i, rule in enumerate(self.rules):
            forms: set[str] = set()
            for term in rule.terms:
                norm = normalize_term(term)
                forms |= inflections(norm) | {norm} if rule.inflect else {norm}
            for form in forms:
                term_index.setdefault(form, []).append((i, form))
        master = None
        if term_index:
            master = r"(?<!\w)(?<!\w-)(?:" + trie_pattern(sorted(term_index)) + r")(?!\w|-\w)"
        # Pattern rules whose every match starts with a known literal are tried only
        # where one of those literals starts, found by one scan for all of them.
        prefixes: dict[str, list[tuple[int, int]]] = {}  # folded literal -> (rule, pattern)
        unfiltered: list[tuple[int, int]] = []          # patterns run over the whole text
        segmented: dict[tuple[int, int], str] = {}      # ... or over segments: their cut marks
        for crule in self.pattern_rules:
            for j, pattern in enumerate(crule.patterns):
                literals = pattern_prefixes(pattern.pattern, pattern.flags)
                if literals is None:
                    unfiltered.append((crule.index, j))
                    factors = pattern_factors(pattern.pattern, pattern.flags)
                    if factors is not None:
                        segmented[(crule.index, j)] = factors[1]
                        for word in factors[0]:
                            prefixes.setdefault(word, []).append((-1 - crule.index, j))
                    continue
                for literal in literals:
                    prefixes.setdefault(literal, []).append((crule.index, j))
        # Where a literal starts, so do the shorter literals it begins with.
        closure = {lit: sorted({pid for i in range(1, len(lit) + 1) for pid in prefixes.get(lit[:i], ())})
                   for lit in prefixes}
        # Every literal begins a word (see pattern_prefixes): look only where words start.
        prefix_scan = r"\b(?=(" + trie_pattern(sorted(closure)) + "))" if closure else None
        exceptions = {}
        for i, rule in enumerate(self.rules):
            if rule.exceptions and not rule.exception_patterns:
                source = r"(?<!\w)(?:" + trie_pattern(sorted({normalize_term(t) for t in rule.exceptions})) + r")(?!\w)"
                exceptions[i] = (source, sre_args(source))
        return {
            "exceptions": exceptions,
            "term_index": term_index,
            "master": (master, sre_args(master) if master else None),
            "cut": next((c for c in _CUT_CHARS if not any(c in t for t in term_index)), None),
            "prefixes": closure,
            "unfiltered": unfiltered,
            "segmented": segmented,
            "prefix_scan": (prefix_scan, sre_args(prefix_scan) if prefix_scan else None),
        }

    def _adopt(self, derived: dict) -> None:
        from .rulecache import compile_sre

        self.term_index = derived["term_index"]
        for i, source in derived["exceptions"].items():
            self.compiled[i].exception_source = source
        self.max_term_words = max((t.count(" ") + 1 for t in self.term_index), default=1)
        source, args = derived["master"]
        self.master = compile_sre(args, source) if source else None
        self.cut = derived["cut"]

        def pattern_id(pos: tuple[int, int]) -> int:
            # Where a pattern's required words (not its prefixes) are, is kept under -id.
            if pos[0] < 0:
                return -id(self.compiled[-1 - pos[0]].patterns[pos[1]])
            return id(self.compiled[pos[0]].patterns[pos[1]])

        self.prefixes = {lit: [pattern_id(p) for p in pos] for lit, pos in derived["prefixes"].items()}
        self.unfiltered = {pattern_id(p) for p in derived["unfiltered"]}
        self.segmented = {pattern_id(p): (re.compile("[" + re.escape(marks) + "]"), marks)
                          for p, marks in derived["segmented"].items()}
        source, args = derived["prefix_scan"]
        self.prefix_scan = compile_sre(args, source) if source else None

    def term_candidates(self, prose: str):
        """Yield (rule index, start, end, term) for every term found in the prose.

        One pass of one regular expression over a folded copy, a chunk at a time.
        """
        if self.master is None:
            return
        n = len(prose)
        if self.cut is None or n <= 2 * CHUNK:
            yield from self._scan(fold(prose), 0, 0, n)
            return
        pos = 0
        while pos < n:
            cut = prose.find(self.cut, pos + CHUNK)
            cut = n if cut == -1 else cut + 1
            lo = max(0, pos - 2)  # the look-behinds need two characters of context
            yield from self._scan(fold(prose[lo:cut + 2]), lo, pos, cut)
            pos = cut

    def _scan(self, folded: str, offset: int, pos: int, stop: int):
        index = self.term_index
        for m in self.master.finditer(folded, pos - offset):
            s, e = m.span()
            if s + offset >= stop:
                break
            text = m.group()
            if " " not in text and "\n" not in text and "\t" not in text:
                for rule_i, term in index.get(text, ()):
                    yield rule_i, s + offset, e + offset, term
                continue
            # A phrase: report it, and any shorter listed term inside it, at word boundaries.
            words = [(w.start() + s, w.end() + s) for w in re.finditer(r"\S+", text)]
            for a in range(len(words)):
                for b in range(len(words), a, -1):
                    ws, we = words[a][0], words[b - 1][1]
                    key = " ".join(folded[ws:we].split())
                    for rule_i, term in index.get(key, ()):
                        yield rule_i, ws + offset, we + offset, term

    def pattern_candidates(self, prose: str) -> dict[int, list[int]]:
        """Where each prefiltered pattern may match: pattern id -> ascending start offsets."""
        found: dict[int, list[int]] = {}
        if self.prefix_scan is None:
            return found
        closure = self.prefixes
        n = len(prose)
        pos = 0
        while pos < n:
            stop = min(n, pos + CHUNK)
            hi = min(n, stop + 1000)  # a literal starting before ``stop`` ends within this
            folded = fold(prose[pos:hi])
            for m in self.prefix_scan.finditer(folded, 0, hi - pos):
                start = m.start()
                if start + pos >= stop:
                    break
                text = m.group(1)
                key = " ".join(text.split()) + (" " if text[-1].isspace() else "")
                for pid in closure.get(key, ()):
                    found.setdefault(pid, []).append(start + pos)
            pos = stop
        return found

    def pattern_matches(self, pattern, prose: str, candidates: dict[int, list[int]], timeout: float):
        """The matches of ``pattern`` in ``prose``, as ``pattern.finditer`` would give them."""
        cuts = self.segmented.get(id(pattern))
        if cuts is not None:
            words = candidates.get(-id(pattern), ())
            if len(words) <= 50 + len(prose) // 100:  # else most stretches hold one: scan it all
                yield from self._segment_matches(pattern, prose, words, cuts, timeout)
                return
        starts = candidates.get(id(pattern), ())
        if id(pattern) in self.unfiltered or len(starts) > 50 + len(prose) // 300:
            # No literal to look for, or so many places that one scan costs less.
            yield from timed_finditer(pattern, prose, 0, len(prose), timeout)
            return
        if not starts:
            return
        match = pattern.compiled.match if isinstance(pattern, LazyPattern) else pattern.match
        last = 0
        for start in starts:
            if start < last:
                continue  # inside the previous match
            m = match(prose, start, timeout=timeout)
            if m is not None:
                yield m
                last = m.end() if m.end() > start else start + 1

    @staticmethod
    def _segment_matches(pattern, prose: str, words: list[int], cuts, timeout: float):
        """Run ``pattern`` over each stretch between two cut marks that holds a required word."""
        cut_re, marks = cuts
        covered = 0
        for at in words:
            if at < covered:
                continue
            m = cut_re.search(prose, at)
            end = m.start() if m else len(prose)
            start = covered
            for ch in marks:
                i = prose.rfind(ch, covered, at)
                if i >= start:
                    start = i + 1
            yield from timed_finditer(pattern, prose, start, end, timeout)
            covered = end

    def excepted(self, crule: CompiledRule, prose: str, start: int, end: int,
                 timeout: float | None = None) -> bool:
        """Whether one of the rule's exceptions covers prose[start:end]."""
        lo, hi = max(0, start - 80), min(len(prose), end + 80)
        base = max(0, lo - 1)  # one character of context for the look-behind
        window = fold(prose[base:hi])
        for m in crule.exceptions.finditer(window, lo - base, timeout=timeout):
            if m.start() + base <= start and end <= m.end() + base:
                return True
        return False

    def short_quotations(self, doc, max_words: int):
        """The quotations of every paragraph that may hold one of at most ``max_words`` words.

        A cheap scan finds where such a quotation may open; only those paragraphs are
        parsed for quotations (and speakers are found only when asked for).
        """
        pattern = self._short_quote.get(max_words)
        if pattern is None:
            word = f"[^\\s{_MARKS}]+"
            pattern = self._short_quote[max_words] = re.compile(
                rf"[\"“„«»'‘](?<![^\W_]['‘])"
                rf"(?=(?P<inner>\s*(?:{word}\s+){{0,{max_words - 1}}}(?:{word}\s*)?)(?P<mark>[{_MARKS}])"
                rf"|\s*(?:{word}\s+){{0,{max_words - 1}}}{word}\s*(?:\n\s*\n|\Z))")
        prose = doc.prose
        last = -1
        for m in pattern.finditer(prose):
            if m.start() < last:
                continue
            inner = m.group("inner")
            if (inner and inner[-1] in ".!?,;:" and m.group("mark") in _CLOSERS.get(prose[m.start()], "")
                    and "\n" not in inner):
                # A quoted sentence closed on the same line, not a phrase: no scare quote here.
                continue
            start, end = doc.paragraph_at(m.start())
            last = end
            yield from doc.quotations_in(start)


# -- pattern rules: a literal prefilter ---------------------------------------------------
# A pattern rule's regular expression would otherwise scan every text on its own, and a
# rule set with a hundred patterns would read each text a hundred times. Instead each
# pattern is reduced, where possible, to the literal strings that every match of it must
# start with ("insist", "insisted that", ...). One scan over the folded text finds where
# any of them starts, and each pattern is then tried only at those places, with
# ``pattern.match`` at that position, which gives exactly the matches ``finditer`` would.
_MIN_LITERAL = 3       # shorter prefixes would make too many candidates to be worth it
# A prefix that is one of the commonest words selects nothing: such a pattern is run
# over the text instead (that costs less than trying it at every "the").
_COMMON_WORDS = frozenset("""the and for not was were are has had have but with from that this these those
    his her its our their your they them she him who which what when where there here then than
    one two all any some more most many much said says say also been being into over only just""".split())
_MAX_LITERALS = 400    # per pattern; more and the pattern is simply run over the text


def _sre_modules():
    """The standard library's regular-expression parser and its constants (3.11 names first)."""
    try:
        from re import _constants, _parser
    except ImportError:  # Python 3.10
        import sre_constants as _constants
        import sre_parse as _parser
    return _parser, _constants


_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P?<(?![=!])\w+>")


def _parse(pattern: str, flags: int):
    """The standard library's parse of a rule's pattern, or None if it cannot read it.

    Group names are dropped first: they do not change what a pattern matches, and the
    ``regex`` module allows one name on several groups, which ``re`` does not.
    """
    try:
        _parser, _constants = _sre_modules()
        return _parser.parse(_NAMED_GROUP.sub("(?:", pattern), re.IGNORECASE if flags & regex.IGNORECASE else 0)
    except Exception:  # noqa: BLE001 - regex-only syntax: no prefilter, never an error
        return None


def pattern_prefixes(pattern: str, flags: int = 0) -> list[str] | None:
    """Folded literal strings with which every match of ``pattern`` begins, or None.

    A space in a returned string stands for a run of whitespace. None means the
    pattern cannot be reduced (it starts with a character class, ``\\w``, a short
    prefix, or syntax only the ``regex`` module knows): it is then run over the text.
    """
    parsed = _parse(pattern, flags)
    if parsed is None:
        return None
    try:
        found = _expand(list(parsed), [("", True)])
    except _Unreducible:
        return None
    if not _starts_at_word_boundary(list(parsed)):
        return None  # the scan for prefixes looks only where words start
    out = set()
    for text, _open in found:
        text = fold(text)
        if (len(text.strip()) < _MIN_LITERAL or not (text[0].isalnum() or text[0] == "_")
                or text.strip() in _COMMON_WORDS):
            return None  # not selective, or not where a word (and the match) starts
        out.add(" ".join(text.split()) + (" " if text.endswith(" ") else ""))
    return sorted(out)


class _Unreducible(Exception):
    pass


# -- patterns without a selective prefix: whole segments around a required word --------------
# A pattern such as "(the|its|X's) (deadliest|worst|...)" cannot be tried only where its
# match starts, but every match contains one of a few words, and cannot contain a "." or
# a "," (no part of the pattern matches one). Such marks cut the text into segments no
# match crosses; the pattern is run only over the segments that hold one of the words.
_BARRIERS = '.,;:!?"“”«»()[]{}'
_FACTOR_STOP = frozenset("""the and of to in is was for that it on with as by at from an be are were has had
    have not this his her its their one two""".split())


def pattern_factors(pattern: str, flags: int = 0) -> tuple[list[str], str] | None:
    """(words every match contains, marks no match contains) for ``pattern``, or None."""
    c = _sre_modules()[1]

    parsed = _parse(pattern, flags)
    if parsed is None:
        return None
    parsed = list(parsed)
    alphabet = _Alphabet(bool(flags & regex.IGNORECASE))
    if not alphabet.add(parsed, c):
        return None
    barriers = "".join(ch for ch in _BARRIERS if not alphabet.matches(ch))
    if not barriers:
        return None
    words = _required_words(parsed, False, c)
    return (sorted(words), barriers) if words else None


def _required_words(items: list, after_space: bool, c) -> set[str] | None:
    """Words (at word starts) of which every match of the parsed sequence contains one."""
    best = None

    def better(found):
        nonlocal best
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    for i, (op, av) in enumerate(items):
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT) or (op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0):
            continue  # zero-width or optional: not in every match
        at_word = _word_starts_before(items, i, after_space, c)
        if at_word:
            try:
                found = _expand(items[i:], [("", True)])
            except _Unreducible:
                found = []
            words = set()
            for text, _open in found:
                text = " ".join(fold(text).split())
                if len(text) < _MIN_LITERAL or not (text[0].isalnum() or text[0] == "_") or text in _FACTOR_STOP:
                    words = None
                    break
                words.add(text)
            better(words)
        if op is c.SUBPATTERN:
            better(_required_words(list(av[-1]), at_word, c))
        elif op is c.BRANCH:
            per_branch = [_required_words(list(alt), at_word, c) for alt in av[1]]
            if all(per_branch):
                better(set().union(*per_branch))
    return best


def _word_starts_before(items: list, i: int, after_space: bool, c) -> bool:
    """Whether a word starts where item ``i`` of a parsed sequence begins."""
    for op, av in reversed(items[:i]):
        if op is c.AT:
            if av is c.AT_BOUNDARY:
                return True
            continue
        if op in (c.ASSERT, c.ASSERT_NOT):
            if op is c.ASSERT and av[0] == -1 and _ends_with_space(list(av[1]), c):
                return True
            continue
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0:
            if _ends_with_space(list(av[2]), c):
                continue  # absent, or ending in a space: look further back
            return False
        return _ends_with_space([(op, av)], c)
    return after_space


class _Alphabet:
    """The characters a parsed pattern can read (in a match or a look-around)."""

    def __init__(self, ignorecase: bool) -> None:
        self.chars: set[str] = set()
        self.ranges: list[tuple[int, int]] = []
        self.word = self.space = self.digit = False
        self.ignorecase = ignorecase

    def matches(self, ch: str) -> bool:
        if ch in self.chars or any(lo <= ord(ch) <= hi for lo, hi in self.ranges):
            return True
        return (self.word and (ch.isalnum() or ch == "_")) or (self.space and ch.isspace()) \
            or (self.digit and ch.isdigit())

    def add(self, items, c) -> bool:
        """Add what ``items`` can read; False if that may be anything (``.``, ``[^x]``, ``$``)."""
        for op, av in items:
            if op is c.LITERAL:
                ch = chr(av)
                self.chars |= {ch, ch.lower(), ch.upper()} if self.ignorecase else {ch}
            elif op is c.IN:
                for iop, iav in av:
                    if iop is c.LITERAL:
                        ch = chr(iav)
                        self.chars |= {ch, ch.lower(), ch.upper()} if self.ignorecase else {ch}
                    elif iop is c.RANGE:
                        self.ranges.append(iav)
                        if self.ignorecase:
                            lo, hi = iav
                            self.chars |= {chr(x).swapcase() for x in range(lo, min(hi, lo + 256) + 1)}
                    elif iop is c.CATEGORY and iav in (c.CATEGORY_WORD, c.CATEGORY_SPACE, c.CATEGORY_DIGIT):
                        self.word |= iav is c.CATEGORY_WORD
                        self.space |= iav is c.CATEGORY_SPACE
                        self.digit |= iav is c.CATEGORY_DIGIT
                    else:
                        return False  # a negated set or class: anything
            elif op is c.AT:
                if av not in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY, c.AT_BEGINNING_STRING):
                    return False  # an end anchor would see a cut as the end of the text
            elif op in (c.ASSERT, c.ASSERT_NOT):
                if not self.add(av[1], c):
                    return False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
                if not self.add(av[2], c):
                    return False
            elif op is c.SUBPATTERN:
                if not self.add(av[-1], c):
                    return False
            elif op is c.BRANCH:
                if not all(self.add(alt, c) for alt in av[1]):
                    return False
            elif op is getattr(c, "ATOMIC_GROUP", None):
                if not self.add(av, c):
                    return False
            else:
                return False  # ANY, NOT_LITERAL, group references, ...
        return True


def _ends_with_space(items: list, c) -> bool:
    """Whether every string a parsed sequence matches ends in whitespace."""
    if not items:
        return False
    op, av = items[-1]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0:  # optional: look before it too
        return _ends_with_space(list(av[2]), c) and _ends_with_space(items[:-1], c)
    if op is c.IN:
        return av == [(c.CATEGORY, c.CATEGORY_SPACE)]
    if op is c.LITERAL:
        return chr(av).isspace()
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return _ends_with_space(list(av[2]), c)
    if op is c.SUBPATTERN:
        return _ends_with_space(list(av[-1]), c)
    if op is c.BRANCH:
        return all(_ends_with_space(list(alt), c) for alt in av[1])
    return False


def _starts_at_word_boundary(items: list) -> bool:
    """Whether ``\\b`` comes before the first character every match of a parsed pattern reads."""
    c = _sre_modules()[1]

    for op, av in items:
        if op is c.ASSERT and av[0] == -1 and _ends_with_space(list(av[1]), c):
            return True  # (?<=... ) ending in whitespace: a word starts here
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.AT:
            if av is c.AT_BOUNDARY:
                return True
            continue
        if op is c.SUBPATTERN:
            return _starts_at_word_boundary(list(av[-1]))
        if op is c.BRANCH:
            return all(_starts_at_word_boundary(list(alt)) for alt in av[1])
        return False
    return False


def _expand(items: list, partials: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Extend each open partial prefix with what ``items`` (a parsed sequence) can start with."""
    c = _sre_modules()[1]

    for op, av in items:
        if not any(is_open for _, is_open in partials):
            break
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: does not move the start of the match
        if op is c.LITERAL:
            options = [chr(av)]
        elif op is c.IN:
            options = _charset_options(av, c)
        elif op is c.SUBPATTERN:
            options = _alternatives(av[-1], c)
        elif op is c.BRANCH:
            options = [o for alt in av[1] for o in _alternatives(alt, c)]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
            low, high, sub = av
            sub_options = _alternatives(sub, c)
            if sub_options == [(" ", True)] and low >= 1:
                options = [" "]          # \s+ : a run of whitespace
            elif low == 0 and high == 1:
                options = [("", True)] + [(t, False) if not o else (t, o) for t, o in sub_options]
                options = [(t, o) for t, o in options]
            elif low >= 1:
                options = [(t, False) for t, _ in sub_options]  # X+ starts with X
            else:
                options = [("", False)]  # X* : nothing more is certain
        else:
            options = [("", False)]
        options = [(o, True) if isinstance(o, str) else o for o in options]
        if not options:
            raise _Unreducible
        extended = [(p + t, o) if is_open else (p, False) for p, is_open in partials
                    for t, o in (options if is_open else [("", False)])]
        extended = list(dict.fromkeys(extended))
        if len(extended) > _MAX_LITERALS:  # too many: what is known so far is enough
            return list(dict.fromkeys((p, False) for p, _ in partials))
        partials = extended
    return partials


def _alternatives(seq, c) -> list[tuple[str, bool]]:
    return _expand(list(seq), [("", True)])


def _charset_options(items, c) -> list:
    chars = []
    for op, av in items:
        if op is c.LITERAL:
            chars.append(chr(av))
        elif op is c.RANGE and av[1] - av[0] < 4:
            chars.extend(chr(x) for x in range(av[0], av[1] + 1))
        elif op is c.CATEGORY and av is c.CATEGORY_SPACE and len(items) == 1:
            return [" "]
        else:
            return [("", False)]
    return chars if len(chars) <= 4 else [("", False)]

