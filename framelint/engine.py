"""The engine: run a compiled rule set over documents and keep what survives context.

Candidates come from the matchers; each is then judged by its rule's scope
(narration, quotes, headline), exceptions, sentence conditions and the quote
mode. The engine never prints; it returns findings and per-file errors.
"""

from __future__ import annotations

import os
import stat
import time
from collections import defaultdict
from dataclasses import dataclass, field

from . import lexicon
from .config import DEFAULT, Config
from .document import Document, Quotation, decode, kind_for_path
from .errors import InputError, UsageError, did_you_mean
from .findings import FileError, Finding
from .matcher import CompiledRules, fold
from .rulecache import load_rules_cached
from .rules import CATEGORIES, LEVEL_RANK, Rule, load_rules
from .suppress import META_RULES, apply_suppressions, mask_directive_lines

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


def matches_selector(rule: Rule, selector: str) -> bool:
    return (selector in (rule.code, rule.name, rule.category, "ALL", "all")
            or (selector.isupper() and rule.code.startswith(selector)))


def check_selectors(rules: list[Rule], selectors, option: str) -> None:
    rules = [*rules, *META_RULES]  # FL001 unused-suppression is selected like any rule
    for sel in selectors:
        if not any(matches_selector(r, sel) for r in rules):
            choices = [r.code for r in rules] + [r.name for r in rules] + list(CATEGORIES)
            raise UsageError(f"{option}: no rule matches '{sel}'{did_you_mean(sel, choices)}")


def select_rules(rules: list[Rule], select=(), ignore=()) -> list[Rule]:
    """Rules chosen by code, name, category or code prefix (like ruff's --select)."""
    check_selectors(rules, select, "--select")
    check_selectors(rules, ignore, "--ignore")
    chosen = [r for r in rules if not select or any(matches_selector(r, s) for s in select)]
    return [r for r in chosen if not any(matches_selector(r, s) for s in ignore)]


