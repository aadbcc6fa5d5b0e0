"""Loading rule files: every mistake is one line naming the file, the line, the rule and the key."""

from __future__ import annotations

import pytest

from framelint.errors import RuleError
from framelint.rules.model import SCHEMA, load_rule_file, load_rules

from conftest import rule_toml, run_framelint, write_rule

# (fields given to rule_toml, expected message after "<file>")
BAD_RULES = {
    "unknown-key": (dict(termz='["x"]'), ":9: rule UR101: key 'termz': unknown key (did you mean 'terms'?)"),
    "missing-key": (dict(message=None), ": rule UR101: missing required key 'message'"),
    "wrong-type": (dict(terms='"skyrocketed"'), ":7: rule UR101: key 'terms': must be a list, not a string"),
    "wrong-type-bool": (dict(inflect='"yes"'), ":9: rule UR101: key 'inflect': must be true or false, not a string"),
    "bad-regex": (dict(kind='"pattern"', terms=None, patterns='["(unclosed"]'),
                  ":8: rule UR101: key 'patterns': invalid regular expression '(unclosed': missing ) at position 9"),
    "unknown-category": (dict(category='"loaded-langauge"'),
                         ":3: rule UR101: key 'category': 'loaded-langauge' is not one of charged-label, "
                         "loaded-language, unattributed-assertion, unverifiable-superlative, doubt-verb, "
                         "scare-quote, editorializing, euphemism (did you mean 'loaded-language'?)"),
    "unknown-kind": (dict(kind='"term"'), ":4: rule UR101: key 'kind': 'term' is not one of terms, pattern, "
                                          "sentence, density, scare-quote (did you mean 'terms'?)"),
    "unknown-level": (dict(level='"warn"'), ":5: rule UR101: key 'level': 'warn' is not one of info, warning, "
                                            "error (did you mean 'warning'?)"),
    "unknown-scope": (dict(scope='"narrative"'), ":9: rule UR101: key 'scope': 'narrative' is not one of "
                                                 "narration, quotes, headline, all (did you mean 'narration'?)"),
    "bad-placeholder": (dict(message='"{mach} is loaded"'),
                        ":6: rule UR101: key 'message': unknown placeholder {mach}; use one of {match}, "
                        "{suggestion}, {count}, {limit}, {density}"),
    "bad-code": (dict(text=rule_toml().replace('"UR101"', '"ur-1"')),
                 ":1: rule ur-1: key 'code': must be 1-4 capital letters and 2-4 digits, like LB101"),
    "unknown-attribution": (dict(attribution='"speach"'), ":9: rule UR101: key 'attribution': 'speach' is not one "
                                                          "of any, speech (did you mean 'speech'?)"),
    "empty-terms": (dict(terms="[]"), ":7: rule UR101: key 'terms': a 'terms' rule needs a non-empty 'terms' list"),
}


@pytest.mark.parametrize("fields, message", list(BAD_RULES.values()), ids=list(BAD_RULES))
def test_bad_rule_is_one_line_error_with_exit_2(tmp_path, cli, fields, message):
    path = write_rule(tmp_path / "rules", **fields)
    article = tmp_path / "a.txt"
    article.write_text("Prices skyrocketed.\n")
    run = cli("check", "--rules", str(tmp_path / "rules"), str(article))
    assert (run.code, run.out, run.err) == (2, "", f"framelint: error: {path}{message}\n")


def test_rule_without_examples(tmp_path, cli):
    path = write_rule(tmp_path / "r", text=rule_toml().split("[examples]")[0])
    run = cli("rules", "--rules", str(tmp_path / "r"))
    assert (run.code, run.err) == (2, f"framelint: error: {path}: rule UR101: missing required key 'examples'\n")


@pytest.mark.parametrize("drop, other", [("flag", "flag"), ("pass", "pass")])
def test_rule_with_one_kind_of_example_only(tmp_path, cli, drop, other):
    text = rule_toml()
    text = "\n".join(line for line in text.splitlines() if not line.startswith(f"{drop} =")) + "\n"
    path = write_rule(tmp_path / "r", text=text)
    run = cli("rules", "--rules", str(tmp_path / "r"))
    assert (run.code, run.err) == (
        2, f"framelint: error: {path}:10: rule UR101: key 'examples': needs a non-empty list of strings "
           f"'examples.{other}'\n")


def test_unknown_example_list(tmp_path, cli):
    path = write_rule(tmp_path / "r", text=rule_toml() + 'flagged = ["x"]\n')
    run = cli("rules", "--rules", str(tmp_path / "r"))
    assert run.err == (f"framelint: error: {path}:10: rule UR101: key 'examples': unknown example list "
                       f"'flagged' (did you mean 'flag'?)\n")


def test_malformed_toml_names_the_line(tmp_path, cli):
    path = write_rule(tmp_path / "r", text=rule_toml().replace('kind = "terms"', 'kind = "terms'))
    run = cli("check", "--rules", str(tmp_path / "r"), "-", stdin=b"text")
    assert (run.code, run.err) == (2, f"framelint: error: {path}:4: invalid TOML: Illegal character '\\n'\n")


