"""The progress bar: only for many files, a human format and a terminal on standard error."""

from __future__ import annotations

import io
import sys

import pytest

from conftest import run_framelint

from framelint.cli import progress as progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize("files, fmt, stream, environ, expected", [
    (21, "text", Terminal(), {}, True),
    (500, "concise", Terminal(), {}, True),
    (20, "text", Terminal(), {}, False),          # few files: done before a bar helps
    (500, "text", Pipe(), {}, False),             # never in a pipe
    (500, "json", Terminal(), {}, False),         # never for machine-readable formats
    (500, "sarif", Terminal(), {}, False),
    (500, "github", Terminal(), {}, False),
    (500, "text", Terminal(), {"TERM": "dumb"}, False),
    (500, "text", Terminal(), {"CI": "true"}, False),
    (500, "text", Terminal(), {"FRAMELINT_NO_PROGRESS": "1"}, False),
])
def test_when_a_bar_is_drawn(files, fmt, stream, environ, expected):
    assert progress.wanted(files, fmt, stream, environ) is expected


def test_a_closed_or_odd_stream_means_no_bar():
    closed = Terminal()
    closed.close()
    assert progress.wanted(500, "text", closed, {}) is False
    assert progress.wanted(500, "text", object(), {}) is False


def many_files(folder, n=25):
    for i in range(n):
        (folder / f"story{i:02}.txt").write_text("Prices rose.\n", encoding="utf-8")


def test_no_progress_output_in_a_pipe(tmp_path):
    many_files(tmp_path)
    run = run_framelint("check", str(tmp_path), env={"CI": ""})
    assert (run.code, run.err) == (0, "")
    assert run.out == "No findings in 25 files.\n"


def test_bar_goes_to_standard_error_on_a_terminal(tmp_path, monkeypatch, capsys):
    from framelint.cli.main import main

    many_files(tmp_path)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("FRAMELINT_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert main(["check", "--format", "concise", str(tmp_path)]) == 0
    assert "checking" in terminal.getvalue()
    assert capsys.readouterr().out == ""  # the findings' stream is untouched


def test_no_bar_for_json_even_on_a_terminal(tmp_path, monkeypatch, capsys):
    from framelint.cli.main import main

    many_files(tmp_path)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert main(["check", "--format", "json", str(tmp_path)]) == 0
    assert terminal.getvalue() == ""
    assert capsys.readouterr().out == "[]\n"


def _run_with_a_terminal_on_stderr(*args: str) -> tuple[int, str, str]:
    """Run framelint with standard error on a real pseudo-terminal and standard output in a pipe."""
    import os
    import subprocess

    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "FRAMELINT_NO_PROGRESS", "NO_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="30")
    try:
        proc = subprocess.Popen([sys.executable, "-m", "framelint", *args], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=slave, env=env)
        os.close(slave)
        out = proc.stdout.read()
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            err += chunk
        code = proc.wait(timeout=60)
    finally:
        os.close(master)
    return code, out.decode("utf-8"), err.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_real_terminal_gets_the_bar_and_the_pipe_gets_only_findings(tmp_path):
    many_files(tmp_path)
    (tmp_path / "story00.txt").write_text("The regime fell.\n", encoding="utf-8")
    code, out, err = _run_with_a_terminal_on_stderr("check", "--format", "concise", "--select", "LB101",
                                                    str(tmp_path))
    assert code == 1
    assert "checking" in err and "\x1b[" in err  # drawn with terminal controls, on standard error
    # The findings' stream is a pipe: the one finding, nothing of the bar.
    assert out.count("\n") == 1 and out.startswith(f"{tmp_path / 'story00.txt'}:1:5: LB101 [warning] 'regime'")
    assert "\x1b" not in out and "checking" not in out


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "gitlab", "jsonl"])
def test_a_real_terminal_gets_no_bar_for_machine_readable_formats(tmp_path, fmt):
    many_files(tmp_path)
    code, out, err = _run_with_a_terminal_on_stderr("check", "--format", fmt, str(tmp_path))
    assert code == 0
    assert err == ""
    assert "\x1b" not in out
