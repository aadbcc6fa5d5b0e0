"""What the CI formats (sarif, github, gitlab) share: repository-relative paths and fingerprints."""

from __future__ import annotations

import hashlib
import os


def repo_relative(path: str, cwd: str | None = None) -> str | None:
    """``path`` relative to ``cwd`` with forward slashes, or None when it lies outside ``cwd``.

    CI services resolve paths against the checkout, which is where the check runs.
    """
    cwd = os.path.abspath(cwd or os.getcwd())
    relative = os.path.relpath(os.path.abspath(os.path.join(cwd, path)), cwd)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return None
    return relative.replace(os.sep, "/")


def fingerprints(findings, cwd: str | None = None) -> list[str]:
    """One stable id per finding: the rule, the file, the matched words and which occurrence
    of them this is in the file, but not the line, so edits elsewhere keep it the same."""
    seen: dict[tuple, int] = {}
    out = []
    for f in findings:
        key = (f.code, repo_relative(f.path, cwd) or f.path, " ".join(f.match.lower().split()))
        seen[key] = seen.get(key, 0) + 1
        out.append(hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()[:32])
    return out
