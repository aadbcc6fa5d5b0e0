"""The rule kinds: one module per kind, and the registry that names them.

A kind module has ``validate(data, fail)`` (checks of the keys it needs, raising
``fail(key, message)``) and, if it finds candidates of its own, ``candidates(ctx)``,
which yields ``Candidate``s from the engine's context for one document (``ctx.doc``,
``ctx.prose``, ``ctx.compiled``, ``ctx.clock``, ``ctx.timeout``, ``ctx.stopped`` and
``ctx.stop(compiled_rule, exc)``). The engine runs the candidate sources in the order
of this registry.

To add a kind: write its module and add one line to ``KINDS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    module: str                    # the module, imported when first used
    validator: str = "validate"    # its function that checks a rule's keys

    @property
    def implementation(self):
        return importlib.import_module(self.module)

    def validate(self, data: dict, fail) -> None:
        getattr(self.implementation, self.validator)(data, fail)


KINDS = {kind.name: kind for kind in (
    Kind("terms", "framelint.kinds.terms"),
    Kind("pattern", "framelint.kinds.pattern"),
    Kind("sentence", "framelint.kinds.aliases", "validate_sentence"),
    Kind("density", "framelint.kinds.aliases", "validate_density"),
    Kind("scare-quote", "framelint.kinds.scare_quote"),
)}


def names() -> tuple[str, ...]:
    return tuple(KINDS)


def candidate_sources() -> list:
    """The kind modules that yield candidates, each once, in registry order."""
    seen, sources = set(), []
    for kind in KINDS.values():
        module = kind.implementation
        if hasattr(module, "candidates") and module not in seen:
            seen.add(module)
            sources.append(module)
    return sources
