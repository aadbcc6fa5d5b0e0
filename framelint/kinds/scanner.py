"""Compiling a rule set into matchers that read each text once.

All term lists of all rules, and the literals that pattern rules' matches begin
with or contain, become one alternation built as a trie and run (with ``re``,
several times faster than ``regex`` here) over a lower-cased copy of the prose, a
chunk at a time: one pass whatever the number of terms, and no case-insensitive
regex mode. Pattern rules are then tried only where one of their literals occurs,
or run only on the stretches of text that hold one. The kinds hand these
candidates to the engine, which judges them in context. See docs/performance.md.
"""

from __future__ import annotations

import re
import sys
from array import array

import regex

from .inflection import inflections  # a term's forms, for rules with inflect = true


from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the kinds read rules as data; they import nothing of the rules layer
    from ..rules.model import Rule

# Same-length character foldings applied to prose and terms alike.
_FOLD_PAIRS = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("\u2010", "-"), ("\u2011", "-"), ("\u00a0", " "))

# Long texts are folded and scanned a chunk at a time, so a 100 MB file never has a
# folded copy of the whole: memory stays near the size of the text itself. A chunk ends
# just after a punctuation mark that no term contains, where no match can straddle it.
CHUNK = 1 << 20
_CUT_CHARS = ".,;!?)"
# Every character that may come before the start of a word: all but ASCII letters, digits
# and "_" (a set of ranges, which the scan skips through much faster than \W). Non-ASCII
# letters are in it too, and skipped by the scan's caller.
_SCAN_AFTER = r"[\x00-/:-@\[-^`{-\U0010ffff]"


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

    __slots__ = ("pattern", "flags", "code", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags, self._compiled = pattern, flags, None
        self.code = None  # what regex compiles it to, from the rule-set cache (see cache.regex_code)

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = _compile_regex(self.code, self.pattern, self.flags)
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


def _compile_regex(code, pattern: str, flags: int):
    if code is None:
        return regex.compile(pattern, flags)
    from ..cache import compile_regex

    return compile_regex(code, pattern, flags)


_SENTENCE_FLAGS = regex.I | regex.V0


class CompiledRule:
    """One rule, ready to run: its patterns, exceptions and sentence conditions."""

    __slots__ = ("rule", "index", "patterns", "case_forms", "_exceptions", "_if_sentence", "_unless_sentence",
                 "exception_source", "regex_code")

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
        self.regex_code: dict = {}  # what regex compiles the exceptions and sentence conditions to

    def exception_pattern(self) -> str | None:
        """The one regex of the rule's exceptions, when it has exception patterns (else see exception_source)."""
        rule = self.rule
        parts = [trie_pattern(sorted({normalize_term(t) for t in rule.exceptions}))] if rule.exceptions else []
        parts += [f"(?:{p})" for p in rule.exception_patterns]
        return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)" if parts else None

    @property
    def exceptions(self):
        """One compiled regex over folded text, or None."""
        if self._exceptions is None and self.exception_source is not None:
            from ..cache import compile_sre

            # Plain phrases over folded (lower-cased) text: re, from the cached compiled code.
            self._exceptions = _PhrasePattern(compile_sre(self.exception_source[1], self.exception_source[0]))
        if self._exceptions is None:
            source = self.exception_pattern()
            self._exceptions = (_compile_regex(self.regex_code.get("exceptions"), source, _SENTENCE_FLAGS)
                                if source is not None else False)
        return self._exceptions or None

    @property
    def if_sentence(self) -> list:
        if self._if_sentence is None:
            codes = self.regex_code.get("if") or [None] * len(self.rule.if_sentence)
            self._if_sentence = [_compile_regex(c, p, _SENTENCE_FLAGS) for c, p in zip(codes, self.rule.if_sentence)]
        return self._if_sentence

    @property
    def unless_sentence(self) -> list:
        if self._unless_sentence is None:
            codes = self.regex_code.get("unless") or [None] * len(self.rule.unless_sentence)
            self._unless_sentence = [_compile_regex(c, p, _SENTENCE_FLAGS)
                                     for c, p in zip(codes, self.rule.unless_sentence)]
        return self._unless_sentence


