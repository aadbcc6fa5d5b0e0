"""Benchmark inputs made of real news text, built at run time and never kept in the project.

    python benchmarks/realtext.py OUT_DIR [--size MB] [--data DIR]

The text comes from the annotated corpora in ``../shared/data`` beside the checkout (or
``--data``, or ``$FRAMELINT_BENCH_DATA``): the whole articles of ``ptc-train.jsonl`` and the
single sentences of ``babe.jsonl`` joined into articles of about 20 sentences. From it:

- ``real-<size>mb.txt``: the articles, one after another (repeated until the size is
  reached), a blank line between two articles;
- ``real-files/``: the same text, one file per article;
- ``seeds-<size>mb.txt``: the seed articles (``../shared/seeds``) repeated to the size;
- the hostile shapes of the same real text: ``real-one-line-<size>mb.txt`` (every line
  break a space), ``real-one-paragraph-<size>mb.txt`` (no blank line anywhere), and
  ``quotes-one-paragraph.txt`` (N attributed quotations in one paragraph) beside
  ``quotes-paragraphs.txt`` (the same sentences in paragraphs of five).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MB = 1_000_000


class MissingData(SystemExit):
    pass


def data_dir(explicit: str | None = None) -> Path:
    """The folder of the real-text corpora, or a clear exit when it is not there."""
    candidates = [explicit, os.environ.get("FRAMELINT_BENCH_DATA"),
                  str(HERE.parent.parent / "shared" / "data"), str(HERE.parent / ".." / "shared" / "data")]
    for c in candidates:
        if c and (Path(c) / "ptc-train.jsonl").is_file() and (Path(c) / "babe.jsonl").is_file():
            return Path(c)
    tried = ", ".join(str(Path(c)) for c in candidates if c)
    raise MissingData(f"bench: no real-text corpora (ptc-train.jsonl and babe.jsonl) in {tried}; "
                      "give their folder with --data DIR or $FRAMELINT_BENCH_DATA, or run with --no-real")


def seeds_dir(data: Path) -> Path | None:
    seeds = data.parent / "seeds"
    return seeds if seeds.is_dir() and any(seeds.glob("*.txt")) else None


def articles(data: Path) -> list[str]:
    """PTC's articles, then BABE's sentences joined 20 to an article, in file order."""
    out: list[str] = []
    with open(data / "ptc-train.jsonl", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"].strip()
            if text:
                out.append(text)
    sentences: list[str] = []
    with open(data / "babe.jsonl", encoding="utf-8") as fh:
        for line in fh:
            text = " ".join(json.loads(line)["text"].split())
            if text:
                sentences.append(text)
    for i in range(0, len(sentences), 20):
        # A paragraph of two to three sentences, as news is written.
        chunk = sentences[i:i + 20]
        out.append("\n".join(" ".join(chunk[j:j + 3]) for j in range(0, len(chunk), 3)))
    return out


def repeated(texts: list[str], size: int) -> list[str]:
    """``texts`` in order, again and again, until together they hold ``size`` characters."""
    out, total = [], 0
    while total < size:
        for t in texts:
            out.append(t)
            total += len(t.encode("utf-8")) + 2
            if total >= size:
                break
    return out


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


_SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=[A-Z"“])')


def build(out: Path, size_mb: float, data: Path, n_quotes: int = 100_000) -> dict[str, Path]:
    """Write every input into ``out`` (kept when already there) and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    size = int(size_mb * MB)
    tag = f"{size_mb:g}mb"
    paths = {name: out / f"{stem}-{tag}.txt" for name, stem in (
        ("real", "real"), ("seeds", "seeds"), ("one-line", "real-one-line"), ("one-paragraph", "real-one-paragraph"))}
    paths["files"] = out / f"real-files-{tag}"
    paths["quotes"] = out / f"quotes-one-paragraph-{n_quotes}.txt"
    paths["quotes-ordinary"] = out / f"quotes-paragraphs-{n_quotes}.txt"
    if all(p.exists() for p in paths.values()):
        return paths
    texts = articles(data)
    body = repeated(texts, size)
    real = "\n\n".join(body) + "\n"
    write(paths["real"], real)
    files = paths["files"]
    files.mkdir(exist_ok=True)
    for i, t in enumerate(body):
        write(files / f"article-{i:05d}.txt", t + "\n")
    write(paths["one-line"], " ".join(real.split("\n")).rstrip() + "\n")
    write(paths["one-paragraph"], re.sub(r"\n\s*\n", "\n", real))
    seeds = seeds_dir(data)
    if seeds is not None:
        seed_texts = [p.read_text(encoding="utf-8").strip() for p in sorted(seeds.glob("*.txt"))]
        write(paths["seeds"], "\n\n".join(repeated(seed_texts, size)) + "\n")
    else:
        paths.pop("seeds")
    # Quotations: short real sentences, each one quoted and attributed.
    short = [s for t in texts for s in _SENTENCE_END.split(t) if 30 < len(s) < 160 and '"' not in s
             and "“" not in s and s.endswith(".")]
    quoted: list[str] = []
    i = 0
    while len(quoted) < n_quotes:
        s = short[i % len(short)]
        quoted.append(f'"{s[:-1]}," an official said.')
        i += 1
    write(paths["quotes"], " ".join(quoted) + "\n")
    write(paths["quotes-ordinary"], "\n\n".join(" ".join(quoted[j:j + 5]) for j in range(0, len(quoted), 5)) + "\n")
    return paths


def words(path: Path) -> int:
    """Words as framelint counts them, for findings per 1,000 words."""
    pattern = re.compile(r"\w+(?:['’-]\w+)*")
    if path.is_dir():
        return sum(words(p) for p in path.iterdir())
    return sum(1 for _ in pattern.finditer(path.read_text(encoding="utf-8")))


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def build_in_child(out: Path, size_mb: float, data: Path, n_quotes: int) -> dict[str, dict]:
    """``build`` in a process of its own, with each input's size and words: the caller never
    holds the texts, so the children it measures do not start at its size (on Linux a child's
    peak memory counts from its parent's size when it forked)."""
    import subprocess

    proc = subprocess.run([sys.executable, __file__, str(out), "--size", str(size_mb), "--data", str(data),
                           "--quotes", str(n_quotes), "--json"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.strip() or f"bench: building the real-text inputs failed ({proc.returncode})")
    return {k: {**v, "path": Path(v["path"])} for k, v in json.loads(proc.stdout).items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--size", type=float, default=10)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--data")
    parser.add_argument("--json", action="store_true", help="print each input's path, size and words as JSON")
    args = parser.parse_args(argv)
    paths = build(Path(args.out), args.size, data_dir(args.data), args.quotes)
    if args.json:
        print(json.dumps({name: {"path": str(p), "bytes": size_of(p), "words": words(p),
                                 "files": len(list(p.iterdir())) if p.is_dir() else 1}
                          for name, p in paths.items()}))
        return 0
    for name, path in paths.items():
        print(f"{name}: {path} ({size_of(path) / MB:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
