"""What every kind yields: a candidate, a span of prose that a rule may report."""

from __future__ import annotations

from typing import NamedTuple


class Candidate(NamedTuple):
    index: int              # the rule's index in the compiled rule set
    start: int              # prose offsets
    end: int
    term: str | None = None  # the term list entry that matched, for the rule's fixes
    judged: bool = False     # already judged by its kind (a scare quote): reported as it is
