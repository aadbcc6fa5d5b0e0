"""House styles: ``extends`` in a configuration, style folders, installed styles, and
``framelint test-rules`` on a style's own rules."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, write_rule

DRAFT = "Our reporters saw the damage.\nThe mayor vowed to rebuild, sources say.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def findings(run) -> list[tuple[str, str]]:
    """(code, level) of each line of concise output."""
    return [(line.split(": ")[1].split()[0], line.split(": ")[1].split()[1].strip("[]")) for line in run.out.splitlines()]


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    """A newsroom repository with the shipped example styles in styles/ and a desk below."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    write(tmp_path / "metro" / "a.txt", DRAFT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_desk_extends_the_wire_style_by_name(newsroom, cli):
    write(newsroom / "metro" / ".framelint.toml", 'extends = ["wire"]\nselect = ["WS", "UA101"]\n')
    run = cli("check", "--format", "concise", "metro/a.txt")
    # The style's own rules load, and its levels apply: doubt verbs and unattributed assertions are errors.
    assert findings(run) == [("WS101", "warning"), ("WS102", "error"), ("UA101", "error")]
    assert run.code == 1


def test_later_entries_override_earlier_and_the_file_overrides_all(newsroom, cli):
    write(newsroom / "shared.toml", 'fail-level = "info"\n[levels]\nWS102 = "info"\n')
    write(newsroom / "metro" / ".framelint.toml", """\
        extends = ["wire", "../shared.toml"]
        select = ["WS", "UA101"]
        quotes = "keep"
        """)
    run = cli("check", "--format", "concise", "metro/a.txt")
    assert findings(run) == [("WS101", "warning"), ("WS102", "info"), ("UA101", "error")]
    show = cli("check", "--show-config", "metro/a.txt")
    assert show.code == 0
    lines = show.out.splitlines()
    assert lines[1] == "# from metro/.framelint.toml"
    assert lines[2] == "# extends styles/wire/style.toml, shared.toml"
    assert 'quotes = "keep"   # metro/.framelint.toml' in lines          # the file beats its styles
    assert 'fail-level = "info"   # shared.toml' in lines                  # the later entry beats wire's
    assert 'select = ["WS", "UA101"]   # metro/.framelint.toml' in lines
    assert f'rules = ["{newsroom / "styles" / "wire" / "rules"}"]   # styles/wire/style.toml' in lines
    levels = next(line for line in lines if line.startswith("levels = "))
    assert levels.endswith("   # styles/wire/style.toml, shared.toml")


def test_the_opinion_style_is_relaxed(newsroom, cli):
    write(newsroom / "opinion" / ".framelint.toml", 'extends = ["opinion"]\n')
    write(newsroom / "opinion" / "col.txt", "Clearly the council's plan is the worst ever.\n")
    run = cli("check", "--format", "concise", "opinion/col.txt")
    assert run.out == "" and run.code == 0
    write(newsroom / "wire.toml", 'extends = ["wire"]\n')
    strict = cli("check", "--format", "concise", "--config", "wire.toml", "opinion/col.txt")
    assert strict.code == 1 and {code for code, _ in findings(strict)} >= {"ED101", "SP103"}


def test_a_style_folder_by_path_and_pyproject(newsroom, cli):
    write(newsroom / "pyproject.toml", '[project]\nname = "paper"\n\n[tool.framelint]\nextends = ["./styles/wire"]\n'
                                       'select = ["WS101"]\n')
    write(newsroom / "b.txt", "We were there.\n")
    run = cli("check", "--format", "concise", "b.txt")
    assert findings(run) == [("WS101", "warning")]


@pytest.mark.parametrize("extends, message", [
    ('["newsroom-style"]', "extends: no style named 'newsroom-style': not in a styles/ folder of the project, "
                           "nor installed (installed styles: "),
    ('["../missing.toml"]', "extends: '../missing.toml': no such file or folder"),
    ('["wir"]', "extends: no style named 'wir' (did you mean"),
    ('"wire"', "'extends' must be a list of style names and configuration files"),
])
def test_a_missing_entry_is_one_line_naming_the_file(newsroom, cli, extends, message):
    write(newsroom / "metro" / ".framelint.toml", f'quotes = "info"\nextends = {extends}\n')
    run = cli("check", "metro/a.txt")
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(f"framelint: error: metro/.framelint.toml:2: {message}"), run.err
    assert run.err.count("\n") == 1


