"""What the docs say a command prints is what it prints.

A documented command is marked in the Markdown with an HTML comment just before its
fenced block (the comment is invisible on the rendered page):

    <!-- framelint-doc: output -->
    ```console
    $ framelint check --format concise draft.md
    draft.md:1:5: LB101 [warning] ...
    ```

Each ``$ `` line is a command (``framelint ...`` or ``python ...``, no shell), and the
lines up to the next ``$ `` line are its standard output, exactly. The comment may add
``; cwd: FOLDER`` (where the command runs, relative to the top of the repository) and
``; setup: COMMAND`` (run first, its output not compared; several joined by ``&&``). Commands run in a
temporary folder that holds links to the repository's files, so a setup may write files
without touching the checkout. ``FRAMELINT_REGEN_DOCS=1 pytest tests/test_doc_outputs.py``
rewrites the marked blocks with what the commands print now; read the diff.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARK = re.compile(r"^<!-- framelint-doc: output(?P<options>[^>]*?)\s*-->\n(?P<fence>```+)[a-z]*\n(?P<body>.*?)^(?P=fence)\s*$",
                  re.M | re.S)
DOCS = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]


@dataclass
class Documented:
    doc: str
    line: int
    commands: list[tuple[str, str]]   # (command, expected output)
    cwd: str
    setup: list[str]


def parse_block(body: str) -> list[tuple[str, str]]:
    commands: list[tuple[str, list[str]]] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("$ "):
            commands.append((line[2:].strip(), []))
        elif commands:
            commands[-1][1].append(line)
        else:
            raise ValueError(f"a marked block must start with a '$ ' line, not {line!r}")
    return [(command, "".join(lines)) for command, lines in commands]


def documented(doc: str) -> list[Documented]:
    text = (ROOT / doc).read_text(encoding="utf-8")
    found = []
    for m in MARK.finditer(text):
        options = dict(part.split(":", 1) for part in m.group("options").split(";") if ":" in part)
        options = {k.strip(): v.strip() for k, v in options.items()}
        setup = [c.strip() for c in options.get("setup", "").split("&&") if c.strip()]
        found.append(Documented(doc, text.count("\n", 0, m.start()) + 1, parse_block(m.group("body")),
                                options.get("cwd", "."), setup))
    return found


BLOCKS = [block for doc in DOCS for block in documented(doc)]


def argv(command: str) -> list[str]:
    words = shlex.split(command)
    if words[0] == "framelint":
        return [sys.executable, "-m", "framelint", *words[1:]]
    if words[0] == "python":
        return [sys.executable, *words[1:]]
    raise ValueError(f"a documented command runs framelint or python, not {words[0]!r}")


def run(command: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CI")}
    env.update(NO_COLOR="1", COLUMNS="200", FRAMELINT_NO_PROGRESS="1")
    proc = subprocess.run(argv(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), f"{command}: exit {proc.returncode}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture
def workdir(tmp_path) -> Path:
    """A folder that looks like the checkout: a link to each of its top-level files and folders."""
    for entry in ROOT.iterdir():
        if entry.name != ".git":
            (tmp_path / entry.name).symlink_to(entry)
    return tmp_path


def test_the_docs_mark_the_commands_they_show():
    marked = {(b.doc, command) for b in BLOCKS for command, _ in b.commands}
    assert ("README.md", "python -m framelint.quality corpus/") in marked
    assert ("docs/archives.md", "framelint profile sample.jsonl --by source") in marked
    assert ("docs/ci.md", "framelint check --format github docs/examples/drafts/strike.md") in marked
    assert ("docs/styles.md", "framelint test-rules styles/wire") in marked


def test_parse_block():
    assert parse_block("$ framelint rules\nLB101\n\n$ framelint explain LB101\nx\n") == [
        ("framelint rules", "LB101\n\n"), ("framelint explain LB101", "x\n")]
    with pytest.raises(ValueError):
        parse_block("output before any command\n")


@pytest.mark.parametrize("block", BLOCKS, ids=[f"{b.doc}:{b.line}" for b in BLOCKS])
def test_documented_output(block, workdir):
    cwd = workdir / block.cwd
    for command in block.setup:
        run(command, cwd)
    regen = os.environ.get("FRAMELINT_REGEN_DOCS") == "1"
    for command, expected in block.commands:
        actual = run(command, cwd)
        # Blank lines at the end of an output part it from the next command in the block.
        separator = expected[len(expected.rstrip("\n")):]
        if regen and actual.rstrip("\n") != expected.rstrip("\n"):
            path = ROOT / block.doc
            text = path.read_text(encoding="utf-8")
            old = f"$ {command}\n{expected}"
            assert text.count(old) == 1, f"{block.doc}:{block.line}: cannot find the block to rewrite"
            path.write_text(text.replace(old, f"$ {command}\n{actual.rstrip(chr(10))}{separator or chr(10)}"),
                            encoding="utf-8")
            continue
        assert actual.rstrip("\n") == expected.rstrip("\n"), (f"{block.doc}:{block.line}: `{command}` prints something else than the docs "
                                    f"show (FRAMELINT_REGEN_DOCS=1 rewrites them):\n{actual}")
