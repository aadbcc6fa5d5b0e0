"""The result of a run, and the exit status the command line gives for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import FileError, FileResult, Finding
from ..rules.model import level_at_least

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class RunResult:
    """What a run found: findings and errors of every file, and what reporters need besides."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files: int = 0                                          # files (or records) checked
    rules: list = field(default_factory=list)               # the rules that ran
    sources: dict[str, str] = field(default_factory=dict)   # path -> decoded text, for formats that show it
    failing: bool = False                                   # a finding at or above its file's fail level

    def add(self, result: FileResult, fail_level: str, keep_source: bool = False) -> None:
        self.files += 1
        self.findings.extend(result.findings)
        self.errors.extend(result.errors)
        if keep_source and result.text is not None:
            self.sources[result.path] = result.text
        self.failing = self.failing or any(level_at_least(f.level, fail_level) for f in result.findings)


def exit_status(result: RunResult | None = None, *, errors: bool = False, failing: bool = False,
                exit_zero: bool = False) -> int:
    """2 when a file could not be checked, 1 when something at the fail level was found, else 0
    (the command line's one rule; give a ``RunResult``, or say ``errors`` and ``failing``)."""
    if result is not None:
        errors, failing = errors or bool(result.errors), failing or result.failing
    if errors:
        return EXIT_ERROR
    if failing and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK
