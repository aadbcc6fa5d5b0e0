"""``path:line:col: CODE [level] message``, one finding per line."""

from __future__ import annotations

# What this format needs and is (see reporters/__init__.py).
NEEDS_SOURCE = False
SHOWS_EVERY_FILE = False
HUMAN = True
PROGRESS = True
POINTS_AT_FILE_LINES = False
STREAMING = False



def render(report, out) -> None:
    from ..errors import shown

    for f in report.findings:
        out.write(shown(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.level}] {f.message}") + "\n")
