"""Checking paths: the one loop that the command line and the Python API share.

``plan`` turns paths into (file, configuration) pairs, each file with the
configuration found above it and its excludes applied (so ``framelint check``
and ``framelint.lint_paths`` skip the same files); ``run`` checks them, serially
or in worker processes, into one ``RunResult``; ``exit_status`` says what the
command line exits with.
"""

from __future__ import annotations

from itertools import groupby

from .files import expand_paths
from .linters import linter_for
from .results import RunResult

class FixedConfig:
    """A resolver that gives every file the same configuration (``--config`` or the API's ``config=``)."""

    def __init__(self, config) -> None:
        self.config = config

    def for_file(self, path: str, stdin_filename: str | None = None):
        return self.config


def plan(paths: list[str], resolver, stdin_filename: str | None = None):
    """(file, configuration) pairs to check, in order, and the errors of paths that give none."""
    files, errors = expand_paths(list(paths))
    planned = [(path, config) for path in files
               for config in [resolver.for_file(path, stdin_filename)]
               if path == "-" or not config.excludes(path)]
    return planned, errors


def run(planned, *, stdin_filename: str | None = None, jobs: int | None = None,
        keep_source=lambda result: False, on_file=None) -> RunResult:
    """Check the planned files; ``keep_source(result)`` says whose text the reporter shows."""
    from ..rules.meta import UNUSED_SUPPRESSION
    from .parallel import check_files

    result = RunResult()
    rules: dict[str, object] = {}
    keeps_text = keep_source(None)
    for config, group in groupby(planned, key=lambda item: item[1]):
        linter = linter_for(config)
        for rule in linter.rules:
            rules.setdefault(rule.code, rule)
        for file_result in check_files(linter, [p for p, _ in group], stdin_filename=stdin_filename,
                                       jobs=jobs, keep_text=keeps_text):
            if on_file is not None:
                on_file()
            result.add(file_result, config.fail_level, keep_source(file_result))
    result.rules = list(rules.values())
    if any(f.code == UNUSED_SUPPRESSION.code for f in result.findings):
        result.rules.append(UNUSED_SUPPRESSION)  # formats such as SARIF list the rules that reported
    return result
