"""A rule's examples as its tests: what ``framelint test-rules`` and the test suite run.

A flag example must produce exactly the spans marked ``[[like this]]`` (marks removed)
and must mark at least one; a pass example must produce nothing for that rule and
marks nothing. The rules layer cannot run a linter (the engine lies above it), so
the caller passes ``check_text``, which lints one text with the one rule and returns
its findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

MARK = re.compile(r"\[\[(.*?)\]\]", re.S)


def unmark(example: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The example without its [[ ]] marks, and the marked spans in that text."""
    text, spans, last = [], [], 0
    length = 0
    for m in MARK.finditer(example):
        before = example[last:m.start()]
        text.append(before)
        length += len(before)
        spans.append((length, length + len(m.group(1)), m.group(1)))
        text.append(m.group(1))
        length += len(m.group(1))
        last = m.end()
    text.append(example[last:])
    return "".join(text), spans


@dataclass
class ExampleReport:
    """What one rule's examples showed: one line per example that failed."""

    rule: object
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_examples(rule, check_text: Callable[[str], Iterable]) -> ExampleReport:
    """Run ``rule``'s examples; ``check_text(text)`` gives the findings of that rule alone."""
    report = ExampleReport(rule)
    problems = report.problems
    if not rule.flag_examples:
        problems.append("no flag examples: a rule must show text it reports")
    if not rule.pass_examples:
        problems.append("no pass examples: a rule must show text it leaves alone")
    for example in rule.flag_examples:
        text, expected = unmark(example)
        if not expected:
            problems.append(f"flag example {example!r} marks no span with [[ ]]")
            continue
        found = [(f.start, f.end, f.match) for f in check_text(text) if f.code == rule.code]
        if found != expected:
            problems.append(f"flag example {example!r}: expected {[e[2] for e in expected]}, "
                            f"found {[f[2] for f in found]} at {[f[:2] for f in found]}")
    for example in rule.pass_examples:
        if "[[" in example:
            problems.append(f"pass example {example!r} has [[ ]] marks")
            continue
        found = [f"{f.match} ({f.level})" for f in check_text(example) if f.code == rule.code]
        if found:
            problems.append(f"pass example {example!r}: found {found}")
    return report
