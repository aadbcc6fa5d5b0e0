"""The syntax of inline suppressions, shared by the input formats.

Markdown and HTML take an HTML comment anywhere (Markdown: outside fenced code);
plain text takes a line holding only the directive, as ``[framelint-disable X]`` or
an HTML comment. The engine applies them (``engine.suppressions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTIONS = ("framelint-disable", "framelint-enable", "framelint-disable-next-line")

# Markdown and HTML: a comment anywhere. Plain text: a line holding only the directive.
COMMENT = re.compile(r"<!--[ \t]*(framelint-[A-Za-z-]*)(.*?)-->", re.S)
TEXT_LINE = re.compile(
    r"^[ \t]*(?P<d>\[[ \t]*(?P<a1>framelint-[A-Za-z-]*)(?P<r1>[^\]\r\n]*)\]"
    r"|<!--[ \t]*(?P<a2>framelint-[A-Za-z-]*)(?P<r2>[^\r\n]*?)-->)[ \t]*\r?$", re.M)


@dataclass(slots=True)
class Directive:
    action: str                  # one of ACTIONS, or the unknown word as written
    selectors: tuple[str, ...]
    start: int                   # span of the directive in the file's text
    end: int




def selectors(rest: str) -> tuple[str, ...]:
    rest = rest.split("--", 1)[0]  # "-- reason" is for the reader
    return tuple(s for s in re.split(r"[,\s]+", rest.strip()) if s)


def comment_directives(text: str, skip: list[tuple[int, int]] = ()) -> list[Directive]:
    """Directives written as HTML comments, except those inside the ``skip`` spans."""
    if "framelint-" not in text:
        return []
    return [Directive(m.group(1), selectors(m.group(2)), m.start(), m.end())
            for m in COMMENT.finditer(text) if not any(s <= m.start() < e for s, e in skip)]


def line_directives(text: str) -> list[Directive]:
    """Directives on lines of their own (plain text)."""
    if "framelint-" not in text:
        return []
    found = []
    for m in TEXT_LINE.finditer(text):
        action = m.group("a1") or m.group("a2")
        rest = m.group("r1") if m.group("a1") else m.group("r2")
        found.append(Directive(action, selectors(rest), m.start("d"), m.end("d")))
    return found


def mask_directive_lines(prose: str) -> str:
    """Blank directive lines (same length), so that no rule reads them."""
    if "framelint-" not in prose:
        return prose
    return TEXT_LINE.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group(0)), prose)
