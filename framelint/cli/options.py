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


def resolve_config(args):
    """A resolver that gives each file its configuration: the nearest file, then the options."""
    from ..config import ConfigResolver, Overrides

    return ConfigResolver(Overrides(
        select=tuple(args.select or ()), ignore=tuple(args.ignore or ()), quotes=args.quotes,
        fail_level=args.fail_level, rule_dirs=tuple(args.rules or ())), args.config)