class CompiledRules:
    """A rule set compiled once per process (and, for start-up, cached on disk)."""

    def __init__(self, rules: list[Rule]) -> None:
        from .. import cache

        self.rules = rules
        self.compiled = [CompiledRule(rule, i) for i, rule in enumerate(rules)]
        self.pattern_rules = [c for c in self.compiled if c.patterns]
        signature = [(r.terms, r.inflect, r.case, r.patterns, r.exceptions, r.exception_patterns, r.if_sentence,
                      r.unless_sentence) for r in rules]
        key, derived = cache.load("compiled", [cache.source_digest(), regex.__version__, repr(signature)])
        if derived is not None:
            try:
                self._adopt(derived)
                return
            except Exception:  # noqa: BLE001 - an entry of another shape: rebuilt
                self.compiled = [CompiledRule(rule, i) for i, rule in enumerate(rules)]
                self.pattern_rules = [c for c in self.compiled if c.patterns]
        derived = self._derive()
        cache.save("compiled", key, derived)
        self._adopt(derived)

    def _derive(self) -> dict:
        """Everything about the rule set that takes time to work out, as plain data (see cache.dump)."""
        from ..cache import regex_code, sre_args

        term_index: dict[str, list[list]] = {}  # form -> [[rule index, form]]: lists, as JSON reads them
        for i, rule in enumerate(self.rules):
            forms: set[str] = set()
            for term in rule.terms:
                norm = normalize_term(term)
                forms |= inflections(norm) | {norm} if rule.inflect else {norm}
            for form in forms:
                term_index.setdefault(form, []).append([i, form])
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
        def literals_in(text: str) -> list[tuple[int, int]]:
            return sorted({pid for i in range(1, len(text) + 1) for pid in prefixes.get(text[:i], ())})

        # One scan finds both: the places where a term may match and where a literal starts.
        # It looks only after a character that can precede a word (see _SCAN_AFTER), and for
        # each place reports the longest term or literal there; that key says whether a term
        # can match there and which literals start there.
        union = sorted(set(term_index) | set(prefixes))
        # Each key's literals as an index into a list of the distinct sets (most are shared),
        # times two, plus one if a term can match there.
        scan_lists: dict[tuple, int] = {(): 0}
        scan_keys = {}
        for u in union:
            lits = tuple(literals_in(u))
            scan_keys[u] = 2 * scan_lists.setdefault(lits, len(scan_lists)) + any(
                u[:i] in term_index for i in range(1, len(u) + 1))
        scan = _SCAN_AFTER + "(?=(" + trie_pattern(union) + "))" if union else None
        exceptions = {}
        for i, rule in enumerate(self.rules):
            if rule.exceptions and not rule.exception_patterns:
                source = r"(?<!\w)(?:" + trie_pattern(sorted({normalize_term(t) for t in rule.exceptions})) + r")(?!\w)"
                exceptions[i] = (source, sre_args(source))
        # What regex compiles each of the rules' expressions to: compiling them costs more
        # than checking a short article.
        code = {}
        for crule in self.compiled:
            rule, entry = crule.rule, {}
            if crule.patterns:
                entry["patterns"] = [regex_code(p.pattern, p.flags) for p in crule.patterns]
            if rule.exception_patterns:
                entry["exceptions"] = regex_code(crule.exception_pattern(), _SENTENCE_FLAGS)
            if rule.if_sentence:
                entry["if"] = [regex_code(p, _SENTENCE_FLAGS) for p in rule.if_sentence]
            if rule.unless_sentence:
                entry["unless"] = [regex_code(p, _SENTENCE_FLAGS) for p in rule.unless_sentence]
            if entry:
                code[crule.index] = entry
        return {
            "regex_code": code,
            "exceptions": exceptions,
            "term_index": term_index,
            "master": (master, sre_args(master) if master else None),
            # No term or literal contains the cut character, so none crosses a cut.
            "cut": next((c for c in _CUT_CHARS if not any(c in u for u in union)), None),
            "scan_keys": scan_keys,
            "scan_lists": list(scan_lists),
            "unfiltered": unfiltered,
            "segmented": segmented,
            "scan": (scan, sre_args(scan) if scan else None),
        }

    def _adopt(self, derived: dict) -> None:
        from ..cache import compile_sre

        self.term_index = derived["term_index"]
        for i, source in derived["exceptions"].items():
            self.compiled[i].exception_source = source
        for i, entry in derived["regex_code"].items():
            crule = self.compiled[i]
            crule.regex_code = entry
            for pattern, code in zip(crule.patterns, entry.get("patterns", ())):
                pattern.code = code
        self.max_term_words = max((t.count(" ") + 1 for t in self.term_index), default=1)
        source, args = derived["master"]
        self.master = compile_sre(args, source) if source else None
        self.cut = derived["cut"]

        def pattern_id(pos: tuple[int, int]) -> int:
            # Where a pattern's required words (not its prefixes) are, is kept under -id.
            if pos[0] < 0:
                return -id(self.compiled[-1 - pos[0]].patterns[pos[1]])
            return id(self.compiled[pos[0]].patterns[pos[1]])

        self.scan_keys = derived["scan_keys"]
        self.scan_lists = [[pattern_id(p) for p in pos] for pos in derived["scan_lists"]]
        self.unfiltered = {pattern_id(p) for p in derived["unfiltered"]}
        self.segmented = {pattern_id(p): (re.compile("[" + re.escape(marks) + "]"), marks)
                          for p, marks in derived["segmented"].items()}
        source, args = derived["scan"]
        self.scan = compile_sre(args, source) if source else None
        # The literal starts found while scanning for terms, for pattern_candidates:
        # (prose, {pattern id: starts}), set when a scan of that prose is complete.
        self._found: tuple[str, dict[int, array]] | None = None

    def term_candidates(self, prose: str):
        """Yield (rule index, start, end, term) for every term found in the prose.

        One pass of one regular expression over a folded copy, a chunk at a time, which
        also finds where the pattern rules' literals start (see pattern_candidates).
        """
        self._found = None
        if self.scan is None:
            return
        found: dict[int, array] = {}
        n = len(prose)
        if self.cut is None or n <= 2 * CHUNK:
            yield from self._scan(" " + fold(prose), -1, 0, n, found)
        else:
            pos = 0
            while pos < n:
                cut = prose.find(self.cut, pos + CHUNK)
                cut = n if cut == -1 else cut + 1
                lo = max(0, pos - 2)  # the look-behinds need two characters of context
                if lo == 0:  # a space before the text: the scan looks after a character
                    yield from self._scan(" " + fold(prose[:cut + 2]), -1, pos, cut, found)
                else:
                    yield from self._scan(fold(prose[lo:cut + 2]), lo, pos, cut, found)
                pos = cut
        if self.pattern_rules:
            self._found = (prose, found)

    def _scan(self, folded: str, offset: int, pos: int, stop: int, found: dict[int, array]):
        """Terms (yielded) and literal starts (into ``found``) that start in [pos, stop);
        ``folded`` is the folded text from ``offset`` on, with at least a character before ``pos``."""
        keys, lists = self.scan_keys, self.scan_lists
        match = self.master.match if self.master is not None else None
        term_end = 0  # where the last term matched ends: matches do not overlap, as with finditer
        for m in self.scan.finditer(folded, pos - 1 - offset):
            at = m.start() + 1
            if at + offset >= stop:
                break
            before = folded[at - 1]
            if before > "\x7f" and before.isalnum():
                continue  # a letter, not a word's start (the scan's set takes in all non-ASCII)
            text = m.group(1)
            key = keys[" ".join(text.split()) + (" " if text[-1].isspace() else "")]
            if key > 1:
                for pid in lists[key >> 1]:
                    starts = found.get(pid)
                    if starts is None:  # an array of offsets: a tenth of a list's memory
                        starts = found[pid] = array("q")
                    starts.append(at + offset)
            if key & 1 and at >= term_end:
                t = match(folded, at)
                if t is not None:
                    term_end = t.end()
                    yield from self._terms(t, folded, offset)

    def _terms(self, m, folded: str, offset: int):
        """The (rule index, start, end, term) of one match of the term expression."""
        index = self.term_index
        s, e = m.span()
        text = m.group()
        if " " not in text and "\n" not in text and "\t" not in text:
            for rule_i, term in index.get(text, ()):
                yield rule_i, s + offset, e + offset, term
            return
        # A phrase: report it, and any shorter listed term inside it, at word boundaries.
        words = [(w.start() + s, w.end() + s) for w in re.finditer(r"\S+", text)]
        for a in range(len(words)):
            for b in range(len(words), a, -1):
                ws, we = words[a][0], words[b - 1][1]
                key = " ".join(folded[ws:we].split())
                for rule_i, term in index.get(key, ()):
                    yield rule_i, ws + offset, we + offset, term

    def pattern_candidates(self, prose: str) -> dict[int, array]:
        """Where each prefiltered pattern may match: pattern id -> ascending start offsets.

        Found by the scan for terms: taken from it when it has just read this prose.
        """
        found = self._found
        self._found = None
        if found is not None and found[0] is prose:
            return found[1]
        for _ in self.term_candidates(prose):
            pass
        found = self._found
        self._found = None
        return found[1] if found is not None else {}

    def pattern_matches(self, pattern, prose: str, candidates: dict[int, array], timeout: float):
        """The matches of ``pattern`` in ``prose``, as ``pattern.finditer`` would give them."""
        cuts = self.segmented.get(id(pattern))
        if cuts is not None:
            words = candidates.get(-id(pattern), ())
            if len(words) <= 50 + len(prose) // 50:  # else most stretches hold one: scan it all
                yield from self._segment_matches(pattern, prose, words, cuts, timeout)
                return
        starts = candidates.get(id(pattern), ())
        if id(pattern) in self.unfiltered or len(starts) > 50 + len(prose) // 50:
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
    if not _starts_at_word_boundary(list(parsed)):
        return None  # the scan for prefixes looks only where words start
    # Whole phrases first ("insisted that"); if they are too many to list (every adjective
    # of a list before every noun of another), their first words ("legal ", "critics").
    for one_word in (False, True):
        try:
            found = _expand(list(parsed), [("", True)], one_word)
        except _Unreducible:
            return None
        out = set()
        for text, _open in found:
            text = fold(text)
            if (len(text.strip()) < _MIN_LITERAL or not (text[0].isalnum() or text[0] == "_")
                    or text.strip() in _COMMON_WORDS):
                out = None  # not selective, or not where a word (and the match) starts
                break
            out.add(" ".join(text.split()) + (" " if text.endswith(" ") else ""))
        if out is not None:
            return sorted(out)
    return None


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
    ignorecase = bool(flags & regex.IGNORECASE)
    barriers = "".join(ch for ch in _BARRIERS if not _may_read(parsed, ch, ignorecase, c))
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
            if av in _word_start_anchors(c):
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


