"""Turning command-line paths into the list of files to check."""

from __future__ import annotations

import fnmatch
import glob
import os

from .document import TEXT_SUFFIXES
from .findings import FileError

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


def is_excluded(path: str, exclude) -> bool:
    norm = path.replace(os.sep, "/")
    parts = norm.split("/")
    for pattern in exclude:
        if fnmatch.fnmatch(norm, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts):
            return True
    return False


def expand_paths(paths: list[str], exclude=()) -> tuple[list[str], list[FileError]]:
    """Files to check, in a stable order, and an error for each path that gives none."""
    files: list[str] = []
    errors: list[FileError] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        if path not in seen:
            seen.add(path)
            files.append(path)

    for raw in paths:
        if raw == "-":
            add("-")
        elif os.path.isdir(raw):
            found = sorted(walk(raw, exclude, errors))
            if not found:
                errors.append(FileError(raw, "no .txt, .md, .markdown, .html or .htm files in this directory"))
            for f in found:
                add(f)
        elif os.path.lexists(raw):
            if not is_excluded(raw, exclude):
                add(raw)
        elif any(ch in raw for ch in "*?["):
            matches = sorted(m for m in glob.glob(raw, recursive=True) if os.path.isfile(m))
            matches = [m for m in matches if not is_excluded(m, exclude)]
            if not matches:
                errors.append(FileError(raw, "no files match this pattern"))
            for m in matches:
                add(m)
        else:
            errors.append(FileError(raw, "no such file or directory"))
    return files, errors


def walk(root: str, exclude=(), errors: list[FileError] | None = None):
    def unreadable(exc: OSError) -> None:  # a folder skipped in silence would be files never checked
        if errors is not None:
            errors.append(FileError(exc.filename or root, f"cannot read this directory: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in _SKIP_DIRS and not d.startswith(".")
                             and not is_excluded(os.path.join(dirpath, d), exclude))
        for name in filenames:
            dot = name.rfind(".")
            if dot != -1 and name[dot:].lower() in TEXT_SUFFIXES:
                path = os.path.join(dirpath, name)
                if not is_excluded(path, exclude):
                    yield path
