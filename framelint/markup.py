"""Markdown and HTML to prose, keeping every character traceable to the file.

Markdown is *masked*: what is not prose (front matter, code, link targets,
comments, markup characters) is overwritten with spaces, so offsets in the
prose are offsets in the file. HTML needs a real map, because an entity such
as ``&rsquo;`` is one character of prose and seven of the file.
"""

from __future__ import annotations

import html
import re

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE_MARK = re.compile(r"^([ \t]*>[ \t]?)+")
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


_HTML_TOKEN = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<skip><(?P<skip_name>script|style|title|template|svg|pre|code|textarea)\b[^>]*>"
    r".*?(?:</(?P=skip_name)\s*>|\Z))"
    r"|(?P<decl><![^>]*>|<\?[^>]*>)"
    # Quoted attribute values may hold ">" (title="a > b"); a tag with a stray quote ends at its first ">".
    r"|(?P<tag><(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)"
    r"(?:\s(?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*|\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
    re.S | re.I,
)

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p section summary table "
    "tbody td tfoot th thead tr ul caption".split()
)
_HEADLINE_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())


def html_prose(text: str) -> tuple[str, list[tuple[int, int, int, int]], list[tuple[int, int]]]:
    """Return (prose, segments, headline spans in prose offsets).

    ``segments`` lists the replaced stretches as (prose_start, prose_len,
    orig_start, orig_len); everything between them is verbatim.
    """
    pieces: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    headlines: list[tuple[int, int]] = []
    open_headline: int | None = None
    plen = 0  # prose length so far
    last = 0
    for m in _HTML_TOKEN.finditer(text):
        if m.start() > last:
            chunk = text[last:m.start()]
            pieces.append(chunk)
            plen += len(chunk)
        if m.group("entity"):
            repl = html.unescape(m.group(0))
        elif m.group("tag"):
            name = m.group("name").lower()
            repl = "\n\n" if name in _BLOCK_TAGS else ""
            if name == "br":
                repl = "\n"
            if name in _HEADLINE_TAGS:
                if m.group("close"):
                    if open_headline is not None:
                        headlines.append((open_headline, plen))
                    open_headline = None
                else:
                    open_headline = plen + len(repl)
        else:
            repl = "\n\n" if m.group("skip") else ""
        segments.append((plen, len(repl), m.start(), m.end() - m.start()))
        pieces.append(repl)
        plen += len(repl)
        last = m.end()
    if last < len(text):
        pieces.append(text[last:])
    return "".join(pieces), segments, headlines
