"""``framelint learn``: a pack of terms rules from span-annotated JSON Lines."""

from __future__ import annotations

import sys

from ..errors import UsageError


def add_learn_parser(sub) -> None:
    learn = sub.add_parser("learn", help="learn a pack of terms rules from span-annotated JSON Lines")
    learn.add_argument("paths", nargs="+", metavar="ANNOTATED.jsonl", help="span-annotated JSON Lines files")
    learn.add_argument("--out", metavar="DIR", help="write the pack here (one folder per category)")
    learn.add_argument("--prefix", default="LN", help="the rule codes' letters (default: LN)")
    learn.add_argument("--folds", type=int, default=5, metavar="K", help="cross-validation folds (default: 5)")
    learn.add_argument("--cross-validate", action="store_true",
                       help="print held-out figures: learn on K-1 folds, check the held-out fold, pool")


def cmd_learn(args) -> int:
    import re

    from ..analysis import learn
    from ..reporters import span_quality

    if not re.fullmatch(r"[A-Z]{1,4}", args.prefix):
        raise UsageError(f"learn: --prefix must be 1 to 4 capital letters, not '{args.prefix}'")
    if args.folds < 2:
        raise UsageError("learn: --folds must be 2 or more")
    if not args.out and not args.cross_validate:
        raise UsageError("learn: give --out DIR, --cross-validate, or both")
    result = learn.learn(args.paths, args.prefix, args.folds)
    out = sys.stdout
    out.write(f"threshold: marked in at least {result.threshold:g} of uses and at least {result.min_count} "
              f"times (chosen by {args.folds}-fold cross-validation)\n")
    out.write(f"{len(result.terms)} terms; {result.dropped_covered} candidates left to the built-in rules, "
              f"{len(result.dropped_heldout)} below {learn.MIN_TERM_PRECISION:g} held-out precision\n")
    if args.out:
        for path in learn.write_pack(result.files, args.out, args.prefix):
            out.write(f"wrote {path}\n")
    if args.cross_validate:
        scores, alone, _ = learn.cross_validate(args.paths, args.prefix, args.folds,
                                                result.threshold, result.min_count)
        span_quality.render_text(alone, out, "\nbuilt-in rules alone (all texts):")
        span_quality.render_text(scores, out, f"\nbuilt-in rules and the learned pack, cross-validated "
                                 f"({args.folds} folds, held-out findings pooled):")
    return 0
