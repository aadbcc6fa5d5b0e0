"""SARIF 2.1.0, the format GitHub code scanning and other CI dashboards read.

Columns are counted in Unicode code points (``run.columnKind`` says so) and
``endColumn`` is exclusive, exactly as framelint counts them. Paths inside the
repository (the git checkout around the working directory, or the working
directory itself outside git) are written relative to its root, with the
``%SRCROOT%`` base id; code scanning resolves relative paths against the root of
the repository it analyses.

Beyond the schema, code scanning requires ``shortDescription``, ``fullDescription``
(each at most 1,024 characters) and ``help.text`` on every rule; they are always
given. When the checked text is at hand (the command line keeps it for this
format), each location also has a ``contextRegion``: the finding with up to
``CONTEXT`` characters of its line(s) either side.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from ..version import __version__
from ._ci import fingerprints, repo_relative, source_root

# What this format needs and is (see reporters/__init__.py).
NEEDS_SOURCE = True
SHOWS_EVERY_FILE = False
HUMAN = False
PROGRESS = False
POINTS_AT_FILE_LINES = True
STREAMING = False


SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/framelint/framelint"
SRCROOT = "%SRCROOT%"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "framelintMatch/v1"
RULES_URI = INFORMATION_URI + "/blob/main/rules/"   # where the built-in rule files live
HELP_URIS = {"FL001": INFORMATION_URI + "/blob/main/docs/configuration.md#fl001-unused-suppression"}
MAX_DESCRIPTION = 1024   # code scanning's limit for shortDescription and fullDescription
CONTEXT = 80             # characters of context either side of a finding, within its lines
_LINE_BREAK = re.compile(r"\r\n|\r|\n")   # the line breaks the document model counts


def render(report, out) -> None:
    json.dump(build_log(report), out, ensure_ascii=False, indent=2)
    out.write("\n")


def build_log(report, cwd: str | None = None) -> dict:
    """The whole SARIF log as a dict: one run, every rule that ran, one result per finding.

    Paths are resolved against ``cwd`` (default: the working directory) and written
    relative to the repository root around it (see ``_ci.source_root``).
    """
    cwd = os.path.abspath(cwd or os.getcwd())
    root = source_root(cwd)
    descriptors, index = _rule_descriptors(report)
    results = [_result(f, index, cwd, root, fingerprint, report.sources.get(f.path))
               for f, fingerprint in zip(report.findings, fingerprints(report.findings, cwd, root))]
    run = {
        "tool": {"driver": {
            "name": "framelint",
            "fullName": "framelint: a linter for the framing of news text",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "invocations": [_invocation(report, cwd, root)],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def artifact_location(path: str, cwd: str, root: str | None = None) -> dict:
    """A relative URI under %SRCROOT% for paths inside the root; an absolute file URI otherwise."""
    if path == "-":
        return {"uri": "stdin"}
    relative = repo_relative(path, cwd, root)
    if relative is None:
        return {"uri": Path(os.path.abspath(os.path.join(cwd, path))).as_uri()}
    # A name that is not UTF-8 is percent-encoded byte for byte, as RFC 3986 allows.
    return {"uri": quote(os.fsencode(relative), safe="/"), "uriBaseId": SRCROOT}


# --- rules -----------------------------------------------------------------

_HEADING = re.compile(r"^#+\s*(.*?)\s*$")


def _sections(description: str) -> dict[str, str]:
    """The rule description's ``## Heading`` sections, by lower-cased heading ('' for text before any)."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in description.strip().splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = heading.group(1).lower()
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return {k: " ".join(" ".join(v).split()) for k, v in sections.items()}


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def _plain(markdown: str) -> str:
    def heading(m):
        return m.group(1) if m.group(1).endswith(("?", ":", ".")) else m.group(1) + ":"
    return "\n".join(_HEADING.sub(heading, line) for line in markdown.strip().splitlines())


def _descriptor(rule) -> dict:
    sections = _sections(rule.description)
    what = sections.get("what it does") or sections.get("") or rule.name.replace("-", " ")
    why = sections.get("why is this bad?", "")
    short = _first_sentence(what)
    full = " ".join(part for part in (what, why) if part)
    examples = [ex.replace("[[", "").replace("]]", "") for ex in rule.flag_examples]
    markdown = [rule.description.strip()]
    text = [_plain(rule.description)]
    if examples:
        markdown += ["", "## Flagged", *(f"- {ex}" for ex in examples)]
        text += ["", "Flagged:", *(f"- {ex}" for ex in examples)]
    if rule.pass_examples:
        markdown += ["", "## Not flagged", *(f"- {ex}" for ex in rule.pass_examples)]
        text += ["", "Not flagged:", *(f"- {ex}" for ex in rule.pass_examples)]
    if rule.references:
        markdown += ["", "## References", *(f"- {ref}" for ref in rule.references)]
        text += ["", "References:", *(f"- {ref}" for ref in rule.references)]
    descriptor = {
        "id": rule.code,
        "name": _pascal(rule.name),
        "shortDescription": {"text": _limit(short)},
        "fullDescription": {"text": _limit(full)},
    }
    help_uri = _help_uri(rule)
    if help_uri:
        descriptor["helpUri"] = help_uri
    descriptor.update({
        "help": {"text": "\n".join(text), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.level]},
        "properties": {"tags": [rule.category], "framelintName": rule.name, "category": rule.category,
                       "kind": rule.kind, "scope": rule.scope},
    })
    return descriptor


