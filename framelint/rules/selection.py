"""Choosing rules: by code, name, category or code prefix (like ruff's --select)."""

from __future__ import annotations

from ..errors import UsageError, did_you_mean
from .meta import META_RULES
from .model import CATEGORIES, Rule


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
