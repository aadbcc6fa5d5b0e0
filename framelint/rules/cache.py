"""The loaded rule set, from the on-disk cache when the rule files are unchanged."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from ..cache import load, save, source_digest
from .model import Rule, builtin_rules_dir, load_rules


def load_rules_cached(extra_dirs=()) -> list:
    """``rules.load_rules(extra_dirs)``, from the cache when the rule files are unchanged."""
    extra = list(extra_dirs or [])
    parts = rule_files_content([builtin_rules_dir(), *(Path(d) for d in extra)])
    if parts is None:  # a folder is missing: load_rules says so
        return load_rules(extra)
    key, data = load("rules", [source_digest(), *parts])
    rules = _rules_from_data(data)
    if rules is None:
        rules = load_rules(extra)
        save("rules", key, [{name: getattr(rule, name) for name in _FIELDS} for rule in rules])
    return rules


_FIELDS = {f.name: f.type for f in fields(Rule)}
_CHECKS = {"str": lambda v: type(v) is str, "bool": lambda v: type(v) is bool,
           "int": lambda v: type(v) is int,
           "str | None": lambda v: v is None or type(v) is str,
           "float | None": lambda v: v is None or type(v) in (int, float),
           "list[str]": lambda v: type(v) is list and all(type(x) is str for x in v),
           "dict[str, str]": lambda v: type(v) is dict and all(type(x) is str for x in v.values()),
           "dict[str, list[str]]": lambda v: type(v) is dict and all(
               type(x) is list and all(type(y) is str for y in x) for x in v.values())}


def _rules_from_data(data) -> list[Rule] | None:
    """The rules of a cache entry, or None when it is not a list of rules of today's shape."""
    if type(data) is not list:
        return None
    rules = []
    for item in data:
        if type(item) is not dict or item.keys() != _FIELDS.keys():
            return None
        for name, value in item.items():
            if not _CHECKS[_FIELDS[name]](value):
                return None
        rules.append(Rule(**item))
    return rules


def rule_files_content(dirs: list[Path]) -> list[bytes] | None:
    """Every rule file's path and bytes, in load order, or None if a folder is not there."""
    parts: list[bytes] = []
    for directory in dirs:
        if not directory.is_dir():
            return None
        for path in sorted(p for p in directory.rglob("*.toml") if p.is_file()):
            try:
                parts.append(str(path).encode("utf-8", "surrogatepass") + b"\0" + path.read_bytes())
            except OSError:
                return None
    return parts


# -- compiled regular expressions -------------------------------------------------------