def _may_read(items, ch: str, ignorecase: bool, c, behind: bool = False) -> bool:
    """Whether a match of the parsed sequence, or a look-ahead in it, may read the mark ``ch``
    (True when unsure). A stretch that ends before such a mark is then read the same way as
    the whole text; look-behinds need no such care, as they see the text before a stretch
    (``behind``: inside one, where only a look-ahead could read past the stretch's end)."""
    for op, av in items:
        if behind and op not in (c.ASSERT, c.ASSERT_NOT, c.SUBPATTERN, c.BRANCH, c.MAX_REPEAT, c.MIN_REPEAT,
                                 getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT), getattr(c, "ATOMIC_GROUP", None)):
            continue
        if op is c.LITERAL:
            if chr(av) == ch or (ignorecase and chr(av).lower() == ch.lower()):
                return True
        elif op is c.IN:
            if _in_set(av, ch, ignorecase, c):
                return True
        elif op is c.AT:
            if av not in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY, *_word_start_anchors(c)):
                return True  # an end anchor would see a stretch's end as the end of the text
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if _may_read(av[1], ch, ignorecase, c, av[0] == -1):
                return True
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
            if _may_read(av[2], ch, ignorecase, c, behind):
                return True
        elif op is c.SUBPATTERN:
            if _may_read(av[-1], ch, ignorecase, c, behind):
                return True
        elif op is c.BRANCH:
            if any(_may_read(alt, ch, ignorecase, c, behind) for alt in av[1]):
                return True
        elif op is getattr(c, "ATOMIC_GROUP", None):
            if _may_read(av, ch, ignorecase, c, behind):
                return True
        else:
            return True  # ANY, NOT_LITERAL, group references, ...
    return False