class _Format(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    text: str | None = None  # the decoded text, for reporters that show source lines


class Linter:
    """A configured, compiled rule set. Build one per process and reuse it."""

    def __init__(self, config: Config = DEFAULT, rules: list[Rule] | None = None) -> None:
        self.config = config
        self.all_rules = rules if rules is not None else load_rules_cached(list(config.rule_dirs))
        self.rules = select_rules(self.all_rules, config.select, config.ignore)
        self.compiled = CompiledRules(self.rules)
        check_selectors(self.all_rules, [s for s, _ in config.levels], "level override")
        self.levels: dict[str, str] = {}
        for selector, level in config.levels:
            for rule in self.rules:
                if matches_selector(rule, selector):
                    self.levels[rule.code] = level

    # -- entry points ------------------------------------------------------------------
    def check_text(self, text: str, path: str = "-", kind: str | None = None) -> FileResult:
        doc = Document(text, kind or kind_for_path(path), path)
        result = self.check_document(doc)
        result.text = text
        return result

    def check_file(self, path: str, kind: str | None = None) -> FileResult:
        try:
            data = read_regular_file(path)
        except NotRegularFile as exc:
            return FileResult(path, errors=[FileError(path, str(exc))])
        except IsADirectoryError:
            return FileResult(path, errors=[FileError(path, "is a directory")])
        except FileNotFoundError:
            msg = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
            return FileResult(path, errors=[FileError(path, msg)])
        except PermissionError:
            return FileResult(path, errors=[FileError(path, "permission denied")])
        except OSError as exc:
            return FileResult(path, errors=[FileError(path, f"cannot read: {exc.strerror or exc}")])
        try:
            text = decode(data, path)
        except InputError as exc:
            return FileResult(path, errors=[FileError(path, exc.reason)])
        del data  # a large file's bytes are not kept while its text is checked
        return self.check_text(text, path, kind)

    def check_bytes(self, data: bytes, path: str, kind: str | None = None) -> FileResult:
        try:
            text = decode(data, path)
        except InputError as exc:
            return FileResult(path, errors=[FileError(path, exc.reason)])
        return self.check_text(text, path, kind)

    # -- the work -------------------------------------------------------------------------
    def check_document(self, doc: Document) -> FileResult:
        path = doc.path or "-"
        result = FileResult(path)
        if doc.kind == "text" and "framelint-" in doc.prose:
            doc.prose = mask_directive_lines(doc.prose)  # directive lines are not prose
        prose = doc.prose
        compiled = self.compiled
        density: dict[int, list[Finding]] = defaultdict(list)
        seen: set[tuple[int, int, str]] = set()
        taken: dict[int, tuple[int, int]] = {}  # rule index -> last span it reported
        clock = _RuleClock(len(prose))
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
            if crule.rule.kind == "density":
                density[index].append(finding)
            else:
                result.findings.append(finding)

        for index, start, end, term in compiled.term_candidates(prose):
            consider(index, start, end, term)
        candidates = compiled.pattern_candidates(prose) if compiled.pattern_rules else {}
        for crule in compiled.pattern_rules:
            try:
                for pattern in crule.patterns:
                    for m in clock.timed(crule.index, compiled.pattern_matches(pattern, prose, candidates,
                                                                               PATTERN_TIMEOUT)):
                        start, end = m.span("flag" if "flag" in m.re.groupindex else 0)
                        if end > start:
                            consider(crule.index, start, end, None)
            except TimeoutError as exc:
                stop(crule, exc)
        for crule in compiled.scare_rules:
            for quote in compiled.short_quotations(doc, crule.rule.max_words):
                try:
                    scare = crule.index not in timed_out and self._is_scare_quote(doc, crule, quote, clock)
                except TimeoutError as exc:
                    stop(crule, exc)
                    scare = False
                if scare:
                    finding = self._finding(doc, crule.rule, quote.start, quote.end, None,
                                            self.levels.get(crule.rule.code, crule.rule.level), False, None)
                    if finding is not None:
                        result.findings.append(finding)
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
            if rule.unless_attributed and lexicon.attribution_for(sentence, start - ss, end - ss,
                                                                 according=rule.attribution == "any").named:
                if rule.when_attributed == "skip":
                    return None
                if rule.when_attributed == "info":
                    level = "info"
        return self._finding(doc, rule, start, end, term, level, in_quote, quote)

    def _is_scare_quote(self, doc: Document, crule, quote: Quotation, clock: _RuleClock) -> bool:
        rule = crule.rule
        if quote.nested:
            return False
        inner = doc.prose[quote.inner_start:quote.inner_end].strip()
        words = inner.split()
        if not (rule.min_words <= len(words) <= rule.max_words):
            return False
        if inner[-1:] in ".!?,;:" or quote.end - quote.start < 3:
            return False  # a quoted sentence, not a phrase
        if all(w[:1].isupper() or w[:1].isdigit() for w in words) and any(c.islower() for c in inner):
            return False  # a name or a title: "Mayak", "Operation Dawn"
        if crule.exceptions is not None:
            before = fold(doc.prose[max(0, quote.start - 40):quote.start])
            with clock(crule.index):
                for m in crule.exceptions.finditer(before, timeout=PATTERN_TIMEOUT):
                    if not before[m.end():].strip():
                        return False
        if rule.scope == "headline" and not doc.in_headline(quote.start):
            return False
        ss, se = doc.sentence_at(quote.start)
        sentence = doc.prose[ss:se]
        if crule.unless_sentence:
            with clock(crule.index):
                if any(p.search(sentence, timeout=PATTERN_TIMEOUT) for p in crule.unless_sentence):
                    return False
        return not quote.attributed  # last: finding the speaker costs the most

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
        message = rule.message.format_map(_Format(match=" ".join(match.split()), suggestion=suggestion or ""))
        return Finding(
            path=doc.path or "-", code=rule.code, name=rule.name, category=rule.category, level=level,
            message=message, line=line, column=column, end_line=end_line, end_column=end_column,
            start=ostart, end=oend, match=match, in_quote=in_quote, suggestion=suggestion,
            speaker=quote.speaker if quote is not None else None,
            fix=fix if not in_quote else None,
        )


class NotRegularFile(OSError):
    """A named pipe, socket or device: never read (it could block for ever)."""


def read_regular_file(path: str) -> bytes:
    """The bytes of a regular file. A named pipe or device is refused, not waited on:
    opening without blocking, then asking the open file what it is, leaves no gap."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb", closefd=True) as fh:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
            raise NotRegularFile(f"not a regular file ({kind}); only files are checked")
        return fh.read()


def _replace_message(finding: Finding, message: str) -> Finding:
    from dataclasses import replace
    return replace(finding, message=message)


def level_at_least(level: str, threshold: str) -> bool:
    return LEVEL_RANK[level] >= LEVEL_RANK[threshold]
