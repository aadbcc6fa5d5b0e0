"""A JSON array of finding objects (the fields in findings.JSON_FIELDS, and more)."""

from __future__ import annotations

import json

# What this format needs and is (see reporters/__init__.py).
NEEDS_SOURCE = False
SHOWS_EVERY_FILE = False
HUMAN = False
PROGRESS = False
POINTS_AT_FILE_LINES = False
STREAMING = False



def render(report, out) -> None:
    # One write, not json.dump's hundreds of thousands of small ones.
    out.write(json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False, indent=2) + "\n")
