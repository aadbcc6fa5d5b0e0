"""Output formats. One module per format, each with ``render(report, out)``.

Reporters never read files: everything they show is in the report.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..findings import FileError, Finding

FORMATS = {
    "text": "text",
    "concise": "concise",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "html": "html",
    "jsonl": "jsonl",
}


@dataclass
class Report:
    findings: list[Finding]
    errors: list[FileError] = field(default_factory=list)
    files: int = 0
    rules: list = field(default_factory=list)          # the rules that ran
    sources: dict[str, str] = field(default_factory=dict)  # path -> decoded text, for formats that show it
    color: bool = False
    statistics: bool = False


def get_reporter(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")
