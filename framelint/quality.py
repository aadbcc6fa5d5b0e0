"""``python -m framelint.quality``: precision and recall of the rules on an annotated corpus."""

from __future__ import annotations

import argparse
import json
import os
import sys

from .analysis.quality import evaluate, render_text, to_json
from .errors import FramelintError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m framelint.quality",
                                     description="Precision and recall of framelint on an annotated corpus.")
    parser.add_argument("corpus", nargs="?", default="corpus", help="the corpus folder (default: corpus)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--rules", action="append", metavar="DIR", default=None,
                        help="an extra folder of rule files (repeatable)")
    parser.add_argument("--articles", action="store_true", help="also print a line per article (text format)")
    args = parser.parse_args(argv)
    try:
        from .api import get_linter
        from .config import DEFAULT

        linter = get_linter(DEFAULT.with_overrides(rule_dirs=tuple(args.rules) if args.rules else None))
        result = evaluate(args.corpus, linter)
    except FramelintError as exc:
        sys.stderr.write(f"framelint.quality: error: {exc}\n")
        return 2
    try:
        if args.format == "json":
            json.dump(to_json(result), sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            render_text(result, sys.stdout, articles=args.articles)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if any(a.errors for a in result.articles):
        return 2
    return 1 if result.mismatches() else 0


if __name__ == "__main__":
    raise SystemExit(main())
