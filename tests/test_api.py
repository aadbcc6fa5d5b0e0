"""The Python API that the command line is built on."""

import textwrap

import framelint
from framelint.config import DEFAULT


def write_rule(folder, code, term):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{code}.toml").write_text(textwrap.dedent(f'''
        code = "{code}"
        name = "term-{code.lower()}"
        category = "charged-label"
        kind = "terms"
        message = "'{{match}}' is flagged."
        description = "Test rule."
        terms = ["{term}"]
        [examples]
        flag = ["A [[{term}]] here."]
        pass = ["Nothing here."]
    '''), encoding="utf-8")


def test_lint_text_returns_findings_with_positions():
    findings = framelint.lint_text("Line one.\nThe regime ordered the strike.\n", path="draft.txt")
    regime = [f for f in findings if f.match == "regime"]
    assert len(regime) == 1
    f = regime[0]
    assert (f.path, f.line, f.column, f.end_column, f.start, f.end) == ("draft.txt", 2, 5, 11, 14, 20)
    assert f.category == "charged-label" and not f.in_quote


def test_lint_paths_reports_findings_and_errors(tmp_path):
    (tmp_path / "a.txt").write_text("Sources say the deal is off.\n", encoding="utf-8")
    result = framelint.lint_paths([str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")])
    assert result.files == 1
    assert [f.match for f in result.findings] == ["Sources say"]
    assert [str(e) for e in result.errors] == [f"{tmp_path / 'missing.txt'}: no such file or directory"]


def test_relative_rule_folders_are_resolved_from_the_current_directory(tmp_path, monkeypatch):
    # The same relative folder name in two directories holds different rules.
    write_rule(tmp_path / "one" / "myrules", "ZZ901", "zebra")
    write_rule(tmp_path / "two" / "myrules", "ZZ902", "yak")
    config = DEFAULT.with_overrides(rule_dirs=("myrules",), select=("ZZ",))
    monkeypatch.chdir(tmp_path / "one")
    assert [f.code for f in framelint.lint_text("A zebra and a yak.", config=config)] == ["ZZ901"]
    monkeypatch.chdir(tmp_path / "two")
    assert [f.code for f in framelint.lint_text("A zebra and a yak.", config=config)] == ["ZZ902"]
