"""The loaded rule set, from the on-disk cache when the rule files are unchanged."""

from __future__ import annotations

from pathlib import Path

from ..cache import load, save, source_digest
from .model import builtin_rules_dir, load_rules


def load_rules_cached(extra_dirs=()) -> list:
    """``rules.load_rules(extra_dirs)``, from the cache when the rule files are unchanged."""
    extra = list(extra_dirs or [])
    parts = rule_files_content([builtin_rules_dir(), *(Path(d) for d in extra)])
    if parts is None:  # a folder is missing: load_rules says so
        return load_rules(extra)
    key, rules = load("rules", [source_digest(), *parts])
    if rules is None:
        rules = load_rules(extra)
        save("rules", key, rules)
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
