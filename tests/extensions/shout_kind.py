"""An example rule kind, to show that a kind is one module plus one registry line:
words of four or more capital letters, a writer shouting in the narration."""

import re

from framelint.kinds.base import Candidate

NAME = "shout"
_SHOUT = re.compile(r"\b[A-Z]{4,}\b")


def validate(data, fail):
    if data.get("terms") or data.get("patterns"):
        raise fail("terms", "a 'shout' rule finds its own words; give it no terms or patterns")


def candidates(ctx):
    for crule in ctx.compiled.compiled:
        if crule.rule.kind == NAME:
            for m in _SHOUT.finditer(ctx.prose):
                yield Candidate(crule.index, m.start(), m.end())
