"""A JSON array of finding objects (the fields in findings.JSON_FIELDS, and more)."""

from __future__ import annotations

import json


def render(report, out) -> None:
    json.dump([f.to_dict() for f in report.findings], out, ensure_ascii=False, indent=2)
    out.write("\n")