def test_a_cycle_is_one_line_naming_the_files(newsroom, cli):
    write(newsroom / "a.toml", 'extends = ["b.toml"]\n')
    write(newsroom / "b.toml", 'quotes = "info"\nextends = ["./a.toml"]\n')
    write(newsroom / "metro" / ".framelint.toml", 'extends = ["../a.toml"]\n')
    run = cli("check", "metro/a.txt")
    assert run.code == 2
    assert run.err == ("framelint: error: b.toml:2: extends: './a.toml' makes a cycle: "
                       "a.toml -> b.toml -> a.toml\n")


def test_a_bad_selector_in_a_style_is_reported_in_the_style(newsroom, cli):
    write(newsroom / "styles" / "desk" / "style.toml", 'ignore = ["WS999"]\n')
    write(newsroom / "metro" / ".framelint.toml", 'extends = ["desk"]\n')
    run = cli("check", "metro/a.txt")
    assert run.code == 2
    assert run.err.startswith("framelint: error: styles/desk/style.toml:1: ignore: no rule matches 'WS999'")


def fake_installed_style(site: Path, name: str = "newsroom-style", package: str = "newsroom_style") -> Path:
    """What ``pip install`` leaves: a package with its style, and a dist-info naming the entry point."""
    folder = site / package
    write(folder / "__init__.py", "")
    write(folder / "style.toml", 'rules = ["rules"]\nfail-level = "error"\n')
    write_rule(folder / "rules", "NS101", "newsroom-banned", terms='["zorblat"]',
               **{"examples": None})  # rule_toml adds the examples table itself
    dist = site / "newsroom_style-1.0.dist-info"
    write(dist / "METADATA", "Metadata-Version: 2.1\nName: newsroom-style\nVersion: 1.0\n")
    write(dist / "entry_points.txt", f"[framelint.styles]\n{name} = {package}\n")
    return folder


def test_an_installed_style_by_its_entry_point(newsroom, cli, monkeypatch, tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    fake_installed_style(site)
    monkeypatch.syspath_prepend(str(site))
    write(newsroom / "metro" / ".framelint.toml", 'extends = ["newsroom-style"]\nselect = ["NS101"]\n')
    write(newsroom / "metro" / "z.txt", "A zorblat appeared.\n")
    run = cli("check", "--format", "concise", "metro/z.txt")
    assert findings(run) == [("NS101", "warning")]
    assert run.code == 0  # the style's fail-level is error
    show = cli("check", "--show-config", "metro/z.txt")
    assert 'fail-level = "error"   # ' in show.out and "newsroom_style" in show.out


# -- framelint test-rules -----------------------------------------------------------------------
def test_test_rules_passes_the_shipped_styles(cli):
    for style in ("styles/wire", "styles/wire/rules"):
        run = cli("test-rules", str(ROOT / style))
        assert run.code == 0, run.out
        assert run.out.endswith("\n2 rules: all passed.\n")
        assert run.out.startswith("ok    WS101 first-person-voice (")


def test_test_rules_says_which_examples_fail_and_why(tmp_path, cli):
    bad = tmp_path / "house"
    write_rule(bad, "HS101", "house-word", terms='["slammed"]')
    write(bad / "HS102-unmarked.toml", """\
        code = "HS102"
        name = "unmarked"
        category = "loaded-language"
        kind = "terms"
        message = "'{match}' is banned."
        terms = ["blasted"]
        description = "A house rule."
        [examples]
        flag = ["The minister blasted the plan.", "The minister [[criticised]] the plan."]
        pass = ["Crews blasted rock."]
        """)
    run = cli("test-rules", str(bad))
    assert run.code == 1
    assert run.out.splitlines() == [
        f"FAIL  HS101 house-word ({bad / 'HS101-house-word.toml'})",
        "      flag example 'Prices [[skyrocketed]].': expected ['skyrocketed'], found [] at []",
        f"FAIL  HS102 unmarked ({bad / 'HS102-unmarked.toml'})",
        "      flag example 'The minister blasted the plan.' marks no span with [[ ]]",
        "      flag example 'The minister [[criticised]] the plan.': expected ['criticised'], found [] at []",
        "      pass example 'Crews blasted rock.': found ['blasted (warning)']",
        "",
        "2 rules: 2 failed, 0 passed.",
    ]


def test_test_rules_errors(tmp_path, cli):
    run = cli("test-rules", str(tmp_path / "nowhere"))
    assert run.code == 2 and run.err == f"framelint: error: test-rules: {tmp_path / 'nowhere'}: no such folder\n"
    (tmp_path / "empty").mkdir()
    run = cli("test-rules", str(tmp_path / "empty"))
    assert run.code == 2 and "no rule files" in run.err
    write_rule(tmp_path / "broken", "HS101", "x", terms='"not a list"')
    run = cli("test-rules", str(tmp_path / "broken"))
    assert run.code == 2 and "key 'terms': must be a list" in run.err and run.err.count("\n") == 1
