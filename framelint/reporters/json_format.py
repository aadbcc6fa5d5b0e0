"""A JSON array of finding objects (the fields in findings.JSON_FIELDS, and more)."""

from __future__ import annotations

import json


def render(report, out) -> None:
    # One write, not json.dump's hundreds of thousands of small ones.
    out.write(json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False, indent=2) + "\n")
