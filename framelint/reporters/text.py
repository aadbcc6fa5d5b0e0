"""The default, human format: a header per file, each finding with its source line.

On a terminal it is coloured with rich; in a pipe, or with NO_COLOR, the same
layout is written as plain text without importing rich at all.

News paragraphs are often one very long line, so the excerpt shows a window of
about ``WINDOW`` columns around the span, with "…" where the line was cut, and a
caret line under the span. Widths are terminal columns: a tab is expanded to the
next multiple of ``TAB`` columns, East Asian wide characters take two columns and
combining marks none, so the carets stay under the span.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from ..errors import shown as escaped

# What this format needs and is (see reporters/__init__.py).
NEEDS_SOURCE = True
SHOWS_EVERY_FILE = False
HUMAN = True
PROGRESS = True
POINTS_AT_FILE_LINES = False
STREAMING = False


LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
WINDOW = 100   # columns of source shown around a finding
TAB = 4
ELLIPSIS = "…"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the same line breaks the document model counts


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or c in "\u200b\u200c\u200d\ufe0f\ufeff":
        return 0
    if unicodedata.east_asian_width(c) in "WF":
        return 2
    if unicodedata.category(c) in ("Cc", "Cf"):
        return 0 if c != "\t" else 1
    return 1


def _width(s: str) -> int:
    return sum(_char_width(c) for c in s)


@dataclass(frozen=True)
class Excerpt:
    """One source line as shown: its text, the caret line, and the span's character range in ``text``."""

    text: str
    carets: str
    span_start: int
    span_end: int


def _display(raw: str) -> tuple[list[str], list[int]]:
    """Each character of ``raw`` as shown (tabs expanded, controls escaped) and its width."""
    shown, widths, col = [], [], 0
    for c in raw:
        if c == "\t":
            s = " " * (TAB - col % TAB)
        elif unicodedata.category(c) == "Cc" or c in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            s = escaped(c)  # escaped, as everywhere else: \x1b
        else:
            s = c
        w = len(s) if c == "\t" or s != c else _char_width(c) if s else 0
        shown.append(s)
        widths.append(w)
        col += w
    return shown, widths


def excerpt(raw: str, start: int, end: int, window: int = WINDOW, display=None) -> Excerpt:
    """Show ``raw[start:end]`` (character indexes into one source line) within ``window`` columns.

    ``display`` is ``_display(raw)`` and its total width, when already known: a line with
    thousands of findings is measured once, not once for each."""
    shown, widths, total = display if display is not None else (*_display(raw), None)
    if total is None:
        total = sum(widths)
    n = len(raw)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    end = max(end, start)
    span_w = sum(widths[start:end])
    lo, hi = 0, n
    if total > window:
        # Centre the span; give room the span does not need to context on both sides.
        room = max(window - span_w, 0)
        left_room = room // 2
        lo = start
        used = 0
        while lo > 0 and used + widths[lo - 1] <= left_room:
            lo -= 1
            used += widths[lo]
        right_room = room - used
        hi = end
        used_r = 0
        while hi < n and used_r + widths[hi] <= right_room:
            used_r += widths[hi]
            hi += 1
        # Room left over on the right (the span is near the end) goes back to the left.
        spare = right_room - used_r
        while lo > 0 and widths[lo - 1] <= spare:
            lo -= 1
            spare -= widths[lo]
        if span_w > window:  # a very long span: show its beginning
            hi = start
            used = 0
            while hi < n and used + widths[hi] <= window:
                used += widths[hi]
                hi += 1
            lo = start
        # Cut between words when a space is near, not in the middle of one.
        if 0 < lo < start and not raw[lo - 1].isspace():
            space = raw.find(" ", lo, min(start, lo + 15))
            if space != -1:
                lo = space + 1
        if end < hi < n and not raw[hi].isspace():
            space = raw.rfind(" ", max(end, hi - 15), hi)
            if space != -1:
                hi = space
    head = ELLIPSIS if lo > 0 else ""
    tail = ELLIPSIS if hi < n else ""
    text = head + "".join(shown[lo:hi]) + tail
    before_w = _width(head) + sum(widths[lo:start])
    caret_w = max(1, sum(widths[start:min(end, hi)]))
    span_start = len(head) + len("".join(shown[lo:start]))
    span_end = span_start + len("".join(shown[start:min(end, hi)]))
    return Excerpt(text, " " * before_w + "^" * caret_w, span_start, span_end)


