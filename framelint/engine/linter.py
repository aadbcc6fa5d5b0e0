"""The engine: run a compiled rule set over documents and keep what survives context.

Candidates come from the matchers; each is then judged by its rule's scope
(narration, quotes, headline), exceptions, sentence conditions and the quote
mode. The engine never prints; it returns findings and per-file errors.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict

from ..config import DEFAULT, Config
from ..errors import UsageError
from ..findings import FileError, FileResult, Finding
from .. import kinds
from ..kinds.scanner import CompiledRules, fold
from ..rules.cache import load_rules_cached
from ..rules.meta import META_RULES
from ..rules.model import Rule
from ..rules.selection import check_selectors, matches_selector, select_rules
from ..text import attribution, formats
from ..text.document import Document
from ..text.quotations import Quotation
from .fix_context import applicability, repeats_verb
from .suppressions import apply_suppressions

def pattern_timeout(raw: str | None) -> float:
    """Seconds one regex match may take (FRAMELINT_PATTERN_TIMEOUT); UsageError if not a number > 0."""
    if raw is None or not raw.strip():
        return 2.0
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise UsageError(f"FRAMELINT_PATTERN_TIMEOUT must be a number of seconds above 0, not '{raw}'")
    return value


try:  # a bad value is reported by the command line, not as a traceback on import
    PATTERN_TIMEOUT = pattern_timeout(os.environ.get("FRAMELINT_PATTERN_TIMEOUT"))
except UsageError:
    PATTERN_TIMEOUT = 2.0

# All the searches of one rule in one file may take this many PATTERN_TIMEOUTs for each
# MB of text (and at least this many): a pattern slow on every line, but never slow
# enough for one search to run out of time, would otherwise hold a run for ever.
RULE_ALLOWANCE = 5


class RuleOvertime(TimeoutError):
    """A rule's searches in one file took, in all, more than its allowance."""


class _RuleClock:
    """The time each rule's regular expressions have taken in one file."""

    __slots__ = ("allowance", "spent", "stopped")

    def __init__(self, size: int) -> None:
        self.allowance = PATTERN_TIMEOUT * RULE_ALLOWANCE * max(1.0, size / 1_000_000)
        self.spent: dict[int, float] = defaultdict(float)
        self.stopped: set[int] = set()  # rules stopped in this file

    def __call__(self, index: int) -> "_Timing":
        return _Timing(self, index)

    def timed(self, index: int, matches):
        """The matches, each found on the rule's clock; none once the rule is stopped."""
        while index not in self.stopped:
            with _Timing(self, index):
                m = next(matches, None)
            if m is None:
                return
            yield m


class _Timing:
    __slots__ = ("clock", "index", "started")

    def __init__(self, clock: _RuleClock, index: int) -> None:
        self.clock, self.index = clock, index

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc) -> None:
        clock = self.clock
        clock.spent[self.index] += time.perf_counter() - self.started
        if clock.spent[self.index] > clock.allowance and exc[0] is None:
            raise RuleOvertime()


class _Context:
    """What a kind sees of one document being checked (see ``kinds/__init__.py``)."""

    __slots__ = ("doc", "prose", "compiled", "clock", "timeout", "stopped", "stop")

    def __init__(self, doc: Document, compiled: CompiledRules, clock: "_RuleClock", stop) -> None:
        self.doc, self.prose, self.compiled, self.clock = doc, doc.prose, compiled, clock
        self.timeout, self.stopped, self.stop = PATTERN_TIMEOUT, clock.stopped, stop


