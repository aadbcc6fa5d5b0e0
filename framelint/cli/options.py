"""What every command's options share: parsing helpers, colour and the configuration resolver."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import UsageError



class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit code 2, as for every usage error
        raise UsageError(message)


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be a positive number of processes, not '{value}'")
    return jobs


def use_color(args) -> bool:
    if getattr(args, "no_color", False) or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose the rules and the configuration: ``check`` and ``compare`` share them."""
    parser.add_argument("--select", type=_csv, action="extend", metavar="RULES",
                        help="only these rules: codes, names, categories or code prefixes, comma-separated")
    parser.add_argument("--ignore", type=_csv, action="extend", metavar="RULES", help="leave out these rules")
    parser.add_argument("--config", metavar="FILE", help="use this configuration file")
    parser.add_argument("--rules", action="append", metavar="DIR", default=None,
                        help="an extra folder of rule files (repeatable)")
    parser.add_argument("--quotes", choices=("skip", "info", "keep"), default=None,
                        help="findings inside quotations: skip them (default), report at info, or keep their level")


def resolve_config(args):
    """A resolver that gives each file its configuration: the nearest file, then the options."""
    from ..config import ConfigResolver, Overrides

    return ConfigResolver(Overrides(
        select=tuple(args.select or ()), ignore=tuple(args.ignore or ()), quotes=args.quotes,
        fail_level=getattr(args, "fail_level", None), rule_dirs=tuple(args.rules or ())), args.config)
