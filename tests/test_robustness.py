"""Hostile input: every bad file gets one clear line naming it, the right exit code, and
the other files of the run are still checked and reported."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import run_framelint, write_rule

import framelint.engine.linter
import framelint.run.files

ARGS = ("--rules", "rules", "--select", "UR101", "--format", "concise")
GOOD = "good.txt:1:5: UR101 [warning] 'regime' is a test label.\n"


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A folder with one rule (UR101 flags 'regime'), a good file, and the current directory set to it."""
    write_rule(tmp_path / "rules", "UR101", "test-label", terms='["regime"]', category='"charged-label"',
               message="\"'{match}' is a test label.\"")
    (tmp_path / "good.txt").write_text("The regime fell.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(cli, *paths):
    return cli("check", *ARGS, *paths)


def one_error(run, message):
    """The run reported exactly this one error line, and still checked good.txt."""
    assert run.err == f"framelint: error: {message}\n"
    assert run.out == GOOD
    assert run.code == 2


# -- paths that give no file -------------------------------------------------------------------

def test_missing_path(desk, cli):
    one_error(check(cli, "missing.txt", "good.txt"), "missing.txt: no such file or directory")


def test_directory_with_no_text_files(desk, cli):
    (desk / "img").mkdir()
    (desk / "img" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    one_error(check(cli, "img", "good.txt"),
              "img: no .txt, .md, .markdown, .html or .htm files in this directory")


def test_broken_symlink(desk, cli):
    os.symlink("nowhere.txt", desk / "link.txt")
    one_error(check(cli, "link.txt", "good.txt"), "link.txt: broken symbolic link")


def test_named_pipe_is_refused_not_waited_on(desk, cli):
    os.mkfifo(desk / "pipe.txt")  # opening it for reading would block for ever
    one_error(check(cli, "pipe.txt", "good.txt"), "pipe.txt: not a regular file (a named pipe); only files are checked")


def test_named_pipe_inside_a_walked_directory(desk, cli):
    (desk / "news").mkdir()
    os.mkfifo(desk / "news" / "pipe.md")
    (desk / "news" / "story.md").write_text("The regime fell.\n", encoding="utf-8")
    run = check(cli, "news")
    assert run.err == "framelint: error: news/pipe.md: not a regular file (a named pipe); only files are checked\n"
    assert (run.code, run.out) == (2, "news/story.md:1:5: UR101 [warning] 'regime' is a test label.\n")


# -- files that are not text -----------------------------------------------------------------

def test_empty_file(desk, cli):
    (desk / "empty.txt").write_bytes(b"")
    assert check(cli, "empty.txt") == type(check(cli, "empty.txt"))(0, "", "")
    run = check(cli, "empty.txt", "good.txt")
    assert (run.code, run.out, run.err) == (1, GOOD, "")


@pytest.mark.parametrize("data", [
    b"The regime\x00fell.\n",
    # A PNG image renamed to .txt: its header holds NUL bytes.
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa",
], ids=["nul-bytes", "png-renamed"])
def test_binary_file(desk, cli, data):
    (desk / "bad.txt").write_bytes(data)
    one_error(check(cli, "bad.txt", "good.txt"), "bad.txt: binary file (contains NUL bytes), not text")


@pytest.mark.parametrize("data, byte, offset", [
    ("The café regime".encode("latin-1"), "0xE9", 7),
    ("He called it \u201cregime\u201d.".encode("cp1252"), "0x93", 13),
], ids=["latin-1", "windows-1252"])
def test_legacy_encoding_says_not_utf8_and_how_to_convert(desk, cli, data, byte, offset):
    (desk / "old.txt").write_bytes(data)
    one_error(check(cli, "old.txt", "good.txt"),
              f"old.txt: not valid UTF-8 (byte {byte} at offset {offset}); if it is Latin-1 or Windows-1252, "
              f"convert it with: iconv -f WINDOWS-1252 -t UTF-8")


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
                         ids=["le", "be"])
def test_utf16_with_bom_is_checked(desk, cli, bom, codec):
    (desk / "u.txt").write_bytes(bom + "Intro\r\n\U0001F600 the regime fell.\r\n".encode(codec))
    run = check(cli, "u.txt", "good.txt")
    # Line 2, column 7: the emoji is one code point, CRLF is one line break.
    assert run.out == "u.txt:2:7: UR101 [warning] 'regime' is a test label.\n" + GOOD
    assert (run.code, run.err) == (1, "")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_a_clear_error(desk, cli, codec):
    (desk / "u.txt").write_bytes("The regime fell today.\n".encode(codec))
    one_error(check(cli, "u.txt", "good.txt"),
              "u.txt: looks like UTF-16 without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM)")


def test_utf8_with_bom_keeps_positions(desk, cli):
    (desk / "b.txt").write_bytes(codecs.BOM_UTF8 + b"The regime fell.\n")
    run = check(cli, "b.txt")
    assert run.out == "b.txt:1:5: UR101 [warning] 'regime' is a test label.\n"


# -- files that cannot be read -----------------------------------------------------------------

def test_unreadable_file_simulated(desk, cli, monkeypatch):
    """The message for EACCES, wherever the tests run (root reads any file, so simulate it)."""
    real_open = os.open

    def deny(path, *args, **kwargs):
        if os.fspath(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    (desk / "secret.txt").write_text("The regime fell.\n", encoding="utf-8")
    monkeypatch.setattr(framelint.run.files.os, "open", deny)
    one_error(check(cli, "secret.txt", "good.txt"), "secret.txt: permission denied")


def _without_read_override() -> list[str] | None:
    """A command prefix under which this user cannot read a chmod 000 file, or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    # root reads anything through CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH: drop both for the child.
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search",
              "--inh-caps=-dac_override,-dac_read_search", "--"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "pass"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_unreadable_file_real_permissions(desk):
    prefix = _without_read_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions do not stop root reading a file")
    secret = desk / "secret.txt"
    secret.write_text("The regime fell.\n", encoding="utf-8")
    secret.chmod(0)
    try:
        proc = subprocess.run([*prefix, sys.executable, "-m", "framelint", "check", *ARGS, "secret.txt", "good.txt"],
                              capture_output=True, text=True, timeout=60)
    finally:
        secret.chmod(0o644)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2, GOOD, "framelint: error: secret.txt: permission denied\n")


def test_unreadable_directory_is_reported_not_skipped(desk):
    prefix = _without_read_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions do not stop root reading a folder")
    (desk / "news" / "locked").mkdir(parents=True)
    (desk / "news" / "locked" / "story.txt").write_text("The regime fell.\n", encoding="utf-8")
    (desk / "news" / "open.txt").write_text("The regime fell.\n", encoding="utf-8")
    (desk / "news" / "locked").chmod(0)
    try:
        proc = subprocess.run([*prefix, sys.executable, "-m", "framelint", "check", *ARGS, "news"],
                              capture_output=True, text=True, timeout=60, cwd=desk)
    finally:
        (desk / "news" / "locked").chmod(0o755)
    assert proc.stderr == "framelint: error: news/locked: cannot read this directory: Permission denied\n"
    assert (proc.returncode, proc.stdout) == (2, "news/open.txt:1:5: UR101 [warning] 'regime' is a test label.\n")


def test_file_deleted_between_listing_and_reading(desk, cli, monkeypatch):
    (desk / "news").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (desk / "news" / name).write_text("The regime fell.\n", encoding="utf-8")
    real_walk = framelint.run.files.walk

    def walk_then_delete(root, errors=None):
        found = list(real_walk(root, errors))
        os.remove(os.path.join(root, "b.txt"))  # gone after it was listed, before it is read
        return found

    monkeypatch.setattr(framelint.run.files, "walk", walk_then_delete)
    run = check(cli, "news")
    assert run.err == "framelint: error: news/b.txt: no such file or directory\n"
    assert run.out == ("news/a.txt:1:5: UR101 [warning] 'regime' is a test label.\n"
                       "news/c.txt:1:5: UR101 [warning] 'regime' is a test label.\n")
    assert run.code == 2


def test_file_changed_while_being_checked_reports_what_was_read(desk, cli, monkeypatch):
    """The file is read once; the report (offsets and the source line shown) is of that reading,
    whatever is on disk by the time it is printed."""
    story = desk / "story.txt"
    story.write_text("Intro.\nThe regime fell.\n", encoding="utf-8")
    real_decode = framelint.run.files.decode

    def decode_then_edit(data, path):
        text = real_decode(data, path)
        story.write_text("Totally different words now, no label at all.\n", encoding="utf-8")
        return text

    monkeypatch.setattr(framelint.run.files, "decode", decode_then_edit)
    run = cli("check", "--rules", "rules", "--select", "UR101", "--format", "json", "story.txt")
    [finding] = run.json()
    assert (finding["line"], finding["column"], finding["start"], finding["match"]) == (2, 5, 11, "regime")
    story.write_text("Intro.\nThe regime fell.\n", encoding="utf-8")
    run = cli("check", "--rules", "rules", "--select", "UR101", "--format", "text", "--no-color", "story.txt")
    assert "The regime fell." in run.out


# -- big files ----------------------------------------------------------------------------------

def test_ten_megabyte_single_line(desk):
    """10 MB with no line break: checked, with the right column, in bounded memory."""
    words = "the council met on tuesday and voted to approve the budget after a long debate ".encode()
    body = words * (10_000_000 // len(words))
    half = len(body) // 2
    (desk / "long.txt").write_bytes(body[:half] + b"the regime fell " + body[half:])
    del body
    code, out, err, peak_mb = run_measured("check", *ARGS, "long.txt", "good.txt", cwd=desk)
    assert out == f"long.txt:1:{half + 5}: UR101 [warning] 'regime' is a test label.\n" + GOOD
    assert (code, err) == (1, "")
    assert peak_mb < 5 * 10 + 60  # five times the file, plus the interpreter and the rules


def test_hundred_megabyte_file_in_bounded_memory(desk):
    """100 MB of text in many lines: checked (one rule, to keep the test quick; the figures for
    every rule are in docs/robustness.md), the finding in the middle is found, memory is bounded."""
    line = b"the council met on tuesday and voted to approve the budget after a long debate.\n"
    block = line * 10_000
    blocks = -(-100_000_000 // (2 * len(block)))  # each half: at least 50 MB
    with open(desk / "big.txt", "wb") as fh:
        for _ in range(blocks):
            fh.write(block)
        fh.write(b"the regime fell.\n")
        for _ in range(blocks):
            fh.write(block)
    assert os.path.getsize(desk / "big.txt") >= 100_000_000
    code, out, err, peak_mb = run_measured("check", *ARGS, "big.txt", "good.txt", cwd=desk)
    os.remove(desk / "big.txt")
    assert (code, err) == (1, "")
    assert out == f"big.txt:{blocks * 10_000 + 1}:5: UR101 [warning] 'regime' is a test label.\n" + GOOD
    assert peak_mb < 3 * 100 + 60  # the bytes are let go before the text is checked


# A small process that runs framelint and reports its peak memory. Measured from here, the
# figure would start at the size of the test process itself: on Linux a child's peak
# resident size begins with its parent's at the time of the fork.
_LAUNCHER = """
import resource, subprocess, sys
proc = subprocess.run(sys.argv[2:])
with open(sys.argv[1], "w") as fh:
    fh.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(proc.returncode)
"""


def run_measured(*args, cwd):
    """(exit code, stdout, stderr, peak MB of the framelint process) for one real run."""
    report = cwd / "peak.kb"
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), sys.executable, "-m", "framelint", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)
    peak_kb = int(report.read_text())
    report.unlink()
    return proc.returncode, proc.stdout, proc.stderr, peak_kb / 1024


def test_hostile_long_sentence_is_checked(desk):
    """A long run of charged words and quotes with no full stop stays fast (no quadratic
    sentence or speaker search); the full 10 MB figures are in docs/robustness.md."""
    from framelint.api import get_linter
    from framelint.config import DEFAULT

    chunk = 'the regime reportedly said "so-called" experts say an unprecedented claimed '
    # 30 KB, one sentence, hundreds of quotes and findings: about a second now, and over a
    # minute when each finding and quotation searched its whole sentence.
    text = chunk * 400
    result = get_linter(DEFAULT).check_text(text, "x.txt")
    assert result.findings and not result.errors
    for f in result.findings:
        assert text[f.start:f.end] == f.match


# -- markup that is broken -----------------------------------------------------------------

def lint_md(cli, name, text):
    path = f"doc.{name}"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    run = cli("check", "--rules", "rules", "--select", "UR101", "--format", "json", path)
    assert run.err == ""
    for f in run.json():
        assert text[f["start"]:f["end"]] == f["match"] == "regime"
    return [(f["line"], f["column"]) for f in run.json()]


def test_markdown_unclosed_code_fence_hides_the_rest(desk, cli):
    text = "The regime fell.\n\n```\nregime in code\n\nregime still code\n"
    assert lint_md(cli, "md", text) == [(1, 5)]


def test_markdown_unclosed_front_matter_is_prose(desk, cli):
    # Without its closing '---' it is not front matter: the words are checked.
    text = "---\ntitle: regime\n\nThe regime fell.\n"
    assert lint_md(cli, "md", text) == [(2, 8), (4, 5)]


def test_markdown_closed_front_matter_is_not_prose(desk, cli):
    assert lint_md(cli, "md", "---\ntopic: regime\n---\nThe regime fell.\n") == [(4, 5)]


@pytest.mark.parametrize("text, expected", [
    # '</b fell ' never closes, so it is text; '<i class='x>' is a tag; both words are found.
    ("<p>The <b>regime</b fell <i class='x>the regime</p>", [(1, 11), (1, 42)]),
    # Entities, valid and not: each valid one is one character of prose and many of the file.
    ("<p>The&nbsp;regime &amp &#xZZ; &bogus; &#8212;regime</p>", [(1, 13), (1, 47)]),
    ("<p>The regime fell.</p><script>var regime = 1;", [(1, 8)]),        # unclosed script: hidden
    ("<p>The regime <!-- unclosed comment regime", [(1, 8)]),              # unclosed comment: hidden
    ("<p>a</p>\r\n<p>\r\nthe\tregime</p>", [(3, 5)]),                       # CRLF and tab
], ids=["broken-tags", "entities", "unclosed-script", "unclosed-comment", "crlf"])
def test_broken_html(desk, cli, text, expected):
    assert lint_md(cli, "html", text) == expected


# -- Unicode that shifts positions if handled naively ----------------------------------------------

@pytest.mark.parametrize("prefix, column", [
    ("e\u0301e\u0301 ", 6),            # combining acute accents: code points, not graphemes
    ("\u05d4\u05de\u05e9\u05d8\u05e8 ", 7),  # right-to-left Hebrew
    ("a\u200b\u200d\ufeffb ", 7),      # zero-width space, joiner, and a BOM inside the text
    ("\U0001F600\U0001F1FA\U0001F1E6 ", 5),   # emoji and a flag (astral code points)
    ("\u202eRTL override\u202c ", 16),
], ids=["combining", "rtl", "zero-width", "emoji", "bidi-controls"])
def test_unicode_positions(desk, cli, prefix, column):
    text = f"Line one.\n{prefix}regime\n"
    (desk / "u.txt").write_text(text, encoding="utf-8")
    run = cli("check", "--rules", "rules", "--select", "UR101", "--format", "json", "u.txt")
    [f] = run.json()
    assert (f["line"], f["column"], f["end_column"]) == (2, column, column + 6)
    assert text[f["start"]:f["end"]] == "regime"


# -- one real process: errors never come with a traceback ------------------------------------------

def test_real_process_many_bad_inputs_no_traceback(desk):
    (desk / "bin.txt").write_bytes(b"\x00\x01\x02")
    (desk / "old.txt").write_bytes("café".encode("latin-1"))
    (desk / "u16.txt").write_bytes("regime regime".encode("utf-16-le"))
    os.symlink("nowhere", desk / "link.md")
    os.mkfifo(desk / "pipe.html")
    (desk / "empty.md").write_bytes(b"")
    run = run_framelint("check", *ARGS, ".", "missing.txt", cwd=desk)
    assert "Traceback" not in run.err
    assert run.code == 2
    assert run.out == "./" + GOOD
    assert sorted(run.err.splitlines()) == sorted([
        "framelint: error: ./bin.txt: binary file (contains NUL bytes), not text",
        "framelint: error: ./link.md: broken symbolic link",
        "framelint: error: ./old.txt: not valid UTF-8 (byte 0xE9 at offset 3); if it is Latin-1 or "
        "Windows-1252, convert it with: iconv -f WINDOWS-1252 -t UTF-8",
        "framelint: error: ./pipe.html: not a regular file (a named pipe); only files are checked",
        "framelint: error: ./u16.txt: looks like UTF-16 without a byte-order mark; save it as UTF-8 "
        "(or UTF-16 with a BOM)",
        "framelint: error: missing.txt: no such file or directory",
    ])


@pytest.mark.parametrize("fmt", ["concise", "json", "text", "github", "jsonl", "sarif", "gitlab"])
def test_file_name_that_is_not_utf8(desk, fmt):
    """A Latin-1 file name (bytes Python cannot decode) is shown escaped, never a traceback,
    even where standard output is strict UTF-8, as in most terminals."""
    with open(os.path.join(os.fsencode(desk), b"caf\xe9.txt"), "wb") as fh:
        fh.write(b"The regime fell.\n")
    with open(os.path.join(os.fsencode(desk), b"bad\xff.txt"), "wb") as fh:
        fh.write(b"\x00binary")
    run = run_framelint("check", *ARGS[:-1], fmt, ".", cwd=desk, env={"PYTHONIOENCODING": "utf-8"})
    assert "Traceback" not in run.err
    assert run.err == "framelint: error: ./bad\\udcff.txt: binary file (contains NUL bytes), not text\n"
    shown = "caf%E9.txt" if fmt == "sarif" else "caf\\udce9.txt"  # a SARIF uri: the bytes, percent-encoded
    assert shown in run.out and "good.txt" in run.out
    assert run.code == 2
    if fmt == "json":
        assert {f["path"] for f in run.json()} == {"./caf\udce9.txt", "./good.txt"}  # the name Python had


# -- nothing lost: checking writes nothing ------------------------------------------------------------

def _snapshot(root):
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            state[os.path.relpath(path, root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return state


def test_checking_writes_nothing_in_any_format(desk, cli, tmp_path_factory, monkeypatch):
    from framelint.reporters import FORMATS

    (desk / "news").mkdir()
    (desk / "news" / "a.md").write_text("# The regime\n\nThe regime fell.\n", encoding="utf-8")
    (desk / "news" / "b.html").write_text("<p>The regime fell.</p>", encoding="utf-8")
    (desk / "news" / "c.txt").write_bytes(b"\x00binary")
    os.utime(desk / "news" / "a.md", (1_000_000_000, 1_000_000_000))
    before = _snapshot(desk)
    home = tmp_path_factory.mktemp("home")  # the rule cache belongs in the user's cache folder, not the tree
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("HOME", str(home))
    for fmt in sorted(FORMATS):
        run = cli("check", "--rules", "rules", "--format", fmt, "news", "good.txt")
        assert run.code == 2, (fmt, run.err)
    for args in (("--diff",), ("--statistics",), ("--jobs", "2")):
        run = cli("check", "--rules", "rules", *args, "news", "good.txt")
        assert run.code == 2, (args, run.err)
    # The same from a real process, where a stray write could also come from start-up.
    run = run_framelint("check", "--rules", "rules", "news", "good.txt", cwd=desk,
                        env={"XDG_CACHE_HOME": str(home / ".cache"), "HOME": str(home)})
    assert run.code == 2 and "Traceback" not in run.err
    assert _snapshot(desk) == before


def test_no_command_writes_outside_the_cache(desk, tmp_path_factory):
    """rules, explain, compare, profile, --show-config and collections write nothing in the tree,
    and a real process (with --jobs) nothing in the temporary folder; the only file written
    anywhere is the rule cache, in the user's cache folder."""
    (desk / "news").mkdir()
    (desk / "news" / "a.md").write_text("# The regime\n\nThe regime fell.\n", encoding="utf-8")
    (desk / "news" / "b.html").write_text("<p>The regime fell, 14 dead.</p>", encoding="utf-8")
    (desk / "news" / "arts.jsonl").write_text('{"id": "1", "text": "The regime fell.", "source": "x"}\n',
                                              encoding="utf-8")
    before = _snapshot(desk)
    home, tmp = tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("tmp")
    env = {"XDG_CACHE_HOME": str(home / ".cache"), "HOME": str(home), "TMPDIR": str(tmp), "XDG_STATE_HOME": ""}
    for args in (("rules", "--rules", "rules"), ("explain", "--rules", "rules", "UR101"),
                 ("compare", "--rules", "rules", "news/a.md", "news/b.html"),
                 ("compare", "--rules", "rules", "--format", "html", "news/a.md", "news/b.html"),
                 ("profile", "--rules", "rules", "news/arts.jsonl"),
                 ("check", "--rules", "rules", "--input", "jsonl", "news/arts.jsonl"),
                 ("check", "--show-config", "news"),
                 ("check", "--rules", "rules", "--jobs", "2", "news", "news", "news", "good.txt")):
        run = run_framelint(*args, cwd=desk, env=env)
        assert "Traceback" not in run.err and run.code in (0, 1), (args, run.err)
    assert _snapshot(desk) == before
    assert os.listdir(tmp) == []
    written = [os.path.relpath(os.path.join(d, f), home) for d, _, files in os.walk(home) for f in files]
    # and the key that signs its entries, outside it (a copy of the cache does not carry it)
    assert all(p.startswith(os.path.join(".cache", "framelint") + os.sep)
               or p == os.path.join(".local", "state", "framelint", "cache-key") for p in written), written


FIX_RULE = dict(category='"doubt-verb"', terms='["admitted"]', message="\"'{match}' takes sides.\"",
                fix='{ admitted = "said" }')


def test_fix_writes_only_the_files_it_fixes(desk, cli):
    """--fix rewrites the files that have a fix and nothing else: not the clean files, not the
    files it cannot read, not the folder (no temporary file is left)."""
    write_rule(desk / "rules", "DV901", "test-admitted", **FIX_RULE)
    (desk / "news").mkdir()
    (desk / "news" / "fix.txt").write_text("He admitted it.\n", encoding="utf-8")
    (desk / "news" / "clean.md").write_text("He said it.\n", encoding="utf-8")
    (desk / "news" / "quoted.md").write_text('"I admitted nothing," he said.\n', encoding="utf-8")
    (desk / "news" / "bin.txt").write_bytes(b"\x00admitted")
    (desk / "news" / "old.txt").write_bytes("He admitted it, café.".encode("latin-1"))
    for p in (desk / "news").iterdir():
        os.utime(p, (1_000_000_000, 1_000_000_000))
    before = _snapshot(desk)
    run = cli("check", "--rules", "rules", "--select", "DV901", "--format", "concise", "--fix", "--unsafe-fixes", "news")
    assert run.code == 2  # the two files that are not text
    assert (desk / "news" / "fix.txt").read_text(encoding="utf-8") == "He said it.\n"
    after = _snapshot(desk)
    assert after.keys() == before.keys()  # nothing new, nothing gone
    # Only the fixed file changed (its folder's time changes too: a file was renamed into it).
    changed = sorted(k for k in before if before[k] != after[k] and not os.path.isdir(desk / k))
    assert changed == [os.path.join("news", "fix.txt")]


def test_fix_that_cannot_be_written_leaves_the_file_as_it_was(desk, cli, monkeypatch):
    """The disk fills up in the middle of writing the new text: the original is untouched,
    the temporary file is removed, the error names the file, and the next file is fixed."""
    import framelint.run.fixes

    write_rule(desk / "rules", "DV901", "test-admitted", **FIX_RULE)
    (desk / "a.txt").write_text("He admitted it.\n", encoding="utf-8")
    (desk / "b.txt").write_text("She admitted it.\n", encoding="utf-8")
    real_fdopen = framelint.run.fixes.os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[:3])
            self.fh.flush()
            raise OSError(28, "No space left on device")

    calls = []

    def fdopen(fd, *args, **kwargs):
        calls.append(fd)
        fh = real_fdopen(fd, *args, **kwargs)
        return Full(fh) if len(calls) == 1 else fh

    monkeypatch.setattr(framelint.run.fixes.os, "fdopen", fdopen)
    run = cli("check", "--rules", "rules", "--select", "DV901", "--format", "concise", "--fix", "--unsafe-fixes", "a.txt", "b.txt")
    assert run.err == ("framelint: error: a.txt: cannot fix: No space left on device\n"
                       "Fixed 1 finding in 1 file.\n")
    assert run.out == "a.txt:1:4: DV901 [warning] 'admitted' takes sides.\n"  # still there, still reported
    assert run.code == 2
    assert (desk / "a.txt").read_text(encoding="utf-8") == "He admitted it.\n"
    assert (desk / "b.txt").read_text(encoding="utf-8") == "She said it.\n"
    assert not [p for p in os.listdir(desk) if "framelint-tmp" in p]
