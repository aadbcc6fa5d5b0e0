"""What the CI formats (sarif, github, gitlab) share: repository-relative paths and fingerprints."""

from __future__ import annotations

import hashlib
import os


def source_root(cwd: str | None = None) -> str:
    """The folder CI services resolve paths against: the root of the git checkout that
    holds ``cwd`` (the nearest folder at or above it with a ``.git``), else ``cwd`` itself.

    GitHub (annotations and code scanning) and GitLab (Code Quality) read paths relative
    to the repository root, so a check run from a subfolder still points at the right file.
    """
    cwd = os.path.abspath(cwd or os.getcwd())
    directory = cwd
    while True:
        if os.path.exists(os.path.join(directory, ".git")):  # a folder, or a file in worktrees and submodules
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return cwd
        directory = parent


def repo_relative(path: str, cwd: str | None = None, root: str | None = None) -> str | None:
    """``path`` (relative to ``cwd``) relative to the source root, with forward slashes,
    or None when it lies outside the root."""
    cwd = os.path.abspath(cwd or os.getcwd())
    root = os.path.abspath(root) if root else source_root(cwd)
    try:
        relative = os.path.relpath(os.path.abspath(os.path.join(cwd, path)), root)
    except ValueError:  # another drive on Windows
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return None
    return relative.replace(os.sep, "/")


def fingerprints(findings, cwd: str | None = None, root: str | None = None) -> list[str]:
    """One stable id per finding: the rule, the file, the matched words and which occurrence
    of them this is in the file, but not the line, so edits elsewhere keep it the same."""
    root = root or source_root(cwd)
    seen: dict[tuple, int] = {}
    out = []
    for f in findings:
        key = (f.code, repo_relative(f.path, cwd, root) or f.path, " ".join(f.match.lower().split()))
        seen[key] = seen.get(key, 0) + 1
        out.append(hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8", "surrogateescape")).hexdigest()[:32])
    return out
