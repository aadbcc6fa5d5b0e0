"""The built-in word lists are data, and data is tested like code (as codespell tests its
dictionaries): no duplicates, no term claimed by two rules, no exception that can never
apply, and no automatic fix that leaves the sentence flagged or ungrammatical."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from framelint.config import DEFAULT
from framelint.engine.linter import Linter
from framelint.kinds.scanner import inflections, normalize_term
from framelint.rules.model import load_rules

RULES = load_rules()
TERM_RULES = [r for r in RULES if r.terms and r.kind != "scare-quote"]
FIX_RULES = [r for r in RULES if r.fix]
PUBLISHED = ("Wikipedia", "AP Stylebook", "SemEval-2020", "Recasens", "Orwell", "Reuters")


def forms(rule) -> set[str]:
    out: set[str] = set()
    for term in rule.terms:
        norm = normalize_term(term)
        out |= ({norm} | inflections(norm)) if rule.inflect else {norm}
    return out


@pytest.mark.parametrize("rule", TERM_RULES, ids=[r.code for r in TERM_RULES])
def test_no_duplicate_terms(rule):
    seen = [normalize_term(t) for t in rule.terms]
    assert len(seen) == len(set(seen)), sorted(t for t in set(seen) if seen.count(t) > 1)


def test_no_term_belongs_to_two_rules():
    owners = defaultdict(set)
    for rule in TERM_RULES:
        for form in forms(rule):
            owners[form].add(rule.code)
    shared = {form: sorted(codes) for form, codes in owners.items() if len(codes) > 1}
    assert not shared, f"reported twice at the same place: {shared}"


@pytest.mark.parametrize("rule", [r for r in TERM_RULES if r.exceptions],
                         ids=[r.code for r in TERM_RULES if r.exceptions])
def test_every_exception_contains_a_term(rule):
    terms = forms(rule)
    useless = [e for e in rule.exceptions
               if not any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", normalize_term(e)) for t in terms)]
    assert not useless, f"{rule.path}: exceptions that contain none of the rule's terms: {useless}"


@pytest.mark.parametrize("rule", FIX_RULES, ids=[r.code for r in FIX_RULES])
def test_fixes_replace_a_verb_of_saying_with_said(rule):
    assert set(rule.fix.values()) <= {"said", "says", "say"}, rule.fix


@pytest.mark.parametrize("rule", FIX_RULES, ids=[r.code for r in FIX_RULES])
def test_applying_the_fix_clears_the_finding(rule):
    linter = Linter(DEFAULT, rules=[rule])
    for example in rule.flag_examples:
        text = example.replace("[[", "").replace("]]", "")
        findings = linter.check_text(text).findings
        assert findings and all(f.fix for f in findings), f"{example!r}: no fix offered"
        for f in sorted(findings, key=lambda f: -f.start):
            text = text[:f.start] + f.fix + text[f.end:]
        assert not linter.check_text(text).findings, f"{example!r} -> {text!r} is still flagged"
        assert re.search(r"\b(?:said|says|say)\b", text), text


def test_fix_keeps_sentences_that_need_a_rewrite_unfixed():
    by_code = {r.code: r for r in RULES}
    linter = Linter(DEFAULT, rules=[by_code["DV101"], by_code["DV102"], by_code["DV103"], by_code["DV108"]])
    found = [(f.code, f.match, f.fix) for f in linter.check_text(
        "The group claimed to have 10,000 members. He admitted owning the car. "
        "She admitted that the car was hers.").findings]
    assert found == [("DV102", "claimed to have", None), ("DV108", "admitted", None), ("DV103", "admitted", "said")]


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_cites_published_guidance(rule):
    assert any(ref.startswith(PUBLISHED) for ref in rule.references), rule.references


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_messages_say_what_to_do(rule):
    assert rule.message.rstrip().endswith("."), rule.message
    assert ";" in rule.message, f"{rule.code}: a message says what is wrong; and what to do"
