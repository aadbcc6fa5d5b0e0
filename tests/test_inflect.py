"""``inflect = true``: every form of the term's lemma, whichever form the rule writes.

The rule of docs/rules.md's "Writing your own rules" is run exactly as printed there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from framelint.config import DEFAULT
from framelint.engine.linter import Linter
from framelint.kinds.inflection import inflections
from framelint.rules.model import load_rules

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def documented_rule() -> str:
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if "inflect" in b]
    return block


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    folder = tmp_path_factory.mktemp("house")
    (folder / "HS101.toml").write_text(documented_rule(), encoding="utf-8")
    rules = [r for r in load_rules([folder]) if r.code == "HS101"]
    return Linter(DEFAULT, rules=rules)


@pytest.mark.parametrize("sentence, word", [
    ("The minister slammed the plan.", "slammed"),
    ("The minister slams the plan.", "slams"),
    ("The minister is slamming the plan.", "slamming"),
    ("Ministers slam the plan.", "slam"),
    ("The minister blasts the plan.", "blasts"),
    ("The minister was blasting the plan.", "blasting"),
])
def test_the_documented_rule_matches_every_form(linter, sentence, word):
    assert [f.match for f in linter.check_text(sentence).findings] == [word]


@pytest.mark.parametrize("sentence", [
    "The minister criticised the plan.", "Crews blasted rock for the tunnel.",
    "The door slammer was sold.", "The slalom was cancelled.",
])
def test_the_documented_rule_leaves_other_words_alone(linter, sentence):
    assert linter.check_text(sentence).findings == []


@pytest.mark.parametrize("term, expected", [
    ("slam", {"slam", "slams", "slammed", "slamming"}),
    ("slammed", {"slam", "slams", "slammed", "slamming"}),
    ("stab", {"stab", "stabs", "stabbed", "stabbing"}),
    ("stabbing", {"stab", "stabs", "stabbed", "stabbing"}),
    ("blame", {"blame", "blames", "blamed", "blaming"}),
    ("hated", {"hate", "hates", "hated", "hating"}),
    ("deny", {"deny", "denies", "denied", "denying"}),
    ("agree", {"agree", "agrees", "agreed", "agreeing"}),
    ("admit", {"admit", "admits", "admitted", "admitting"}),
    ("admitted", {"admit", "admits", "admitted", "admitting"}),
    ("heat", {"heat", "heats", "heated", "heating"}),
    ("strike", {"strike", "strikes", "struck", "stricken", "striking"}),
    ("fled", {"flee", "flees", "fled", "fleeing"}),
    ("fought", {"fight", "fights", "fought", "fighting"}),
    ("killing", {"killing", "killings", "kill", "kills", "killed"}),
])
def test_forms_of_the_lemma(term, expected):
    assert expected <= inflections(term)


@pytest.mark.parametrize("term, never", [
    ("hated", {"hat", "hats", "hatted"}),     # "hat" would give "hatted", not "hated"
    ("slammed", {"slammeds", "slammeded"}),
    ("heat", {"heatted", "heatting"}),
    ("visit", {"visitted"}),
    ("strike", {"striked"}),
])
def test_no_wrong_forms(term, never):
    assert not never & inflections(term)


def test_only_the_last_word_is_inflected():
    assert {"sanctions regime", "sanctions regimes"} <= inflections("sanctions regime")
