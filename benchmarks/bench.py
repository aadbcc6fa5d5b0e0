"""framelint's speed benchmark: start-up, throughput, scaling, memory and --jobs.

    python benchmarks/bench.py --proselint /tmp/proselint-venv/bin/proselint   # full run
    python benchmarks/bench.py --quick                                        # smaller, faster

The full run takes a few minutes (most of it proselint reading 10 MB) and about
130 MB of disk in a temporary folder; ``--quick`` uses 1 and 10 MB texts and 400
small files and takes about a minute.

The first figures are measured on real news text (see ``realtext.py``: the
articles of ``../shared/data/ptc-train.jsonl`` and the sentences of ``babe.jsonl``
joined into articles, built in the benchmark's temporary folder at each run and
never kept): as one file and as separate files, the seed articles repeated, and the
hostile shapes of the same text (one line, one paragraph, 100,000 quotations in one
paragraph), each against the same text laid out as usual. Without those corpora
(or with ``--no-real``) they are left out with a message; ``--data DIR`` names
their folder, ``--real-only`` runs only them. The other figures are measured on
text written by ``newsgen.py`` (news-like sentences assembled from word lists, with
framing words and quotations at a realistic density). Whole-process figures run the ``framelint`` command as a user would
and read the child's own CPU time and peak memory (``ru_maxrss``) from
``wait4``; in-process figures time ``run.files.check_file`` with the rule set
already compiled.

proselint, for the comparisons, is not a dependency: install it in a venv of
its own (``python -m venv /tmp/proselint-venv && /tmp/proselint-venv/bin/pip
install proselint``). The benchmark runs the ``proselint`` command named by
``--proselint``, else by ``$PROSELINT``, else the one beside this Python, on
``PATH``, or in ``/tmp/proselint-venv/bin``, in that order; without one, the
comparison rows say so.

Both programs run as installed programs do: from bytecode (written, on the
first run, under the benchmark's own folder, so PYTHONDONTWRITEBYTECODE or a
read-only checkout does not make framelint recompile its modules at every
start), and framelint with a rule-set cache of its own, filled by a first run.

This is a benchmark, not a test: it prints a table with each target and whether
it is met, and exits 0 unless it could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
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
import realtext  # noqa: E402

MB = 1_000_000
CHILD_ENV: dict[str, str] = dict(os.environ)  # set in main()
CHILD_CWD: str | None = None


@dataclass
class Run:
    wall: float      # seconds
    cpu: float       # user + system seconds of the child (and of its own children, e.g. --jobs workers)
    maxrss_mb: float
    returncode: int


def command(name: str, explicit: str | None = None, env_var: str | None = None,
            fallback: str | None = None) -> list[str] | None:
    """The console script ``name``: given, from the environment, beside this Python, on PATH, or at ``fallback``."""
    for candidate in (explicit, os.environ.get(env_var) if env_var else None):
        if candidate:
            found = shutil.which(candidate) or (candidate if Path(candidate).exists() else None)
            if not found:
                raise SystemExit(f"bench: no {name} command at {candidate}")
            return [found]
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    if found:
        return [found]
    if fallback and Path(fallback).exists():
        return [fallback]
    return None


def run(cmd: list[str], stdout=subprocess.DEVNULL, timeout: float | None = None) -> Run | None:
    """Run ``cmd`` and measure it; None when it ran out of ``timeout`` seconds (and was killed)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL, env=CHILD_ENV, cwd=CHILD_CWD)
    if timeout is None:
        _, status, usage = os.wait4(proc.pid, 0)
    else:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                return None
            time.sleep(0.02)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1 is "found something"; anything else is a failed run
        raise SystemExit(f"bench: {' '.join(cmd)} exited with {proc.returncode}; run it by hand to see why")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def median_of(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.maxrss_mb for r in runs), runs[-1].returncode)


def alternate(cmds: list[list[str]], times: int) -> list[Run]:
    """The median run of each command, the commands taking turns, so that a busy moment on
    the machine falls on all of them alike."""
    runs: list[list[Run]] = [[] for _ in cmds]
    for _ in range(times):
        for i, cmd in enumerate(cmds):
            runs[i].append(run(cmd))
    return [median_of(r) for r in runs]


def in_process_seconds(path: Path, repeat: int, warm: Path) -> float:
    from framelint.api import get_linter
    from framelint.run.files import check_file

    linter = get_linter()
    check_file(linter, str(warm))  # compiles the lazily compiled parts of the rule set
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        check_file(linter, str(path))
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

    return min(timed(2) for _ in range(3)) / min(timed(1) for _ in range(3))


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
    from framelint.rules.model import load_rules

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


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


