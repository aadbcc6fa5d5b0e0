"""Interrupted runs: Ctrl-C (SIGINT) and SIGTERM end a run with one clear line and a
non-zero exit code, no traceback, no worker left behind, and with --fix every file is
either untouched or fully fixed."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from conftest import write_rule

EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}
SIGNALS = pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])


def start(*args, cwd, stdin=None):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.Popen([sys.executable, "-m", "framelint", *args], cwd=cwd, env=env,
                            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc):
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out.decode(), err.decode()


def wait_for(condition, what, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return False


@pytest.fixture
def newsroom(tmp_path):
    """Enough text that a check takes seconds: 120 files of about 40 KB."""
    para = ("The regime reportedly said the unprecedented plan was a success, experts say. "
            "Officials admitted the figures were incomplete.\n\n")
    body = para * 300
    (tmp_path / "news").mkdir()
    for i in range(120):
        (tmp_path / "news" / f"story{i:03}.md").write_text(body, encoding="utf-8")
    return tmp_path


@SIGNALS
def test_signal_while_reading_standard_input(tmp_path, sig):
    """Deterministic: the process is surely inside the check once it has read what we wrote."""
    proc = start("check", "--stdin-filename", "story.txt", "-", cwd=tmp_path, stdin=subprocess.PIPE)
    proc.stdin.write(b"The regime fell. " * 80_000)  # more than a pipe holds: returns once read
    proc.stdin.flush()
    proc.send_signal(sig)
    code, out, err = finish(proc)
    assert (code, out, err) == (EXIT[sig], "", "framelint: interrupted\n")


@SIGNALS
def test_signal_during_a_parallel_run(newsroom, sig):
    proc = start("check", "--jobs", "2", "--format", "concise", "news", cwd=newsroom)
    wait_for(lambda: len(children(proc.pid)) >= 2 or proc.poll() is not None, "the worker processes")
    workers = children(proc.pid)
    proc.send_signal(sig)
    code, out, err = finish(proc)
    assert "Traceback" not in err
    assert (code, err) == (EXIT[sig], "framelint: interrupted\n")
    wait_for(lambda: not any(alive(w) for w in workers), "the workers to end", timeout=10)


@SIGNALS
def test_signal_during_a_serial_run(newsroom, sig):
    proc = start("check", "--jobs", "1", "news", cwd=newsroom)
    # Started checking once the process has used a second of CPU: importing takes a fraction.
    wait_for(lambda: _cpu_seconds(proc.pid) > 1.0 or proc.poll() is not None, "the check to start")
    proc.send_signal(sig)
    code, out, err = finish(proc)
    assert (code, out, err) == (EXIT[sig], "", "framelint: interrupted\n")


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().split(") ")[-1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


FIXABLE = "The minister admitted the error.\n" * 2000
FIXED = "The minister said the error.\n" * 2000


@SIGNALS
def test_interrupted_fix_leaves_each_file_untouched_or_fully_fixed(tmp_path, sig):
    write_rule(tmp_path / "rules", "DV901", "test-admitted", category='"doubt-verb"', terms='["admitted"]',
               message="\"'{match}' takes sides.\"", fix='{ admitted = "said" }')
    (tmp_path / "news").mkdir()
    paths = [tmp_path / "news" / f"s{i:03}.txt" for i in range(300)]
    for p in paths:
        p.write_text(FIXABLE, encoding="utf-8")
        p.chmod(0o640)
    proc = start("check", "--rules", "rules", "--select", "DV901", "--fix", "--unsafe-fixes", "news", cwd=tmp_path)
    wait_for(lambda: paths[0].read_text(encoding="utf-8") == FIXED or proc.poll() is not None, "a first fix")
    proc.send_signal(sig)
    code, out, err = finish(proc)
    contents = [p.read_text(encoding="utf-8") for p in paths]
    assert all(c in (FIXABLE, FIXED) for c in contents)
    assert all((p.stat().st_mode & 0o777) == 0o640 for p in paths)  # a fixed file keeps its mode
    assert sorted(os.listdir(tmp_path / "news")) == [p.name for p in paths]  # no temporary file left
    assert (code, err) == (EXIT[sig], "framelint: interrupted\n"), f"{contents.count(FIXED)} of {len(paths)} fixed"
    assert 0 < contents.count(FIXED) < len(paths)


@pytest.mark.parametrize("when", ["before-rename", "after-rename"])
@SIGNALS
def test_interruption_inside_a_write_leaves_the_file_whole(tmp_path, monkeypatch, capsys, sig, when):
    """The signal lands at the worst moment, with the new text written to the temporary file:
    just before the rename the file is untouched, just after it is fully fixed; either way no
    temporary file is left, the next file is never touched, and the run says it was interrupted."""
    import framelint.run.fixes
    from framelint.cli.main import Terminated, main

    write_rule(tmp_path / "rules", "DV901", "test-admitted", category='"doubt-verb"', terms='["admitted"]',
               message="\"'{match}' takes sides.\"", fix='{ admitted = "said" }')
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(FIXABLE, encoding="utf-8")
        (tmp_path / name).chmod(0o640)
    monkeypatch.chdir(tmp_path)
    real_replace = framelint.run.fixes.os.replace
    signal_error = KeyboardInterrupt if sig == signal.SIGINT else Terminated

    def interrupted_replace(src, dst, **kwargs):
        if os.path.basename(dst) != "a.txt":  # the rule cache, say
            return real_replace(src, dst, **kwargs)
        if when == "after-rename":
            real_replace(src, dst)
        raise signal_error()

    monkeypatch.setattr(framelint.run.fixes.os, "replace", interrupted_replace)
    code = main(["check", "--rules", "rules", "--select", "DV901", "--fix", "--unsafe-fixes", "a.txt", "b.txt"])
    captured = capsys.readouterr()
    assert (code, captured.err) == (EXIT[sig], "framelint: interrupted\n")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == (FIXABLE if when == "before-rename" else FIXED)
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == FIXABLE
    assert all(stat.S_IMODE((tmp_path / n).stat().st_mode) == 0o640 for n in ("a.txt", "b.txt"))
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt", "rules"]
