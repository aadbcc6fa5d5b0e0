"""Running a linter over many files: in order, one result per file.

``check_files`` yields one ``FileResult`` per input in input order, whatever
the number of worker processes, so every output format is identical with
``--jobs 1`` and ``--jobs N``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from .engine import FileResult, Linter


def check_files(linter: Linter, files: list[str], *, stdin_filename: str | None = None) -> Iterator[FileResult]:
    for path in files:
        if path == "-":
            yield linter.check_bytes(sys.stdin.buffer.read(), stdin_filename or "-")
        else:
            yield linter.check_file(path)
