"""Older kind names, still read in users' rule files.

``sentence`` is a terms or pattern rule with a sentence condition, and ``density`` one
with ``max_per_1000``: both are now options any terms or pattern rule can carry.
Their candidates come from the terms and pattern kinds.
"""

from __future__ import annotations


def validate_sentence(data: dict, fail) -> None:
    _needs_a_trigger(data, fail, "sentence")
    if not (data.get("unless_attributed") or data.get("if_sentence") or data.get("unless_sentence")):
        raise fail(None, "a 'sentence' rule needs a sentence condition: 'unless_attributed', "
                         "'if_sentence' or 'unless_sentence'")


def validate_density(data: dict, fail) -> None:
    _needs_a_trigger(data, fail, "density")
    if data.get("max_per_1000") is None:
        raise fail("max_per_1000", "a 'density' rule needs 'max_per_1000'")


def _needs_a_trigger(data: dict, fail, kind: str) -> None:
    if not (data.get("terms") or data.get("patterns")):
        raise fail(None, f"a '{kind}' rule needs 'terms' or 'patterns'")

