"""Output formats. One module per format, each with ``render(report, out)``.

Reporters never read files: everything they show is in the report. Each module
declares what it needs and what it is, and the command line asks those, never a
list of format names:

``NEEDS_SOURCE``          the decoded text of files with findings (source lines, excerpts)
``SHOWS_EVERY_FILE``      the text of every file, with findings or not (the HTML report)
``HUMAN``                 written for people: a collection's findings are named FILE#RECORD
``PROGRESS``              a progress bar on standard error makes sense beside it
``POINTS_AT_FILE_LINES``  annotations of lines of files (which records of an archive are not)
``STREAMING``             written as findings arrive (archives)

To add a format: write its module, and add one line to ``FORMATS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..findings import FileError, Finding

FORMATS = {  # format name -> its module
    "text": "framelint.reporters.text",
    "concise": "framelint.reporters.concise",
    "json": "framelint.reporters.json_format",
    "sarif": "framelint.reporters.sarif",
    "github": "framelint.reporters.github",
    "gitlab": "framelint.reporters.gitlab",
    "html": "framelint.reporters.html_report",
    "jsonl": "framelint.reporters.jsonl",
}


@dataclass
class Report:
    """A run's result as the reporters see it, with how to show it."""

    findings: list[Finding]
    errors: list[FileError] = field(default_factory=list)
    files: int = 0
    rules: list = field(default_factory=list)          # the rules that ran
    sources: dict[str, str] = field(default_factory=dict)  # path -> decoded text, for formats that show it
    color: bool = False
    statistics: bool = False


def get_reporter(name: str):
    return importlib.import_module(FORMATS[name])


def formats_where(prop: str) -> tuple[str, ...]:
    """The names of the formats whose module declares ``prop`` true."""
    return tuple(name for name in FORMATS if getattr(get_reporter(name), prop))
