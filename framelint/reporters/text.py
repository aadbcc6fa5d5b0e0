"""The default, human format: a header per file, each finding with its source line.

On a terminal it is coloured with rich; in a pipe, or with NO_COLOR, the same
layout is written as plain text without importing rich at all.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from itertools import groupby

LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _width(s: str) -> int:
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _excerpt(f, source: str | None):
    """(gutter, line text, caret line) for a finding, or None without the source."""
    if source is None:
        return None
    lines = source.splitlines()
    if f.line > len(lines):
        return None
    text = lines[f.line - 1].replace("\t", "    ")
    raw = lines[f.line - 1]
    before = raw[: f.column - 1].replace("\t", "    ")
    end_col = f.end_column if f.end_line == f.line else len(raw) + 1
    span = raw[f.column - 1: end_col - 1].replace("\t", "    ")
    return text, " " * _width(before) + "^" * max(1, _width(span))


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
        out.write(f"{path}\n")
        source = report.sources.get(path)
        for f in items:
            out.write(f"  {f.path}:{f.line}:{f.column}: {f.code} [{f.level}] {f.message}\n")
            ex = _excerpt(f, source)
            if ex:
                gutter = str(f.line)
                out.write(f"    {gutter} | {ex[0]}\n")
                out.write(f"    {' ' * len(gutter)} | {ex[1]}\n")
            if f.suggestion:
                out.write(f"    {' ' * len(str(f.line))} = suggestion: {f.suggestion}\n")
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
        console.print(Text(path, style="bold underline"))
        source = report.sources.get(path)
        for f in items:
            head = Text("  ")
            head.append(f"{f.path}:{f.line}:{f.column}:", style="bold")
            head.append(" ")
            head.append(f.code, style="bold magenta")
            head.append(f" [{f.level}] ", style=LEVEL_STYLE[f.level])
            head.append(f.message)
            console.print(head)
            ex = _excerpt(f, source)
            if ex:
                gutter = str(f.line)
                line = Text(f"    {gutter} | ", style="dim")
                body = Text(ex[0])
                # Highlight the span by character index on the tab-expanded line.
                raw = source.splitlines()[f.line - 1]
                s = len(raw[: f.column - 1].replace("\t", "    "))
                e = s + len(raw[f.column - 1:(f.end_column if f.end_line == f.line else len(raw) + 1) - 1]
                            .replace("\t", "    "))
                body.stylize(f"bold {LEVEL_STYLE[f.level]} underline", s, e)
                line.append(body)
                console.print(line)
                console.print(Text(f"    {' ' * len(gutter)} | ", style="dim") + Text(ex[1], style=LEVEL_STYLE[f.level]))
            if f.suggestion:
                console.print(Text(f"    {' ' * len(str(f.line))} = suggestion: {f.suggestion}", style="green"))
        console.print()
    if report.statistics:
        table = Table("count", "code", "name", "category", box=None)
        for n, code, name, category in statistics_rows(report):
            table.add_row(str(n), code, name, category)
        console.print(table)
    console.print(Text(_summary(report), style="bold"))
