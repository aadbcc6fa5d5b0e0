"""Every command's output, byte for byte, against outputs kept from an earlier build.

The restructuring of the package into layers promised that nothing a user sees
changes except where a named bug is fixed. These fixtures hold what each command
printed on the bundled corpus, on a generated archive and (as SHA-256 digests, so
that none of their text is copied into the project) on the seed articles.

To regenerate after an intended change of output, on purpose::

    FRAMELINT_REGEN_GOLDEN=1 pytest tests/test_golden_outputs.py

and read the diff of ``tests/golden/`` before committing it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive_words import write_archive

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = ROOT.parent / "shared" / "seeds"
REGEN = bool(os.environ.get("FRAMELINT_REGEN_GOLDEN"))

CHECK_FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "html", "jsonl")

# (name, arguments, where it runs: "root" or "archive")
CORPUS_CASES = [
    *[(f"check-corpus-{fmt}", ["check", "--exit-zero", "--format", fmt, "corpus/"], "root") for fmt in CHECK_FORMATS],
    ("check-corpus-statistics", ["check", "--exit-zero", "--statistics", "corpus/"], "root"),
    ("check-corpus-quotes-info", ["check", "--exit-zero", "--quotes", "info", "--format", "concise", "corpus/"],
     "root"),
    ("check-corpus-select", ["check", "--exit-zero", "--select", "LB,doubt-verb", "--ignore", "LB105",
                             "--format", "concise", "corpus/"], "root"),
    ("check-corpus-diff", ["check", "--diff", "corpus/"], "root"),
    ("compare-story-text", ["compare", "corpus/story/story-side-a.md", "corpus/story/story-side-b.html",
                            "corpus/story/story-tabloid.txt", "corpus/story/story-wire.txt"], "root"),
    ("compare-story-json", ["compare", "--format", "json", "corpus/story/story-side-a.md",
                            "corpus/story/story-side-b.html", "corpus/story/story-tabloid.txt",
                            "corpus/story/story-wire.txt"], "root"),
    ("compare-story-html", ["compare", "--format", "html", "corpus/story/story-side-a.md",
                            "corpus/story/story-side-b.html", "corpus/story/story-tabloid.txt",
                            "corpus/story/story-wire.txt"], "root"),
    ("rules-text", ["rules"], "root"),
    ("rules-json", ["rules", "--format", "json"], "root"),
    ("explain-LB101", ["explain", "LB101"], "root"),
    ("explain-scare-quote", ["explain", "unattributed-quote"], "root"),
    *[(f"archive-check-{fmt}", ["check", "--exit-zero", "--input", "jsonl", "--format", fmt, "archive.jsonl"],
       "archive") for fmt in ("text", "concise", "json", "jsonl", "sarif", "github")],
    *[(f"archive-profile-{fmt}", ["profile", "--by", "source,month", "--format", fmt, "archive.jsonl"], "archive")
      for fmt in ("text", "json", "csv")],
]
SEED_CASES = [
    *[(f"check-seeds-{fmt}", ["check", "--exit-zero", "--format", fmt, "../shared/seeds/"], "root")
      for fmt in CHECK_FORMATS],
    ("check-seeds-diff", ["check", "--diff", "../shared/seeds/"], "root"),
    ("compare-seeds-text", ["compare", "../shared/seeds/*.txt"], "root"),
    ("compare-seeds-json", ["compare", "--format", "json", "../shared/seeds/*.txt"], "root"),
    ("compare-seeds-html", ["compare", "--format", "html", "../shared/seeds/*.txt"], "root"),
]


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden-archive")
    write_archive(folder / "archive.jsonl", 120, seed=11)
    return folder


def run(args: list[str], cwd: Path) -> bytes:
    import glob

    # Globs are expanded here, as a shell would, so that the command sees the same paths.
    expanded = []
    for arg in args:
        matches = sorted(glob.glob(arg, root_dir=cwd)) if "*" in arg else []
        expanded.extend(matches or [arg])
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    env.update(NO_COLOR="1", COLUMNS="100", FRAMELINT_NO_PROGRESS="1")
    proc = subprocess.run([sys.executable, "-m", "framelint", *expanded], cwd=cwd, env=env,
                          capture_output=True, timeout=300)
    output = b"exit %d\n--- stdout\n" % proc.returncode + proc.stdout + b"--- stderr\n" + proc.stderr
    # The checkout may be anywhere: its path (as text and as a file URI) is not part of the output.
    for where, name in ((cwd, b"<root>"), (ROOT, b"<root>"), (ROOT.parent, b"<parent>")):
        output = output.replace(Path(where).as_uri().encode(), b"file://" + name)
        output = output.replace(str(where).encode(), name)
    return output


def _check(name: str, output: bytes, digest_only: bool) -> None:
    path = GOLDEN / (name + (".sha256" if digest_only else ".out"))
    stored = hashlib.sha256(output).hexdigest().encode() + b"\n" if digest_only else output
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(stored)
        return
    assert path.exists(), f"no golden output {path.name}: regenerate with FRAMELINT_REGEN_GOLDEN=1"
    expected = path.read_bytes()
    if digest_only:
        assert stored == expected, f"{name}: output differs from the golden digest"
    else:
        assert output.decode("utf-8", "replace") == expected.decode("utf-8", "replace")


@pytest.mark.parametrize("name,args,where", CORPUS_CASES, ids=[c[0] for c in CORPUS_CASES])
def test_output_is_unchanged(name, args, where, archive_dir):
    cwd = ROOT if where == "root" else archive_dir
    _check(name, run(args, cwd), digest_only=False)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles (../shared/seeds) are not beside this checkout")
@pytest.mark.parametrize("name,args,where", SEED_CASES, ids=[c[0] for c in SEED_CASES])
def test_seed_output_is_unchanged(name, args, where):
    _check(name, run(args, ROOT), digest_only=True)
