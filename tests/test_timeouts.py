"""Runaway patterns: a user's regex that backtracks without end never hangs a run.

Every regex a rule brings (patterns, if_sentence, unless_sentence, exception_patterns)
is matched with the regex module's time limit, engine.PATTERN_TIMEOUT (environment:
FRAMELINT_PATTERN_TIMEOUT), and all the searches of one rule in one file share an
allowance (engine.RULE_ALLOWANCE times that limit per MB). A rule that runs out of time
is reported once per file, as an error naming the rule and the file; the other rules'
findings, and the other files, are still reported.
"""

from __future__ import annotations

import pytest

from conftest import run_framelint, write_rule

import framelint.engine.linter

# (a|a)+$ tries 2**n ways on n a's followed by a b: the regex module cannot shortcut it.
RUNAWAY = "'(a|a)+$'"
HOSTILE = "The regime fell. " + "a" * 60 + "b.\n"
TIMEOUT = 0.05
LABEL = "story.txt:1:5: UR101 [warning] 'regime' is a test label.\n"
STOPPED = (f"framelint: error: story.txt: rule UR901 (runaway): pattern took longer than {TIMEOUT:g} s "
           "and was stopped\n")


@pytest.fixture
def desk(tmp_path, monkeypatch):
    write_rule(tmp_path / "rules", "UR101", "test-label", terms='["regime"]', category='"charged-label"',
               message="\"'{match}' is a test label.\"")
    (tmp_path / "story.txt").write_text(HOSTILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(framelint.engine.linter, "PATTERN_TIMEOUT", TIMEOUT)
    return tmp_path


def runaway_rule(desk, **fields):
    # A rule whose trigger is cheap ('b') and whose runaway regex sits in the given key.
    base = {"kind": '"pattern"', "terms": None, "patterns": "['a+b']", "message": "\"'{match}' runs away.\""}
    base.update(fields)
    write_rule(desk / "rules", "UR901", "runaway", **base)


@pytest.mark.parametrize("fields", [
    {"patterns": f"[{RUNAWAY}]"},
    {"kind": '"sentence"', "if_sentence": f"[{RUNAWAY}]"},
    {"kind": '"sentence"', "unless_sentence": f"[{RUNAWAY}]"},
    {"exception_patterns": "['(a|a)+c']"},
], ids=["patterns", "if_sentence", "unless_sentence", "exception_patterns"])
def test_runaway_regex_is_stopped_and_named(desk, cli, fields):
    runaway_rule(desk, **fields)
    run = cli("check", "--rules", "rules", "--select", "UR101,UR901", "--format", "concise", "story.txt")
    assert run.err == STOPPED
    assert run.out == LABEL  # the other rule's finding is still reported
    assert run.code == 2


def test_runaway_in_a_scare_quote_rule(desk, cli):
    write_rule(desk / "rules", "UR902", "runaway-quote", kind='"scare-quote"', terms=None, category='"scare-quote"',
               message="\"{match} is a scare quote.\"", unless_sentence=f"[{RUNAWAY}]")
    (desk / "story.txt").write_text('The "reforms" failed ' + "a" * 60 + "b.\n", encoding="utf-8")
    run = cli("check", "--rules", "rules", "--select", "UR902", "--format", "concise", "story.txt")
    assert run.err == (f"framelint: error: story.txt: rule UR902 (runaway-quote): pattern took longer than "
                       f"{TIMEOUT:g} s and was stopped\n")
    assert run.code == 2


def test_the_other_files_are_still_checked_with_the_rule(desk, cli):
    runaway_rule(desk, patterns=f"[{RUNAWAY}]")
    (desk / "calm.txt").write_text("The regime fell. aa\n", encoding="utf-8")
    run = cli("check", "--rules", "rules", "--select", "UR101,UR901", "--format", "concise", "story.txt", "calm.txt")
    assert run.err == STOPPED
    assert run.out == LABEL + ("calm.txt:1:5: UR101 [warning] 'regime' is a test label.\n"
                               "calm.txt:1:18: UR901 [warning] 'aa' runs away.\n")
    assert run.code == 2


# Fourteen a's cost (a|a)+c some milliseconds: each search stays far inside the limit, and
# a run of them between findings, a thousand times over, would take many seconds.
SLOW_EVERYWHERE = ("Then " + "a" * 14 + " regime. ") * 1000


@pytest.mark.parametrize("fields", [
    {"patterns": "['(a|a)+c|regime']"},
    {"kind": '"sentence"', "patterns": "['regime']", "if_sentence": "['(a|a)+c|regime']"},
    {"kind": '"sentence"', "patterns": "['regime']", "unless_sentence": "['(a|a)+c']"},
    {"patterns": "['regime']", "exception_patterns": "['(a|a)+c']"},
], ids=["patterns", "if_sentence", "unless_sentence", "exception_patterns"])
def test_pattern_slow_everywhere_is_stopped_by_its_allowance(desk, cli, fields, monkeypatch):
    """No single search runs out of time, but together they would hold the run for a long
    time: the rule's allowance for the file (RULE_ALLOWANCE x PATTERN_TIMEOUT per MB) stops it."""
    monkeypatch.setattr(framelint.engine.linter, "PATTERN_TIMEOUT", 0.2)  # far above one search
    monkeypatch.setattr(framelint.engine.linter, "RULE_ALLOWANCE", 2)      # 0.4 s for the file, in all
    runaway_rule(desk, **fields)
    (desk / "story.txt").write_text(SLOW_EVERYWHERE, encoding="utf-8")
    (desk / "calm.txt").write_text("The regime fell.\n", encoding="utf-8")
    run = cli("check", "--rules", "rules", "--select", "UR101,UR901", "--format", "concise", "story.txt", "calm.txt")
    assert run.err == ("framelint: error: story.txt: rule UR901 (runaway): patterns took longer than 0.4 s "
                       "in all and were stopped\n")
    out = run.out.splitlines()
    assert sum(": UR101 " in line for line in out) == 1001  # every label in both files is still reported
    assert out[-1].startswith("calm.txt:1:5: UR901 ")          # and the rule still runs on the next file
    assert run.code == 2  # without the allowance: no error, after five to twenty seconds


def test_scare_quote_rule_slow_everywhere_is_stopped_by_its_allowance(desk, cli, monkeypatch):
    monkeypatch.setattr(framelint.engine.linter, "PATTERN_TIMEOUT", 0.2)
    monkeypatch.setattr(framelint.engine.linter, "RULE_ALLOWANCE", 2)
    write_rule(desk / "rules", "UR902", "slow-quote", kind='"scare-quote"', terms=None, category='"scare-quote"',
               message="\"{match} is a scare quote.\"", unless_sentence="['(a|a)+c']")
    (desk / "story.txt").write_text(('Then ' + "a" * 14 + ' "reforms" failed. ') * 1000, encoding="utf-8")
    run = cli("check", "--rules", "rules", "--select", "UR902", "--format", "concise", "story.txt")
    assert run.err == ("framelint: error: story.txt: rule UR902 (slow-quote): patterns took longer than 0.4 s "
                       "in all and were stopped\n")
    assert run.code == 2


def test_nested_quantifier_from_the_issue_is_stopped_and_named(desk):
    """(a+)+$ against a long run of a's then a b, in a real process, among other files.

    The regex module answers it for 50 a's in a millisecond, but not for a long run: the
    time grows with a power of the length (about a second for 1,000 a's, far more for 5,000)."""
    runaway_rule(desk, patterns="['(a+)+$']")
    (desk / "story.txt").write_text("The regime fell. " + "a" * 5000 + "b\n", encoding="utf-8")
    (desk / "calm.txt").write_text("The regime fell. aa\n", encoding="utf-8")
    run = run_framelint("check", "--rules", "rules", "--select", "UR101,UR901", "--format", "concise",
                        "story.txt", "calm.txt", cwd=desk, env={"FRAMELINT_PATTERN_TIMEOUT": "0.05"})
    assert run.err == STOPPED
    assert run.out == LABEL + ("calm.txt:1:5: UR101 [warning] 'regime' is a test label.\n"
                               "calm.txt:1:18: UR901 [warning] 'aa' runs away.\n")
    assert run.code == 2


def test_environment_variable_sets_the_limit_in_a_real_process(desk):
    runaway_rule(desk, patterns=f"[{RUNAWAY}]")
    run = run_framelint("check", "--rules", "rules", "--select", "UR101,UR901", "--format", "concise", "story.txt",
                        cwd=desk, env={"FRAMELINT_PATTERN_TIMEOUT": "0.05"})
    assert (run.code, run.out, run.err) == (2, LABEL, STOPPED)


@pytest.mark.parametrize("value", ["abc", "0", "-1", "inf", "nan"])
def test_bad_timeout_value_is_a_usage_error(desk, value):
    run = run_framelint("check", "--rules", "rules", "story.txt", cwd=desk, env={"FRAMELINT_PATTERN_TIMEOUT": value})
    assert (run.code, run.out) == (2, "")
    assert run.err == f"framelint: error: FRAMELINT_PATTERN_TIMEOUT must be a number of seconds above 0, not '{value}'\n"


# -- rule files: patterns must compile, and a rule file is only ever data ---------------------------

@pytest.mark.parametrize("key", ["patterns", "if_sentence", "unless_sentence", "exception_patterns"])
def test_pattern_that_cannot_compile_is_rejected_on_load(desk, cli, key):
    fields = {key: "['(unclosed']"}
    if key in ("if_sentence", "unless_sentence"):
        fields["kind"] = '"sentence"'
    path = write_rule(desk / "rules", "UR903", "broken", **fields)
    line = path.read_text().splitlines().index(f"{key} = ['(unclosed']") + 1
    run = cli("check", "--rules", "rules", "story.txt")
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(f"framelint: error: rules/UR903-broken.toml:{line}: rule UR903: key '{key}': "
                              f"invalid regular expression '(unclosed': ")
    assert run.err.count("\n") == 1


def test_rule_file_with_python_in_it_is_just_data(desk, cli):
    """TOML is parsed, never run: code-looking strings are text, and .py files beside rules are ignored."""
    marker = desk / "PWNED"
    payload = f"__import__('os').system('touch {marker}')"
    write_rule(desk / "rules", "UR904", "looks-like-code", terms="['exec(open(x).read())', 'eval']",
               message=f'"{payload} {{match}}"', description=f'"""{payload}\n{{{{ 7 * 7 }}}} $(touch {marker})"""')
    (desk / "rules" / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
    (desk / "rules" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
    (desk / "story.txt").write_text("They called eval here.\n", encoding="utf-8")
    run = cli("check", "--rules", "rules", "--select", "UR904", "--format", "concise", "story.txt")
    assert run.out == f"story.txt:1:13: UR904 [warning] {payload} eval\n"
    explained = cli("explain", "--rules", "rules", "UR904")
    assert f"{payload}\n{{{{ 7 * 7 }}}} $(touch {marker})" in explained.out
    assert not marker.exists()


# -- the limit is for each search, not for a whole scan of a big file ---------------------------------

def test_limit_counts_matching_only_not_the_work_between_matches(monkeypatch):
    """regex's finditer would count the caller's time between matches against the limit;
    timed_finditer gives each search its own limit, so a slow consumer never trips it."""
    import time

    import regex

    from framelint.kinds.scanner import timed_finditer

    pattern = regex.compile(r"regime")
    text = "the regime fell " * 200
    found = 0
    for _ in timed_finditer(pattern, text, 0, len(text), 0.05):
        time.sleep(0.001)  # 200 matches: 0.2 s of work, four times the limit
        found += 1
    assert found == 200


def test_windows_find_every_match_a_whole_scan_finds(monkeypatch):
    import regex

    import framelint.kinds.scanner as matcher

    monkeypatch.setattr(matcher, "SCAN_WINDOW", 64)
    monkeypatch.setattr(matcher, "SCAN_OVERLAP", 16)
    text = ("the regime fell " + "a" * 100 + " regimes\n") * 20
    for source in (r"\bregime\b", r"a+", r"\w+(?!\w)", r"x?", r"s$", r"(?m)^the"):
        pattern = regex.compile(source)
        assert ([m.span() for m in matcher.timed_finditer(pattern, text, 3, len(text) - 5, 1.0)]
                == [m.span() for m in pattern.finditer(text, 3, len(text) - 5)]), source
