"""Markdown: prose by masking, so that every offset in the prose is an offset in the file.

What is not prose (front matter, code, link targets, comments, markup characters)
is overwritten with spaces. Suppressions are HTML comments outside fenced code.
"""

from __future__ import annotations

import re

from .directives import Directive, comment_directives

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE_MARK = re.compile(r"^([ \t]*>[ \t]?)+")
# 'title: "..."' (YAML) or 'title = "..."' (TOML): the value, without its quotes.
_FRONT_MATTER_PROSE = re.compile(r"""(?:title|description)[ \t]*[:=][ \t]*(?P<q>["']?)(?P<value>[^\r\n]*?)(?P=q)[ \t]*\r?\n?$""")
_REF_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S")  # a link target; a footnote ([^1]:) is prose
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_RAW_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<target>\]\([^)\n]*\)|\]\[[^\]\n]*\])"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^>\s]*>)"
    r"|(?P<url>\b(?:https?|ftp)://[^\s<>()\"'“”]+)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<escape>\\(?=[\\`*_{}\[\]()#+\-.!>\"']))"
    r"|(?P<emph>(?<![\w*_])[*_]{1,3}(?=[^\s*_])|(?<=[^\s*_])[*_]{1,3}(?![\w*_]))"
    r"|(?P<bracket>\[(?=[^\]\n]*\][(\[]))"
)


def _blank(s: str) -> str:
    """Spaces for every character but line breaks, so lines stay where they are."""
    return re.sub(r"[^\r\n]", " ", s)


def markdown_prose(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Return (prose, headline spans). The prose has the length of ``text``."""
    out = list(text)

    def mask(start: int, end: int) -> None:
        for i in range(start, end):
            if out[i] not in "\r\n":
                out[i] = " "

    for m in _HTML_COMMENT.finditer(text):
        mask(m.start(), m.end())
    for m in _RAW_BLOCK.finditer(text):
        mask(m.start(), m.end())

    lines = text.splitlines(keepends=True)
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line)

    i = 0
    # Front matter: YAML (---) or TOML (+++) only at the very top, and only if closed.
    if lines and lines[0].rstrip("\r\n") in ("---", "+++"):
        fence = lines[0].rstrip("\r\n")
        closers = (fence, "...") if fence == "---" else (fence,)
        for j in range(1, len(lines)):
            if lines[j].rstrip("\r\n") in closers:
                mask(0, starts[j] + len(lines[j]))
                i = j + 1
                break
    headlines: list[tuple[int, int]] = []
    # The title and description in front matter are what a reader sees first: prose, read as headlines.
    for j in range(1, i - 1):
        fm = _FRONT_MATTER_PROSE.match(lines[j])
        if fm and fm.group("value").strip():
            vs, ve = starts[j] + fm.start("value"), starts[j] + fm.end("value")
            out[vs:ve] = text[vs:ve]
            headlines.append((vs, ve))
    fence_char, fence_len = "", 0
    prev_blank, in_list = True, False
    prose_lines: list[int] = []  # indexes of lines that stayed prose
    while i < len(lines):
        line = lines[i]
        body = line.rstrip("\r\n")
        start = starts[i]
        if fence_char:
            mask(start, start + len(line))
            stripped = body.strip()
            if stripped and set(stripped) == {fence_char} and len(stripped) >= fence_len:
                fence_char = ""
            i += 1
            continue
        fm = _FENCE.match(body)
        if fm:
            fence_char, fence_len = fm.group(2)[0], len(fm.group(2))
            mask(start, start + len(line))
            prev_blank = False
            i += 1
            continue
        if not body.strip():
            prev_blank = True
            i += 1
            continue
        if prev_blank and not in_list and (body.startswith("    ") or body.startswith("\t")):
            mask(start, start + len(line))  # indented code block
            i += 1
            continue
        if _REF_DEF.match(body):
            mask(start, start + len(line))
            prev_blank = False
            i += 1
            continue
        sm = _SETEXT.match(body)
        if sm and not prev_blank and prose_lines and prose_lines[-1] == i - 1:
            mask(start, start + len(body))
            prev = starts[i - 1]
            text_end = prev + len(lines[i - 1].rstrip("\r\n"))
            headlines.append((prev, text_end))
            prev_blank = False
            i += 1
            continue
        lm = _LIST.match(body)
        if lm:
            in_list = True
            mask(start + len(lm.group(1)), start + lm.end())
        elif prev_blank and not body.startswith((" ", "\t")):
            in_list = False
        qm = _QUOTE_MARK.match(body)
        if qm:
            mask(start, start + qm.end())
        am = _ATX.match(body)
        if am:
            mask(start, start + am.end())
            cm = _ATX_CLOSE.search(body)
            end = start + (cm.start() if cm else len(body))
            if cm:
                mask(end, start + len(body))
            text_start = start + am.end()
            while text_start < end and text[text_start] in " \t":
                text_start += 1  # the headline starts at its first word, not at the space after '#'
            headlines.append((text_start, end))
        prose_lines.append(i)
        prev_blank = False
        i += 1

    masked = "".join(out)
    for m in _INLINE.finditer(masked):
        kind = m.lastgroup
        if kind in ("code", "image", "target", "autolink", "url", "tag", "escape", "emph", "bracket"):
            mask(m.start(), m.end())
    return "".join(out), headlines




def prose(text: str):
    """(prose, offset map, headlines): Markdown keeps offsets, so it needs no map."""
    prose_text, headlines = markdown_prose(text)
    return prose_text, None, headlines


def find_directives(text: str) -> list[Directive]:
    return comment_directives(text, skip=fenced_code(text))


def fenced_code(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks, where comments are examples, not directives."""
    spans, open_at, fence = [], None, ""
    for m in _FENCE_LINE.finditer(text):
        mark = m.group(1)
        if open_at is None:
            open_at, fence = m.start(), mark
        elif mark[0] == fence[0] and len(mark) >= len(fence):
            spans.append((open_at, m.end()))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
