"""Time and peak memory of checking very large and hostile files, each in its own process.

    python benchmarks/hostile_inputs.py            # 100 MB file, 10 MB one-line files
    python benchmarks/hostile_inputs.py --quick    # 10 MB and 1 MB: a smoke run

The last case is a user's rule whose pattern takes a fifth of a second at each of 300
places: no search runs out of time, and the rule's allowance for the file stops it (exit 2).

Each case runs ``python -m framelint check --format concise FILE`` in a fresh process
and reads that process's own peak resident memory from ``os.wait4``, so the numbers do
not mix with the parent's. The text is made by ``newsgen.py`` (news-like prose with
framing words at about the density of real coverage) or, for the hostile cases, here.
Prints a Markdown table for docs/robustness.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def news(megabytes: float, path: str, *, one_line: bool = False) -> None:
    """Write news-like text of about ``megabytes`` MB (newsgen.py) to ``path``; with
    ``one_line``, every line break becomes a space. Streamed: this process stays small,
    because a child's peak memory on Linux starts at its parent's size when it forked."""
    with open(path, "wb") as out:
        proc = subprocess.Popen([sys.executable, os.path.join(HERE, "newsgen.py"), str(megabytes)],
                                stdout=subprocess.PIPE)
        for chunk in iter(lambda: proc.stdout.read(1 << 20), b""):
            out.write(chunk.replace(b"\r", b" ").replace(b"\n", b" ") if one_line else chunk)
        proc.wait()


def dense_line(size: int, path: str) -> None:
    """One line, no full stop: charged words and short quotations over and over."""
    chunk = b'the regime reportedly said "so-called" experts say an unprecedented claimed '
    with open(path, "wb") as out:
        written = 0
        block = chunk * 1000
        while written < size:
            piece = block[:size - written]
            out.write(piece)
            written += len(piece)


SLOW_RULE = """code = "UR901"
name = "slow-everywhere"
category = "loaded-language"
kind = "pattern"
message = "'{match}' is slow to find."
patterns = ['(a|a)+c|regime']
description = "A user's pattern that costs a fifth of a second before each match."

[examples]
flag = ["The [[regime]] fell."]
pass = ["The government fell."]
"""


def slow_everywhere(path: str) -> None:
    """300 places where a user's pattern backtracks a while, never long enough to time out once."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(("a" * 20 + " regime. ") * 300)


def run(path: str, *args: str) -> tuple[float, float, int, int]:
    """(seconds, peak MB, exit code, output lines) of one check in a fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "framelint", "check", "--format", "concise", *args, path],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = sum(1 for _ in proc.stdout)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, code, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller files, for a smoke run")
    args = parser.parse_args()
    big, line, dense = (10, 1, 0.2) if args.quick else (100, 10, 1)
    with tempfile.TemporaryDirectory() as tmp:
        def path(name):
            return os.path.join(tmp, name)

        rules = path("rules")
        os.mkdir(rules)
        with open(os.path.join(rules, "UR901-slow-everywhere.toml"), "w", encoding="utf-8") as fh:
            fh.write(SLOW_RULE)
        cases = [
            (f"{big} MB of news, many lines", lambda p: news(big, p), ()),
            (f"{line} MB of news on one line", lambda p: news(line, p, one_line=True), ()),
            (f"{line} MB of news on one line, one rule (LB101)", lambda p: news(line, p, one_line=True),
             ("--select", "LB101")),
            (f"{dense:g} MB, one line, no full stop, a finding every 15 characters",
             lambda p: dense_line(int(dense * 1_000_000), p), ()),
            ("a user's pattern slow at every finding (stopped by its allowance)", slow_everywhere,
             ("--rules", rules, "--select", "UR901")),
        ]
        print("| input | size | time | peak memory | bound (5 x size + 60 MB) | exit | findings |")
        print("|---|---|---|---|---|---|---|")
        for label, make, extra in cases:
            file = path("input.txt")
            make(file)
            size_mb = os.path.getsize(file) / 1_000_000
            seconds, peak, code, lines = run(file, *extra)
            bound = 5 * size_mb + 60
            size = f"{size_mb:.1f} MB" if size_mb >= 0.1 else f"{size_mb * 1000:.1f} KB"
            print(f"| {label} | {size} | {seconds:.1f} s | {peak:.0f} MB | {bound:.0f} MB "
                  f"({'within' if peak <= bound else 'OVER'}) | {code} | {lines} |", flush=True)
            os.remove(file)


if __name__ == "__main__":
    main()
