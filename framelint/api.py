"""The Python API: lint text or paths and get ``Finding`` objects back."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from .config import DEFAULT, Config
from .findings import FileError, Finding

_linters: dict[tuple, object] = {}


def get_linter(config: Config | None = None):
    """The compiled linter for a configuration, built once per process."""
    from .engine import Linter

    config = config or DEFAULT
    # Rule folders may be relative: the same words mean other folders from another directory.
    key = (config, tuple(os.path.abspath(d) for d in config.rule_dirs))
    linter = _linters.get(key)
    if linter is None:
        linter = _linters[key] = Linter(config)
    return linter


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files: int = 0


def lint_text(text: str, *, path: str | None = None, config: Config | None = None,
              kind: str | None = None) -> list[Finding]:
    """Check one text. ``kind`` is text, markdown or html; by default it comes from ``path``."""
    result = get_linter(config).check_text(text, path or "-", kind)
    return result.findings


def lint_paths(paths: Iterable[str], *, config: Config | None = None,
               stdin_filename: str | None = None) -> LintResult:
    """Check files, directories and globs (``-`` reads standard input)."""
    from .files import expand_paths

    linter = get_linter(config)
    result = LintResult()
    files, errors = expand_paths(list(paths), exclude=(config or DEFAULT).exclude)
    result.errors.extend(errors)
    for path in files:
        if path == "-":
            name = stdin_filename or "-"
            file_result = linter.check_bytes(sys.stdin.buffer.read(), name)
        else:
            file_result = linter.check_file(path)
        result.files += 1
        result.findings.extend(file_result.findings)
        result.errors.extend(file_result.errors)
    return result
