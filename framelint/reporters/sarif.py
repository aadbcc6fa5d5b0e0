"""SARIF 2.1.0, the format GitHub code scanning and other CI dashboards read.

Columns are counted in Unicode code points (``run.columnKind`` says so) and
``endColumn`` is exclusive, exactly as framelint counts them. Paths inside the
working directory are written relative to it, with the ``%SRCROOT%`` base id
that code scanning resolves against the repository checkout.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ._ci import fingerprints, repo_relative

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/framelint/framelint"
SRCROOT = "%SRCROOT%"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "framelintMatch/v1"


def render(report, out) -> None:
    json.dump(build_log(report), out, ensure_ascii=False, indent=2)
    out.write("\n")


def build_log(report, cwd: str | None = None) -> dict:
    """The whole SARIF log as a dict: one run, every rule that ran, one result per finding."""
    cwd = os.path.abspath(cwd or os.getcwd())
    descriptors, index = _rule_descriptors(report)
    results = [_result(f, index, cwd, fingerprint)
               for f, fingerprint in zip(report.findings, fingerprints(report.findings, cwd))]
    run = {
        "tool": {"driver": {
            "name": "framelint",
            "fullName": "framelint: a linter for the framing of news text",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "invocations": [_invocation(report, cwd)],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(cwd).as_uri().rstrip("/") + "/"}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def artifact_location(path: str, cwd: str) -> dict:
    """A relative URI under %SRCROOT% for paths inside ``cwd``; an absolute file URI otherwise."""
    if path == "-":
        return {"uri": "stdin"}
    relative = repo_relative(path, cwd)
    if relative is None:
        return {"uri": Path(os.path.abspath(os.path.join(cwd, path))).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}


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
    return {
        "id": rule.code,
        "name": _pascal(rule.name),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": "\n".join(text), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.level]},
        "properties": {"tags": [rule.category], "framelintName": rule.name, "category": rule.category,
                       "kind": rule.kind, "scope": rule.scope},
    }


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
    for f in report.findings:  # findings from outside the rule set (for example about suppressions)
        if f.code not in index:
            index[f.code] = len(descriptors)
            descriptors.append({
                "id": f.code, "name": _pascal(f.name),
                "shortDescription": {"text": f"{f.name.replace('-', ' ').capitalize()}."},
                "defaultConfiguration": {"level": SARIF_LEVEL[f.level]},
                "properties": {"tags": [f.category], "framelintName": f.name, "category": f.category},
            })
    return descriptors, index


# --- results ---------------------------------------------------------------

def _result(f, index: dict[str, int], cwd: str, fingerprint: str) -> dict:
    region = {
        "startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
        "charOffset": f.start, "charLength": f.end - f.start,
        "snippet": {"text": f.match},
    }
    location = artifact_location(f.path, cwd)
    properties = {"category": f.category, "name": f.name, "inQuote": f.in_quote}
    for name, value in (("suggestion", f.suggestion), ("speaker", f.speaker), ("record", f.record), ("id", f.id)):
        if value is not None:
            properties[name] = value
    result = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": SARIF_LEVEL[f.level],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": properties,
    }
    if f.fix is not None:
        result["fixes"] = [{
            "description": {"text": f"Replace '{f.match}' with '{f.fix}'."},
            "artifactChanges": [{"artifactLocation": location, "replacements": [{
                "deletedRegion": {"charOffset": f.start, "charLength": f.end - f.start},
                "insertedContent": {"text": f.fix},
            }]}],
        }]
    return result


def _invocation(report, cwd: str) -> dict:
    notifications = [{
        "level": "error",
        "message": {"text": error.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(error.path, cwd)}}],
    } for error in report.errors]
    invocation: dict = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation
