"""GitLab Code Quality: the JSON report that merge requests show as code quality findings.

A JSON array of issues with ``description``, ``check_name``, ``fingerprint``,
``severity`` (info -> ``info``, warning -> ``minor``, error -> ``major``) and
``location.path`` / ``location.lines.begin``. GitLab reads line numbers only, and
paths relative to the repository root (see ``_ci.source_root``).
"""

from __future__ import annotations

import json

from ._ci import fingerprints, repo_relative, source_root

# What this format needs and is (see reporters/__init__.py).
NEEDS_SOURCE = False
SHOWS_EVERY_FILE = False
HUMAN = False
PROGRESS = False
POINTS_AT_FILE_LINES = True
STREAMING = False


SEVERITY = {"info": "info", "warning": "minor", "error": "major"}


def render(report, out) -> None:
    root = source_root()
    issues = []
    for f, fingerprint in zip(report.findings, fingerprints(report.findings, root=root)):
        issues.append({
            "type": "issue",
            "description": f"{f.code} {f.message}",
            "check_name": f.code,
            "fingerprint": fingerprint,
            "severity": SEVERITY[f.level],
            "categories": ["Style"],
            "location": {"path": repo_relative(f.path, root=root) or f.path,
                         "lines": {"begin": f.line, "end": f.end_line}},
        })
    json.dump(issues, out, ensure_ascii=False, indent=2)
    out.write("\n")