class _Format(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Linter:
    """A configured, compiled rule set. Build one per process and reuse it."""

    def __init__(self, config: Config = DEFAULT, rules: list[Rule] | None = None) -> None:
        self.config = config
        self.all_rules = rules if rules is not None else load_rules_cached(list(config.rule_dirs))
        self.rules = select_rules(self.all_rules, config.select, config.ignore)
        self.compiled = CompiledRules(self.rules)
        check_selectors(self.all_rules, [s for s, _ in config.levels], "level override")
        fixed_to: dict[str, set[str]] = defaultdict(set)  # a replacement -> every word fixed to it
        for rule in self.rules:
            for word, replacement in rule.fix.items():
                fixed_to[replacement.lower()].add(word)
        self.fixed_to = {k: frozenset(v) for k, v in fixed_to.items()}
        self.levels: dict[str, str] = {}
        for selector, level in config.levels:
            for rule in self.rules:
                if matches_selector(rule, selector):
                    self.levels[rule.code] = level

    # -- entry points ------------------------------------------------------------------
    def check_text(self, text: str, path: str = "-", format: str | None = None) -> FileResult:
        """Check one decoded text; ``format`` (text, markdown, html) comes from ``path`` by default."""
        doc = Document(text, format or formats.name_for_path(path), path)
        result = self.check_document(doc)
        result.text = text
        return result

    # -- the work -------------------------------------------------------------------------
    def check_document(self, doc: Document) -> FileResult:
        path = doc.path or "-"
        result = FileResult(path)
        compiled = self.compiled
        density: dict[int, list[Finding]] = defaultdict(list)
        seen: set[tuple[int, int, str]] = set()
        taken: dict[int, tuple[int, int]] = {}  # rule index -> last span it reported
        clock = _RuleClock(len(doc.prose))
        timed_out = clock.stopped  # rules stopped in this file by PATTERN_TIMEOUT or RULE_ALLOWANCE

        def stop(crule, exc: TimeoutError) -> None:
            # A user's regex that backtracks without end: report it once, and go on without it.
            if crule.index not in timed_out:
                timed_out.add(crule.index)
                why = (f"patterns took longer than {clock.allowance:g} s in all and were stopped"
                       if isinstance(exc, RuleOvertime) else
                       f"pattern took longer than {PATTERN_TIMEOUT:g} s and was stopped")
                result.errors.append(FileError(path, f"rule {crule.rule.code} ({crule.rule.name}): {why}"))

        def consider(index: int, start: int, end: int, term: str | None) -> None:
            last = taken.get(index)
            if index in timed_out or (last is not None and last[0] <= start and end <= last[1]):
                return  # a stopped rule, or a shorter term inside a longer one of the same rule
            crule = compiled.compiled[index]
            try:
                finding = self._judge(doc, crule, start, end, term, clock)
            except TimeoutError as exc:
                stop(crule, exc)
                return
            if finding is None:
                return
            key = (finding.start, finding.end, finding.code)
            if key in seen:
                return
            seen.add(key)
            taken[index] = (start, end)
            if crule.rule.max_per_1000 is not None:  # reported only above a density
                density[index].append(finding)
            else:
                result.findings.append(finding)

        ctx = _Context(doc, compiled, clock, stop)
        for source in kinds.candidate_sources():
            for candidate in source.candidates(ctx):
                if candidate.judged:  # judged by its kind: report it as it is
                    rule = compiled.compiled[candidate.index].rule
                    finding = self._finding(doc, rule, candidate.start, candidate.end, None,
                                            self.levels.get(rule.code, rule.level), False, None)
                    if finding is not None:
                        result.findings.append(finding)
                else:
                    consider(*candidate[:4])
        if density:
            words = max(doc.word_count, 1)
            for index, items in density.items():
                rule = compiled.compiled[index].rule
                per_1000 = len(items) * 1000 / words
                if per_1000 > (rule.max_per_1000 or 0):
                    for f in items:
                        msg = f.message.replace("{count}", str(len(items))).replace(
                            "{density}", f"{per_1000:.1f}").replace("{limit}", f"{rule.max_per_1000:g}")
                        result.findings.append(_replace_message(f, msg))
        result.findings.sort(key=Finding.sort_key)
        if "framelint-" in doc.text:
            result.findings = apply_suppressions(doc, result.findings, self)
        if self.config.per_path_ignores:
            ignored = self.ignored_codes(path)
            if ignored:
                result.findings = [f for f in result.findings if f.code not in ignored]
        return result

    def ignored_codes(self, path: str) -> frozenset[str]:
        """Codes that the configuration's per-path-ignores switch off for ``path``."""
        selectors = self.config.path_ignores(path)
        return frozenset(r.code for r in [*self.rules, *META_RULES]
                         if any(matches_selector(r, s) for s in selectors))

    def _judge(self, doc: Document, crule, start: int, end: int, term: str | None,
               clock: _RuleClock) -> Finding | None:
        rule = crule.rule
        if crule.case_forms and " ".join(doc.prose[start:end].split()) not in crule.case_forms:
            return None
        if crule.exceptions is not None:
            with clock(crule.index):
                if self.compiled.excepted(crule, doc.prose, start, end, timeout=PATTERN_TIMEOUT):
                    return None
        if rule.scope == "headline" and not doc.in_headline(start):
            return None
        level = self.levels.get(rule.code, rule.level)
        quote = doc.quotation_at(start, end)
        in_quote = quote is not None
        if rule.scope == "quotes" and not in_quote:
            return None
        if rule.scope == "narration" and in_quote:
            if self.config.quotes == "skip":
                return None
            if self.config.quotes == "info":
                level = "info"
        if crule.if_sentence or crule.unless_sentence or rule.unless_attributed:
            ss, se = doc.sentence_at(start)
            sentence = doc.prose[ss:se]
            with clock(crule.index):
                if crule.if_sentence and not any(p.search(sentence, timeout=PATTERN_TIMEOUT)
                                                 for p in crule.if_sentence):
                    return None
                if any(p.search(sentence, timeout=PATTERN_TIMEOUT) for p in crule.unless_sentence):
                    return None
            if rule.unless_attributed and self._attributed(doc, ss, se, sentence, start - ss, end - ss,
                                                            rule.attribution == "any"):
                if rule.when_attributed == "skip":
                    return None
                if rule.when_attributed == "info":
                    level = "info"
        return self._finding(doc, rule, start, end, term, level, in_quote, quote)

    @staticmethod
    def _attributed(doc: Document, ss: int, se: int, sentence: str, start: int, end: int, according: bool) -> bool:
        """Whether a named source reports sentence[start:end], in the sentence itself or, for a
        sentence that points back to the last speaker ('In her view, ...'), in the one before."""
        if attribution.attribution_for(sentence, start, end, according=according,
                                       found=doc.sources_of(ss, se)).named:
            return True
        if ss == 0:
            return False
        ps, _pe = doc.sentence_at(ss - 1)
        return attribution.continued_attribution(doc.prose[ps:ss], sentence, start, end,
                                                 according=according).named

    def _finding(self, doc: Document, rule: Rule, start: int, end: int, term: str | None,
                 level: str, in_quote: bool, quote: Quotation | None) -> Finding | None:
        ostart, oend = doc.to_original(start, end)
        if oend <= ostart:
            return None
        match = doc.text[ostart:oend]
        line, column = doc.position(ostart)
        end_line, end_column = doc.position(oend)
        key = term if term is not None else " ".join(fold(match).split())
        fix = rule.fix.get(key) if rule.fix else None
        suggestion = fix or rule.suggest
        # The message quotes the words as a reader sees them (no tags, entities or emphasis
        # marks); ``match`` keeps the file's own text.
        message = rule.message.format_map(_Format(match=" ".join(doc.prose[start:end].split()),
                                                  suggestion=suggestion or ""))
        how = None
        if fix is not None and not in_quote:
            how = rule.fix_applicability
            if how == "safe":
                sentence = doc.sentence_at(start)
                how = applicability(doc.prose, start, end, sentence, how, repeats_verb(
                    doc.prose, start, end, sentence, fix, self.fixed_to.get(fix.lower(), frozenset())), fix)
        return Finding(
            path=doc.path or "-", code=rule.code, name=rule.name, category=rule.category, level=level,
            message=message, line=line, column=column, end_line=end_line, end_column=end_column,
            start=ostart, end=oend, match=match, in_quote=in_quote, suggestion=suggestion,
            speaker=quote.speaker if quote is not None else None,
            fix=fix if not in_quote else None, applicability=how,
        )


def _replace_message(finding: Finding, message: str) -> Finding:
    from dataclasses import replace
    return replace(finding, message=message)