def test_duplicate_code(tmp_path, cli):
    first = write_rule(tmp_path / "r", "UR101", "a-rule")
    second = write_rule(tmp_path / "r", "UR101", "b-rule")
    run = cli("rules", "--rules", str(tmp_path / "r"))
    assert (run.code, run.err) == (
        2, f"framelint: error: {second}:1: rule UR101: key 'code': duplicate code UR101, already used by {first}\n")


def test_duplicate_name(tmp_path, cli):
    first = write_rule(tmp_path / "r", "UR101", "a-rule")
    second = write_rule(tmp_path / "r", "UR102", "a-rule")
    run = cli("rules", "--rules", str(tmp_path / "r"))
    assert (run.code, run.err) == (
        2, f"framelint: error: {second}:2: rule UR102: key 'name': duplicate name 'a-rule', already used by {first}\n")


def test_user_rule_may_not_reuse_a_builtin_code(tmp_path, cli):
    builtin = load_rules()[0]
    path = write_rule(tmp_path / "r", builtin.code, "my-own-rule")
    run = cli("rules", "--rules", str(tmp_path / "r"))
    assert run.code == 2
    assert run.err == (f"framelint: error: {path}:1: rule {builtin.code}: key 'code': duplicate code "
                       f"{builtin.code}, already used by {builtin.path}\n")


def test_missing_rule_directory(tmp_path, cli):
    run = cli("check", "--rules", str(tmp_path / "nope"), "-", stdin=b"text")
    assert (run.code, run.err) == (2, f"framelint: error: {tmp_path / 'nope'}: rule directory does not exist\n")


def test_rule_file_that_is_not_utf8(tmp_path, cli):
    directory = tmp_path / "r"
    directory.mkdir()
    (directory / "UR101-bad.toml").write_bytes(b'code = "UR101"\nname = "caf\xe9"\n')
    run = cli("rules", "--rules", str(directory))
    assert run.code == 2
    assert run.err.startswith(f"framelint: error: {directory / 'UR101-bad.toml'}: cannot read rule file: ")
    assert run.err.count("\n") == 1


def test_error_names_key_line_in_api():
    with pytest.raises(RuleError) as info:
        from framelint.rules.model import validate_rule
        validate_rule({"code": "UR101"}, "x.toml", 'code = "UR101"\n')
    assert (info.value.path, info.value.rule, info.value.line) == ("x.toml", "UR101", None)
    assert str(info.value) == "x.toml: rule UR101: missing required key 'name'"


def test_user_rules_load_beside_builtins(tmp_path, cli):
    write_rule(tmp_path / "mine", terms='["zorblat"]')  # a word no built-in rule knows
    builtin = load_rules()
    both = load_rules([tmp_path / "mine"])
    assert [r.code for r in both] == [r.code for r in builtin] + ["UR101"]
    assert both[-1].builtin is False and all(r.builtin for r in both[:-1])

    run = cli("rules", "--rules", str(tmp_path / "mine"))
    assert run.code == 0
    assert f"\n{len(builtin) + 1} rules\n" in run.out
    assert any(line.split()[:2] == ["UR101", "user-rule"] for line in run.out.splitlines())

    article = tmp_path / "a.txt"
    article.write_text("Prices zorblat on Monday.\n")
    run = cli("check", "--format", "concise", "--rules", str(tmp_path / "mine"), str(article))
    assert (run.code, run.out) == (1, f"{article}:1:8: UR101 [warning] 'zorblat' is loaded.\n")


def test_user_rule_directory_is_searched_recursively(tmp_path):
    write_rule(tmp_path / "mine" / "loaded-language")
    assert [r.code for r in load_rules([tmp_path / "mine"], include_builtin=False)] == ["UR101"]


def test_every_schema_key_is_documented_by_a_type():
    # A rule key with no type check would let a wrong value through to the engine.
    assert all(isinstance(spec, tuple) and len(spec) == 3 for spec in SCHEMA.values())


def test_bad_rule_in_a_real_process_has_no_traceback(tmp_path):
    path = write_rule(tmp_path / "r", termz='["x"]')
    run = run_framelint("check", "--rules", str(tmp_path / "r"), "-", input=b"text")
    assert run.code == 2
    assert run.err == f"framelint: error: {path}:9: rule UR101: key 'termz': unknown key (did you mean 'terms'?)\n"
    assert "Traceback" not in run.err


def test_load_rule_file_directly(tmp_path):
    path = write_rule(tmp_path / "r")
    rule = load_rule_file(path)
    assert (rule.code, rule.name, rule.category, rule.kind, rule.level, rule.terms) == (
        "UR101", "user-rule", "loaded-language", "terms", "warning", ["skyrocketed"])
    assert rule.flag_examples == ["Prices [[skyrocketed]]."] and rule.pass_examples == ["Prices rose."]
