"""The command line: a thin layer over the engine and the reporters."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .errors import FramelintError, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit code 2, as for every usage error
        raise UsageError(message)


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    from .reporters import FORMATS

    parser = _Parser(prog="framelint", description="A linter for the framing of news text.")
    parser.add_argument("--version", action="version", version=f"framelint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check files, directories, globs or - (standard input)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, globs, or - for standard input")
    check.add_argument("--select", type=_csv, action="extend", metavar="RULES",
                       help="only these rules: codes, names, categories or code prefixes, comma-separated")
    check.add_argument("--ignore", type=_csv, action="extend", metavar="RULES", help="leave out these rules")
    check.add_argument("--format", choices=sorted(FORMATS), default=None, help="output format (default: text)")
    check.add_argument("--fail-level", choices=("info", "warning", "error"), default=None,
                       help="lowest level that makes the exit code 1 (default: warning)")
    check.add_argument("--config", metavar="FILE", help="use this configuration file")
    check.add_argument("--rules", action="append", metavar="DIR", default=None,
                       help="an extra folder of rule files (repeatable)")
    check.add_argument("--quotes", choices=("skip", "info", "keep"), default=None,
                       help="findings inside quotations: skip them (default), report at info, or keep their level")
    check.add_argument("--no-color", action="store_true", help="never colour the output")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when something is found")
    check.add_argument("--stdin-filename", metavar="NAME", help="file name to report (and to pick the format) for -")

    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--rules", action="append", metavar="DIR", default=None, help="an extra folder of rule files")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--no-color", action="store_true")

    explain = sub.add_parser("explain", help="show one rule's documentation and examples")
    explain.add_argument("rule", metavar="CODE|NAME")
    explain.add_argument("--rules", action="append", metavar="DIR", default=None, help="an extra folder of rule files")
    explain.add_argument("--no-color", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "explain":
            return cmd_explain(args)
        build_parser().print_help()
        return EXIT_ERROR
    except FramelintError as exc:
        sys.stderr.write(f"framelint: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("framelint: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK


def use_color(args) -> bool:
    if getattr(args, "no_color", False) or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def resolve_config(args):
    from .config import DEFAULT

    config = DEFAULT
    return config.with_overrides(
        select=tuple(args.select) if args.select else None,
        ignore=tuple(args.ignore) if args.ignore else None,
        quotes=args.quotes,
        fail_level=args.fail_level,
        rule_dirs=tuple(args.rules) if args.rules else None,
    )


def cmd_check(args) -> int:
    from .api import get_linter
    from .engine import level_at_least
    from .files import expand_paths
    from .reporters import Report, get_reporter
    from .runner import check_files

    if not args.paths:
        raise UsageError("check: give at least one PATH (a file, directory, glob, or - for standard input)")
    config = resolve_config(args)
    fmt = args.format or "text"
    linter = get_linter(config)
    files, errors = expand_paths(args.paths, exclude=config.exclude)
    report = Report(findings=[], errors=list(errors), rules=linter.rules, color=use_color(args),
                    statistics=args.statistics)
    keep_source = fmt == "text"
    for result in check_files(linter, files, stdin_filename=args.stdin_filename):
        report.files += 1
        report.findings.extend(result.findings)
        report.errors.extend(result.errors)
        if keep_source and result.findings and result.text is not None:
            report.sources[result.path] = result.text
    for error in report.errors:
        sys.stderr.write(f"framelint: error: {error}\n")
    get_reporter(fmt).render(report, sys.stdout)
    sys.stdout.flush()
    if report.errors:
        return EXIT_ERROR
    if not args.exit_zero and any(level_at_least(f.level, config.fail_level) for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _load(args):
    from .rules import load_rules

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
    from .errors import did_you_mean

    rules = _load(args)
    for rule in rules:
        if args.rule in (rule.code, rule.name) or args.rule.upper() == rule.code:
            sys.stdout.write(explain_text(rule))
            return EXIT_OK
    choices = [r.code for r in rules] + [r.name for r in rules]
    raise UsageError(f"explain: no such rule: '{args.rule}'{did_you_mean(args.rule, choices)}")


def explain_text(rule) -> str:
    lines = [f"{rule.code} {rule.name}", "",
             f"category: {rule.category}    kind: {rule.kind}    level: {rule.level}    scope: {rule.scope}", ""]
    lines.append(rule.description.strip())
    lines += ["", "## Examples that are flagged"]
    lines += [f"- {ex.replace('[[', '').replace(']]', '')}" for ex in rule.flag_examples]
    lines += ["", "## Examples that pass"]
    lines += [f"- {ex}" for ex in rule.pass_examples]
    if rule.terms:
        lines += ["", f"## Terms ({len(rule.terms)})", ", ".join(rule.terms)]
    if rule.exceptions:
        lines += ["", "## Exceptions", ", ".join(rule.exceptions)]
    if rule.references:
        lines += ["", "## References"] + [f"- {r}" for r in rule.references]
    lines += ["", f"source: {rule.path}", ""]
    return "\n".join(lines)
