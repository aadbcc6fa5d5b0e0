"""The progress bar: only for many files, a human format and a terminal on standard error."""

from __future__ import annotations

import io
import sys

import pytest

from conftest import run_framelint

from framelint import progress


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
    from framelint.cli import main

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
    from framelint.cli import main

    many_files(tmp_path)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert main(["check", "--format", "json", str(tmp_path)]) == 0
    assert terminal.getvalue() == ""
    assert capsys.readouterr().out == "[]\n"
