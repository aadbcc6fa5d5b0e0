"""The command line: a thin layer over the engine and the reporters."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import FramelintError, UsageError, shown
from ..version import __version__
from ..run.results import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from .options import _jobs, _Parser, add_rule_options, resolve_config, use_color

def build_parser() -> argparse.ArgumentParser:
    from ..reporters import FORMATS

    parser = _Parser(prog="framelint", description="A linter for the framing of news text.")
    parser.add_argument("--version", action="version", version=f"framelint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check files, directories, globs or - (standard input)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, globs, or - for standard input")
    add_rule_options(check)
    check.add_argument("--format", choices=sorted(FORMATS), default=None, help="output format (default: text)")
    check.add_argument("--fail-level", choices=("info", "warning", "error"), default=None,
                       help="lowest level that makes the exit code 1 (default: warning)")
    check.add_argument("--no-color", action="store_true", help="never colour the output")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when something is found")
    check.add_argument("--stdin-filename", metavar="NAME", help="file name to report (and to pick the format) for -")
    check.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                       help="check files in N processes (default: one per CPU when there are many files)")
    check.add_argument("--show-config", action="store_true",
                       help="print the effective configuration for each PATH, and where it came from, then exit")
    check.add_argument("--fix", action="store_true",
                       help="apply the rules' safe replacements outside quotations, then report what is left")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff: apply (or show) the unsafe fixes too")
    check.add_argument("--interactive", action="store_true",
                       help="with --fix: show each fix as a diff and ask whether to apply it (y/n/a/q)")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes --fix would apply as a unified diff and write nothing "
                            "(exit 1 if there are any); unsafe ones are listed in lines starting with '#'")
    from .options import add_collection_options, add_profile_parser

    add_collection_options(check)
    add_profile_parser(sub)

    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--rules", action="append", metavar="DIR", default=None, help="an extra folder of rule files")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--no-color", action="store_true")

    compare = sub.add_parser("compare", help="compare how several articles cover one story: profiles and figures")
    compare.add_argument("paths", nargs="*", metavar="FILE", help="the articles to compare")
    compare.add_argument("--format", choices=("text", "json", "html"), default="text", help="output format")
    add_rule_options(compare)
    compare.add_argument("--no-color", action="store_true", help="never colour the output")

    explain = sub.add_parser("explain", help="show one rule's documentation and examples")
    explain.add_argument("rule", metavar="CODE|NAME")
    explain.add_argument("--rules", action="append", metavar="DIR", default=None, help="an extra folder of rule files")
    explain.add_argument("--no-color", action="store_true")

    from .rule_tests import add_test_rules_parser

    add_test_rules_parser(sub)

    from .learning import add_learn_parser

    add_learn_parser(sub)

    lsp = sub.add_parser("lsp", help="run the language server on standard input and output (framelint[lsp])")
    lsp.add_argument("--stdio", action="store_true", help="accepted for editors that pass it; stdio is the default")
    sub.add_parser("serve", help="run the HTTP service and its web page (framelint[server]; see serve --help)")
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: cleanup runs, a fix in progress is finished or undone."""


