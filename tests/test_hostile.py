"""Hostile input and hostile checkouts: what an article, a file name or a checked tree can do
to the terminal, to files outside the tree, and to the run."""

from __future__ import annotations

import io
import json
import os

import pytest

from conftest import write_rule

ESC = "\x1b"
# A pattern rule that reports an escape sequence as its match, as a scare-quote message would.
SEQUENCE_RULE = dict(kind='"pattern"', terms=None, patterns="['''\\u001b\\]0;\\w+\\u0007''']",
                     message="\"'{match}' here.\"")


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    write_rule(tmp_path / "rules", "UR101", "test-sequence", **SEQUENCE_RULE)
    name = f"bad{ESC}[31mname.txt"
    (tmp_path / name).write_text(f"The title is {ESC}]0;pwned\x07{ESC}[2J now.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return name


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_human_formats_show_control_characters_escaped(hostile, cli, fmt):
    run = cli("check", "--rules", "rules", "--select", "UR101", "--statistics", "--format", fmt, hostile)
    assert run.code == 1
    assert ESC not in run.out and "\x07" not in run.out
    assert "bad\\x1b[31mname.txt:1:14: UR101 [warning] '\\x1b]0;pwned\\x07' here." in run.out
    if fmt == "text":  # the source line too, with the carets under the escaped span
        line = next(x for x in run.out.splitlines() if x.startswith("    1 | "))
        carets = next(x for x in run.out.splitlines() if "^" in x)
        start = line.index("\\x1b]0;pwned")
        assert carets.index("^") == start and carets.count("^") == len("\\x1b]0;pwned\\x07")


def test_the_coloured_text_format_escapes_too(hostile):
    from framelint.api import lint_text
    from framelint.config import Config
    from framelint.reporters import Report
    from framelint.reporters import text

    source = (open(hostile, encoding="utf-8")).read()
    findings = lint_text(source, path=hostile, config=Config(rule_dirs=("rules",), select=("UR101",)))
    assert findings
    out = io.StringIO()
    text.render(Report(findings=findings, files=1, sources={hostile: source}, color=True, statistics=True), out)
    shown = out.getvalue()
    assert "\\x1b]0;pwned\\x07" in shown and "bad\\x1b[31mname.txt" in shown
    assert ESC + "]0;" not in shown and ESC + "[31mname" not in shown and "\x07" not in shown


def test_error_lines_show_control_characters_escaped(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    name = f"bin{ESC}]0;x\x07.txt"
    (tmp_path / name).write_bytes(b"\x00\x01")
    run = cli("check", name)
    assert run.code == 2
    assert run.err == "framelint: error: bin\\x1b]0;x\\x07.txt: binary file (contains NUL bytes), not text\n"


def test_machine_formats_escape_as_their_format_requires(hostile, cli):
    run = cli("check", "--rules", "rules", "--select", "UR101", "--format", "json", hostile)
    assert ESC not in run.out and "\\u001b" in run.out
    assert json.loads(run.out)[0]["path"] == hostile  # the real name, once decoded
    run = cli("check", "--rules", "rules", "--select", "UR101", "--format", "github", hostile)
    assert ESC not in run.out.replace("%1B", "")


def test_shown_escapes_controls_bidi_and_lone_surrogates():
    from framelint.errors import excerpt, shown

    assert shown("a\x1b[2Jb\tc\nd\x9be\u202eg\udce9") == "a\\x1b[2Jb\\x09c\\x0ad\\x9be\\u202eg\\udce9"
    assert shown("plain – text “quoted” ✓") == "plain – text “quoted” ✓"
    assert excerpt("x" * 1000) == "x" * 60 + "... (1,000 characters)"


# -- symbolic links: walks and globs stay in the tree, each real file once, never a loop ------------
@pytest.fixture
def linked_tree(tmp_path, monkeypatch):
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    (tree / "sub").mkdir(parents=True)
    outside.mkdir()
    (tree / "a.md").write_text("The regime fell.\n", encoding="utf-8")
    (tree / "sub" / "b.md").write_text("The regime fell.\n", encoding="utf-8")
    (outside / "secret.md").write_text("The regime key is 1234.\n", encoding="utf-8")
    (tree / "link.md").symlink_to(outside / "secret.md")
    (tree / "sub" / "up").symlink_to("..")          # a loop for ** in glob.glob
    (tree / "sub" / "again").symlink_to("../sub")   # and another
    (tree / "same.md").symlink_to("a.md")           # the same real file twice
    monkeypatch.chdir(tmp_path)
    return tree


@pytest.mark.parametrize("arg", ["tree", "tree/**/*.md", "tree/*.md"])
def test_walks_and_globs_do_not_follow_links_out_of_the_tree_or_loop(linked_tree, cli, arg):
    run = cli("check", "--format", "json", arg)
    paths = sorted(f["path"] for f in run.json())
    expected = ["tree/a.md", "tree/sub/b.md"] if arg != "tree/*.md" else ["tree/a.md"]
    assert paths == [p.replace("/", os.sep) for p in expected], run.err


def test_a_link_named_on_the_command_line_is_followed(linked_tree, cli):
    run = cli("check", "--format", "concise", "tree/link.md")
    assert run.code == 1 and "tree/link.md:1:5: LB101" in run.out


def test_html_report_never_embeds_a_file_linked_from_outside(linked_tree, cli):
    run = cli("check", "--format", "html", "tree")
    assert "1234" not in run.out and "regime" in run.out


def test_globs_report_pipes_and_broken_links_they_match(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.md").symlink_to("nowhere.md")
    os.mkfifo(tmp_path / "pipe.md")
    run = cli("check", "--format", "concise", "*.md")
    assert run.code == 2
    assert "broken.md: broken symbolic link" in run.err
    assert "pipe.md: not a regular file (a named pipe)" in run.err
