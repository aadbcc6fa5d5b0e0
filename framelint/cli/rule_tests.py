"""``framelint test-rules DIR...``: a folder's rules checked against their own examples.

The same check the test suite runs on the built-in rules (``framelint.rules.examples``):
each rule alone, with the default configuration, every flag example reporting exactly its
``[[ ]]`` spans and every pass example nothing.
"""

from __future__ import annotations

import os
import sys

from ..errors import UsageError
from ..run.results import EXIT_FINDINGS, EXIT_OK


def add_test_rules_parser(sub) -> None:
    parser = sub.add_parser("test-rules", help="check a folder's rules against their own examples")
    parser.add_argument("dirs", nargs="+", metavar="DIR",
                        help="folders of rule files (or a style folder, whose configuration names them)")


def rule_folders(directory: str) -> list[str]:
    """The rule folders ``directory`` stands for: a style folder's ``rules``, or itself."""
    from ..config import style_config_file, load_config_file

    if not os.path.isdir(directory):
        raise UsageError(f"test-rules: {directory}: no such folder")
    config_file = style_config_file(directory)
    if config_file is not None:
        dirs = list(load_config_file(config_file).rule_dirs)
        if not dirs:
            raise UsageError(f"test-rules: {config_file}: the style names no rule folders ('rules')")
        return [os.path.relpath(d) if not os.path.relpath(d).startswith("..") else d for d in dirs]
    return [directory]


def cmd_test_rules(args) -> int:
    from ..config import DEFAULT
    from ..engine.linter import Linter
    from ..rules.examples import check_examples
    from ..rules.model import load_rules

    folders = [folder for directory in args.dirs for folder in rule_folders(directory)]
    rules = [rule for rule in load_rules(folders) if not rule.builtin]  # built-ins too: codes stay unique
    if not rules:
        raise UsageError(f"test-rules: no rule files (*.toml) in {', '.join(folders)}")
    failed = 0
    out = sys.stdout
    for rule in sorted(rules, key=lambda r: r.code):
        linter = Linter(DEFAULT, rules=[rule])
        report = check_examples(rule, lambda text: linter.check_text(text).findings)
        if report.ok:
            out.write(f"ok    {rule.code} {rule.name} ({rule.path})\n")
            continue
        failed += 1
        out.write(f"FAIL  {rule.code} {rule.name} ({rule.path})\n")
        for problem in report.problems:
            out.write(f"      {problem}\n")
    count = f"{len(rules)} rule{'s' if len(rules) != 1 else ''}"
    if failed:
        out.write(f"\n{count}: {failed} failed, {len(rules) - failed} passed.\n")
        return EXIT_FINDINGS
    out.write(f"\n{count}: all passed.\n")
    return EXIT_OK