def _limit(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis (code scanning rejects longer)."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def _help_uri(rule) -> str | None:
    """The rule's file in the project's repository, for a built-in rule; None for a user's own."""
    if rule.kind == "meta":  # FL001: documented with the suppressions
        return HELP_URIS.get(rule.code)
    if not rule.builtin or not rule.path:
        return None
    from ..rules.model import builtin_rules_dir

    try:
        relative = Path(rule.path).resolve().relative_to(builtin_rules_dir().resolve())
    except (ValueError, OSError):
        return None
    return RULES_URI + quote(relative.as_posix(), safe="/")


def _pascal(name: str) -> str:
    # SARIF's conventional rule names are PascalCase identifiers ("RegimeLabel"); the
    # hyphenated framelint name is kept in properties.framelintName.
    return "".join(part[:1].upper() + part[1:] for part in name.split("-"))


def _rule_descriptors(report) -> tuple[list[dict], dict[str, int]]:
    descriptors: list[dict] = []
    index: dict[str, int] = {}
    for rule in sorted(report.rules, key=lambda r: r.code):
        if rule.code not in index:
            index[rule.code] = len(descriptors)
            descriptors.append(_descriptor(rule))
    from ..rules.meta import META_RULES

    meta = {rule.code: rule for rule in META_RULES}
    for f in report.findings:  # findings from outside the rules that ran (for example about suppressions)
        if f.code not in index:
            index[f.code] = len(descriptors)
            if f.code in meta:
                descriptors.append(_descriptor(meta[f.code]))
                continue
            what = f"{f.name.replace('-', ' ').capitalize()}."
            descriptors.append({
                "id": f.code, "name": _pascal(f.name),
                "shortDescription": {"text": what},
                "fullDescription": {"text": f"{what} A framelint rule in the category {f.category}."},
                "help": {"text": f"{f.code} {f.name} ({f.category}). Run 'framelint explain {f.code}' for more."},
                "defaultConfiguration": {"level": SARIF_LEVEL[f.level]},
                "properties": {"tags": [f.category], "framelintName": f.name, "category": f.category},
            })
    return descriptors, index


# --- results ---------------------------------------------------------------

def _result(f, index: dict[str, int], cwd: str, root: str, fingerprint: str, text: str | None = None) -> dict:
    region = {
        "startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
        "charOffset": f.start, "charLength": f.end - f.start,
        "snippet": {"text": f.match},
    }
    location = artifact_location(f.path, cwd, root)
    physical = {"artifactLocation": location, "region": region}
    context = _context_region(f, text)
    if context is not None:
        physical["contextRegion"] = context
    properties = {"category": f.category, "name": f.name, "inQuote": f.in_quote}
    for name, value in (("suggestion", f.suggestion), ("speaker", f.speaker), ("record", f.record), ("id", f.id)):
        if value is not None:
            properties[name] = value
    result = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": SARIF_LEVEL[f.level],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": properties,
    }
    if f.fix is not None:
        how = {"safe": "", "unsafe": " (unsafe: applied only with --unsafe-fixes)",
               "display-only": " (a suggestion: never applied)"}.get(f.applicability or "", "")
        result["fixes"] = [{
            "description": {"text": f"Replace '{f.match}' with '{f.fix}'.{how}"},
            "properties": {"applicability": f.applicability},
            "artifactChanges": [{"artifactLocation": location, "replacements": [{
                "deletedRegion": {"charOffset": f.start, "charLength": f.end - f.start},
                "insertedContent": {"text": f.fix},
            }]}],
        }]
    return result


def _context_region(f, text: str | None) -> dict | None:
    """The finding with up to CONTEXT characters either side, never beyond its first and last line.

    None when the text is not at hand or does not match the finding (a record of a
    collection, say, whose offsets are into the record and not the file).
    """
    if text is None or f.record is not None or text[f.start:f.end] != f.match:
        return None
    line_start = f.start - (f.column - 1)
    end_line_start = f.end - (f.end_column - 1)
    if line_start < 0 or end_line_start < 0 or (line_start and text[line_start - 1] not in "\r\n"):
        return None
    after = _LINE_BREAK.search(text, f.end)
    line_end = after.start() if after else len(text)
    start = max(line_start, f.start - CONTEXT)
    end = max(f.end, min(line_end, f.end + CONTEXT))
    if (start, end) == (f.start, f.end):
        return None  # the finding is its whole line: a context region must be larger than the region
    return {"startLine": f.line, "startColumn": start - line_start + 1,
            "endLine": f.end_line, "endColumn": end - end_line_start + 1,
            "charOffset": start, "charLength": end - start, "snippet": {"text": text[start:end]}}


def _invocation(report, cwd: str, root: str) -> dict:
    notifications = [{
        "level": "error",
        "message": {"text": error.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(error.path, cwd, root)}}],
    } for error in report.errors]
    invocation: dict = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation
