"""Meta rules: findings about framelint's own directives, not about framing (FL001).

They are selected, ignored and explained like any rule, and listed by ``framelint rules``.
"""

from __future__ import annotations

from .model import Rule

UNUSED_SUPPRESSION = Rule(
    code="FL001", name="unused-suppression", category="suppression", kind="meta", level="info",
    scope="all", path="<built-in>",
    message="A suppression comment that suppresses nothing.",
    description="""
## What it does
Reports an inline suppression (`framelint-disable`, `framelint-disable-next-line`) that
suppresses no finding, an unknown directive, or a selector that names no rule.

## Why is this bad?
A stale suppression hides the next real finding in its stretch of text, and a
misspelt one silently suppresses nothing. Remove or correct it.
""",
    examples={"flag": ["<!-- framelint-disable-next-line LB101 -->\nThe government met."],
              "pass": ["<!-- framelint-disable-next-line LB101 -->\nThe regime met."]},
)
META_RULES = (UNUSED_SUPPRESSION,)
