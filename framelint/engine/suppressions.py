"""Inline suppressions: switching rules off for a stretch of a document.

Markdown and HTML use comments, anywhere outside fenced code::

    <!-- framelint-disable LB101, unattributed-assertion -->
    ...
    <!-- framelint-enable -->
    <!-- framelint-disable-next-line LB101 -->

Plain text (``.txt``) uses a line of its own in square brackets, which the rules
never read (the line is blanked in the prose)::

    [framelint-disable LB101]
    [framelint-enable]
    [framelint-disable-next-line LB101]

A selector is a code, a name, a category or a code prefix; no selector means every
rule. Text after `` -- `` is a reason and is ignored. A suppression that suppresses
nothing is reported as FL001 ``unused-suppression`` (level info), as are unknown
directives and selectors that name no rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import did_you_mean
from ..findings import Finding
from ..rules.meta import META_RULES, UNUSED_SUPPRESSION
from ..rules.selection import matches_selector
from ..text import formats
from ..text.formats.directives import ACTIONS, Directive




@dataclass(slots=True)
class _Region:
    directive: int               # index of the directive that opened it
    selector: str | None         # None: every rule
    codes: frozenset | None      # None: every rule
    excepted: frozenset = frozenset()
    start: int = 0
    end: int = 0
    line: int | None = None      # set for disable-next-line

    def covers(self, f: Finding) -> bool:
        if self.line is not None:
            if f.line != self.line:
                return False
        elif not self.start <= f.start < self.end:
            return False
        if self.codes is None:
            return f.code not in self.excepted
        return f.code in self.codes


def reports_unused(config) -> bool:
    """FL001 runs like any rule: unless ``select`` leaves it out or ``ignore`` names it."""

    rule = UNUSED_SUPPRESSION
    if config.select and not any(matches_selector(rule, s) for s in config.select):
        return False
    return not any(matches_selector(rule, s) for s in config.ignore)


def apply_suppressions(doc, findings: list[Finding], linter) -> list[Finding]:
    """Drop the findings that inline directives suppress; report unused directives as FL001."""
    directives = formats.get(doc.format).processor.find_directives(doc.text)
    if not directives:
        return findings

    known = list(linter.all_rules) + list(META_RULES)
    running = {r.code for r in linter.rules}
    text_end = len(doc.text)
    extra: list[tuple[Directive, str]] = []   # (directive, message) for FL001
    regions: list[_Region] = []
    open_regions: list[_Region] = []
    resolved_cache: dict[str, frozenset] = {}

    def resolve(sel: str) -> frozenset:
        codes = resolved_cache.get(sel)
        if codes is None:
            codes = resolved_cache[sel] = frozenset(r.code for r in known if matches_selector(r, sel))
        return codes

    for i, d in enumerate(directives):
        if d.action not in ACTIONS:
            extra.append((d, f"unknown directive '{d.action}'{did_you_mean(d.action, ACTIONS)}; "
                             f"it suppresses nothing"))
            continue
        chosen: list[tuple[str | None, frozenset | None]] = []
        for sel in d.selectors:
            codes = resolve(sel)
            if not codes:
                choices = [r.code for r in known] + [r.name for r in known]
                extra.append((d, f"'{sel}' in {d.action} names no rule{did_you_mean(sel, choices)}"))
            else:
                chosen.append((sel, codes))
        if d.selectors and not chosen:
            continue
        if not d.selectors:
            chosen = [(None, None)]
        if d.action == "framelint-disable":
            for sel, codes in chosen:
                region = _Region(i, sel, codes, start=d.end, end=text_end)
                regions.append(region)
                open_regions.append(region)
        elif d.action == "framelint-disable-next-line":
            next_line = doc.position(d.end)[0] + 1
            regions.extend(_Region(i, sel, codes, line=next_line) for sel, codes in chosen)
        else:  # framelint-enable: close what it names, or everything
            enabled = None if chosen == [(None, None)] else frozenset().union(*(c for _, c in chosen))
            still_open = []
            for region in open_regions:
                region.end = d.start
                if enabled is None:
                    continue
                if region.codes is None:
                    reopened = _Region(region.directive, None, None, region.excepted | enabled, d.end, text_end)
                elif not region.codes & enabled:
                    region.end = text_end
                    still_open.append(region)
                    continue
                elif region.codes - enabled:
                    reopened = _Region(region.directive, region.selector, region.codes - enabled,
                                       start=d.end, end=text_end)
                else:
                    continue
                regions.append(reopened)
                still_open.append(reopened)
            open_regions = still_open

    used: set[tuple[int, str | None]] = set()
    kept: list[Finding] = []
    for f in findings:
        suppressed = False
        for region in regions:
            if region.covers(f):
                used.add((region.directive, region.selector))
                suppressed = True
        if not suppressed:
            kept.append(f)

    if not reports_unused(linter.config):
        return kept
    for i, d in enumerate(directives):
        if d.action not in ACTIONS or d.action == "framelint-enable":
            continue
        unused = []
        for sel in d.selectors or (None,):
            if sel is not None and not resolve(sel):
                continue  # already reported as naming no rule
            if (i, sel) in used:
                continue
            if sel is not None and not resolve(sel) & running:
                continue  # the rule did not run here, so it cannot tell
            unused.append(sel)
        if not unused:
            continue
        where = "on the next line" if d.action == "framelint-disable-next-line" else "after it"
        if unused == [None]:
            extra.append((d, f"unused suppression: no finding {where} to suppress; remove it"))
        else:
            extra.append((d, f"unused suppression of {', '.join(unused)}: no such finding {where}; "
                             f"remove it"))
    if not extra:
        return kept
    level = UNUSED_SUPPRESSION.level
    for sel, lvl in linter.config.levels:
        if matches_selector(UNUSED_SUPPRESSION, sel):
            level = lvl
    for d, message in extra:
        kept.append(_meta_finding(doc, d, message, level))
    kept.sort(key=Finding.sort_key)
    return kept


def _meta_finding(doc, d: Directive, message: str, level: str) -> Finding:
    rule = UNUSED_SUPPRESSION
    line, column = doc.position(d.start)
    end_line, end_column = doc.position(d.end)
    return Finding(path=doc.path or "-", code=rule.code, name=rule.name, category=rule.category,
                   level=level, message=message, line=line, column=column, end_line=end_line,
                   end_column=end_column, start=d.start, end=d.end, match=doc.text[d.start:d.end],
                   in_quote=False, suggestion=None)
