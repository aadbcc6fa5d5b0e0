"""Inline suppressions in Markdown, HTML and plain text, and FL001 unused-suppression."""

from __future__ import annotations

import json

from conftest import lint, make_rule, write_rule

REGIME = make_rule("TT101", "regime", terms=("regime",))
JUNTA = make_rule("TT102", "junta-term", terms=("junta",), category="loaded-language")


def found(text, path="a.md", **config):
    """(line, code, message-or-match) for each finding, with the two test rules."""
    return [(f.line, f.code, f.message if f.code == "FL001" else f.match)
            for f in lint(text, REGIME, JUNTA, path=path, **config)]


# -- Markdown ------------------------------------------------------------------------------------
def test_markdown_disable_enable_by_code():
    text = ("The regime spoke.\n\n<!-- framelint-disable TT101 -->\nThe regime and the junta.\n"
            "<!-- framelint-enable TT101 -->\nThe regime again.\n")
    assert found(text) == [(1, "TT101", "regime"), (4, "TT102", "junta"), (6, "TT101", "regime")]


def test_markdown_selectors_may_be_names_categories_and_lists():
    text = ("<!-- framelint-disable regime, loaded-language -->\nThe regime and the junta.\n"
            "<!-- framelint-enable -->\nThe regime and the junta.\n")
    assert found(text) == [(4, "TT101", "regime"), (4, "TT102", "junta")]
    text = "<!-- framelint-disable TT101 TT102 -- a quoted statement -->\nThe regime and the junta.\n"
    assert found(text) == []


def test_markdown_disable_without_codes_is_every_rule_until_enable():
    text = "<!-- framelint-disable -->\nThe regime and the junta.\n<!-- framelint-enable -->\nThe junta.\n"
    assert found(text) == [(4, "TT102", "junta")]


def test_enabling_one_rule_inside_a_disable_all():
    text = ("<!-- framelint-disable -->\nThe regime.\n<!-- framelint-enable TT101 -->\n"
            "The regime and the junta.\n")
    assert found(text) == [(4, "TT101", "regime")]


def test_enabling_one_of_two_disabled_rules():
    text = ("<!-- framelint-disable TT101,TT102 -->\nThe regime and the junta.\n<!-- framelint-enable TT102 -->\n"
            "The regime and the junta.\n")
    assert found(text) == [(4, "TT102", "junta")]


def test_markdown_disable_next_line():
    text = "<!-- framelint-disable-next-line TT101 -->\nThe regime and the junta.\nThe regime.\n"
    assert found(text) == [(2, "TT102", "junta"), (3, "TT101", "regime")]
    text = "<!-- framelint-disable-next-line -->\nThe regime and the junta.\nThe regime.\n"
    assert found(text) == [(3, "TT101", "regime")]


def test_comments_in_fenced_code_are_examples_not_directives():
    text = "```\n<!-- framelint-disable -->\n```\n\nThe regime spoke.\n"
    assert found(text) == [(5, "TT101", "regime")]


def test_disable_runs_to_the_end_when_never_enabled():
    assert found("The regime.\n\n<!-- framelint-disable TT101 -->\n\nThe regime.\n") == [(1, "TT101", "regime")]


# -- HTML ----------------------------------------------------------------------------------------
def test_html_comments():
    text = ("<p>The regime spoke.</p>\n<!-- framelint-disable TT101 -->\n<p>The regime spoke.</p>\n"
            "<!-- framelint-enable -->\n<!-- framelint-disable-next-line junta-term -->\n"
            "<p>The junta spoke.</p>\n<p>The regime spoke.</p>\n")
    assert found(text, path="a.html") == [(1, "TT101", "regime"), (7, "TT101", "regime")]


# -- plain text ----------------------------------------------------------------------------------
def test_plain_text_bracket_lines():
    text = ("The regime spoke.\n[framelint-disable TT101 -- quoting the agency]\nThe regime spoke.\n"
            "[framelint-enable]\n[framelint-disable-next-line junta-term]\nThe junta spoke.\nThe junta left.\n")
    assert found(text, path="a.txt") == [(1, "TT101", "regime"), (7, "TT102", "junta")]


