"""Fixes carry an applicability, as ruff's do: safe (--fix), unsafe (--unsafe-fixes), display-only.

The sentences are the ones a reader of the fix would check: a swap of a verb of saying that
turns a demand, an admission or a varied pair of verbs into a plain "said" is never safe.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys

import pytest

from conftest import make_rule, rule_toml, write_rule

from framelint.errors import RuleError
from framelint.config import DEFAULT
from framelint.engine.linter import Linter

NEVER_SAFE = [
    "The defendant admitted that he stole the car.",
    "The company insisted that employees return to the office.",
    "She insists that the children stay indoors.",
    "The minister admitted that the budget had grown but insisted that it was under control.",
]
SAFE = "The spokesman insisted that no civilians had been hurt."
DRAFT = "\n\n".join([*NEVER_SAFE, SAFE]) + "\n"
BUILTIN = ("--select", "DV101,DV103,DV104")


def builtin_findings(text: str):
    linter = Linter(DEFAULT.with_overrides(select=("DV101", "DV103", "DV104")))
    return linter.check_text(text, "draft.txt").findings


@pytest.mark.parametrize("sentence", NEVER_SAFE)
def test_meaning_changing_fixes_are_unsafe(sentence):
    found = builtin_findings(sentence)
    assert found and all(f.fix and f.applicability == "unsafe" for f in found), found


def test_a_plain_statement_keeps_its_safe_fix():
    [f] = builtin_findings(SAFE)
    assert (f.fix, f.applicability) == ("said", "safe")


def test_fix_applies_only_the_safe_fix(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    run = cli("check", *BUILTIN, "--format", "concise", "--fix", "draft.txt")
    assert (tmp_path / "draft.txt").read_text(encoding="utf-8") == DRAFT.replace(
        "spokesman insisted", "spokesman said")
    assert "Fixed 1 finding in 1 file.\n" in run.err
    assert "5 unsafe fixes not applied: review them with --diff, apply them with --fix --unsafe-fixes.\n" in run.err


def test_unsafe_fixes_are_applied_only_when_asked_for(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    run = cli("check", *BUILTIN, "--format", "concise", "--fix", "--unsafe-fixes", "draft.txt")
    text = (tmp_path / "draft.txt").read_text(encoding="utf-8")
    assert "The defendant said that he stole the car." in text
    assert "The minister said that the budget had grown but said that it was under control." in text
    assert run.err == "Fixed 6 findings in 1 file.\n"


def test_diff_marks_unsafe_fixes_and_names_paths_without_dot(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    run = cli("check", *BUILTIN, "--diff", ".")
    assert run.code == 1
    assert "--- a/draft.txt\n+++ b/draft.txt\n" in run.out and "a/./" not in run.out
    assert "+The spokesman said that no civilians had been hurt.\n" in run.out
    assert "+The defendant said" not in run.out
    assert ("# unsafe fix draft.txt:1:15: DV103 'admitted' -> 'said' not included; add --unsafe-fixes\n"
            in run.out)
    assert run.err == "Would fix 1 finding in 1 file (5 more with --unsafe-fixes).\n"
    shown = cli("check", *BUILTIN, "--diff", "--unsafe-fixes", "draft.txt")
    assert "+The defendant said that he stole the car.\n" in shown.out
    assert "# unsafe fix draft.txt:1:15: DV103 'admitted' -> 'said' included (--unsafe-fixes)\n" in shown.out


def test_the_marked_diff_still_applies_with_patch(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    run = cli("check", *BUILTIN, "--diff", "draft.txt")
    proc = subprocess.run(["patch", "-p1", "--quiet"], input=run.out.encode(), cwd=tmp_path, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert "The spokesman said that" in (tmp_path / "draft.txt").read_text(encoding="utf-8")


def test_json_and_sarif_say_how_sure_each_fix_is(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    found = cli("check", *BUILTIN, "--format", "json", "draft.txt").json()
    assert [f["applicability"] for f in found] == ["unsafe"] * 5 + ["safe"]
    sarif = json.loads(cli("check", *BUILTIN, "--format", "sarif", "draft.txt").out)
    fixes = [r["fixes"][0] for r in sarif["runs"][0]["results"]]
    assert [f["properties"]["applicability"] for f in fixes] == ["unsafe"] * 5 + ["safe"]
    assert "applied only with --unsafe-fixes" in fixes[0]["description"]["text"]


def test_a_rule_says_its_fix_is_display_only_and_it_is_never_applied(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_rule(tmp_path / "rules", "UR101", "user-rule", fix='{ skyrocketed = "rose" }',
               fix_applicability='"display-only"', message="\"'{match}' is loaded; say '{suggestion}'.\"")
    (tmp_path / "a.txt").write_text("Prices skyrocketed.\n", encoding="utf-8")
    run = cli("check", "--rules", "rules", "--select", "UR101", "--format", "json", "--fix", "--unsafe-fixes",
              "a.txt")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Prices skyrocketed.\n"
    [f] = run.json()
    assert (f["applicability"], f["suggestion"], f["message"]) == (
        "display-only", "rose", "'skyrocketed' is loaded; say 'rose'.")


def test_a_fix_without_an_applicability_is_unsafe_and_one_that_is_not_a_verb_of_saying_stays_safe():
    unsure = make_rule(fix={"regime": "government"})
    sure = make_rule(fix={"regime": "government"}, fix_applicability="safe")
    assert [f.applicability for f in Linter(DEFAULT, rules=[unsure]).check_text("The regime fell.").findings] == ["unsafe"]
    assert [f.applicability for f in Linter(DEFAULT, rules=[sure]).check_text("The regime fell.").findings] == ["safe"]


def test_a_bad_applicability_is_a_clear_rule_error(tmp_path):
    from framelint.rules.model import load_rules

    (tmp_path / "UR101-user-rule.toml").write_text(
        rule_toml(fix='{ skyrocketed = "rose" }', fix_applicability='"sure"'), encoding="utf-8")
    with pytest.raises(RuleError, match="fix_applicability.*'sure' is not one of safe, unsafe, display-only"):
        load_rules([str(tmp_path)])


# -- --fix --interactive -----------------------------------------------------------------------------

def test_interactive_refuses_without_a_terminal(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    run = cli("check", *BUILTIN, "--fix", "--interactive", "draft.txt", stdin=b"y\n")
    assert run.code == 2
    assert run.err == ("framelint: error: --interactive: asks about each fix on the terminal, but standard input "
                       "is not a terminal; run it in one, or review the fixes with --diff\n")
    assert (tmp_path / "draft.txt").read_text(encoding="utf-8") == DRAFT


def test_interactive_needs_fix(cli):
    run = cli("check", "--interactive", "draft.txt")
    assert (run.code, run.err) == (2, "framelint: error: --interactive: reviews the fixes of --fix; add --fix\n")


def test_review_applies_what_is_accepted():
    import io

    from framelint.cli.interactive import Review
    from framelint.run.fixes import fix_text

    linter = Linter(DEFAULT.with_overrides(select=("DV101", "DV103", "DV104")))
    out = io.StringIO()
    review = Review(io.StringIO("n\n?\ny\nq\n"), out)
    outcome = fix_text(linter, DRAFT, "draft.txt", unsafe=True, choose=review)
    assert "The defendant admitted that he stole" in outcome.new             # n
    assert "The company said that employees return" in outcome.new            # ? then y
    assert "She insists that the children stay" in outcome.new                # q: nothing more
    assert "The spokesman insisted that no civilians" in outcome.new
    shown = out.getvalue()
    assert "-The defendant admitted that he stole the car.\n+The defendant said that he stole the car.\n" in shown
    assert "draft.txt:1:15: DV103 'admitted' -> 'said' (unsafe fix)\n" in shown
    assert "y - apply this fix\n" in shown  # the help, after '?'
    assert (review.accepted, review.skipped) == (1, 1)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_interactive_on_a_terminal_asks_and_writes_the_accepted_fixes(tmp_path):
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    leader, follower = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.Popen([sys.executable, "-m", "framelint", "check", *BUILTIN, "--format", "concise",
                             "--fix", "--unsafe-fixes", "--interactive", "draft.txt"],
                            stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    os.close(follower)
    try:
        os.write(leader, b"y\nn\na\n")
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(leader)
    text = (tmp_path / "draft.txt").read_text(encoding="utf-8")
    assert "The defendant said that he stole the car." in text
    assert "The company insisted that employees return" in text
    assert "She says that the children stay indoors." in text
    assert "The spokesman said that no civilians had been hurt." in text
    assert out.decode().count("Apply this fix [y,n,a,q,?]? ") == 3
    assert "Fixed 5 findings in 1 file.\n" in err.decode()
