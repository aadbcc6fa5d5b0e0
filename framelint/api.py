"""The Python API: lint text or paths and get ``Finding`` objects back.

``lint_paths`` runs exactly what ``framelint check`` runs (the run layer's ``plan``
and ``run``): with no ``config``, each file gets the configuration found by
walking up from it, as on the command line; with one, every file gets that one.
"""

from __future__ import annotations

from collections.abc import Iterable

from .config import Config
from .findings import Finding
from .run.results import RunResult as LintResult
from .run.linters import get_linter

__all__ = ["LintResult", "get_linter", "lint_paths", "lint_text"]


def lint_text(text: str, *, path: str | None = None, config: Config | None = None,
              format: str | None = None) -> list[Finding]:
    """Check one text. ``format`` is text, markdown or html; by default it comes from ``path``."""
    return get_linter(config).check_text(text, path or "-", format).findings


def lint_paths(paths: Iterable[str], *, config: Config | None = None,
               stdin_filename: str | None = None) -> LintResult:
    """Check files, directories and globs (``-`` reads standard input)."""
    from .config import ConfigResolver, Overrides
    from .run.checking import FixedConfig, plan, run

    resolver = FixedConfig(config) if config is not None else ConfigResolver(Overrides(), None)
    planned, errors = plan(list(paths), resolver, stdin_filename)
    result = run(planned, stdin_filename=stdin_filename, jobs=1)
    result.errors[:0] = errors
    return result
