"""--format gitlab: a GitLab Code Quality report."""

from __future__ import annotations

import json

from conftest import linter_for, make_rule
from framelint.reporters import Report
from framelint.reporters.gitlab import render


def test_code_quality_issues(tmp_path, monkeypatch):
    import io

    monkeypatch.chdir(tmp_path)
    rules = [make_rule(code="AA101", name="a-rule", terms=["alpha"], level="error"),
             make_rule(code="CC101", name="c-rule", terms=["gamma"], level="info"),
             make_rule(code="BB101", name="b-rule", terms=["beta"], level="warning")]
    result = linter_for(*rules).check_text("Gamma, beta\nand alpha. Beta again.\n", "./drafts/x.md")
    out = io.StringIO()
    render(Report(findings=result.findings, rules=rules), out)
    issues = json.loads(out.getvalue())
    fingerprints = [issue.pop("fingerprint") for issue in issues]
    assert len(set(fingerprints)) == 4 and all(len(f) == 32 for f in fingerprints)
    assert issues == [
        {"type": "issue", "description": "CC101 'Gamma' is a test term.", "check_name": "CC101", "severity": "info",
         "categories": ["Style"], "location": {"path": "drafts/x.md", "lines": {"begin": 1, "end": 1}}},
        {"type": "issue", "description": "BB101 'beta' is a test term.", "check_name": "BB101", "severity": "minor",
         "categories": ["Style"], "location": {"path": "drafts/x.md", "lines": {"begin": 1, "end": 1}}},
        {"type": "issue", "description": "AA101 'alpha' is a test term.", "check_name": "AA101", "severity": "major",
         "categories": ["Style"], "location": {"path": "drafts/x.md", "lines": {"begin": 2, "end": 2}}},
        {"type": "issue", "description": "BB101 'Beta' is a test term.", "check_name": "BB101", "severity": "minor",
         "categories": ["Style"], "location": {"path": "drafts/x.md", "lines": {"begin": 2, "end": 2}}},
    ]


def test_command_line_writes_an_empty_array_when_clean(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("The council met.\n", encoding="utf-8")
    run = cli("check", "a.md", "--format", "gitlab")
    assert (run.code, run.out) == (0, "[]\n")


def test_paths_are_relative_to_the_repository_root(tmp_path, monkeypatch, cli):
    (tmp_path / ".git").mkdir()
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "a.md").write_text("The regime fell.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "desk")
    run = cli("check", "a.md", "--select", "LB101", "--format", "gitlab")
    assert run.code == 1
    [issue] = json.loads(run.out)
    assert issue["location"] == {"path": "desk/a.md", "lines": {"begin": 1, "end": 1}}