def main(argv=None) -> int:
    global CHILD_CWD
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller texts and fewer runs")
    parser.add_argument("--keep", metavar="DIR", help="write the generated files here and keep them")
    parser.add_argument("--proselint", metavar="CMD", help="the proselint command to compare with")
    parser.add_argument("--data", metavar="DIR", help="the real-text corpora (default: ../shared/data)")
    parser.add_argument("--real-only", action="store_true", help="only the real-text figures")
    parser.add_argument("--no-real", action="store_true", help="only the generated-text figures")
    args = parser.parse_args(argv)
    data = None
    if not args.no_real:
        try:
            data = realtext.data_dir(args.data)
        except realtext.MissingData as missing:
            if args.real_only or args.data:
                raise
            print(f"{missing}; the real-text rows are left out", file=sys.stderr)

    framelint = command("framelint") or [sys.executable, "-m", "framelint"]
    proselint = command("proselint", args.proselint, "PROSELINT", "/tmp/proselint-venv/bin/proselint")
    quick = args.quick
    sizes = [1, 10] if quick else [1, 10, 100]
    big = sizes[-1]
    n_small = 400 if quick else 2000
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="framelint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    CHILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    CHILD_ENV.update(PYTHONPYCACHEPREFIX=str(work / "pycache"), FRAMELINT_CACHE_DIR=str(work / "cache"),
                     NO_COLOR="1")
    CHILD_CWD = str(work)
    rows: list[tuple[str, str, str, str]] = []  # measure, value, target, verdict
    load_start = load()

    def row(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
        rows.append((name, value, target, "" if ok is None else ("met" if ok else "NOT MET")))
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
        # First runs write the bytecode and fill the rule-set caches, as any earlier run would have.
        run(check + [str(article)])
        run(check + ["--rules", str(extra), str(article)])
        if proselint:
            run(proselint + ["check", str(article)])
        if data is not None:
            real_text_rows(row, framelint, proselint, quick, work, data)
        if args.real_only:
            raise _Done

        # 1. Start-up on one 4 KB article.
        start_runs = 5 if quick else 11
        if proselint:
            ours, theirs = alternate([check + [str(article)], proselint + ["check", str(article)]], start_runs)
        else:
            ours, theirs = alternate([check + [str(article)]], start_runs)[0], None
        row(f"start-up, one 4 KB article, whole process (median of {start_runs})",
            f"{fmt_s(ours.wall)} (cpu {fmt_s(ours.cpu)})")
        if theirs:
            row("  proselint on the same file", f"{fmt_s(theirs.wall)} (cpu {fmt_s(theirs.cpu)})")
            row("start-up vs proselint", f"{ours.wall / theirs.wall:.2f}x its time (cpu {ours.cpu / theirs.cpu:.2f}x)",
                "<= 1.00x", ours.wall <= theirs.wall)
        else:
            row("start-up vs proselint", "n/a (proselint not found)", "<= 1.00x")

        # 2. Throughput, whole process and in-process, and growth with text size.
        whole: dict[int, Run] = {}
        for size in sizes:
            whole[size] = alternate([check + [str(texts[size])]], 1 if size >= 100 else 3)[0]
        for size in sizes[1:]:
            r = whole[size]
            row(f"throughput, {size} MB, whole process, full default rule set",
                f"{size / r.wall:.1f} MB/s (cpu-bound {size / r.cpu:.1f} MB/s)", ">= 20 MB/s", size / r.wall >= 20)
        for size in sizes[1:]:
            secs = in_process_seconds(texts[size], 1 if size >= 100 else 2, texts[sizes[0]])
            row(f"throughput, {size} MB, in-process", f"{size / secs:.1f} MB/s")
        # Ratios are taken on the children's CPU time: wall-clock ratios swing with the machine's load.
        for a, b in zip(sizes, sizes[1:]):
            ratio = whole[b].cpu / whole[a].cpu
            row(f"time for {b} MB / time for {a} MB (cpu)", f"{ratio:.2f}x (wall {whole[b].wall / whole[a].wall:.2f}x)",
                "<= 11x", ratio <= 11)
        if proselint:
            # The same file for both; 10 MB takes proselint about 20 s (quick: 1 MB).
            size = sizes[1] if not quick else sizes[0]
            theirs = run(proselint + ["check", str(texts[size])])
            ours = whole[size]
            row(f"  proselint, the {size} MB text", f"{size / theirs.wall:.2f} MB/s (cpu-bound {size / theirs.cpu:.2f} MB/s)")
            row(f"throughput vs proselint ({size} MB)",
                f"{theirs.wall / ours.wall:.0f}x (cpu {theirs.cpu / ours.cpu:.0f}x)", ">= 50x",
                theirs.wall / ours.wall >= 50)
        else:
            row("throughput vs proselint", "n/a (proselint not found)", ">= 50x")

        # 3. Growth with the number of terms: the two rule sets take turns on the same text.
        size = sizes[1]
        default, with_extra = alternate([check + [str(texts[size])],
                                         check + ["--rules", str(extra), str(texts[size])]], 3)
        ratio = with_extra.cpu / default.cpu
        row(f"{size} MB with 10x the terms added ({n_terms} + {10 * n_terms}) / default set (cpu)",
            f"{ratio:.2f}x (wall {with_extra.wall / default.wall:.2f}x)", "<= 1.3x", ratio <= 1.3)

        # 4. Peak memory on the largest text.
        limit = 5 * big + 60
        peak = whole[big].maxrss_mb
        row(f"peak memory, {big} MB file (ru_maxrss)", f"{peak:.0f} MB", f"<= {limit} MB", peak <= limit)

        # 5. --jobs 1 against --jobs 2 on many small files. Timed with the concise format (the
        # report is written by one process whatever the number of jobs); the outputs of both
        # are compared in that format and in JSON.
        same = True
        for fmt in ("json", "concise"):
            outputs = []
            for jobs in (1, 2):
                out = work / f"jobs-{jobs}.{fmt}"
                with open(out, "wb") as fh:
                    run(framelint + ["check", "--format", fmt, "--jobs", str(jobs), str(small_dir)], stdout=fh)
                outputs.append(out.read_bytes())
            same = same and outputs[0] == outputs[1] and len(outputs[0]) > 1000
        jobs_cmd = [framelint + ["check", "--format", "concise", "--jobs", str(j), str(small_dir)] for j in (1, 2)]
        runs: list[list[Run]] = [[], []]
        for _ in range(3 if quick else 5):
            for i, cmd in enumerate(jobs_cmd):
                runs[i].append(run(cmd))
        one, two = (min(r, key=lambda x: x.wall) for r in runs)
        speedup = one.wall / two.wall
        row(f"--jobs 1 on {n_small} files (best wall)", f"{fmt_s(one.wall)} (cpu {fmt_s(one.cpu)})")
        row(f"--jobs 2 on {n_small} files (best wall)", f"{fmt_s(two.wall)} (cpu {fmt_s(two.cpu)}, all processes)")
        row("--jobs 2 speed-up, same output (json and concise)",
            f"{speedup:.2f}x" + ("" if same else " (OUTPUT DIFFERS)"), ">= 1.7x", speedup >= 1.7 and same)
        row("  machine check: 2 busy processes / 1 (1.00x = 2 free cores)", f"{free_cores_check():.2f}x")
    except _Done:
        pass
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print_table(rows, n_rules, n_terms, n_patterns, quick, proselint, load_start)
    slow = unfiltered_patterns()
    if slow:
        print(f"\nPattern rules run over the whole text (no selective literal prefix): {', '.join(slow)}")
    return 0


class _Done(Exception):
    pass


_FINDING = re.compile(rb"^.+?:\d+:\d+: [A-Z]+\d+ ", re.M)


def findings_in(path: Path) -> int:
    return len(_FINDING.findall(path.read_bytes()))


def real_text_rows(row, framelint: list[str], proselint: list[str] | None, quick: bool, work: Path,
                   data: Path) -> None:
    """The figures on real news text (see realtext.py): the same text as one file and as files,
    the seeds, the hostile shapes of the same text, proselint on it, and --jobs."""
    size = 1 if quick else 10
    limit = 60 if quick else 300  # seconds any one run may take
    print(f"building the real-text inputs from {data} ...", file=sys.stderr, flush=True)
    inputs = realtext.build_in_child(work / "real", size, data, 10_000 if quick else 100_000)
    paths = {k: v["path"] for k, v in inputs.items()}
    by_path = {v["path"]: v for v in inputs.values()}
    check = framelint + ["check", "--format", "concise"]

    def measure(name: str, path: Path, *extra: str, times: int = 1, target: float | None = None
                ) -> tuple[Run | None, float]:
        """Whole-process run(s) of framelint on ``path``; the best, and MB/s (0 when it timed out)."""
        out = work / "real-out.txt"
        best = None
        for _ in range(times):
            with open(out, "wb") as fh:
                r = run(check + list(extra) + [str(path)], stdout=fh, timeout=limit)
            if r is None:
                row(name, f"did not finish in {limit} s", f">= {target:g} MB/s" if target else "",
                    False if target else None)
                return None, 0.0
            best = r if best is None or r.wall < best.wall else best
        mb = by_path[path]["bytes"] / MB
        per_k = 1000 * findings_in(out) / max(1, by_path[path]["words"])
        row(name, f"{mb / best.wall:.2f} MB/s (cpu-bound {mb / best.cpu:.2f} MB/s), "
                  f"{per_k:.1f} findings per 1k words, peak {best.maxrss_mb:.0f} MB",
            f">= {target:g} MB/s" if target else "", mb / best.wall >= target if target else None)
        return best, mb / best.wall

    times = 1 if not quick else 2
    _, one_file = measure(f"real articles, one {size} MB file, whole process", paths["real"], times=times,
                          target=20)
    _, as_files = measure(f"real articles, the same {size} MB as {inputs['files']['files']} files, --jobs 1",
                          paths["files"], "--jobs", "1", times=times, target=20)
    if "seeds" in paths:
        measure(f"the seed articles repeated to {size} MB", paths["seeds"], times=times, target=10)
    for key, name, ordinary, base in (
            ("one-line", f"hostile: the real {size} MB on one line", "one file", one_file),
            ("one-paragraph", f"hostile: the real {size} MB as one paragraph", "one file", one_file),
            ("quotes", f"hostile: {inputs['quotes']['bytes'] / MB:.1f} MB, its quotations in one paragraph",
             "paragraphs of five", None)):
        if base is None:
            _, base = measure("  the same quotations in paragraphs of five", paths["quotes-ordinary"])
        _, speed = measure(name, paths[key])
        ratio = speed / base if base else 0.0
        row(f"  {name.split(': ')[1]} / the same text in {ordinary}", f"{ratio:.2f}x", ">= 0.5x", ratio >= 0.5)
    if proselint:
        # Both on the same files (proselint on one 10 MB file takes as long, and says less per file).
        theirs = run(proselint + ["check", "-o", "compact", str(paths["files"])], timeout=10 * limit)
        if theirs is None:
            row("  proselint, the same files", f"did not finish in {10 * limit} s")
        else:
            mb = inputs["files"]["bytes"] / MB
            row("  proselint, the same files", f"{mb / theirs.wall:.2f} MB/s (cpu-bound {mb / theirs.cpu:.2f} MB/s)")
            ratio = as_files / (mb / theirs.wall)
            row("real articles as files vs proselint", f"{ratio:.1f}x its throughput", ">= 40x", ratio >= 40)
    else:
        row("real articles vs proselint", "n/a (proselint not found)", ">= 40x")
    # --jobs on the real articles as files: the same output, and the speed-up.
    import filecmp

    outputs = []
    for jobs in (1, 2):
        out = work / f"real-jobs-{jobs}.json"
        with open(out, "wb") as fh:
            run(framelint + ["check", "--format", "json", "--jobs", str(jobs), str(paths["files"])], stdout=fh)
        outputs.append(out)
    # Compared on disk, not read in: this process stays small (see realtext.build_in_child).
    same = filecmp.cmp(outputs[0], outputs[1], shallow=False) and outputs[0].stat().st_size > 1000
    cmds = [check + ["--jobs", str(j), str(paths["files"])] for j in (1, 2)]
    runs: list[list[Run]] = [[], []]
    for _ in range(2 if quick else 3):
        for i, cmd in enumerate(cmds):
            runs[i].append(run(cmd))
    one, two = (min(r, key=lambda x: x.wall) for r in runs)
    row("--jobs 1 / --jobs 2 on the real files (best wall)",
        f"{fmt_s(one.wall)} / {fmt_s(two.wall)} (cpu {fmt_s(one.cpu)} / {fmt_s(two.cpu)})")
    row("--jobs 2 speed-up on the real files, same JSON output",
        f"{one.wall / two.wall:.2f}x" + ("" if same else " (OUTPUT DIFFERS)"), ">= 1.7x",
        one.wall / two.wall >= 1.7 and same)
    row("  machine check: 2 busy processes / 1 (1.00x = 2 free cores)", f"{free_cores_check():.2f}x")


def print_table(rows, n_rules, n_terms, n_patterns, quick, proselint, load_start) -> None:
    from framelint import __version__

    prose = "not found"
    if proselint:
        try:  # proselint lives in a venv of its own: ask its Python
            out = subprocess.run([str(Path(proselint[0]).parent / "python"), "-c",
                                  "import importlib.metadata as m; print(m.version('proselint'))"],
                                 capture_output=True, text=True, timeout=30)
            prose = f"{out.stdout.strip() or '?'} ({proselint[0]})"
        except (OSError, subprocess.SubprocessError):
            prose = proselint[0]
    print(f"framelint {__version__} benchmark{' (--quick)' if quick else ''}: Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {load_start} at the start and {load()} at the end; "
          f"{n_rules} rules ({n_terms} terms, {n_patterns} patterns); proselint {prose}")
    widths = [max(len(r[i]) for r in rows + [("measure", "value", "target", "")]) for i in range(4)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(("measure", "value", "target", ""), widths)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


if __name__ == "__main__":
    sys.exit(main())
