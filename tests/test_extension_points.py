"""A rule kind, an input format and an output format are each one module plus one registry line.

The modules are in tests/extensions/; each test adds its registry line and runs the
command line as a user would.
"""

from __future__ import annotations

import pytest

from framelint import kinds
from framelint.cli import main
from framelint.reporters import FORMATS
from framelint.text import formats

SHOUT_RULE = '''
code = "XX101"
name = "shouting"
category = "loaded-language"
kind = "shout"
message = "'{match}' shouts; write it in ordinary case."
description = "Capital letters for emphasis tell the reader how to feel."
[examples]
flag = ["The council [[REFUSED]] the plan."]
pass = ["The council refused the plan."]
'''


@pytest.fixture
def shout_rules(tmp_path, monkeypatch):
    monkeypatch.setitem(kinds.KINDS, "shout", kinds.Kind("shout", "extensions.shout_kind"))
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "XX101-shouting.toml").write_text(SHOUT_RULE, encoding="utf-8")
    monkeypatch.setenv("FRAMELINT_NO_CACHE", "1")
    return folder


def test_a_new_rule_kind(shout_rules, tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text("The council REFUSED the plan.\n\"NEVER,\" she said.\n", encoding="utf-8")
    code = main(["check", "--format", "concise", "--select", "XX101", "--rules", str(shout_rules), str(draft)])
    out = capsys.readouterr().out
    assert code == 1
    assert out == f"{draft}:1:13: XX101 [warning] 'REFUSED' shouts; write it in ordinary case.\n"


def test_a_new_kind_validates_its_own_keys(shout_rules, capsys):
    (shout_rules / "XX101-shouting.toml").write_text(SHOUT_RULE.replace('kind = "shout"', 'kind = "shout"\nterms = ["x"]'),
                                                    encoding="utf-8")
    assert main(["rules", "--rules", str(shout_rules)]) == 2
    assert "rule XX101: key 'terms': a 'shout' rule finds its own words" in capsys.readouterr().err


def test_a_new_input_format(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(formats.FORMATS, "subtitles",
                        formats.InputFormat("subtitles", (".srt",), "extensions.subtitles_format"))
    (tmp_path / "talk.srt").write_text("1\n00:00:01,000 --> 00:00:04,000\nThe regime fell.\n", encoding="utf-8")
    (tmp_path / "notes.rst").write_text("The regime fell.\n", encoding="utf-8")  # not a format: not walked
    code = main(["check", "--format", "concise", "--select", "LB101", str(tmp_path)])
    assert code == 1
    assert capsys.readouterr().out == (f"{tmp_path / 'talk.srt'}:3:5: LB101 [warning] 'regime' labels a "
                                       "government instead of naming it; name the government or authority "
                                       "(for example 'the government').\n")


def test_a_new_output_format(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(FORMATS, "tsv", "extensions.tsv_reporter")
    draft = tmp_path / "draft.md"
    draft.write_text("# News\n\nThe regime fell.\n", encoding="utf-8")
    assert main(["check", "--format", "tsv", "--select", "LB101", str(draft)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "path\tline\tcolumn\tcode\tmessage",
        f"{draft}\t3\t5\tLB101\t'regime' labels a government instead of naming it; name the government or "
        "authority (for example 'the government').",
    ]
