"""``path:line:col: CODE [level] message``, one finding per line."""

from __future__ import annotations


def render(report, out) -> None:
    for f in report.findings:
        out.write(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.level}] {f.message}\n")