class _Lines:
    """The lines of one source, split once, the way the document model counts them."""

    def __init__(self, source: str | None) -> None:
        self.lines = _LINE_BREAK.split(source) if source is not None else None
        self._shown: tuple[int, tuple] | None = None  # the last line measured (findings come in order)

    def excerpt(self, f) -> Excerpt | None:
        if self.lines is None or f.line > len(self.lines):
            return None
        raw = self.lines[f.line - 1]
        end = f.end_column - 1 if f.end_line == f.line else len(raw)
        if self._shown is None or self._shown[0] != f.line:
            shown, widths = _display(raw)
            self._shown = (f.line, (shown, widths, sum(widths)))
        return excerpt(raw, f.column - 1, end, display=self._shown[1])


def _summary(report) -> str:
    counts = Counter(f.level for f in report.findings)
    n = len(report.findings)
    parts = ", ".join(f"{counts[k]} {k}" for k in ("error", "warning", "info") if counts[k])
    files = f"{report.files} file" + ("" if report.files == 1 else "s")
    if not n:
        return f"No findings in {files}."
    return f"Found {n} finding{'s' if n != 1 else ''} ({parts}) in {files}."


def statistics_rows(report):
    counts = Counter((f.code, f.name, f.category) for f in report.findings)
    return sorted(((n, *key) for key, n in counts.items()), key=lambda r: (-r[0], r[1]))


def render(report, out) -> None:
    if report.color:
        _render_rich(report, out)
    else:
        _render_plain(report, out)


def _render_plain(report, out) -> None:
    for path, items in groupby(report.findings, key=lambda f: f.path):
        out.write(f"{escaped(path)}\n")
        lines = _Lines(report.sources.get(path))
        for f in items:
            out.write("  " + escaped(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.level}] {f.message}") + "\n")
            ex = lines.excerpt(f)
            gutter = str(f.line)
            if ex:
                out.write(f"    {gutter} | {ex.text}\n")
                out.write(f"    {' ' * len(gutter)} | {ex.carets}\n")
            if f.suggestion:
                out.write(f"    {' ' * len(gutter)} = suggestion: {escaped(f.suggestion)}\n")
        out.write("\n")
    if report.statistics:
        for n, code, name, category in statistics_rows(report):
            out.write(f"{n:6d}  {code:<7} {name:<32} {category}\n")
        out.write("\n")
    out.write(_summary(report) + "\n")


def _render_rich(report, out) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True)
    for path, items in groupby(report.findings, key=lambda f: f.path):
        console.print(Text(escaped(path), style="bold underline"))
        lines = _Lines(report.sources.get(path))
        for f in items:
            head = Text("  ")
            head.append(escaped(f"{f.path}:{f.line}:{f.column}:"), style="bold")
            head.append(" ")
            head.append(f.code, style="bold magenta")
            head.append(f" [{f.level}] ", style=LEVEL_STYLE[f.level])
            head.append(escaped(f.message))
            console.print(head)
            ex = lines.excerpt(f)
            gutter = str(f.line)
            if ex:
                line = Text(f"    {gutter} | ", style="dim")
                body = Text(ex.text)
                body.stylize(f"bold {LEVEL_STYLE[f.level]} underline", ex.span_start, ex.span_end)
                line.append(body)
                console.print(line)
                console.print(Text(f"    {' ' * len(gutter)} | ", style="dim") + Text(ex.carets, style=LEVEL_STYLE[f.level]))
            if f.suggestion:
                console.print(Text(f"    {' ' * len(gutter)} = suggestion: {escaped(f.suggestion)}", style="green"))
        console.print()
    if report.statistics:
        table = Table("count", "code", "name", "category", box=None)
        for n, code, name, category in statistics_rows(report):
            table.add_row(str(n), code, name, category)
        console.print(table)
    console.print(Text(_summary(report), style="bold"))
