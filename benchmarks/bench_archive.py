"""Throughput on a JSON Lines archive: one process against a Dask LocalCluster.

Generates an archive of news-like articles (from the word lists of newsgen.py;
four outlets that frame more or less, over twelve months) in a temporary
folder, then times ``framelint check --input jsonl --format jsonl`` on it in
one process and with ``--scheduler local --jobs 2`` (a LocalCluster of two
worker processes), checks that both give the same output byte for byte, and
prints MB/s and records/s.

Then it measures what each task costs on the cluster, apart from the checking:
the same 8 MB of articles checked in 8, 64 and about 500 partitions (the extra wall
time per extra task), and empty tasks (the scheduler's own round trip).

    python benchmarks/bench_archive.py                 # 1 GB archive, then the overhead
    python benchmarks/bench_archive.py --quick         # about 100 MB
    python benchmarks/bench_archive.py --overhead-only # only the per-task overhead
    python benchmarks/bench_archive.py --write-sample sample.jsonl --records 400
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import newsgen  # noqa: E402

# Outlet, and the share of framed sentences it leaves out (a wire service leaves out most).
OUTLETS = [("Harbour Wire", 0.85), ("Northern Courier", 0.5), ("The Daily Beacon", 0.2),
           ("Frontline Herald", 0.0)]
FRAMING_WORDS = tuple(w.lower().rstrip(",") for group in (
    newsgen.LABELS, newsgen.VAGUE, newsgen.SUPERLATIVES, newsgen.LOADED_SAY, newsgen.EDITORIAL,
    newsgen.EUPHEMISMS, newsgen.SCARE) for w in group)


def _pools(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    pool = newsgen.sentence_pool(seed, 20000)
    pools = []
    for _outlet, restraint in OUTLETS:
        pools.append([s for s in pool if not any(w in s.lower() for w in FRAMING_WORDS) or rng.random() >= restraint])
    return pools


def records(count: int | None = None, megabytes: float | None = None, seed: int = 11, article_chars: int = 3000):
    """JSONL lines (str, with newline) of generated articles: by count, or up to about ``megabytes``."""
    rng = random.Random(seed)
    pools = _pools(seed)
    total = int(megabytes * 1_000_000) if megabytes else None
    written, n = 0, 0
    while (count is None or n < count) and (total is None or written < total):
        n += 1
        k = rng.randrange(len(OUTLETS))
        text = newsgen.article(rng, pools[k], rng.randint(article_chars // 2, article_chars * 3 // 2))
        month = rng.randint(1, 12)
        line = json.dumps({"id": f"art-{n:07d}", "source": OUTLETS[k][0], "date": f"2024-{month:02d}-{rng.randint(1, 28):02d}",
                           "text": text}, ensure_ascii=False) + "\n"
        written += len(line.encode("utf-8"))
        yield line


def write_archive(path: str, megabytes: float | None = None, count: int | None = None, seed: int = 11) -> tuple[int, int]:
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for line in records(count=count, megabytes=megabytes, seed=seed):
            fh.write(line)
            n += 1
    return n, os.path.getsize(path)


def _run(args: list[str], out_path: str) -> float:
    start = time.perf_counter()
    with open(out_path, "wb") as out:
        proc = subprocess.run([sys.executable, "-m", "framelint", *args], stdout=out, stderr=subprocess.PIPE,
                              env={**os.environ, "FRAMELINT_NO_PROGRESS": "1"})
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"framelint failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return elapsed


def _digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _rules_key() -> str:
    """A fingerprint of the rule set, read afresh (in a new process) each time."""
    code = "from framelint.api import get_linter; from framelint.run.cluster import RuleSet; " \
           "print(RuleSet.of(get_linter()).key)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()


def _noop(x):
    return x


def overhead(workdir: str, workers: int = 2) -> list[str]:
    """Lines of a table: wall time to check the same 8 MB in more and more partitions on a
    LocalCluster, the extra time per extra task, and the round trip of an empty task."""
    from framelint.api import get_linter
    from framelint.run.records import Fields, check_partition, partitions
    from framelint.run.cluster import Cluster, RuleSet, map_partitions

    sample = os.path.join(workdir, "framelint-archive-overhead-8MB.jsonl")
    if not os.path.exists(sample):
        write_archive(sample + ".part", megabytes=8, seed=5)
        os.replace(sample + ".part", sample)
    size = os.path.getsize(sample)
    ruleset = RuleSet.of(get_linter())
    lines = []
    with Cluster("local", workers=workers) as cluster:
        client = cluster.client
        client.gather(client.map(_noop, range(100)))  # warm up: connections, imports, the plugin
        list(map_partitions(client, check_partition, [(ruleset, p) for p in partitions([sample], "jsonl")[0]],
                            Fields()))
        timings = []
        for pieces in (8, 64, 512):
            parts = partitions([sample], "jsonl", target_bytes=max(1, size // pieces))[0]
            best = None
            for _ in range(2):
                start = time.perf_counter()
                for _result in map_partitions(client, check_partition, [(ruleset, p) for p in parts], Fields()):
                    pass
                seconds = time.perf_counter() - start
                best = seconds if best is None else min(best, seconds)
            timings.append((len(parts), size / len(parts) / 1e6, best))
        empties = 2000
        start = time.perf_counter()
        client.gather(client.map(_noop, range(empties), pure=False))
        empty = (time.perf_counter() - start) / empties
    lines.append(f"per-task overhead: {size / 1e6:.1f} MB checked on a LocalCluster of {workers} workers "
                 f"(best of 2 runs)")
    lines.append(f"{'partitions':>10} {'MB each':>8} {'seconds':>8} {'ms per task':>12}")
    for n, mb, seconds in timings:
        lines.append(f"{n:10d} {mb:8.3f} {seconds:8.2f} {seconds * 1000 / n:12.1f}")
    (n0, _, t0), (n1, _, t1) = timings[0], timings[-1]
    extra = (t1 - t0) / (n1 - n0)
    lines.append(f"extra wall time per extra task: {extra * 1000:.2f} ms "
                 f"({extra * workers * 1000:.2f} ms of worker time with {workers} workers)")
    lines.append(f"empty task, submitted and gathered in bulk: {empty * 1000:.2f} ms each")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="about 100 MB instead of 1 GB")
    parser.add_argument("--megabytes", type=float, help="archive size in MB (10**6 bytes)")
    parser.add_argument("--dir", default=tempfile.gettempdir(), help="where to write the archive (default: /tmp)")
    parser.add_argument("--partition-size", type=float, default=8, metavar="MB")
    parser.add_argument("--skip-single", action="store_true", help="time only the cluster")
    parser.add_argument("--overhead-only", action="store_true", help="only measure the per-task overhead")
    parser.add_argument("--write-sample", metavar="PATH", help="only write a sample archive and exit")
    parser.add_argument("--records", type=int, default=400, help="records in the sample (400)")
    args = parser.parse_args()
    if args.write_sample:
        n, size = write_archive(args.write_sample, count=args.records)
        print(f"wrote {n} records ({size / 1e6:.1f} MB) to {args.write_sample}")
        return 0
    if args.overhead_only:
        print("\n".join(overhead(args.dir)))
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        return 0
    megabytes = args.megabytes or (100 if args.quick else 1000)
    archive = os.path.join(args.dir, f"framelint-archive-{megabytes:g}MB.jsonl")
    if not os.path.exists(archive):
        start = time.perf_counter()
        n, size = write_archive(archive + ".part", megabytes=megabytes)
        os.replace(archive + ".part", archive)
        print(f"generated {archive}: {n} records, {size / 1e6:.0f} MB in {time.perf_counter() - start:.0f} s",
              file=sys.stderr)
    size = os.path.getsize(archive)
    with open(archive, "rb") as fh:
        n = sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 24), b""))
    common = ["check", "--input", "jsonl", "--format", "jsonl", "--exit-zero", "--partition-size",
              str(args.partition_size), archive]
    rows = []
    outputs = {}
    rules_before = _rules_key()
    runs = [("cluster", "LocalCluster, 2 workers", ["--scheduler", "local", "--jobs", "2"])]
    if not args.skip_single:
        runs.insert(0, ("single", "1 process", []))
    for key, label, extra in runs:
        out = os.path.join(args.dir, f"framelint-archive-{key}.jsonl")
        seconds = _run(common + extra, out)
        outputs[key] = out
        with open(out, "rb") as fh:
            findings = sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 24), b""))
        rows.append((label, seconds, size / 1e6 / seconds, n / seconds, findings))
    same = ""
    if len(outputs) == 2:
        if _rules_key() != rules_before:
            same = "not compared: the rule files changed during the runs"
        else:
            same = "identical" if _digest(outputs["single"]) == _digest(outputs["cluster"]) else "DIFFERENT"
    print(f"archive: {n} records, {size / 1e6:.0f} MB, partitions of {args.partition_size:g} MB; "
          f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'run':<26} {'seconds':>8} {'MB/s':>7} {'records/s':>10} {'findings':>9}")
    for label, seconds, mbs, rps, findings in rows:
        print(f"{label:<26} {seconds:8.1f} {mbs:7.2f} {rps:10.0f} {findings:9d}")
    if len(rows) == 2:
        print(f"speed-up: {rows[0][1] / rows[1][1]:.2f}x; outputs {same}")
    for out in outputs.values():
        os.remove(out)
    sys.stdout.flush()
    print()
    print("\n".join(overhead(args.dir)))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0 if same != "DIFFERENT" else 1


if __name__ == "__main__":
    sys.exit(main())
