"""Errors that reach the user as one clear line, never as a traceback."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Characters a terminal acts on instead of showing: C0 and C1 controls (ESC starts the
# sequences that set a window's title or clear the screen), DEL, the bidirectional
# overrides and isolates (which reorder what follows), lone surrogates (a file name that is
# not UTF-8), and the line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def shown(text: str) -> str:
    """``text`` safe to print on a terminal: each control character escaped, as ruff and git
    show them (ESC as ``\\x1b``). Every human format and error line prints through it."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def excerpt(text: str, most: int = 60) -> str:
    """At most ``most`` characters of a value quoted in an error, escaped, and its length when cut."""
    text = str(text)
    if len(text) > most:
        return shown(text[:most]) + f"... ({len(text):,} characters)"
    return shown(text)


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