def _on_sigterm(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    import signal
    import threading

    # A file name that is not UTF-8 (decoded by Python with lone surrogates) is printed
    # escaped, as on standard error, not a traceback; every output stays valid UTF-8.
    if getattr(sys.stdout, "errors", None) in ("strict", "surrogateescape") and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(argv)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
    try:
        argv = sys.argv[1:] if argv is None else argv
        if argv[:1] == ["serve"]:   # its options are the service's own (argparse would not pass them on)
            return cmd_optional(argparse.Namespace(command="serve", serve_args=argv[1:]))
        args = build_parser().parse_args(argv)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "explain":
            return cmd_explain(args)
        if args.command == "profile":
            from .archives import cmd_profile

            return cmd_profile(args)
        if args.command == "compare":
            return cmd_compare(args)
        if args.command == "test-rules":
            from .rule_tests import cmd_test_rules

            return cmd_test_rules(args)
        if args.command == "lsp":
            return cmd_optional(args)
        if args.command == "learn":
            from .learning import cmd_learn

            return cmd_learn(args)
        build_parser().print_help()
        return EXIT_ERROR
    except FramelintError as exc:
        sys.stderr.write(f"framelint: error: {shown(str(exc))}\n")
        return EXIT_ERROR
    except KeyboardInterrupt as exc:
        sys.stderr.write("framelint: interrupted\n")
        return 143 if isinstance(exc, Terminated) else 130  # 128 + the signal's number
    except BrokenPipeError:
        return EXIT_OK


def cmd_check(args) -> int:
    from ..engine.linter import pattern_timeout
    from ..reporters import Report, get_reporter
    from ..run.checking import plan, run
    from ..run.results import exit_status
    from .progress import progress

    pattern_timeout(os.environ.get("FRAMELINT_PATTERN_TIMEOUT"))  # a bad value is a usage error (exit 2)
    if args.interactive and not args.fix:
        raise UsageError("--interactive: reviews the fixes of --fix; add --fix")
    if args.interactive and args.diff:
        raise UsageError("--interactive: cannot be used with --diff, which writes nothing")
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes: add --fix to apply them, or --diff to see them")
    if (args.fix or args.diff) and args.input != "files":
        raise UsageError("--fix/--diff: rewrite files; they do not apply to --input collections")
    if args.input != "files":
        from .archives import check_collection

        return check_collection(args)
    if args.scheduler:
        raise UsageError("--scheduler: checks collections; add --input jsonl or --input parquet")
    if not args.paths:
        raise UsageError("check: give at least one PATH (a file, directory, glob, or - for standard input)")
    resolver = resolve_config(args)
    fmt = args.format or "text"
    if args.show_config:
        from ..config import describe, search_notes

        for path in args.paths:
            name = args.stdin_filename if path == "-" and args.stdin_filename else path
            sys.stdout.write(describe(resolver.for_file(path, args.stdin_filename), name))
        notes = search_notes(resolver)
        if notes:
            sys.stdout.write("\n".join(notes) + "\n")
        return EXIT_OK
    planned, errors = plan(args.paths, resolver, args.stdin_filename)
    if args.fix or args.diff:
        return _check_and_fix(args, planned, errors, fmt)
    reporter = get_reporter(fmt)
    color = use_color(args)

    def keep_source(result) -> bool:  # None: whether workers send texts back at all
        return reporter.NEEDS_SOURCE and (result is None or bool(result.findings) or reporter.SHOWS_EVERY_FILE)

    with progress(len(planned), fmt, color) as bar:
        result = run(planned, stdin_filename=args.stdin_filename, jobs=args.jobs, keep_source=keep_source,
                     on_file=bar.advance)
    result.errors[:0] = errors
    for error in result.errors:
        sys.stderr.write(f"framelint: error: {shown(str(error))}\n")
    report = Report(findings=result.findings, errors=result.errors, files=result.files, rules=result.rules,
                    sources=result.sources, color=color, statistics=args.statistics)
    reporter.render(report, sys.stdout)
    sys.stdout.flush()
    return exit_status(result, exit_zero=args.exit_zero)


def _check_and_fix(args, planned, errors, fmt) -> int:
    """--fix writes the safe replacements and reports what is left; --diff only shows them.

    Standard input is never written anywhere but standard output: with --fix the whole
    (fixed) text goes there and the findings go to standard error, as ruff does.
    """
    from itertools import groupby

    from ..reporters import Report, get_reporter
    from ..rules.meta import UNUSED_SUPPRESSION
    from ..rules.model import level_at_least
    from ..run.fixes import fix_bytes, fix_file
    from ..run.results import exit_status
    from ..run.linters import linter_for

    report = Report(findings=[], errors=list(errors), rules=[], color=use_color(args),
                    statistics=args.statistics)
    rules: dict[str, object] = {}
    failing, applied, changed, hidden = False, 0, 0, 0
    stdin_out: bytes | None = None
    diffs: list[str] = []
    review = None
    if args.interactive:
        from .interactive import terminal_review

        review = terminal_review(sys.stdin, sys.stdout, args.paths)
    for config, group in groupby(planned, key=lambda item: item[1]):
        linter = linter_for(config)
        for rule in linter.rules:
            rules.setdefault(rule.code, rule)
        for path, _ in group:
            if path == "-":
                from ..run.fixes import encode_like

                data = sys.stdin.buffer.read()
                outcome = fix_bytes(linter, data, args.stdin_filename or "-", args.unsafe_fixes)
                stdin_out = encode_like(outcome.new, data) if outcome.new is not None and not outcome.errors else data
            else:
                outcome = fix_file(linter, path, write=not args.diff, unsafe=args.unsafe_fixes, choose=review)
            report.files += 1
            report.findings.extend(outcome.findings)
            report.errors.extend(outcome.errors)
            hidden += len(outcome.unsafe_left)
            marks = unsafe_marks(outcome)
            if outcome.changed:
                applied += outcome.applied
                changed += 1
            if marks or outcome.changed:
                diffs.append(marks + outcome.diff())
            if get_reporter(fmt).NEEDS_SOURCE and outcome.findings and outcome.new is not None:
                report.sources[outcome.path] = outcome.new
            failing = failing or any(level_at_least(f.level, config.fail_level) for f in outcome.findings)
    report.rules = list(rules.values())
    if any(f.code == UNUSED_SUPPRESSION.code for f in report.findings):
        report.rules.append(UNUSED_SUPPRESSION)
    for error in report.errors:
        sys.stderr.write(f"framelint: error: {shown(str(error))}\n")
    files = f"{changed} file{'s' if changed != 1 else ''}"
    findings = f"{applied} finding{'s' if applied != 1 else ''}"
    more = (f" ({hidden} more with --unsafe-fixes)" if hidden else "")
    if args.diff:
        sys.stdout.write("".join(diffs))
        sys.stdout.flush()
        sys.stderr.write(f"Would fix {findings} in {files}{more}.\n" if applied else f"No safe fixes to apply{more}.\n")
        if report.errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if applied else EXIT_OK
    if stdin_out is not None:
        sys.stdout.buffer.write(stdin_out)
        sys.stdout.flush()
        report.color = False
        get_reporter(fmt).render(report, sys.stderr)
    else:
        get_reporter(fmt).render(report, sys.stdout)
        sys.stdout.flush()
    if applied:
        sys.stderr.write(f"Fixed {findings} in {files}.\n")
    if hidden:
        sys.stderr.write(f"{hidden} unsafe fix{'es' if hidden != 1 else ''} not applied: "
                         f"review them with --diff, apply them with --fix --unsafe-fixes.\n")
    return exit_status(errors=bool(report.errors), failing=failing, exit_zero=args.exit_zero)


def unsafe_marks(outcome) -> str:
    """Lines starting with '#' before a file's diff: its unsafe fixes, applied or left out.

    ``patch`` and ``git apply`` skip such lines, so the diff still applies.
    """
    from ..run.fixes import diff_path

    lines = []
    for f, state in [*((f, "included (--unsafe-fixes)") for f in outcome.unsafe_applied),
                     *((f, "not included; add --unsafe-fixes") for f in outcome.unsafe_left)]:
        where = f"{diff_path(f.path)}:{f.line}:{f.column}"
        lines.append(f"# unsafe fix {where}: {f.code} '{' '.join(f.match.split())}' -> '{f.fix}' {state}\n")
    return "".join(lines)


def cmd_compare(args) -> int:
    """Profile each article and compare their figures; exit 2 if a file could not be read."""
    from ..analysis.compare import compare_paths
    from ..reporters.comparison import render_json, render_plain, render_rich
    from ..run.linters import linter_for

    if not args.paths:
        raise UsageError("compare: give at least one FILE")
    resolver = resolve_config(args)   # each file's nearest .framelint.toml, then the options, as for check
    comparison = compare_paths(args.paths, lambda path: linter_for(resolver.for_file(path)))
    for error in comparison.errors:
        sys.stderr.write(f"framelint: error: {shown(str(error))}\n")
    if args.format == "json":
        render_json(comparison, sys.stdout)
    elif args.format == "html":
        from ..reporters.html_report import render_comparison

        render_comparison(comparison, sys.stdout)
    elif use_color(args):
        render_rich(comparison, sys.stdout)
    else:
        render_plain(comparison, sys.stdout)
    sys.stdout.flush()
    return EXIT_ERROR if comparison.errors else EXIT_OK


OPTIONAL = {"lsp": ("lsp", ("lsprotocol.types", "pygls.lsp.server")),
            "serve": ("server", ("starlette.applications", "uvicorn"))}


def cmd_optional(args) -> int:
    """``lsp`` and ``serve`` live in extras: without them, one line says what to install."""
    import importlib

    extra, modules = OPTIONAL[args.command]
    try:
        for module in modules:
            importlib.import_module(module)
    except ImportError:
        sys.stderr.write(f"framelint: error: '{args.command}' needs the {extra} extra: "
                         f"pip install 'framelint[{extra}]'\n")
        return EXIT_ERROR
    if args.command == "lsp":
        from ..lsp import main as lsp_main

        return lsp_main()
    from ..server import main as serve_main

    return serve_main(args.serve_args)


def _load(args):
    from ..rules.model import load_rules

    return load_rules(args.rules or [])


def cmd_rules(args) -> int:
    rules = sorted(_load(args), key=lambda r: r.code)
    if args.format == "json":
        import json

        json.dump([{"code": r.code, "name": r.name, "category": r.category, "kind": r.kind, "level": r.level,
                    "scope": r.scope, "builtin": r.builtin, "path": r.path} for r in rules], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if use_color(args):
        from rich.console import Console
        from rich.table import Table

        table = Table("code", "name", "category", "kind", "level", title=f"{len(rules)} rules")
        for r in rules:
            table.add_row(r.code, r.name, r.category, r.kind, r.level)
        Console().print(table)
    else:
        sys.stdout.write(f"{'code':<7} {'name':<34} {'category':<26} {'kind':<12} level\n")
        for r in rules:
            sys.stdout.write(f"{r.code:<7} {r.name:<34} {r.category:<26} {r.kind:<12} {r.level}\n")
        sys.stdout.write(f"\n{len(rules)} rules\n")
    return EXIT_OK


def cmd_explain(args) -> int:
    from ..reporters.explain import explain_text
    from ..errors import did_you_mean

    rules = _load(args)
    for rule in rules:
        if args.rule in (rule.code, rule.name) or args.rule.upper() == rule.code:
            sys.stdout.write(explain_text(rule))
            return EXIT_OK
    choices = [r.code for r in rules] + [r.name for r in rules]
    raise UsageError(f"explain: no such rule: '{args.rule}'{did_you_mean(args.rule, choices)}")
