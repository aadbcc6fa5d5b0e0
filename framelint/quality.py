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
    parser.add_argument("corpus", nargs="*", default=["corpus"],
                        help="the corpus folder (default: corpus), or span-annotated .jsonl files")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--rules", action="append", metavar="DIR", default=None,
                        help="an extra folder of rule files (repeatable)")
    parser.add_argument("--articles", action="store_true", help="also print a line per article (text format)")
    parser.add_argument("--min-precision", action="append", default=[], metavar="[FILE:]GROUP=X",
                        help="span files: exit 1 when a group's precision is below X (repeatable)")
    parser.add_argument("--min-recall", action="append", default=[], metavar="[FILE:]GROUP=X",
                        help="span files: exit 1 when a group's recall is below X (repeatable)")
    parser.add_argument("--max-false-alarms", type=float, default=None, metavar="X",
                        help="span files: exit 1 when more than this share of non-biased texts get a warning")
    parser.add_argument("--quotes", action="store_true",
                        help="span files: also score findings inside quotations (default: writer's voice only)")
    args = parser.parse_args(argv)
    if any(c.endswith(".jsonl") for c in args.corpus):
        return _spans(args)
    if len(args.corpus) > 1:
        parser.error("give one corpus folder, or .jsonl files")
    args.corpus = args.corpus[0]
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


def _spans(args) -> int:
    """Span-annotated JSON Lines: the per-group table, and the thresholds' verdict."""
    import os.path

    from .analysis import spans
    from .reporters import span_quality

    try:
        if not all(c.endswith(".jsonl") for c in args.corpus):
            raise spans.SpanDataError("give either one corpus folder or .jsonl files, not both")
        min_p = [spans.parse_threshold(t, "--min-precision") for t in args.min_precision]
        min_r = [spans.parse_threshold(t, "--min-recall") for t in args.min_recall]
        from .api import get_linter
        from .config import DEFAULT

        linter = get_linter(DEFAULT.with_overrides(rule_dirs=tuple(args.rules) if args.rules else None))
        scores = []
        for path in args.corpus:
            records = spans.load_annotated(path)
            scores.append(spans.score(os.path.basename(path), records,
                                      spans.predict(linter, records, args.quotes), args.quotes))
    except FramelintError as exc:
        sys.stderr.write(f"framelint.quality: error: {exc}\n")
        return 2
    if args.format == "json":
        json.dump(span_quality.to_json(scores), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        span_quality.render_text(scores, sys.stdout, "framelint on span-annotated text, by overlap"
                                 + ("" if args.quotes else ", writer's voice only") + ":")
    failed = spans.failures(scores, min_p, min_r, args.max_false_alarms)
    for line in failed:
        sys.stderr.write(f"framelint.quality: {line}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
