"""A progress bar on standard error when many files are checked on a terminal.

Never in a pipe, never for machine-readable formats, and rich is imported only
when a bar is actually shown.
"""

from __future__ import annotations

import os
import sys

MIN_FILES = 20                      # fewer files finish before a bar is worth drawing
HUMAN_FORMATS = ("text", "concise")


def wanted(files: int, fmt: str, stream=None, environ=None) -> bool:
    """Whether to draw a bar: many files, a human format, and standard error is a terminal."""
    stream = sys.stderr if stream is None else stream
    environ = os.environ if environ is None else environ
    if files <= MIN_FILES or fmt not in HUMAN_FORMATS:
        return False
    if environ.get("FRAMELINT_NO_PROGRESS") or environ.get("TERM") == "dumb" or environ.get("CI"):
        return False
    try:
        return not getattr(stream, "closed", False) and stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Null:
    def advance(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


class _Bar:
    def __init__(self, total: int, color: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(file=sys.stderr, no_color=not color)
        self._progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                                  TimeRemainingColumn(), console=console, transient=True)
        self._task = self._progress.add_task("checking", total=total)

    def advance(self) -> None:
        self._progress.advance(self._task)

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()


def progress(files: int, fmt: str, color: bool = True):
    """A context manager with ``advance()``: a rich bar when ``wanted``, otherwise nothing."""
    return _Bar(files, color) if wanted(files, fmt) else _Null()
