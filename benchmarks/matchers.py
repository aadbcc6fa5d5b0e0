"""The one-pass scan against compiled multi-pattern matchers, on the same text and keys.

    python benchmarks/matchers.py FILE          # e.g. the real 10 MB file of bench.py --keep

framelint finds every term and pattern literal of the rule set with one ``re`` expression
(a trie, looked for after each character that may precede a word; see
framelint/kinds/scanner.py). This times that scan, alone and with the Python loop that
turns its matches into candidates, against what the compiled matchers on PyPI with
wheels for Linux, macOS and Windows do with the same keys on the same folded text:
``ahocorasick_rs`` and ``pyahocorasick`` (Aho-Corasick, all matches, no word boundaries:
a lower bound of what a replacement would cost), ``google-re2`` (the same trie with
``\\b``) and ``hyperscan`` (each key with ``\\b``, start of match reported). A matcher that
is not installed is skipped with a note: ``pip install ahocorasick_rs pyahocorasick
google-re2 hyperscan``. It also times the whole check of the file, for the scan's share.
"""

from __future__ import annotations

import re
import sys
import time


def best_of(fn, n: int = 2) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    from framelint.kinds.scanner import fold, trie_pattern
    from framelint.run.files import check_file
    from framelint.run.linters import get_linter

    linter = get_linter()
    compiled = linter.compiled
    text = open(argv[0], encoding="utf-8").read()
    folded = " " + fold(text)
    keys = sorted(compiled.scan_keys)
    plain = [k.strip() for k in keys]
    mb = len(text.encode("utf-8")) / 1e6
    rows = []

    def row(name: str, seconds: float | None, note: str = "") -> None:
        value = f"{mb / seconds:.1f} MB/s ({seconds:.2f} s)" if seconds else note
        rows.append((name, value))
        print(f"  {name}: {value}", file=sys.stderr, flush=True)

    row("re: the one-pass scan (finditer alone)", best_of(lambda: sum(1 for _ in compiled.scan.finditer(folded))))
    row("re: the one-pass scan with its Python loop (candidates)",
        best_of(lambda: sum(1 for _ in compiled.term_candidates(text))))
    try:
        import ahocorasick_rs as acr

        ac = acr.AhoCorasick(plain)
        row("ahocorasick_rs: every match, overlapping", best_of(lambda: ac.find_matches_as_indexes(folded,
                                                                                                  overlapping=True)))
    except ImportError:
        row("ahocorasick_rs", None, "not installed")
    try:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for i, k in enumerate(plain):
            automaton.add_word(k, i)
        automaton.make_automaton()
        row("pyahocorasick: every match, overlapping", best_of(lambda: sum(1 for _ in automaton.iter(folded))))
    except ImportError:
        row("pyahocorasick", None, "not installed")
    try:
        import re2

        options = re2.Options()
        options.max_mem = 1 << 30  # the default budget runs out of DFA memory on this expression
        expression = re2.compile(r"\b(?:" + trie_pattern(keys) + ")", options)
        row("google-re2: the trie with \\b, finditer", best_of(lambda: sum(1 for _ in expression.finditer(folded))))
    except ImportError:
        row("google-re2", None, "not installed")
    try:
        import hyperscan

        db = hyperscan.Database()
        expressions = [b"\\b" + re.escape(k).replace(r"\ ", r"\s+").encode() for k in plain]
        db.compile(expressions=expressions, ids=list(range(len(expressions))),
                   flags=[hyperscan.HS_FLAG_SOM_LEFTMOST] * len(expressions))
        data = folded.encode("utf-8")

        def scan() -> None:
            found = []
            db.scan(data, match_event_handler=lambda i, start, end, flags, ctx: found.append(start) and None)

        row("hyperscan: each key with \\b, start of match, every match (UTF-8 bytes)", best_of(scan))
    except ImportError:
        row("hyperscan", None, "not installed")
    row("the whole check of the file, in-process", best_of(lambda: check_file(linter, argv[0]), 1))
    print(f"{len(keys)} keys (terms and pattern literals), {mb:.1f} MB")
    width = max(len(r[0]) for r in rows)
    print(f"| {'matcher'.ljust(width)} | speed |")
    print(f"|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
