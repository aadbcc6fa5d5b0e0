"""Errors that reach the user as one clear line, never as a traceback."""

from __future__ import annotations

from collections.abc import Iterable


class FramelintError(Exception):
    """Base class: the message is what the user sees."""


class UsageError(FramelintError):
    """A bad option or argument on the command line (exit code 2)."""


class ConfigError(FramelintError):
    """A configuration file that cannot be used (exit code 2)."""


class RuleError(FramelintError):
    """A rule file that cannot be loaded (exit code 2)."""

    def __init__(self, path: str, message: str, *, line: int | None = None,
                 rule: str | None = None, key: str | None = None) -> None:
        self.path, self.line, self.rule, self.key = path, line, rule, key
        where = f"{path}:{line}" if line else str(path)
        parts = [where]
        if rule:
            parts.append(f"rule {rule}")
        if key:
            parts.append(f"key '{key}'")
        super().__init__(f"{': '.join(parts)}: {message}")


class InputError(FramelintError):
    """A file that cannot be checked; other files are still checked."""

    def __init__(self, path: str, message: str) -> None:
        self.path, self.reason = path, message
        super().__init__(f"{path}: {message}")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for a close match, or ''."""
    import difflib  # only when there is an error to explain

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
