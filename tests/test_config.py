"""Configuration files: discovery, every key, command-line overrides, errors, --show-config."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import write_rule

import framelint.run.linters
from framelint.config import Config, ConfigResolver, Overrides, load_config_file
from framelint.errors import ConfigError

TEXT = "Prices skyrocketed.\nStocks soared.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with two test rules (UR101 'skyrocketed', UR102 'soared') in rules/."""
    write_rule(tmp_path / "rules", "UR101", "user-rule")
    write_rule(tmp_path / "rules", "UR102", "soared-rule", terms='["soared"]')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes(run) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in run.out.splitlines()]


# -- discovery ---------------------------------------------------------------------------
def test_nearest_config_file_wins(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101", "UR102"]\n')
    write(project / "desk" / ".framelint.toml", 'rules = ["../rules"]\nselect = ["UR102"]\n')
    write(project / "a.txt", TEXT)
    write(project / "desk" / "b.txt", TEXT)
    run = cli("check", "--format", "concise", "a.txt", "desk/b.txt")
    assert run.out == ("a.txt:1:8: UR101 [warning] 'skyrocketed' is loaded.\n"
                       "a.txt:2:8: UR102 [warning] 'soared' is loaded.\n"
                       "desk/b.txt:2:8: UR102 [warning] 'soared' is loaded.\n")
    assert run.code == 1


def test_framelint_toml_beats_pyproject_in_the_same_folder(project):
    write(project / "pyproject.toml", '[tool.framelint]\nquotes = "keep"\n')
    write(project / ".framelint.toml", 'quotes = "info"\n')
    config = ConfigResolver().for_file("a.txt")
    assert (config.source, config.quotes) == (".framelint.toml", "info")


def test_a_folders_framelint_toml_beats_a_pyproject_higher_up(project):
    write(project / "pyproject.toml", '[tool.framelint]\nquotes = "keep"\n')
    write(project / "desk" / ".framelint.toml", 'quotes = "info"\n')
    assert ConfigResolver().for_file("desk/a.txt").source == "desk/.framelint.toml"
    assert ConfigResolver().for_file("a.txt").source == "pyproject.toml"


def test_pyproject_without_tool_framelint_is_skipped(project):
    write(project / ".framelint.toml", 'quotes = "info"\n')
    write(project / "desk" / "pyproject.toml", '[project]\nname = "paper"\n[tool.ruff]\nline-length = 88\n')
    config = ConfigResolver().for_file("desk/a.txt")
    assert (config.source, config.quotes) == (".framelint.toml", "info")


def test_pyproject_tool_framelint_is_read(project, cli):
    write(project / "pyproject.toml", """\
        [project]
        name = "paper"

        [tool.framelint]
        rules = ["rules"]
        select = ["UR102"]
        """)
    write(project / "a.txt", TEXT)
    assert codes(cli("check", "--format", "concise", "a.txt")) == ["UR102"]


def test_no_config_file_means_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = ConfigResolver().for_file("a.txt")
    assert config.source is None and config.select == () and config.quotes == "skip"


def test_config_option_forces_one_file(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\n')
    write(project / "elsewhere" / "strict.toml", 'rules = ["../rules"]\nselect = ["UR102"]\n')
    write(project / "a.txt", TEXT)
    assert codes(cli("check", "--format", "concise", "--config", "elsewhere/strict.toml", "a.txt")) == ["UR102"]


def test_config_option_missing_file(project, cli):
    run = cli("check", "--config", "nope.toml", "a.txt")
    assert (run.code, run.err) == (2, "framelint: error: nope.toml: --config: no such file\n")


def test_standard_input_uses_the_config_of_stdin_filename(project, cli):
    write(project / "desk" / ".framelint.toml", 'rules = ["../rules"]\nselect = ["UR102"]\n')
    run = cli("check", "--format", "concise", "--stdin-filename", "desk/x.txt", "-", stdin=TEXT.encode())
    assert run.out == "desk/x.txt:2:8: UR102 [warning] 'soared' is loaded.\n"


# -- each key ------------------------------------------------------------------------------
def test_key_select(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["soared-rule"]\n')
    write(project / "a.txt", TEXT)
    assert codes(cli("check", "--format", "concise", "a.txt")) == ["UR102"]


def test_key_ignore(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR"]\nignore = ["UR101"]\n')
    write(project / "a.txt", TEXT)
    assert codes(cli("check", "--format", "concise", "a.txt")) == ["UR102"]


def test_key_levels(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR"]\n\n[levels]\nUR101 = "error"\n'
                                       '"soared-rule" = "info"\n')
    write(project / "a.txt", TEXT)
    run = cli("check", "--format", "concise", "a.txt")
    assert run.out == ("a.txt:1:8: UR101 [error] 'skyrocketed' is loaded.\n"
                       "a.txt:2:8: UR102 [info] 'soared' is loaded.\n")


def test_key_levels_later_entries_win_and_take_any_selector(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR"]\n\n[levels]\n'
                                       '"loaded-language" = "error"\nUR102 = "info"\n')
    write(project / "a.txt", TEXT)
    run = cli("check", "--format", "concise", "a.txt")
    assert run.out == ("a.txt:1:8: UR101 [error] 'skyrocketed' is loaded.\n"
                       "a.txt:2:8: UR102 [info] 'soared' is loaded.\n")


def test_key_per_path_ignores_globs_are_relative_to_the_config_file(project, cli):
    write(project / ".framelint.toml", """\
        rules = ["rules"]
        select = ["UR"]

        [per-path-ignores]
        "archive/*" = ["UR101"]
        "*.md" = ["soared-rule"]
        """)
    write(project / "a.txt", TEXT)
    write(project / "archive" / "old.txt", TEXT)
    write(project / "notes" / "b.md", TEXT)
    run = cli("check", "--format", "concise", "a.txt", "archive/old.txt", "notes/b.md")
    assert [line.split(": ")[0:2] for line in run.out.splitlines()] == [
        ["a.txt:1:8", "UR101 [warning] 'skyrocketed' is loaded."],
        ["a.txt:2:8", "UR102 [warning] 'soared' is loaded."],
        ["archive/old.txt:2:8", "UR102 [warning] 'soared' is loaded."],
        ["notes/b.md:1:8", "UR101 [warning] 'skyrocketed' is loaded."],
    ]
    # The same globs from the project's parent folder: still relative to the config file.
    run = cli("check", "--format", "concise", str(project / "archive" / "old.txt"))
    assert codes(run) == ["UR102"]


def test_key_rules_folders_are_relative_to_the_config_file(project, cli):
    write_rule(project / "desk" / "house-rules", "UR201", "house-rule", terms='["slammed"]')
    write(project / "desk" / ".framelint.toml", 'rules = ["house-rules"]\nselect = ["UR201"]\n')
    write(project / "desk" / "a.txt", "Critics slammed the plan.\n")
    run = cli("check", "--format", "concise", "desk/a.txt")
    assert run.out == "desk/a.txt:1:9: UR201 [warning] 'slammed' is loaded.\n"


def test_key_quotes(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\nquotes = "info"\n')
    write(project / "a.txt", '"Prices skyrocketed," the minister said.\n')
    run = cli("check", "--format", "concise", "a.txt")
    assert run.out == "a.txt:1:9: UR101 [info] 'skyrocketed' is loaded.\n"
    assert run.code == 0


def test_key_quotes_keep_and_skip(project, cli):
    write(project / "a.txt", '"Prices skyrocketed," the minister said.\n')
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\nquotes = "keep"\n')
    run = cli("check", "--format", "concise", "a.txt")
    assert (run.code, run.out) == (1, "a.txt:1:9: UR101 [warning] 'skyrocketed' is loaded.\n")
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\nquotes = "skip"\n')
    assert cli("check", "--format", "concise", "a.txt").out == ""


def test_key_fail_level(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\nfail-level = "error"\n')
    write(project / "a.txt", TEXT)
    run = cli("check", "--format", "concise", "a.txt")
    assert run.code == 0 and codes(run) == ["UR101"]


def test_fail_level_is_per_file(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\nfail-level = "error"\n')
    write(project / "strict" / ".framelint.toml", 'rules = ["../rules"]\nselect = ["UR101"]\n')
    write(project / "a.txt", TEXT)
    write(project / "strict" / "b.txt", "Stocks fell.\n")
    assert cli("check", "a.txt", "strict/b.txt").code == 0
    write(project / "strict" / "b.txt", TEXT)
    assert cli("check", "a.txt", "strict/b.txt").code == 1


def test_key_exclude(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\nexclude = ["drafts/old/*", "*.md"]\n')
    write(project / "a.txt", TEXT)
    write(project / "b.md", TEXT)
    write(project / "drafts" / "old" / "c.txt", TEXT)
    write(project / "drafts" / "new" / "d.txt", TEXT)
    run = cli("check", "--format", "concise", ".")
    assert run.out == ("./a.txt:1:8: UR101 [warning] 'skyrocketed' is loaded.\n"
                       "./drafts/new/d.txt:1:8: UR101 [warning] 'skyrocketed' is loaded.\n")
    # Named on the command line (as pre-commit does), an excluded file is still left out.
    run = cli("check", "--format", "concise", "b.md", "drafts/old/c.txt")
    assert (run.code, run.out) == (0, "")


# -- command-line options override the file ---------------------------------------------------
def test_command_line_select_replaces_the_files_selection(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\nignore = ["UR102"]\n')
    write(project / "a.txt", TEXT)
    assert codes(cli("check", "--format", "concise", "--select", "UR102", "a.txt")) == ["UR102"]


def test_command_line_ignore_adds_to_the_files(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR"]\nignore = ["UR101"]\n')
    write(project / "a.txt", TEXT)
    assert codes(cli("check", "--format", "concise", "--ignore", "UR102", "a.txt")) == []


def test_command_line_quotes_and_fail_level_override(project, cli):
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\nquotes = "skip"\n'
                                       'fail-level = "error"\n')
    write(project / "a.txt", '"Prices skyrocketed," the minister said.\n')
    run = cli("check", "--format", "concise", "--quotes", "keep", "--fail-level", "warning", "a.txt")
    assert (run.code, run.out) == (1, "a.txt:1:9: UR101 [warning] 'skyrocketed' is loaded.\n")


def test_command_line_rules_add_to_the_files(project, cli):
    write_rule(project / "more", "UR301", "more-rule", terms='["plunged"]')
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101", "UR301"]\n')
    write(project / "a.txt", "Prices skyrocketed, then plunged.\n")
    assert codes(cli("check", "--format", "concise", "--rules", "more", "a.txt")) == ["UR101", "UR301"]


# -- errors: file and line, did you mean ---------------------------------------------------------
@pytest.mark.parametrize("body, message", [
    ('quotes = "info"\nselct = ["UR101"]\n',
     ".framelint.toml:2: unknown key 'selct' (did you mean 'select'?); the keys are: select, ignore, "
     "levels, per-path-ignores, rules, quotes, fail-level, exclude"),
    ('fail_level = "error"\n', ".framelint.toml:1: unknown key 'fail_level' (did you mean 'fail-level'?)"),
    ('select = "UR101"\n', ".framelint.toml:1: 'select' must be a list of rule selectors, like select = [\"...\"]"),
    ('quotes = "skp"\n', ".framelint.toml:1: 'quotes' must be one of skip, info, keep, not 'skp' "
                         "(did you mean 'skip'?)"),
    ('fail-level = 2\n', ".framelint.toml:1: 'fail-level' must be one of info, warning, error, not int"),
    ('\n[levels]\nUR101 = "eror"\n', ".framelint.toml:3: levels: 'UR101' must be one of info, warning, error, "
                                    "not 'eror' (did you mean 'error'?)"),
    ('levels = ["UR101"]\n', ".framelint.toml:1: 'levels' must be a table of rule selector = level"),
    ('[per-path-ignores]\n"a/*" = "UR101"\n', ".framelint.toml:2: per-path-ignores: 'a/*' must be a list of rule "
                                             "selectors"),
    ('rules = ["missing"]\n', ".framelint.toml:1: 'rules': folder 'missing' does not exist"),
    ('exclude = [1]\n', ".framelint.toml:1: 'exclude' must be a list of globs"),
    ('quotes = "info"\nselect = [\n', ".framelint.toml:2: invalid TOML"),
])
def test_bad_configuration_is_one_clear_line(project, cli, body, message):
    write(project / ".framelint.toml", body)
    write(project / "a.txt", TEXT)
    run = cli("check", "a.txt")
    assert run.code == 2
    assert run.err.startswith("framelint: error: " + message), run.err
    assert run.err.count("\n") == 1 and "Traceback" not in run.err


@pytest.mark.parametrize("body, line, key, selector, hint", [
    ('rules = ["rules"]\nselect = ["UR1O1"]\n', 2, "select", "UR1O1", "UR101"),
    ('rules = ["rules"]\nignore = ["user-rul"]\n', 2, "ignore", "user-rul", "user-rule"),
    ('rules = ["rules"]\n[levels]\nUR1O2 = "info"\n', 3, "levels", "UR1O2", "UR102"),
    ('rules = ["rules"]\n[per-path-ignores]\n"*.txt" = ["UR1O1"]\n', 3, "per-path-ignores", "UR1O1", "UR101"),
])
def test_selector_matching_no_rule_names_file_and_line(project, cli, body, line, key, selector, hint):
    write(project / ".framelint.toml", body)
    write(project / "a.txt", TEXT)
    run = cli("check", "a.txt")
    assert (run.code, run.err) == (2, f"framelint: error: .framelint.toml:{line}: {key}: no rule matches "
                                      f"'{selector}' (did you mean '{hint}'?)\n")


def test_pyproject_errors_give_the_line_in_pyproject(project, cli):
    write(project / "pyproject.toml", '[project]\nname = "paper"\n\n[tool.framelint]\nquotes = "info"\nignor = []\n')
    write(project / "a.txt", TEXT)
    run = cli("check", "a.txt")
    assert run.code == 2
    assert run.err.startswith("framelint: error: pyproject.toml:6: unknown key 'ignor' (did you mean 'ignore'?)")


# -- --show-config --------------------------------------------------------------------------------
def test_show_config_prints_every_value_and_its_origin(project, cli):
    write(project / "desk" / ".framelint.toml", """\
        rules = ["../rules"]
        select = ["UR"]
        ignore = ["UR102"]
        quotes = "info"
        fail-level = "error"
        exclude = ["old/*"]

        [levels]
        UR101 = "error"

        [per-path-ignores]
        "wire/*" = ["UR101"]
        """)
    run = cli("check", "--show-config", "desk/wire/a.txt", "--quotes", "keep")
    assert run.code == 0
    assert run.out == (
        "# effective configuration for desk/wire/a.txt\n"
        "# from desk/.framelint.toml\n"
        'select = ["UR"]   # desk/.framelint.toml\n'
        'ignore = ["UR102"]   # desk/.framelint.toml\n'
        'levels = { "UR101" = "error" }   # desk/.framelint.toml\n'
        'per-path-ignores = { "wire/*" = ["UR101"] }   # desk/.framelint.toml\n'
        f'rules = ["{project / "rules"}"]   # desk/.framelint.toml\n'
        'quotes = "keep"   # command line\n'
        'fail-level = "error"   # desk/.framelint.toml\n'
        'exclude = ["old/*"]   # desk/.framelint.toml\n'
        '# per-path-ignores for this file: ["UR101"]\n'
        "# considered desk/.framelint.toml: used\n"
    )


def test_show_config_without_a_file(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    run = cli("check", "--show-config", "a.md")
    assert run.code == 0
    assert run.out == (
        "# effective configuration for a.md\n"
        "# from the built-in defaults (no .framelint.toml or [tool.framelint] found)\n"
        "select = []   # every rule, default\n"
        "ignore = []   # default\n"
        "levels = {}   # default\n"
        "per-path-ignores = {}   # default\n"
        "rules = []   # default\n"
        'quotes = "skip"   # default\n'
        'fail-level = "warning"   # default\n'
        "exclude = []   # default\n"
    )


# -- one compiled linter per distinct configuration --------------------------------------------------
def test_one_linter_per_distinct_configuration(project, cli, monkeypatch):
    monkeypatch.setattr(framelint.run.linters, "_linters", {})
    write(project / ".framelint.toml", 'rules = ["rules"]\nselect = ["UR101"]\n')
    write(project / "desk" / ".framelint.toml", 'rules = ["../rules"]\nselect = ["UR102"]\n')
    for name in ("a.txt", "b.txt", "desk/c.txt", "desk/d.txt", "desk/sub/e.txt"):
        write(project / name, TEXT)
    run = cli("check", "--format", "concise", ".")
    assert codes(run) == ["UR101", "UR101", "UR102", "UR102", "UR102"]
    assert len(framelint.run.linters._linters) == 2


def test_config_is_hashable_and_frozen(project):
    write(project / ".framelint.toml", 'select = ["UR101"]\n[levels]\nUR101 = "error"\n'
                                       '[per-path-ignores]\n"a/*" = ["UR101"]\n')
    config = load_config_file(".framelint.toml")
    assert hash(config) == hash(load_config_file(".framelint.toml"))
    assert isinstance(config, Config)
    with pytest.raises(AttributeError):
        config.select = ()  # type: ignore[misc]


def test_load_config_file_error_type(project):
    write(project / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml: no \[tool.framelint\] table"):
        load_config_file("pyproject.toml")
    with pytest.raises(ConfigError, match="no such file"):
        ConfigResolver(Overrides(), "missing.toml")


# -- docs/configuration.md ---------------------------------------------------------------------------
def test_the_documented_configuration_file_is_valid(tmp_path, monkeypatch, cli):
    """The example in docs/configuration.md uses every key, and every key and selector in it is accepted."""
    from conftest import ROOT
    from framelint.config import FILE_KEYS

    docs = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = docs.split("```toml\n", 1)[1].split("```", 1)[0]
    write(tmp_path / ".framelint.toml", example)
    (tmp_path / "style" / "house-rules").mkdir(parents=True)
    write(tmp_path / "styles" / "newsroom-style" / "style.toml", 'quotes = "keep"\n')  # what extends names
    write(tmp_path / "style" / "shared.toml", 'fail-level = "warning"\n')
    write(tmp_path / "wire" / "a.md", "The regime fell, sources say.\n")
    monkeypatch.chdir(tmp_path)
    config = load_config_file(".framelint.toml")
    assert {key for key in FILE_KEYS if getattr(config, FILE_KEYS[key][0])} == set(FILE_KEYS)
    run = cli("check", "--format", "concise", "wire/a.md")
    assert run.code == 1 and run.err == ""
    assert [line.split(": ")[1].split()[:2] for line in run.out.splitlines()] == [["LB101", "[error]"]]
    # Every key in the documentation's table is a real key, and every real key is in the table.
    table = [line.split("|")[1].strip().strip("`") for line in docs.splitlines()
             if line.startswith("| `") and "|" in line[3:]]
    assert set(table) == set(FILE_KEYS)


# -- the search stays in the repository and trusts only the user's own files -------------------
def test_the_search_stops_at_the_repository_root(tmp_path, monkeypatch, cli):
    """Another user's .framelint.toml in a shared parent (/tmp, a CI workspace) is not read: it
    would turn every rule off. A .git folder, or a .git file (a worktree), is the root."""
    write(tmp_path / ".framelint.toml", 'select = ["NOPE1"]\n')
    for kind in ("folder", "file"):
        repo = tmp_path / f"repo-{kind}"
        (repo / "news").mkdir(parents=True)
        if kind == "folder":
            (repo / ".git").mkdir()
        else:
            (repo / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")
        write(repo / "news" / "a.txt", "The regime fell.\n")
        monkeypatch.chdir(repo)
        run = cli("check", "--format", "concise", "news/a.txt")
        assert run.code == 1 and "LB101" in run.out, run.err
        shown = cli("check", "--show-config", "news/a.txt").out
        assert "# from the built-in defaults" in shown
        assert f"# searched no higher than {repo}: the repository's root\n" in shown or \
               "# searched no higher than .: the repository's root\n" in shown


def test_the_search_stops_at_the_home_folder(tmp_path, monkeypatch, cli):
    write(tmp_path / ".framelint.toml", 'select = ["NOPE1"]\n')
    home = tmp_path / "home"
    write(home / "drafts" / "a.txt", "The regime fell.\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home / "drafts")
    run = cli("check", "--format", "concise", "a.txt")
    assert run.code == 1 and "LB101" in run.out, run.err


@pytest.mark.parametrize("why", ["another-owner", "world-writable"])
def test_a_configuration_file_of_another_user_is_skipped_with_a_note(tmp_path, monkeypatch, cli, why):
    import os

    import framelint.config as config

    (tmp_path / ".git").mkdir()
    bad = write(tmp_path / ".framelint.toml", 'select = ["NOPE1"]\n')
    write(tmp_path / "a.txt", "The regime fell.\n")
    monkeypatch.chdir(tmp_path)
    if why == "another-owner":  # tests run as one user: the file seems to belong to another
        monkeypatch.setattr(config, "_owner_and_mode", lambda p: (os.geteuid() + 4242, os.stat(p).st_mode))
        reason = f"owned by another user (uid {os.geteuid() + 4242})"
    else:
        bad.chmod(0o666)
        reason = "anyone can write it"
    run = cli("check", "--format", "concise", "a.txt")
    assert run.code == 1 and "LB101" in run.out
    assert run.err == f"framelint: warning: {tmp_path / '.framelint.toml'}: configuration skipped: {reason}\n"
    shown = cli("check", "--show-config", "a.txt").out
    assert f"# considered .framelint.toml: skipped: {reason}\n" in shown
    assert "# from the built-in defaults" in shown
