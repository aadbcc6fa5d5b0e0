"""JSON Lines: one finding object per line, the fields of the json format.

For archives: ``stream(out)`` writes each finding as soon as its record has
been checked, so the output of a million articles never has to sit in memory.
Findings of a collection also carry ``record`` (the record's line in the JSONL
file, or its row in a Parquet file) and ``id``.
"""

from __future__ import annotations

import json

# What this format needs and is (see reporters/__init__.py).
NEEDS_SOURCE = False
SHOWS_EVERY_FILE = False
HUMAN = False
PROGRESS = False
POINTS_AT_FILE_LINES = False
STREAMING = True



class Stream:
    """Write findings as they come; ``close`` ends the output."""

    def __init__(self, out) -> None:
        self.out = out
        self._encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def write(self, findings) -> None:
        if findings:
            self.out.write("".join(self._encode(f.to_dict()) + "\n" for f in findings))

    def close(self, report=None) -> None:
        self.out.flush()


def stream(out) -> Stream:
    return Stream(out)


def render(report, out) -> None:
    writer = Stream(out)
    writer.write(report.findings)
    writer.close(report)
