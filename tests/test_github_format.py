"""--format github: workflow-command annotations, escaped as the Actions runner unescapes them."""

from __future__ import annotations

import io

from conftest import linter_for, make_rule
from framelint.findings import FileError, Finding
from framelint.reporters import Report
from framelint.reporters.github import render


def output(findings, errors=()) -> str:
    out = io.StringIO()
    render(Report(findings=list(findings), errors=list(errors)), out)
    return out.getvalue()


def finding(**fields) -> Finding:
    data = dict(path="drafts/a.md", code="TT101", name="test-term", category="charged-label", level="warning",
                message="m", line=1, column=1, end_line=1, end_column=2, start=0, end=1, match="x",
                in_quote=False, suggestion=None)
    data.update(fields)
    return Finding(**data)


def runner_parse(line: str) -> tuple[str, dict[str, str], str]:
    """How actions/runner (ActionCommand.TryParseV2) reads a ``::`` command line back."""
    assert line.startswith("::")
    end = line.index("::", 2)
    info, data = line[2:end], line[end + 2:]
    name, _, props = info.partition(" ")
    unescape_property = [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]
    unescape_data = [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]
    properties = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        for escaped, char in unescape_property:
            value = value.replace(escaped, char)
        properties[key] = value
    for escaped, char in unescape_data:
        data = data.replace(escaped, char)
    return name, properties, data


def test_levels_positions_and_title():
    rules = [make_rule(code="AA101", name="a-rule", terms=["alpha"], level="error"),
             make_rule(code="BB101", name="b-rule", terms=["beta"], level="warning"),
             make_rule(code="CC101", name="c-rule", terms=["gamma"], level="info")]
    result = linter_for(*rules).check_text("Gamma, beta\nand alpha.\n", "drafts/x.md")
    assert output(result.findings) == (
        "::notice file=drafts/x.md,line=1,col=1,endLine=1,endColumn=6,title=CC101::'Gamma' is a test term.\n"
        "::warning file=drafts/x.md,line=1,col=8,endLine=1,endColumn=12,title=BB101::'beta' is a test term.\n"
        "::error file=drafts/x.md,line=2,col=5,endLine=2,endColumn=10,title=AA101::'alpha' is a test term.\n"
    )


def test_escaping_round_trips_through_the_runner():
    message = "100% sure: a, b; c\r\nnext line :: done"
    path = "drafts/q1: a, b; 50%.md"
    line = output([finding(path=path, message=message, code="TT101")])
    assert line == ("::warning file=drafts/q1%3A a%2C b; 50%25.md,line=1,col=1,endLine=1,endColumn=2,title=TT101"
                    "::100%25 sure: a, b; c%0D%0Anext line :: done\n")
    assert line.count("\n") == 1  # one command, one line
    assert runner_parse(line.rstrip("\n")) == (
        "warning",
        {"file": path, "line": "1", "col": "1", "endLine": "1", "endColumn": "2", "title": "TT101"},
        message,
    )


def test_a_span_over_several_lines_has_no_columns():
    line = output([finding(line=3, column=10, end_line=4, end_column=5)])
    assert line == "::warning file=drafts/a.md,line=3,endLine=4,title=TT101::m\n"


def test_paths_are_relative_with_forward_slashes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = output([finding(path=str(tmp_path / "drafts" / "a.md"))])
    assert line.startswith("::warning file=drafts/a.md,")
    assert output([finding(path="./drafts/../b.md")]).startswith("::warning file=b.md,")
    # Standard input has no file in the checkout: the annotation goes on the run, by line.
    assert output([finding(path="-")]) == "::warning line=1,col=1,endLine=1,endColumn=2,title=TT101::m\n"


def test_paths_are_relative_to_the_repository_root(tmp_path, monkeypatch):
    """GitHub places an annotation by its path in the repository, even when the check runs in a subfolder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "desk").mkdir()
    monkeypatch.chdir(tmp_path / "desk")
    assert output([finding(path="a.md")]).startswith("::warning file=desk/a.md,")
    assert output([], [FileError("../bad.txt", "cannot decode")]) == "::error file=bad.txt,title=framelint::cannot decode\n"


def test_file_errors_are_error_annotations():
    assert output([], [FileError("bad.txt", "cannot decode: not UTF-8")]) == \
        "::error file=bad.txt,title=framelint::cannot decode: not UTF-8\n"


def test_command_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# Title\n\nThe council met.\n", encoding="utf-8")
    run = cli("check", "a.md", "--format", "github")
    assert (run.code, run.out) == (0, "")
    (tmp_path / "b.md").write_text("The regime, sources say, fell.\n", encoding="utf-8")
    run = cli("check", "a.md", "b.md", "--format", "github")
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines and all(line.startswith("::warning file=b.md,line=1,col=") for line in lines)
    assert any(",title=LB101::" in line for line in lines)
