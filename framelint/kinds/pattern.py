"""The pattern kind: regular expressions, tried where the shared scan found their literals."""

from __future__ import annotations

from .base import Candidate

NAME = "pattern"


def validate(data: dict, fail) -> None:
    if not data.get("patterns"):
        raise fail("patterns", "a 'pattern' rule needs a non-empty 'patterns' list")


def candidates(ctx):
    """Every match of every rule's patterns, each search on its rule's clock (a group named
    ``flag`` marks the reported span)."""
    compiled, prose, clock = ctx.compiled, ctx.prose, ctx.clock
    if not compiled.pattern_rules:
        return
    places = compiled.pattern_candidates(prose)
    for crule in compiled.pattern_rules:
        try:
            for pattern in crule.patterns:
                for m in clock.timed(crule.index, compiled.pattern_matches(pattern, prose, places, ctx.timeout)):
                    start, end = m.span("flag" if "flag" in m.re.groupindex else 0)
                    if end > start:
                        yield Candidate(crule.index, start, end)
        except TimeoutError as exc:
            ctx.stop(crule, exc)
