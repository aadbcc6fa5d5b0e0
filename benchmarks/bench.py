"""framelint's speed benchmark: start-up, throughput, scaling, memory and --jobs.

    python benchmarks/bench.py            # the full run (a few minutes; needs ~1.5 GB of disk in /tmp)
    python benchmarks/bench.py --quick    # a smaller run (about half a minute)

Every figure is measured on text written by ``newsgen.py`` (news-like sentences
assembled from word lists, with framing words and quotations at a realistic
density). Whole-process figures run the ``framelint`` command as a user would
and read the child's own CPU time and peak memory (``ru_maxrss``) from
``wait4``; in-process figures time ``Linter.check_file`` with the rule set
already compiled. If proselint is installed, it is run on the same files for
comparison; if not, those columns say so.

This is a benchmark, not a test: it prints a table with the targets and
PASS/FAIL and always exits 0 unless it could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import newsgen  # noqa: E402

MB = 1_000_000


@dataclass
class Run:
    wall: float      # seconds
    cpu: float       # user + system seconds of the child
    maxrss_mb: float
    returncode: int


def command(name: str) -> list[str] | None:
    """The console script ``name`` beside this Python (not a shell shim), or on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    return [found] if found else None


def run(cmd: list[str], stdout=subprocess.DEVNULL) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1 is "found something"; anything else is a failed run
        raise SystemExit(f"bench: {' '.join(cmd)} exited with {proc.returncode}; run it by hand to see why")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def median_run(cmd: list[str], repeat: int) -> Run:
    return median_of([run(cmd) for _ in range(repeat)])


def median_of(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.maxrss_mb for r in runs), runs[-1].returncode)


def in_process_seconds(path: Path, repeat: int, warm: Path) -> float:
    from framelint.api import get_linter

    linter = get_linter()
    linter.check_file(str(warm))  # compiles the lazily compiled parts of the rule set
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        linter.check_file(str(path))
        times.append(time.perf_counter() - start)
    return min(times)


def _spin(n: int = 3_000_000) -> None:
    x = 0
    for i in range(n):
        x += i


def free_cores_check() -> float:
    """Wall time of two CPU-bound processes at once over one alone: 1.0 means two free cores,
    2.0 means the machine had only one to give (others were busy), so --jobs 2 cannot gain."""
    import multiprocessing

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                          else "spawn")

    def timed(n_procs: int) -> float:
        procs = [context.Process(target=_spin) for _ in range(n_procs)]
        start = time.perf_counter()
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        return time.perf_counter() - start

    return min(timed(2) for _ in range(2)) / min(timed(1) for _ in range(2))


def extra_terms_dir(directory: Path, n_terms: int) -> None:
    """A rule folder of synthetic term rules, ``n_terms`` terms in all, in rules of 100 terms."""
    import random

    rng = random.Random(11)
    syllables = ["ba", "ko", "ri", "tem", "lo", "var", "nis", "qu", "ex", "dra", "mo", "pel", "st", "ur",
                 "an", "ti", "gor", "fle", "ma", "su", "zen", "plo", "cav", "id", "or"]
    words: set[str] = set()
    while len(words) < n_terms:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(3, 4)))
        if rng.random() < 0.3:
            word += " " + "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
        words.add(word)
    terms = sorted(words)
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(terms), 100):
        chunk = terms[i:i + 100]
        n = i // 100
        (directory / f"ZZ{n:03d}-synthetic-{n}.toml").write_text("\n".join([
            f'code = "ZZ{n:03d}"',
            f'name = "synthetic-{n}"',
            'category = "loaded-language"',
            'kind = "terms"',
            'message = "\'{match}\' is a made-up benchmark term."',
            'description = "A benchmark rule of made-up words."',
            f"terms = {json.dumps(chunk)}",
            "[examples]",
            f'flag = ["The [[{chunk[0]}]] arrived."]',
            'pass = ["The parcel arrived."]',
        ]) + "\n", encoding="utf-8")