def _in_set(charset, ch: str, ignorecase: bool, c) -> bool:
    """Whether a parsed character set may match ``ch``, a punctuation mark (True when unsure)."""
    negate, hit = False, False
    chars = {ch, ch.lower(), ch.upper()} if ignorecase else {ch}
    for op, av in charset:
        if op is c.NEGATE:
            negate = True
        elif op is c.LITERAL:
            hit = hit or chr(av) in chars
        elif op is c.RANGE:
            hit = hit or any(av[0] <= ord(x) <= av[1] for x in chars)
        elif op is c.CATEGORY:
            word, space = ch.isalnum() or ch == "_", ch.isspace()
            test = {c.CATEGORY_WORD: word, c.CATEGORY_NOT_WORD: not word, c.CATEGORY_SPACE: space,
                    c.CATEGORY_NOT_SPACE: not space, c.CATEGORY_DIGIT: ch.isdigit(),
                    c.CATEGORY_NOT_DIGIT: not ch.isdecimal()}.get(av)
            if test is None:
                return True
            hit = hit or test
        else:
            return True
    return hit != negate


def _only_space(charset, c) -> bool:
    """Whether a parsed character set matches whitespace only: ``\\s``, ``[ \\t]``, ``[^\\S\\n]``."""
    if charset and charset[0] == (c.NEGATE, None):
        return (c.CATEGORY, c.CATEGORY_NOT_SPACE) in charset  # not a non-space: a space
    return bool(charset) and all(item == (c.CATEGORY, c.CATEGORY_SPACE) or (item[0] is c.LITERAL
                                                                             and chr(item[1]).isspace())
                                 for item in charset)


