"""The command line as a user sees it: output, messages and exit codes.

Most tests call main() in-process (fast); a few run ``python -m framelint`` to check
what only a real process shows (no traceback, colour on a terminal, no rich import).
The tests' own rules flag made-up words, so the built-in rule set can grow without
changing these outputs.
"""

from __future__ import annotations

import codecs
import json
import os
import pty
import subprocess
import sys

import pytest

from framelint.findings import JSON_FIELDS

from conftest import ROOT, run_framelint, write_rule

ALL_OUR_RULES = "UR"


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A folder with three test rules (one per level) and the current directory set to it."""
    rules = tmp_path / "rules"
    write_rule(rules, "UR101", "zorblat-word", terms='["zorblat"]', inflect="true",
               message="\"'{match}' is a loaded test word.\"", suggest='"changed"')
    write_rule(rules, "UR102", "grintle-word", terms='["grintle"]', level='"error"', category='"euphemism"',
               message="\"'{match}' hides what happened.\"")
    write_rule(rules, "UR201", "flumox-word", terms='["flumox"]', level='"info"', category='"editorializing"',
               message="\"'{match}' is a note.\"")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(cli, *args, stdin=None):
    return cli("check", "--rules", "rules", "--select", ALL_OUR_RULES, *args, stdin=stdin)


def write(path, text):
    from pathlib import Path

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


# -- exit codes ---------------------------------------------------------------------------
def test_no_findings_exit_0(work, cli):
    write("a.txt", "A calm report.\n")
    run = check(cli, "a.txt")
    assert (run.code, run.out, run.err) == (0, "No findings in 1 file.\n", "")


def test_findings_exit_1_with_text_output(work, cli):
    write("a.txt", "Title\n\nThey zorblated the town.\n")
    run = check(cli, "a.txt")
    assert run.code == 1
    assert run.out == (
        "a.txt\n"
        "  a.txt:3:6: UR101 [warning] 'zorblated' is a loaded test word.\n"
        "    3 | They zorblated the town.\n"
        "      |      ^^^^^^^^^\n"
        "      = suggestion: changed\n"
        "\n"
        "Found 1 finding (1 warning) in 1 file.\n")


def test_usage_error_exit_2(cli):
    run = cli("check")
    assert (run.code, run.err) == (
        2, "framelint: error: check: give at least one PATH (a file, directory, glob, or - for standard input)\n")
    run = cli("check", "--format", "xml", "a.txt")
    assert run.code == 2 and run.err.startswith("framelint: error: argument --format: invalid choice: 'xml'")
    run = cli("check", "--fail-level", "fatal", "a.txt")
    assert run.code == 2 and run.err.count("\n") == 1


def test_no_command_prints_help_and_exit_2(cli):
    run = cli()
    assert run.code == 2 and run.out.startswith("usage: framelint")


# -- selecting rules ---------------------------------------------------------------------
TEXT = "Zorblat here, grintle there, flumox everywhere.\n"


@pytest.mark.parametrize("selector, codes", [
    ("UR101", ["UR101"]),
    ("zorblat-word", ["UR101"]),
    ("euphemism", ["UR102"]),
    ("UR1", ["UR101", "UR102"]),
    ("UR", ["UR101", "UR102", "UR201"]),
    ("UR101,flumox-word", ["UR101", "UR201"]),
])
def test_select(work, cli, selector, codes):
    write("a.txt", TEXT)
    run = cli("check", "--rules", "rules", "--select", selector, "--format", "json", "--fail-level", "info", "a.txt")
    assert [f["code"] for f in run.json()] == codes
    assert run.code == 1


@pytest.mark.parametrize("selector, codes", [
    ("UR101", ["UR102", "UR201"]),
    ("grintle-word", ["UR101", "UR201"]),
    ("editorializing", ["UR101", "UR102"]),
    ("UR1", ["UR201"]),
])
def test_ignore(work, cli, selector, codes):
    write("a.txt", TEXT)
    run = check(cli, "--ignore", selector, "--format", "json", "a.txt")
    assert [f["code"] for f in run.json()] == codes


@pytest.mark.parametrize("option, selector, message", [
    ("--select", "UR1O1", "--select: no rule matches 'UR1O1' (did you mean 'UR101'?)"),
    ("--ignore", "zorblat-wrd", "--ignore: no rule matches 'zorblat-wrd' (did you mean 'zorblat-word'?)"),
    ("--select", "euphemsm", "--select: no rule matches 'euphemsm' (did you mean 'euphemism'?)"),
])
def test_unknown_selector(work, cli, option, selector, message):
    write("a.txt", TEXT)
    run = cli("check", "--rules", "rules", option, selector, "a.txt")
    assert (run.code, run.out, run.err) == (2, "", f"framelint: error: {message}\n")


# -- formats -------------------------------------------------------------------------------
def test_concise_format(work, cli):
    write("a.txt", TEXT)
    run = check(cli, "--format", "concise", "a.txt")
    assert run.out == ("a.txt:1:1: UR101 [warning] 'Zorblat' is a loaded test word.\n"
                       "a.txt:1:15: UR102 [error] 'grintle' hides what happened.\n"
                       "a.txt:1:30: UR201 [info] 'flumox' is a note.\n")


def test_json_format_contract(work, cli):
    write("a.txt", "Line one.\r\n\t😀 They zorblated it.\r\n")
    run = check(cli, "--format", "json", "a.txt")
    [finding] = run.json()
    assert set(JSON_FIELDS) <= set(finding)
    assert {k: finding[k] for k in JSON_FIELDS} == {
        "path": "a.txt", "code": "UR101", "name": "zorblat-word", "category": "loaded-language",
        "level": "warning", "message": "'zorblated' is a loaded test word.", "line": 2, "column": 9,
        "end_line": 2, "end_column": 18, "start": 19, "end": 28, "match": "zorblated", "in_quote": False,
        "suggestion": "changed"}
    text = open("a.txt", encoding="utf-8", newline="").read()
    assert text[finding["start"]:finding["end"]] == finding["match"]


def test_json_format_with_no_findings_is_an_empty_array(work, cli):
    write("a.txt", "Calm.\n")
    run = check(cli, "--format", "json", "a.txt")
    assert (run.code, json.loads(run.out)) == (0, [])


def test_statistics(work, cli):
    write("a.txt", TEXT + "Zorblat again.\n")
    run = check(cli, "--statistics", "a.txt")
    assert run.out.endswith(
        "     2  UR101   zorblat-word                     loaded-language\n"
        "     1  UR102   grintle-word                     euphemism\n"
        "     1  UR201   flumox-word                      editorializing\n"
        "\n"
        "Found 4 findings (1 error, 2 warning, 1 info) in 1 file.\n")


# -- levels and exit codes --------------------------------------------------------------------
@pytest.mark.parametrize("text, fail_level, code", [
    ("flumox", None, 0), ("zorblat", None, 1), ("grintle", None, 1),
    ("flumox", "info", 1), ("zorblat", "error", 0), ("grintle", "error", 1),
])
def test_fail_level(work, cli, text, fail_level, code):
    write("a.txt", text + "\n")
    args = ["--fail-level", fail_level] if fail_level else []
    assert check(cli, *args, "--format", "concise", "a.txt").code == code


def test_exit_zero(work, cli):
    write("a.txt", "grintle\n")
    run = check(cli, "--exit-zero", "--format", "concise", "a.txt")
    assert (run.code, run.out) == (0, "a.txt:1:1: UR102 [error] 'grintle' hides what happened.\n")
    # --exit-zero is about findings; a file that cannot be read is still an error.
    run = check(cli, "--exit-zero", "--format", "concise", "a.txt", "missing.txt")
    assert run.code == 2


# -- quotations ----------------------------------------------------------------------------------
QUOTED = "“They zorblated the town,” the minister said. Then they zorblated it.\n"


@pytest.mark.parametrize("mode, expected", [
    (None, [(1, 57, "warning", False)]),
    ("skip", [(1, 57, "warning", False)]),
    ("info", [(1, 7, "info", True), (1, 57, "warning", False)]),
    ("keep", [(1, 7, "warning", True), (1, 57, "warning", False)]),
])
def test_quotes_option(work, cli, mode, expected):
    write("a.txt", QUOTED)
    args = ["--quotes", mode] if mode else []
    run = check(cli, *args, "--format", "json", "a.txt")
    assert [(f["line"], f["column"], f["level"], f["in_quote"]) for f in run.json()] == expected


# -- inputs -----------------------------------------------------------------------------------------
def test_stdin_with_filename(work, cli):
    run = check(cli, "--format", "concise", "--stdin-filename", "story.md", "-",
                stdin="# Zorblat\n\nThe `zorblat` code and a zorblat.\n".encode())
    assert run.out == ("story.md:1:3: UR101 [warning] 'Zorblat' is a loaded test word.\n"
                       "story.md:3:26: UR101 [warning] 'zorblat' is a loaded test word.\n")


def test_stdin_without_filename(work, cli):
    run = check(cli, "--format", "concise", "-", stdin=codecs.BOM_UTF8 + b"a zorblat")
    assert run.out == "-:1:3: UR101 [warning] 'zorblat' is a loaded test word.\n"


def test_directory_walk_with_suffix_filter(work, cli):
    for name in ("d/a.txt", "d/b.md", "d/c.markdown", "d/sub/e.html", "d/sub/f.HTM", "d/g.py", "d/h.rst",
                 "d/.hidden/i.txt", "d/node_modules/j.txt"):
        write(name, "<p>zorblat</p>\n" if "htm" in name.lower() else "zorblat\n")
    run = check(cli, "--format", "concise", "d")
    assert [line.split(":")[0] for line in run.out.splitlines()] == [
        "d/a.txt", "d/b.md", "d/c.markdown", "d/sub/e.html", "d/sub/f.HTM"]
    assert run.code == 1


def test_globs(work, cli):
    for name in ("g/a.txt", "g/b.md", "g/deep/c.txt"):
        write(name, "zorblat\n")
    run = check(cli, "--format", "concise", "g/**/*.txt")
    assert [line.split(":")[0] for line in run.out.splitlines()] == ["g/a.txt", "g/deep/c.txt"]
    run = check(cli, "--format", "concise", "g/*.nothing")
    assert (run.code, run.err) == (2, "framelint: error: g/*.nothing: no files match this pattern\n")


def test_a_file_given_twice_is_checked_once(work, cli):
    write("a.txt", "zorblat\n")
    run = check(cli, "--format", "concise", "a.txt", "a.txt", "*.txt")
    assert run.out.count("a.txt:1:1") == 1


def test_missing_path_other_files_still_checked(work, cli):
    write("a.txt", "zorblat\n")
    run = check(cli, "--format", "concise", "missing.txt", "a.txt")
    assert run.code == 2
    assert run.err == "framelint: error: missing.txt: no such file or directory\n"
    assert run.out == "a.txt:1:1: UR101 [warning] 'zorblat' is a loaded test word.\n"


def test_directory_with_no_text_files(work, cli):
    write("code/x.py", "zorblat = 1\n")
    run = check(cli, "code")
    assert (run.code, run.err) == (
        2, "framelint: error: code: no .txt, .md, .markdown, .html or .htm files in this directory\n")


@pytest.mark.parametrize("data, message", [
    ("café zorblat".encode("latin-1"), "bad.txt: not valid UTF-8 (byte 0xE9 at offset 3); if it is Latin-1 or "
                                       "Windows-1252, convert it with: iconv -f WINDOWS-1252 -t UTF-8"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00zorblat", "bad.txt: binary file (contains NUL bytes), not text"),
], ids=["undecodable", "binary"])
def test_bad_file_is_one_line_error_and_others_are_checked(work, cli, data, message):
    write("bad.txt", data)
    write("good.txt", "zorblat\n")
    run = check(cli, "--format", "concise", "bad.txt", "good.txt")
    assert run.code == 2
    assert run.err == f"framelint: error: {message}\n"
    assert run.out == "good.txt:1:1: UR101 [warning] 'zorblat' is a loaded test word.\n"


def test_utf16_file(work, cli):
    write("u.txt", codecs.BOM_UTF16_LE + "x\r\n😀 zorblat".encode("utf-16-le"))
    run = check(cli, "--format", "concise", "u.txt")
    assert run.out == "u.txt:2:3: UR101 [warning] 'zorblat' is a loaded test word.\n"


# -- rules and explain --------------------------------------------------------------------------------
def test_rules_lists_user_rules(work, cli):
    run = cli("rules", "--rules", "rules")
    assert run.code == 0
    assert "UR102   grintle-word                       euphemism                  terms        error\n" in run.out


def test_rules_json(work, cli):
    run = cli("rules", "--rules", "rules", "--format", "json")
    mine = [r for r in json.loads(run.out) if r["code"].startswith("UR")]
    assert [(r["code"], r["name"], r["category"], r["level"], r["builtin"]) for r in mine] == [
        ("UR101", "zorblat-word", "loaded-language", "warning", False),
        ("UR102", "grintle-word", "euphemism", "error", False),
        ("UR201", "flumox-word", "editorializing", "info", False)]


def test_explain_user_rule(work, cli):
    run = cli("explain", "--rules", "rules", "grintle-word")
    assert run.code == 0
    assert run.out.startswith("UR102 grintle-word\n\ncategory: euphemism    kind: terms    level: error    "
                              "scope: narration\n\nFlags a test word.\n")
    run = cli("explain", "--rules", "rules", "ur102")
    assert run.out.startswith("UR102 grintle-word\n")


# -- real processes: no traceback, colour only on a terminal, no rich in pipes ---------------------------
def test_real_process_errors_have_no_traceback(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00")
    run = run_framelint("check", str(tmp_path / "bad.txt"), str(tmp_path / "nope"), "--select", "XX")
    assert run.code == 2
    assert "Traceback" not in run.err and run.err.count("\n") == 1


def _run_on_tty(args, env):
    """Run framelint with its stdout on a pseudo-terminal and return what it printed."""
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    full_env.update(env, TERM="xterm-256color", COLUMNS="200")
    proc = subprocess.Popen([sys.executable, "-m", "framelint", *args], stdout=slave, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=full_env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_only_on_a_terminal_without_no_color(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The zorblat fell.\n")
    write_rule(tmp_path / "rules", "UR101", "zorblat-word", terms='["zorblat"]')
    args = ["check", "--rules", str(tmp_path / "rules"), "--select", "UR", str(article)]
    code, out = _run_on_tty(args, {})
    assert code == 1 and "\x1b[" in out
    code, out = _run_on_tty(args, {"NO_COLOR": "1"})
    assert code == 1 and "\x1b" not in out and "^^^^^^^" in out
    code, out = _run_on_tty(args + ["--no-color"], {})
    assert code == 1 and "\x1b" not in out
    piped = run_framelint(*args)
    assert piped.code == 1 and "\x1b" not in piped.out and "^^^^^^^" in piped.out


def test_plain_output_does_not_import_rich(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The regime fell. " * 30 + "\n")
    code = ("import sys; from framelint.cli.main import main; rc = main(['check', '--exit-zero', sys.argv[1]]); "
            "sys.stdout.flush(); sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))")
    proc = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True, timeout=60,
                          env={k: v for k, v in os.environ.items() if k != "FORCE_COLOR"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "[]"


def test_module_and_console_script_agree():
    run = run_framelint("--version")
    assert (run.code, run.out) == (0, "framelint 0.1.0\n")
    assert (ROOT / "framelint" / "__main__.py").exists()


# -- the text format's source excerpt ---------------------------------------------------------------
from framelint.reporters.text import WINDOW, excerpt  # noqa: E402


def shown(raw, start, end, window=WINDOW):
    ex = excerpt(raw, start, end, window)
    assert ex.carets.lstrip(" ").strip("^") == ""
    return ex.text, ex.carets


def test_excerpt_short_line_is_shown_whole():
    assert shown("The zorblat fell.", 4, 11) == ("The zorblat fell.", "    ^^^^^^^")


def test_excerpt_tabs_expand_to_tab_stops():
    # a tab at column 0 fills 4 columns; after "ab" it fills 2
    assert shown("\tab\tzorblat", 4, 11) == ("    ab  zorblat", "        ^^^^^^^")


def test_excerpt_wide_and_combining_characters():
    assert shown("北京 zorblat", 3, 10) == ("北京 zorblat", "     ^^^^^^^")
    assert shown("😀 zorblat", 2, 9) == ("😀 zorblat", "   ^^^^^^^")
    assert shown("Cafe\u0301 zorblat", 6, 13) == ("Cafe\u0301 zorblat", "     ^^^^^^^")


def test_excerpt_of_a_long_line_is_a_window_around_the_span():
    raw = " ".join(f"w{i:03d}" for i in range(100))  # 499 columns of 4-letter words
    start = raw.index("w050")
    text, carets = shown(raw, start, start + 4)
    assert text == "…" + raw[raw.index("w041"):raw.index("w059") + 4] + "…"
    assert len(text) <= WINDOW + 2
    assert carets == " " * text.index("w050") + "^^^^"


def test_excerpt_near_either_end_of_a_long_line():
    raw = " ".join(f"w{i:03d}" for i in range(100))
    text, carets = shown(raw, 0, 4)
    assert text.startswith("w000 w001") and text.endswith("…") and carets == "^^^^"
    assert len(text) <= WINDOW + 1
    start = raw.index("w099")
    text, carets = shown(raw, start, start + 4)
    assert text.startswith("…") and text.endswith("w098 w099") and carets.endswith("^^^^")
    assert len(carets) == len(text)


def test_excerpt_window_counts_wide_characters_as_two_columns():
    raw = "北" * 200 + " zorblat " + "京" * 200
    start = raw.index("zorblat")
    text, carets = shown(raw, start, start + 7)
    inner = text.strip("…")
    assert sum(2 if c in "北京" else 1 for c in inner) <= WINDOW
    left = text[:text.index("zorblat")]
    assert carets == " " * (1 + 2 * (len(left) - 2) + 1) + "^" * 7


def test_excerpt_of_a_span_longer_than_the_window():
    raw = "x " + "y" * 300
    text, carets = shown(raw, 2, 302)
    assert (text, carets) == ("…" + "y" * WINDOW + "…", " " + "^" * WINDOW)


def test_text_output_of_a_news_paragraph_on_one_line(work, cli):
    words = [f"w{i:03d}" for i in range(200)]
    words[120] = "zorblat"
    write("long.txt", " ".join(words) + "\n")
    run = check(cli, "long.txt")
    line, carets = [l for l in run.out.splitlines() if l.startswith("    1 |") or l.startswith("      |")]
    assert line == "    1 | …" + " ".join(words[111:130]) + "…"
    assert carets == "      | " + " " * line[len("    1 | "):].index("zorblat") + "^" * 7


def test_text_output_span_over_two_lines_marks_to_line_end(work, cli):
    write_rule(work / "rules2", "UR301", "two-words", terms='["zorblat grintle"]')
    write("a.txt", "The zorblat\ngrintle fell.\n")
    run = cli("check", "--rules", "rules2", "--select", "UR301", "a.txt")
    assert "    1 | The zorblat\n      |     ^^^^^^^\n" in run.out


def test_rich_and_plain_text_output_show_the_same_characters(work):
    import io
    import re

    from framelint.engine.linter import Linter
    from framelint.config import DEFAULT
    from framelint.reporters import Report
    from framelint.reporters.text import render
    from framelint.rules.model import load_rules

    text = "\t北京 " + "calm words " * 20 + "they zorblated it, " + "more calm words " * 20 + "\nA grintle.\n"
    linter = Linter(DEFAULT, rules=load_rules(["rules"], include_builtin=False))
    result = linter.check_text(text, "a.txt")
    outputs = []
    for color in (False, True):
        report = Report(findings=result.findings, files=1, sources={"a.txt": text}, color=color)
        out = io.StringIO()
        render(report, out)
        outputs.append(out.getvalue())
    plain, rich = outputs
    assert "\x1b[" in rich
    assert re.sub(r"\x1b\[[0-9;]*m", "", rich) == plain
    assert "…words calm words calm words calm words they zorblated it, more calm words" in plain


def test_reader_that_stops_early_gets_no_traceback():
    """`framelint check ... | head -1`: a closed pipe ends the run quietly (the output is larger
    than a pipe's buffer, so the write really fails)."""
    command = [sys.executable, "-m", "framelint", "check", "--format", "json", "--exit-zero", str(ROOT / "corpus")]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
