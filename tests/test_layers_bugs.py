"""Bugs that came from one concept having several homes, each fixed by giving it one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import framelint
from framelint.text.document import Document


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in Document(text).quotations() if not q.nested]


@pytest.mark.parametrize("text,speaker", [
    ('"The regime will fall," said Lt. Col. Anna Berg.', "Lt. Col. Anna Berg"),
    ('"The regime will fall," said Anna Berg.', "Anna Berg"),
    ('"The regime will fall," the U.S. envoy said.', "the U.S. envoy"),
    ('"The regime will fall," said the ministry in a statement.', "the ministry"),
    ('"The regime will fall," said Smith, the minister.', "Smith"),
    ('"The regime will fall," said Gen. J. R. Mills on Monday.', "Gen. J. R. Mills"),
])
def test_multi_word_speakers_titles_and_abbreviations(text, speaker):
    assert _speakers(text) == [speaker]


def _exclude_tree(tmp_path):
    (tmp_path / ".framelint.toml").write_text('exclude = ["archive/*"]\n', encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.txt").write_text("The regime fell.\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text("The junta fell.\n", encoding="utf-8")


def test_lint_paths_and_check_exclude_the_same_files(tmp_path, monkeypatch):
    _exclude_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    from framelint.config import load_config_file

    for config in (None, load_config_file(str(tmp_path / ".framelint.toml"))):
        result = framelint.lint_paths(["."], config=config)
        assert sorted({os.path.normpath(f.path) for f in result.findings}) == ["new.txt"]
    proc = subprocess.run([sys.executable, "-m", "framelint", "check", "--format", "concise", "."],
                          capture_output=True, text=True, cwd=tmp_path)
    assert "new.txt" in proc.stdout and "old.txt" not in proc.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", [["compare"], ["check"]])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path, command):
    fifo = tmp_path / "some-fifo.txt"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "framelint", *command, str(fifo)], capture_output=True,
                          text=True, timeout=30, cwd=tmp_path)
    assert proc.returncode == 2
    assert f"{fifo}: not a regular file (a named pipe)" in proc.stderr


def test_the_quality_harness_refuses_a_named_pipe(tmp_path):
    from framelint.analysis.quality import Article, evaluate_article
    from framelint.run.linters import get_linter

    fifo = tmp_path / "a.txt"
    os.mkfifo(fifo)
    result = evaluate_article(get_linter(), Article(fifo, tmp_path / "a.expect.toml", "x", "wire", []))
    assert result.errors and "not a regular file (a named pipe)" in result.errors[0]


@pytest.mark.parametrize("front", [
    '---\ntitle: "The regime falls"\nauthor: The regime desk\n---\n',
    "+++\ntitle = 'The regime falls'\nauthor = 'The regime desk'\n+++\n",
])
def test_front_matter_title_and_description_are_read_as_headlines(front):
    text = front + "\nThe council met on Monday.\n"
    doc = Document(text, "markdown", "a.md")
    start = text.index("The regime falls")
    assert doc.prose[start:start + 16] == "The regime falls"
    assert doc.in_headline(start)
    assert "desk" not in doc.prose  # other keys are not prose
    findings = framelint.lint_text(text, path="a.md")
    assert [(f.code, f.line, f.match) for f in findings if f.code == "LB101"] == [("LB101", 2, "regime")]


def test_an_empty_or_unclosed_front_matter_title_is_not_prose():
    assert Document('---\ntitle: ""\n---\nBody.\n', "markdown").headlines == []
    unclosed = "---\ntitle: The regime falls\nBody.\n"
    assert Document(unclosed, "markdown").prose == unclosed  # not front matter at all: ordinary prose
