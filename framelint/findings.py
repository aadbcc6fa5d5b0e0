"""Findings: what a check reports, and per-file errors."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

# How sure a fix is to keep the sentence's meaning and grammar (as ruff has it): a safe fix
# is applied by --fix, an unsafe one only with --unsafe-fixes, a display-only one never.
APPLICABILITIES = ("safe", "unsafe", "display-only")

# The fields of the json format that other tools parse; never rename or drop these.
JSON_FIELDS = ("path", "code", "name", "category", "level", "message", "line", "column",
               "end_line", "end_column", "start", "end", "match", "in_quote", "suggestion")


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    code: str
    name: str
    category: str
    level: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int   # exclusive, as in SARIF
    start: int        # offsets into the decoded text of the file
    end: int
    match: str
    in_quote: bool
    suggestion: str | None
    speaker: str | None = None   # who is quoted, for findings inside a quotation
    fix: str | None = None       # a replacement for the matched text, if the rule has one
    record: int | None = None    # line number of the record in a collection (JSONL)
    id: str | None = None        # the record's id in a collection
    applicability: str | None = None  # of the fix: "safe", "unsafe" or "display-only" (None: no fix)

    def sort_key(self) -> tuple:
        return (self.path, self.record or 0, self.start, self.end, self.code)

    def to_dict(self) -> dict:
        # Every field is a plain str, int, bool or None: no need for asdict()'s deep copy,
        # which costs more than the rest of writing a large JSON report.
        data = {name: getattr(self, name) for name in _FINDING_FIELDS}
        if self.record is None:
            del data["record"], data["id"]
        return data


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


@dataclass(frozen=True, slots=True)
class FileError:
    """A file (or record) that could not be checked, and why, in one line."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class FileResult:
    """What checking one file (or one record of an archive) gave: findings and errors."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    text: str | None = None  # the decoded text, for reporters that show source lines
