"""The terms kind: whole words and phrases, found by the shared one-pass scan."""

from __future__ import annotations

from .base import Candidate

NAME = "terms"


def validate(data: dict, fail) -> None:
    if not data.get("terms"):
        raise fail("terms", "a 'terms' rule needs a non-empty 'terms' list")


def candidates(ctx):
    """Where any rule's term matches (the scan serves every rule with terms, whatever its kind)."""
    for index, start, end, term in ctx.compiled.term_candidates(ctx.prose):
        yield Candidate(index, start, end, term)
