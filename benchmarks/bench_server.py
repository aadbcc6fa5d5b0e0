"""Load on `framelint serve`: a bounded number of requests, a fixed number at a time, to loopback only.

    python benchmarks/bench_server.py                      # 2,000 requests, 20 at a time, one worker
    python benchmarks/bench_server.py --workers 2          # the service with two processes
    python benchmarks/bench_server.py --url http://127.0.0.1:8750   # a service already running here

The articles are the corpus's, in three sizes (a paragraph, an article, eight articles
run together: about 0.2, 3 and 24 KB), mixed 6:3:1. Every answer must be 200 with
exactly the findings that article has (counted once before the run): a request lost,
refused or answered wrongly is counted and makes the exit code 1. It prints the latency
percentiles and the requests per second. The client runs on the same machine as the
service and takes part of its CPU. The run stops by itself: after --requests requests,
or at --deadline seconds, whichever comes first.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent


def articles() -> dict[str, list[tuple[str, str]]]:
    files = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".md", ".html"))
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    small = [(name, text.split("\n\n")[1] if text.count("\n\n") > 1 else text[:400]) for name, text in texts]
    plain = [t for n, t in texts if n.endswith(".txt")]
    large = [(f"long-{i}.txt", "\n\n".join(plain[i:i + 8])) for i in range(0, len(plain) - 8, 2)]
    return {"small": small, "medium": texts, "large": large}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def loopback_only(url: str) -> None:
    host = urlparse(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        sys.exit(f"bench_server: {url}: this benchmark sends traffic to loopback addresses only")


def start(workers: int) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "framelint", "serve", "--port", str(port),
                             "--workers", str(workers)], stderr=subprocess.DEVNULL, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("bench_server: framelint serve did not start in 60 s")


async def run(url: str, total: int, concurrency: int, deadline: float, seed: int) -> int:
    sets = articles()
    rng = random.Random(seed)
    plan = [rng.choice(sets[rng.choices(("small", "medium", "large"), (6, 3, 1))[0]]) for _ in range(total)]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        expected: dict[tuple[str, str], int] = {}
        for item in dict.fromkeys(plan):   # the right answer for each article, asked once, one at a time
            response = await http.post("/v1/check", json={"text": item[1], "path": item[0]})
            expected[item] = len(response.json()["findings"])
        latencies: list[float] = []
        failures: list[str] = []
        sent = 0
        queue = list(enumerate(plan))
        stop_at = time.monotonic() + deadline

        async def worker() -> None:
            nonlocal sent
            while queue and time.monotonic() < stop_at:
                i, item = queue.pop()
                sent += 1
                began = time.perf_counter()
                try:
                    response = await http.post("/v1/check", json={"text": item[1], "path": item[0]})
                    ok = response.status_code == 200 and len(response.json()["findings"]) == expected[item]
                    if not ok:
                        failures.append(f"request {i}: {response.status_code}")
                except httpx.HTTPError as exc:
                    failures.append(f"request {i}: {type(exc).__name__}")
                latencies.append(time.perf_counter() - began)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    size = sum(len(t.encode()) for _, t in plan) / total
    print(f"requests: {len(latencies)} of {total} sent ({sent}), {concurrency} at a time, "
          f"mean body {size / 1000:.1f} KB")
    print(f"answered correctly: {len(latencies) - len(failures)}; failed or wrong: {len(failures)}")
    for f in failures[:5]:
        print(f"  {f}")
    print(f"latency: p50 {percentile(latencies, 50) * 1000:.1f} ms, p90 {percentile(latencies, 90) * 1000:.1f} ms, "
          f"p99 {percentile(latencies, 99) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")
    print(f"throughput: {len(latencies) / elapsed:.1f} requests/s over {elapsed:.1f} s "
          f"({sum(len(t.encode()) for _, t in plan[:len(latencies)]) / elapsed / 1e6:.2f} MB/s of text)")
    return 1 if failures or len(latencies) < total else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="worker processes of the service it starts")
    parser.add_argument("--url", help="a service already running on a loopback address")
    parser.add_argument("--deadline", type=float, default=300, help="stop after this many seconds (default 300)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not 1 <= args.requests <= 100_000 or not 1 <= args.concurrency <= 200:
        parser.error("--requests must be 1 to 100,000 and --concurrency 1 to 200")
    proc = None
    if args.url:
        loopback_only(args.url)
        url = args.url.rstrip("/")
    else:
        proc, url = start(args.workers)
    print(f"framelint serve at {url}, {args.workers if proc else '?'} worker(s), {os.cpu_count()} CPUs")
    try:
        return asyncio.run(run(url, args.requests, args.concurrency, args.deadline, args.seed))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(15)


if __name__ == "__main__":
    sys.exit(main())