def test_plain_text_directive_lines_are_not_prose():
    # The selector 'regime' is a rule name and a flagged term: the directive line itself
    # must not be read as text.
    text = "[framelint-disable-next-line regime]\nThe regime spoke.\n"
    assert found(text, path="a.txt") == []
    text = "<!-- framelint-disable-next-line regime -->\r\nThe regime spoke.\r\n"
    assert found(text, path="a.txt") == []


def test_plain_text_brackets_inside_a_sentence_are_prose():
    text = "He wrote [framelint-disable TT101] and the regime fell.\n"
    assert found(text, path="a.txt") == [(1, "TT101", "regime")]


# -- FL001 unused-suppression ------------------------------------------------------------------------
def test_unused_suppression_is_reported_at_info():
    text = "<!-- framelint-disable-next-line TT101 -->\nThe government spoke.\n"
    findings = lint(text, REGIME, JUNTA, path="a.md")
    assert [(f.code, f.name, f.category, f.level, f.line, f.column, f.end_column, f.match) for f in findings] == [
        ("FL001", "unused-suppression", "suppression", "info", 1, 1, 43,
         "<!-- framelint-disable-next-line TT101 -->")]
    assert findings[0].message == "unused suppression of TT101: no such finding on the next line; remove it"


def test_partly_used_suppression_names_the_unused_selector():
    text = "<!-- framelint-disable TT101, TT102 -->\nThe regime spoke.\n"
    assert found(text) == [(1, "FL001", "unused suppression of TT102: no such finding after it; remove it")]


def test_unused_disable_all_and_plain_text():
    assert found("[framelint-disable]\nNothing here.\n", path="a.txt") == [
        (1, "FL001", "unused suppression: no finding after it to suppress; remove it")]


def test_unknown_directive_and_unknown_rule():
    text = "<!-- framelint-disabel TT101 -->\n<!-- framelint-disable TT1O1 -->\nThe regime.\n"
    assert found(text) == [
        (1, "FL001", "unknown directive 'framelint-disabel' (did you mean 'framelint-disable'?); "
                     "it suppresses nothing"),
        (2, "FL001", "'TT1O1' in framelint-disable names no rule (did you mean 'TT101'?)"),
        (3, "TT101", "regime"),
    ]


def test_fl001_can_be_ignored_or_left_out_by_select_and_given_a_level():
    text = "<!-- framelint-disable-next-line TT101 -->\nThe government spoke.\n"
    assert found(text, ignore=("FL001",)) == []
    assert found(text, ignore=("unused-suppression",)) == []
    assert found(text, select=("TT101",)) == []
    assert [f.level for f in lint(text, REGIME, path="a.md", levels=(("FL001", "warning"),))] == ["warning"]


def test_suppression_of_a_rule_that_did_not_run_is_not_called_unused():
    text = "<!-- framelint-disable-next-line TT102 -->\nThe regime spoke.\n"
    assert found(text, select=("TT101", "FL001")) == [(2, "TT101", "regime")]


def test_cli_json_and_exit_code(tmp_path, cli, monkeypatch):
    write_rule(tmp_path / "rules", "UR101", "user-rule")
    (tmp_path / "a.md").write_text("<!-- framelint-disable UR101 -->\nPrices skyrocketed.\n\n"
                                   "<!-- framelint-disable-next-line UR101 -->\nPrices fell.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = cli("check", "--rules", "rules", "--select", "UR101,FL001", "--format", "json", "a.md")
    data = json.loads(run.out)
    assert run.code == 0  # info is below the default fail level
    assert [(d["code"], d["category"], d["level"], d["line"]) for d in data] == [("FL001", "suppression", "info", 4)]
    run = cli("check", "--rules", "rules", "--select", "UR101", "--format", "concise", "a.md")
    assert (run.code, run.out) == (0, "")