def count_terms(rule_dirs=()) -> tuple[int, int, int]:
    from framelint.rules import load_rules

    rules = load_rules(list(rule_dirs))
    return len(rules), sum(len(r.terms) for r in rules), sum(len(r.patterns) for r in rules)


def unfiltered_patterns() -> list[str]:
    """Codes of the rules with a pattern that has no selective literal prefix (run over every text)."""
    from framelint.api import get_linter

    compiled = get_linter().compiled
    return sorted({c.rule.code for c in compiled.pattern_rules for p in c.patterns
                   if id(p) in compiled.unfiltered and id(p) not in compiled.segmented})


def fmt_s(x: float) -> str:
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller texts and fewer runs")
    parser.add_argument("--keep", metavar="DIR", help="write the generated files here and keep them")
    args = parser.parse_args(argv)

    framelint = command("framelint") or [sys.executable, "-m", "framelint"]
    proselint = command("proselint")
    quick = args.quick
    sizes = [1, 10] if quick else [1, 10, 100]
    big = sizes[-1]
    n_small = 400 if quick else 2000
    repeat = 3 if quick else 5
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="framelint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, str]] = []  # measure, value, target, verdict

    def row(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
        rows.append((name, value, target, "" if ok is None else ("PASS" if ok else "FAIL")))
        print(f"  {name}: {value}", file=sys.stderr, flush=True)

    try:
        print(f"generating texts in {work} ...", file=sys.stderr, flush=True)
        article = work / "article.txt"
        newsgen.write_article(str(article))
        texts = {}
        for size in sizes:
            texts[size] = work / f"news-{size}mb.txt"
            if not texts[size].exists():
                newsgen.write(str(texts[size]), size)
        prose_sample = work / "news-sample.txt"  # proselint is slow: give it a slice of the same text
        newsgen.write(str(prose_sample), 0.25 if quick else 1)
        small_dir = work / "small"
        if not small_dir.exists():
            import random

            small_dir.mkdir()
            rng = random.Random(5)
            pool = newsgen.sentence_pool(3, 3000)
            for i in range(n_small):
                (small_dir / f"article-{i:04d}.txt").write_text(newsgen.article(rng, pool, 3000) + "\n",
                                                                encoding="utf-8")
        n_rules, n_terms, n_patterns = count_terms()
        extra = work / "extra-rules"
        if not extra.exists():
            extra_terms_dir(extra, 10 * n_terms)

        print("measuring ...", file=sys.stderr, flush=True)
        check = framelint + ["check", "--format", "concise"]
        # 1. Start-up on one 4 KB article.
        start_runs = 5 if quick else 11
        run(check + [str(article)])  # fills the rule-set cache, as any earlier run would have
        # The two programs take turns, so a busy moment on the machine hits both alike.
        ours_runs, theirs_runs = [], []
        for _ in range(start_runs):
            ours_runs.append(run(check + [str(article)]))
            if proselint:
                theirs_runs.append(run(proselint + ["check", str(article)]))
        ours = median_of(ours_runs)
        row("start-up, one 4 KB article (median wall, whole process)",
            f"{fmt_s(ours.wall)} (cpu {fmt_s(ours.cpu)})")
        if proselint:
            prose_start = median_of(theirs_runs)
            row("  proselint on the same file", f"{fmt_s(prose_start.wall)} (cpu {fmt_s(prose_start.cpu)})")
            row("start-up vs proselint", f"{ours.wall / prose_start.wall:.2f}x its time", "<= 1.00x",
                ours.wall <= prose_start.wall)
        else:
            row("start-up vs proselint", "n/a (proselint not installed)", "<= 1.00x")

        # 2. Throughput, whole process and in-process, and growth with text size.
        whole: dict[int, Run] = {}
        for size in sizes:
            reps = 1 if size >= 100 else repeat if size <= 1 else 3
            whole[size] = median_run(check + [str(texts[size])], reps)
        for size in sizes[1:]:
            r = whole[size]
            mbs = size / r.wall
            row(f"throughput, {size} MB, whole process", f"{mbs:.1f} MB/s (cpu-bound {size / r.cpu:.1f} MB/s)",
                ">= 20 MB/s", mbs >= 20)
        for size in sizes[1:]:
            secs = in_process_seconds(texts[size], 1 if size >= 100 else 2, texts[sizes[0]])
            row(f"throughput, {size} MB, in-process", f"{size / secs:.1f} MB/s")
        # Ratios are taken on the children's CPU time: wall-clock ratios swing with the machine's load.
        for a, b in zip(sizes, sizes[1:]):
            ratio = whole[b].cpu / whole[a].cpu
            row(f"time for {b} MB / time for {a} MB (cpu)", f"{ratio:.2f}x (wall {whole[b].wall / whole[a].wall:.2f}x)",
                "<= 11x", ratio <= 11)
        if proselint:
            ps = run(proselint + ["check", str(prose_sample)])
            ps_mbs = prose_sample.stat().st_size / MB / ps.wall
            ours_mbs = sizes[1] / whole[sizes[1]].wall
            row(f"  proselint, {prose_sample.stat().st_size / MB:.2f} MB of the same text", f"{ps_mbs:.2f} MB/s")
            row("throughput vs proselint", f"{ours_mbs / ps_mbs:.0f}x", ">= 50x", ours_mbs / ps_mbs >= 50)
        else:
            row("throughput vs proselint", "n/a (proselint not installed)", ">= 50x")

        # 3. Growth with the number of terms.
        size = sizes[1]
        with_extra = median_run(check + ["--rules", str(extra), str(texts[size])], 3)
        ratio = with_extra.cpu / whole[size].cpu
        row(f"{size} MB with 10x the terms ({n_terms} + {10 * n_terms}) / default set (cpu)",
            f"{ratio:.2f}x (wall {with_extra.wall / whole[size].wall:.2f}x)", "<= 1.3x", ratio <= 1.3)

        # 4. Peak memory on the largest text.
        limit = 5 * big + 60
        peak = whole[big].maxrss_mb
        row(f"peak memory, {big} MB file (ru_maxrss)", f"{peak:.0f} MB", f"<= {limit} MB", peak <= limit)

        # 5. --jobs 1 against --jobs 2 on many small files.
        outputs = {}
        times = {}
        for jobs in (1, 2):
            out = work / f"jobs-{jobs}.json"
            cmd = framelint + ["check", "--format", "json", "--jobs", str(jobs), str(small_dir)]
            best = None
            for _ in range(2 if quick else 3):
                with open(out, "wb") as fh:
                    r = run(cmd, stdout=fh)
                best = r if best is None or r.wall < best.wall else best
            times[jobs] = best
            outputs[jobs] = out.read_bytes()
        speedup = times[1].wall / times[2].wall
        row(f"--jobs 1 on {n_small} files", fmt_s(times[1].wall))
        row(f"--jobs 2 on {n_small} files", fmt_s(times[2].wall))
        row("--jobs 2 speed-up", f"{speedup:.2f}x" + ("" if outputs[1] == outputs[2] else " (OUTPUT DIFFERS)"),
            ">= 1.7x", speedup >= 1.7 and outputs[1] == outputs[2])
        row("  machine check: 2 busy processes / 1 (1.00x = 2 free cores)", f"{free_cores_check():.2f}x")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print_table(rows, n_rules, n_terms, n_patterns, quick)
    slow = unfiltered_patterns()
    if slow:
        print(f"\nPattern rules run over the whole text (no selective literal prefix): {', '.join(slow)}")
    return 0


def print_table(rows, n_rules, n_terms, n_patterns, quick) -> None:
    from framelint import __version__

    cpus = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"framelint {__version__} benchmark{' (--quick)' if quick else ''}: Python {platform.python_version()}, "
          f"{cpus} CPUs (load average {load:.1f} at the end), {n_rules} rules ({n_terms} terms, "
          f"{n_patterns} patterns)")
    widths = [max(len(r[i]) for r in rows + [("measure", "value", "target", "")]) for i in range(4)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(("measure", "value", "target", ""), widths)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


if __name__ == "__main__":
    sys.exit(main())
