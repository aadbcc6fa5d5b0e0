"""Configuration: defaults, the file found by walking up, and command-line overrides."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

QUOTE_MODES = ("skip", "info", "keep")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()          # empty: every rule
    ignore: tuple[str, ...] = ()
    levels: tuple[tuple[str, str], ...] = ()   # (selector, level) overrides
    quotes: str = "skip"                  # what to do with findings inside quotations
    fail_level: str = "warning"
    rule_dirs: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    source: str | None = None             # the file this configuration came from

    def with_overrides(self, **changes) -> "Config":
        changes = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **changes)


DEFAULT = Config()
