"""Start-up imports only what the run needs: checking a .txt draft loads no terminal
library (rich) and no Markdown or HTML parser. Each check runs in a fresh process
and reads the modules it ended with; the same harness sees those modules when a run
does need them (a Markdown file, coloured output on a terminal), so it can fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# Top-level packages and framelint modules that a plain-text check has no use for.
HEAVY = ("rich", "markdown_it", "mdurl", "pygments", "html", "_markupbase", "framelint.text.formats.markdown",
         "framelint.reporters.html_report")

RUN = """
import json, sys
args, out = json.loads(sys.argv[1]), sys.argv[2]
from framelint.cli.main import main
sys.argv = ["framelint", *args]
try:
    main()
except SystemExit:
    pass
with open(out, "w") as fh:
    json.dump(sorted(sys.modules), fh)
"""


def modules_after(tmp_path, args, tty: bool = False) -> set[str]:
    """The modules loaded by the end of ``framelint ARGS`` in a new process."""
    out = tmp_path / "modules.json"
    env = dict(os.environ, FRAMELINT_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("NO_COLOR", None)
    cmd = [sys.executable, "-c", RUN, json.dumps(args), str(out)]
    if tty:
        import pty

        controller, terminal = pty.openpty()
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=terminal, stderr=subprocess.PIPE, env=env)
            os.close(terminal)
            terminal = -1
            while True:  # drain the terminal so that the child never blocks on a full one
                try:
                    if not os.read(controller, 65536):
                        break
                except OSError:
                    break
            proc.wait(timeout=60)
        finally:
            os.close(controller)
            if terminal != -1:
                os.close(terminal)
    else:
        subprocess.run(cmd, capture_output=True, env=env, timeout=60, check=False)
    return set(json.loads(out.read_text()))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m in HEAVY or m.split(".")[0] in HEAVY)


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("Council votes on the budget\n\nThe regime claimed the \u201cliberation\u201d was "
                    "unprecedented, sources say.\n\n\u201cWe will rebuild,\u201d the mayor said.\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["concise", "text", "json"])
def test_checking_a_text_file_loads_no_terminal_library_or_markup_parser(tmp_path, draft, fmt):
    modules = modules_after(tmp_path, ["check", "--format", fmt, str(draft)])
    assert "framelint.engine.linter" in modules  # it did check the file
    assert heavy(modules) == []


def test_the_second_run_loads_no_toml_parser(tmp_path, draft):
    modules_after(tmp_path, ["check", "--format", "concise", str(draft)])  # fills the rule-set cache
    modules = modules_after(tmp_path, ["check", "--format", "concise", str(draft)])
    assert "framelint.engine.linter" in modules
    assert "tomllib" not in modules and "tomli" not in modules


def test_the_harness_sees_a_markup_parser_when_one_is_needed(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Council votes\n\nThe regime claimed it was *unprecedented*.\n", encoding="utf-8")
    assert "framelint.text.formats.markdown" in heavy(modules_after(tmp_path, ["check", "--format", "concise", str(page)]))


@pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_harness_sees_rich_when_output_is_coloured(tmp_path, draft):
    modules = modules_after(tmp_path, ["check", str(draft)], tty=True)
    assert "rich" in modules


# What checking one plain-text file has no use for: the collections (JSONL, Parquet, Dask)
# and their compression libraries, the machine-readable reporters, worker processes, and
# the "did you mean" matcher of error messages.
UNUSED = ("lzma", "bz2", "gzip", "zipfile", "tarfile", "shutil", "difflib", "multiprocessing", "pyarrow", "dask",
          "framelint.cli.archives", "framelint.run.records", "framelint.run.cluster",
          "framelint.reporters.json_format", "framelint.reporters.jsonl", "framelint.reporters.sarif",
          "framelint.analysis")


@pytest.mark.parametrize("fmt", ["concise", "text"])
def test_checking_a_text_file_loads_no_collection_code_or_compression(tmp_path, draft, fmt):
    modules = modules_after(tmp_path, ["check", "--format", fmt, str(draft)])
    assert "framelint.engine.linter" in modules
    assert sorted(m for m in modules if m in UNUSED or m.split(".")[0] in UNUSED) == []


def test_the_harness_sees_collection_code_when_a_collection_is_checked(tmp_path):
    records = tmp_path / "articles.jsonl"
    records.write_text('{"id": "a1", "text": "The regime fell."}\n', encoding="utf-8")
    modules = modules_after(tmp_path, ["check", "--input", "jsonl", "--format", "concise", str(records)])
    assert {"framelint.cli.archives", "framelint.run.records"} <= modules
