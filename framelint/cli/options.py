"""What every command's options share: parsing helpers, colour and the configuration resolver."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import UsageError
from ..run.inputs import INPUT_FORMATS, PARTITION_BYTES



class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, but for finding the terminal's width without ``shutil``:
    argparse makes a formatter at every ``add_argument``, and ``shutil`` imports ``lzma``
    and ``bz2``, which a check never needs."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it: $COLUMNS, else the
    terminal of standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", 0))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

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


# The options of the archive commands live here, not beside the code that runs them
# (cli.archives), so that a check of files never imports that code.
def add_collection_options(parser, default_input: str = "files") -> None:
    choices = ("files", *INPUT_FORMATS) if default_input == "files" else INPUT_FORMATS
    parser.add_argument("--input", choices=choices, default=default_input,
                        help=f"what the PATHs are: files to check (default: {default_input}), or collections "
                             "of articles, one per JSON Lines record or Parquet row")
    parser.add_argument("--text-field", default="text", metavar="NAME", help="field with the article text (text)")
    parser.add_argument("--id-field", default="id", metavar="NAME", help="field with the article id (id)")
    parser.add_argument("--source-field", default="source", metavar="NAME",
                        help="field with the outlet's name (source)")
    parser.add_argument("--date-field", default="date", metavar="NAME", help="field with the date (date)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="check on a Dask cluster: tcp://HOST:8786, or local for a LocalCluster here "
                             "(one worker process per CPU, or --jobs N)")
    parser.add_argument("--partition-size", type=float, default=PARTITION_BYTES / 2**20, metavar="MB",
                        help="size of the pieces a JSONL file is split into (default: %(default)g)")


def add_profile_parser(sub) -> None:
    profile = sub.add_parser("profile", help="findings per 1,000 words per outlet and month, in a collection")
    profile.add_argument("paths", nargs="*", metavar="FILE", help="JSON Lines (or Parquet) files of articles")
    profile.add_argument("--by", default="source", metavar="KEYS",
                         help="group by source, month, or source,month (default: source)")
    profile.add_argument("--format", choices=("text", "json", "csv"), default="text")
    profile.add_argument("--top", type=int, default=3, metavar="N", help="charged terms shown per group (3)")
    profile.add_argument("--select", type=_csv, action="extend", metavar="RULES", help="only these rules")
    profile.add_argument("--ignore", type=_csv, action="extend", metavar="RULES", help="leave out these rules")
    profile.add_argument("--config", metavar="FILE", help="use this configuration file")
    profile.add_argument("--rules", action="append", metavar="DIR", default=None, help="an extra folder of rules")
    profile.add_argument("--quotes", choices=("skip", "info", "keep"), default=None,
                         help="findings inside quotations: skip (default), info or keep")
    profile.add_argument("--no-color", action="store_true", help="never colour the output")
    profile.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                         help="with --scheduler local: N worker processes (default: one per CPU)")
    add_collection_options(profile, default_input="jsonl")
    profile.set_defaults(fail_level=None)