def _ends_with_space(items: list, c) -> bool:
    """Whether every string a parsed sequence matches ends in whitespace."""
    if not items:
        return False
    op, av = items[-1]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0:  # optional: look before it too
        return _ends_with_space(list(av[2]), c) and _ends_with_space(items[:-1], c)
    if op is c.IN:
        return _only_space(av, c)
    if op is c.LITERAL:
        return chr(av).isspace()
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return _ends_with_space(list(av[2]), c)
    if op is c.SUBPATTERN:
        return _ends_with_space(list(av[-1]), c)
    if op is c.BRANCH:
        return all(_ends_with_space(list(alt), c) for alt in av[1])
    return False


def _word_start_anchors(c) -> tuple:
    """Anchors after which a word starts: ``\\b``, and ``^`` (the start of the text or, in
    multi-line mode, of a line, after a line break): the scan looks at both."""
    return (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING, c.AT_BEGINNING_LINE)


def _starts_at_word_boundary(items: list) -> bool:
    """Whether a word starts (``\\b``, ``^``, a look-behind ending in whitespace) before the
    first character every match of a parsed pattern reads."""
    c = _sre_modules()[1]

    for op, av in items:
        if op is c.ASSERT and av[0] == -1 and _ends_with_space(list(av[1]), c):
            return True  # (?<=... ) ending in whitespace: a word starts here
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.AT:
            if av in _word_start_anchors(c):
                return True
            continue
        if op is c.SUBPATTERN:
            return _starts_at_word_boundary(list(av[-1]))
        if op is c.BRANCH:
            return all(_starts_at_word_boundary(list(alt)) for alt in av[1])
        return False
    return False


def _expand(items: list, partials: list[tuple[str, bool]], one_word: bool = False) -> list[tuple[str, bool]]:
    """Extend each open partial prefix with what ``items`` (a parsed sequence) can start with
    (with ``one_word``, no further than the first whitespace)."""
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
            options = _alternatives(av[-1], c, one_word)
        elif op is c.BRANCH:
            options = [o for alt in av[1] for o in _alternatives(alt, c, one_word)]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
            low, high, sub = av
            sub_options = _alternatives(sub, c, one_word)
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
        if one_word:
            extended = [(p, o and not p.endswith(" ")) for p, o in extended]
        extended = list(dict.fromkeys(extended))
        if len(extended) > _MAX_LITERALS:  # too many: what is known so far is enough
            return list(dict.fromkeys((p, False) for p, _ in partials))
        partials = extended
    return partials


def _alternatives(seq, c, one_word: bool = False) -> list[tuple[str, bool]]:
    return _expand(list(seq), [("", True)], one_word)


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

