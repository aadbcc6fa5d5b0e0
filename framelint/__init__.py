"""framelint: a linter for the framing of news text.

The command line is a thin layer over this API::

    import framelint
    for finding in framelint.lint_text("The regime ordered the strike."):
        print(finding.line, finding.column, finding.code, finding.message)

The names below are handed out on first use, so that importing one part of the
package (the text model, say) does not import the rest. docs/architecture.md
shows the layers.
"""

from __future__ import annotations

from .version import __version__

_API = {"LintResult": "api", "lint_paths": "api", "lint_text": "api", "Finding": "findings", "FileError": "findings"}

__all__ = ["Finding", "FileError", "LintResult", "lint_paths", "lint_text", "__version__"]


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'framelint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
