"""Safe fixes: --fix and --diff, and every promise a fix makes about the file."""

from __future__ import annotations

import codecs
import os
import stat

import pytest

from conftest import write_rule

import framelint.run.fixes
from framelint.run.fixes import FixError, match_case, write_atomic

# DV901 declares no applicability, so its fixes are unsafe: these tests of how a file is
# written ask for them (what --fix alone applies is tested in test_fix_applicability.py).
FIX_ARGS = ("--rules", "rules", "--select", "DV901", "--format", "concise", "--unsafe-fixes")
BEFORE = 'The minister admitted the error.\nAdmitted, he said. "I admitted nothing," she said.\nADMITTED.\n'
AFTER = 'The minister said the error.\nSaid, he said. "I admitted nothing," she said.\nSAID.\n'


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A folder with one rule, DV901, that flags 'admitted'/'conceded' and may fix them to 'said'."""
    write_rule(tmp_path / "rules", "DV901", "test-admitted", category='"doubt-verb"',
               terms='["admitted", "conceded"]', message="\"'{match}' takes sides.\"",
               fix='{ admitted = "said", conceded = "said" }')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "framelint-tmp" in p.name)


def test_fix_replaces_outside_quotations_keeping_capitals(desk, cli):
    (desk / "a.txt").write_text(BEFORE, encoding="utf-8")
    run = cli("check", *FIX_ARGS, "--fix", "a.txt")
    assert (desk / "a.txt").read_text(encoding="utf-8") == AFTER
    assert run.code == 0
    assert run.out == ""
    assert run.err == "Fixed 3 findings in 1 file.\n"
    assert leftovers(desk) == []


def test_fix_reports_what_is_left(desk, cli):
    write_rule(desk / "rules", "DV902", "no-fix", terms='["slammed"]', message="\"'{match}' is loaded.\"")
    (desk / "a.txt").write_text("Critics slammed it and he conceded.\n", encoding="utf-8")
    run = cli("check", "--rules", "rules", "--select", "DV9", "--format", "concise", "--fix", "--unsafe-fixes",
              "a.txt")
    assert (desk / "a.txt").read_text(encoding="utf-8") == "Critics slammed it and he said.\n"
    assert (run.code, run.out) == (1, "a.txt:1:9: DV902 [warning] 'slammed' is loaded.\n")


def test_quotations_and_suppressions_are_never_fixed(desk, cli):
    text = ('"We admitted nothing," she said.\n\n<!-- framelint-disable-next-line DV901 -->\n'
            "He admitted it.\n")
    (desk / "a.md").write_text(text, encoding="utf-8")
    run = cli("check", *FIX_ARGS, "--fix", "a.md")
    assert (desk / "a.md").read_text(encoding="utf-8") == text
    assert (run.code, run.out, run.err) == (0, "", "")


def test_html_markup_inside_a_match_is_never_rewritten(desk, cli):
    (desk / "a.html").write_text("<p>He <b>admitted</b> it; she ad<i>mit</i>ted it.</p>\n", encoding="utf-8")
    cli("check", *FIX_ARGS, "--fix", "a.html")
    assert (desk / "a.html").read_text(encoding="utf-8") == "<p>He <b>said</b> it; she ad<i>mit</i>ted it.</p>\n"


def test_diff_prints_and_writes_nothing(desk, cli):
    path = desk / "a.txt"
    path.write_text(BEFORE, encoding="utf-8")
    before = os.stat(path)
    run = cli("check", *FIX_ARGS, "--diff", "a.txt")
    assert run.code == 1
    assert run.out == (
        "# unsafe fix a.txt:1:14: DV901 'admitted' -> 'said' included (--unsafe-fixes)\n"
        "# unsafe fix a.txt:2:1: DV901 'Admitted' -> 'said' included (--unsafe-fixes)\n"
        "# unsafe fix a.txt:3:1: DV901 'ADMITTED' -> 'said' included (--unsafe-fixes)\n"
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n"
        "-The minister admitted the error.\n"
        '-Admitted, he said. "I admitted nothing," she said.\n'
        "-ADMITTED.\n"
        "+The minister said the error.\n"
        '+Said, he said. "I admitted nothing," she said.\n'
        "+SAID.\n")
    assert run.err == "Would fix 3 findings in 1 file.\n"
    assert path.read_text(encoding="utf-8") == BEFORE
    after = os.stat(path)
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert leftovers(desk) == []


def test_diff_with_nothing_to_fix_exits_0(desk, cli):
    (desk / "a.txt").write_text("He said it.\n", encoding="utf-8")
    run = cli("check", *FIX_ARGS, "--diff", "a.txt")
    assert (run.code, run.out, run.err) == (0, "", "No safe fixes to apply.\n")


@pytest.mark.parametrize("bom, codec", [
    (b"", "utf-8"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_encoding_and_bom_are_kept(desk, cli, bom, codec):
    path = desk / "a.txt"
    path.write_bytes(bom + "Le ministre — he admitted it. 🙂\n".encode(codec))
    run = cli("check", *FIX_ARGS, "--fix", "a.txt")
    assert run.code == 0
    assert path.read_bytes() == bom + "Le ministre — he said it. 🙂\n".encode(codec)


def test_crlf_line_endings_are_kept(desk, cli):
    path = desk / "a.txt"
    path.write_bytes(BEFORE.replace("\n", "\r\n").encode("utf-8"))
    cli("check", *FIX_ARGS, "--fix", "a.txt")
    assert path.read_bytes() == AFTER.replace("\n", "\r\n").encode("utf-8")


def test_mixed_line_endings_and_no_final_newline_are_kept(desk, cli):
    path = desk / "a.txt"
    path.write_bytes(b"He admitted it.\r\nShe conceded.\nThey admitted")
    cli("check", *FIX_ARGS, "--fix", "a.txt")
    assert path.read_bytes() == b"He said it.\r\nShe said.\nThey said"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_file_mode_is_kept(desk, cli, mode):
    path = desk / "a.txt"
    path.write_text("He admitted it.\n", encoding="utf-8")
    path.chmod(mode)
    cli("check", *FIX_ARGS, "--fix", "a.txt")
    assert path.read_text(encoding="utf-8") == "He said it.\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == mode


def test_a_symbolic_link_stays_a_link(desk, cli):
    (desk / "real.txt").write_text("He admitted it.\n", encoding="utf-8")
    (desk / "link.txt").symlink_to("real.txt")
    cli("check", *FIX_ARGS, "--fix", "link.txt")
    assert (desk / "link.txt").is_symlink()
    assert (desk / "real.txt").read_text(encoding="utf-8") == "He said it.\n"


def test_fix_writes_a_temporary_file_and_renames_it_over_the_original(desk, cli, monkeypatch):
    path = desk / "a.txt"
    path.write_text("He admitted it.\n", encoding="utf-8")
    inode = os.stat(path).st_ino
    renames = []
    real_replace = os.replace

    def replace(src, dst):
        renames.append((os.fspath(src), os.fspath(dst), open(src, "rb").read(), path.read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    cli("check", *FIX_ARGS, "--fix", "a.txt")
    [(src, dst, new, old)] = renames
    # The whole new text was in a temporary file beside the original, which was still intact.
    assert os.path.dirname(src) == str(desk) and os.path.basename(src).startswith(".a.txt.")
    assert dst == os.path.realpath(path)
    assert (new, old) == (b"He said it.\n", b"He admitted it.\n")
    assert path.read_bytes() == b"He said it.\n" and os.stat(path).st_ino != inode
    assert leftovers(desk) == []


def test_a_failed_write_leaves_the_original_untouched(desk, cli, monkeypatch):
    import errno

    path = desk / "a.txt"
    path.write_text("He admitted it.\n", encoding="utf-8")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    run = cli("check", *FIX_ARGS, "--fix", "a.txt")
    assert run.code == 2
    assert run.err == f"framelint: error: a.txt: cannot fix: {os.strerror(errno.ENOSPC)}\n"
    assert run.out == "a.txt:1:4: DV901 [warning] 'admitted' takes sides.\n"  # still reported, not fixed
    assert path.read_text(encoding="utf-8") == "He admitted it.\n"
    assert leftovers(desk) == []


def test_file_changed_on_disk_is_not_written(desk, cli, monkeypatch):
    path = desk / "a.txt"
    path.write_text("He admitted it.\n", encoding="utf-8")
    real_fix_bytes = framelint.run.fixes.fix_bytes

    def someone_saves_meanwhile(linter, data, name, *args):
        outcome = real_fix_bytes(linter, data, name, *args)
        path.write_text("An editor's newer version: he admitted it.\n", encoding="utf-8")
        return outcome

    monkeypatch.setattr(framelint.run.fixes, "fix_bytes", someone_saves_meanwhile)
    run = cli("check", *FIX_ARGS, "--fix", "a.txt")
    assert run.code == 2
    assert run.err.startswith("framelint: error: a.txt: changed on disk since it was checked; not fixed")
    assert path.read_text(encoding="utf-8") == "An editor's newer version: he admitted it.\n"
    assert leftovers(desk) == []


def test_write_atomic_refuses_a_changed_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"one")
    path.write_bytes(b"two")  # changed after 'one' was read
    with pytest.raises(FixError, match="changed on disk since it was checked"):
        write_atomic(str(path), b"one", b"three")
    assert path.read_bytes() == b"two"
    assert leftovers(tmp_path) == []
    write_atomic(str(path), b"two", b"three")
    assert path.read_bytes() == b"three"


def test_read_only_file_is_refused(desk, cli):
    path = desk / "a.txt"
    path.write_text("He admitted it.\n", encoding="utf-8")
    path.chmod(0o444)
    run = cli("check", *FIX_ARGS, "--fix", "a.txt")
    assert run.code == 2
    assert run.err == "framelint: error: a.txt: cannot fix: the file is read-only\n"
    assert run.out == "a.txt:1:4: DV901 [warning] 'admitted' takes sides.\n"
    assert path.read_text(encoding="utf-8") == "He admitted it.\n"


def test_standard_input_is_fixed_to_standard_output(desk, cli):
    run = cli("check", *FIX_ARGS, "--fix", "--stdin-filename", "draft.txt", "-",
              stdin="He conceded.\nCritics admitted it.\n".encode())
    assert run.out == "He said.\nCritics said it.\n"
    assert run.err == "Fixed 2 findings in 1 file.\n"
    assert run.code == 0
    assert not (desk / "draft.txt").exists()


def test_standard_input_remaining_findings_go_to_standard_error(desk, cli):
    write_rule(desk / "rules", "DV902", "no-fix", terms='["slammed"]', message="\"'{match}' is loaded.\"")
    run = cli("check", "--rules", "rules", "--select", "DV9", "--format", "concise", "--fix", "-",
              stdin='"I admitted it," he said. Critics slammed it.\n'.encode())
    assert run.out == '"I admitted it," he said. Critics slammed it.\n'
    assert run.err == "-:1:35: DV902 [warning] 'slammed' is loaded.\n"
    assert run.code == 1


def test_match_case():
    assert [match_case("said", w) for w in ("admitted", "Admitted", "ADMITTED", "A")] == \
           ["said", "Said", "SAID", "Said"]
    assert match_case("Ukrainian government", "regime") == "Ukrainian government"
