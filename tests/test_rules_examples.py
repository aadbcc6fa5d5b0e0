"""Every built-in rule proves itself with its own examples.

One parametrised test per rule, with the rule code as its id, so ``pytest -k LB101``
runs one rule. A flag example must produce exactly the spans marked [[like this]]
(marks removed); a pass example must produce nothing for that rule. The check itself
is ``framelint.rules.examples``, which ``framelint test-rules DIR`` runs too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from framelint.cli.main import main
from framelint.config import DEFAULT
from framelint.engine.linter import Linter
from framelint.rules.selection import select_rules
from framelint.rules.examples import MARK, check_examples, unmark
from framelint.rules.model import CATEGORIES, builtin_rules_dir, load_rules

RULES = load_rules()


def test_unmark():
    assert unmark('The [[regime]] and the [["liberation"]].') == (
        'The regime and the "liberation".', [(4, 10, "regime"), (19, 31, '"liberation"')])


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_examples(rule):
    # The same check as ``framelint test-rules DIR`` runs on a folder of the user's rules.
    linter = Linter(DEFAULT, rules=[rule])
    report = check_examples(rule, lambda text: linter.check_text(text).findings)
    assert report.ok, f"{rule.path}:\n" + "\n".join(report.problems)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_has_both_kinds_of_examples(rule):
    assert rule.flag_examples and rule.pass_examples, f"{rule.path}: needs flag and pass examples"
    for example in rule.flag_examples:
        assert MARK.search(example), f"{rule.path}: flag example {example!r} marks no span with [[ ]]"
    for example in rule.pass_examples:
        assert "[[" not in example, f"{rule.path}: pass example {example!r} has [[ ]] marks"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_documentation(rule):
    for heading in ("## What it does", "## Why is this bad?", "## Known problems", "## Example", "## Use instead"):
        assert heading in rule.description, f"{rule.path}: description has no '{heading}' section"
    assert rule.references, f"{rule.path}: no references"


def test_rule_files_are_named_after_code_name_and_category():
    root = builtin_rules_dir()
    for rule in RULES:
        path = Path(rule.path)
        assert path.name == f"{rule.code}-{rule.name}.toml", rule.path
        assert path.parent.name == rule.category and path.parent.parent == root, rule.path


def test_codes_and_names_are_unique_and_map_back_to_their_rule():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        for selector in (rule.code, rule.name):
            chosen = [r.code for r in select_rules(RULES, select=[selector])]
            assert chosen == [rule.code], f"{rule.path}: --select {selector} chooses {chosen}"
        assert rule not in select_rules(RULES, ignore=[rule.code])
        assert rule in select_rules(RULES, select=[rule.category])


def test_every_category_has_a_known_name_and_rules():
    assert {r.category for r in RULES} == set(CATEGORIES)


def test_rules_command_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines()[1:] if line.strip() and not line.endswith(" rules")]
    assert listed == sorted(r.code for r in RULES)
    assert out.endswith(f"\n{len(RULES)} rules\n")


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_explain_prints_the_rule(rule, capsys):
    for selector in (rule.code, rule.name):
        assert main(["explain", selector]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"{rule.code} {rule.name}\n")
        assert rule.description.strip() in out
        for example in rule.flag_examples:
            assert f"- {unmark(example)[0]}\n" in out
        for example in rule.pass_examples:
            assert f"- {example}\n" in out
        for reference in rule.references:
            assert f"- {reference}\n" in out


def test_explain_unknown_rule(capsys):
    code = RULES[0].code
    near = code[:-1] + ("0" if code[-1] != "0" else "9")
    if near in {r.code for r in RULES}:
        near = code + "9"
    assert main(["explain", near]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"framelint: error: explain: no such rule: '{near}'")
    assert err.endswith("?)\n") and err.count("\n") == 1
