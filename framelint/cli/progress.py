"""The one progress bar: on standard error, when many files (or megabytes) are checked on a terminal.

Never in a pipe, never in CI, never beside a format that declares no ``PROGRESS``
(machine-readable ones), and rich is imported only when a bar is actually shown.
"""

from __future__ import annotations

import os
import sys

MIN_FILES = 20                      # fewer files finish before a bar is worth drawing


def terminal_wanted(stream=None, environ=None) -> bool:
    """Whether standard error is a terminal a bar may be drawn on."""
    stream = sys.stderr if stream is None else stream
    environ = os.environ if environ is None else environ
    if environ.get("FRAMELINT_NO_PROGRESS") or environ.get("TERM") == "dumb" or environ.get("CI"):
        return False
    try:
        return not getattr(stream, "closed", False) and stream.isatty()
    except (AttributeError, ValueError):
        return False


def wanted(files: int, fmt: str, stream=None, environ=None) -> bool:
    """Whether to draw a bar for files: many of them, a format that allows one, and a terminal."""
    from ..reporters import get_reporter

    if files <= MIN_FILES or not get_reporter(fmt).PROGRESS:
        return False
    return terminal_wanted(stream, environ)


class _Null:
    def advance(self, amount: int = 1) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


class _Bar:
    def __init__(self, total: int, color: bool, unit: str, what: str) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeRemainingColumn, TransferSpeedColumn)

        console = Console(file=sys.stderr, no_color=not color)
        counted = (MofNCompleteColumn(),) if unit == "files" else (DownloadColumn(), TransferSpeedColumn())
        self._progress = Progress(TextColumn(what), BarColumn(), *counted, TimeRemainingColumn(),
                                  console=console, transient=True)
        self._task = self._progress.add_task(what, total=total)

    def advance(self, amount: int = 1) -> None:
        self._progress.advance(self._task, amount)

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()


def progress(files: int, fmt: str, color: bool = True):
    """A context manager with ``advance()``: a bar over files when ``wanted``, otherwise nothing."""
    return _Bar(files, color, "files", "checking") if wanted(files, fmt) else _Null()


def byte_progress(total_bytes: int, what: str):
    """A bar in megabytes (archives), on a terminal only; ``advance(n)`` with bytes done."""
    return _Bar(total_bytes, True, "bytes", what) if total_bytes and terminal_wanted() else _Null()
