"""HTML: the visible text as prose, with a map back to the file.

An entity such as ``&rsquo;`` is one character of prose and seven of the file, so
HTML prose carries segments that ``Document.to_original`` maps back. Script,
style and other invisible elements are not prose. Suppressions are HTML comments.
"""

from __future__ import annotations

import html
import re

from .directives import Directive, comment_directives

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

# After the last ">" of a page no script, declaration or tag can close, so only a comment
# (which may run to the end) or an entity can start there. Searching the rest of a page
# for them with the full pattern would try "[^>]*>" to the end at every "<!", "<?" or
# "<script" that never closes, over and over; the tail is searched for these two instead.
_HTML_TAIL = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<skip>(?!))(?P<tag>(?!))(?P<close>)(?P<name>)",
    re.S | re.I,
)


def _tokens(text: str):
    """The matches of ``_HTML_TOKEN.finditer(text)``, found in time linear in the text."""
    last = text.rfind(">")
    pos = 0
    while pos <= last:
        # Up to the last ">", where every match the full pattern can make starts. A match
        # found there is taken again without the limit, so one that runs to the end of the
        # page (an unclosed comment or script) is the same as before.
        m = _HTML_TOKEN.search(text, pos, last + 1)
        if m is None:
            break
        m = _HTML_TOKEN.match(text, m.start())
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1
    if pos < len(text):
        yield from _HTML_TAIL.finditer(text, pos)


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
    for m in _tokens(text):
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


def prose(text: str):
    """(prose, offset map, headlines) of an HTML page."""
    prose_text, segments, headlines = html_prose(text)
    return prose_text, segments, headlines


def find_directives(text: str) -> list[Directive]:
    return comment_directives(text)
