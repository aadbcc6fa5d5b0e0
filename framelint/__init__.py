"""framelint: a linter for the framing of news text.

The command line is a thin layer over this API::

    import framelint
    for finding in framelint.lint_text("The regime ordered the strike."):
        print(finding.line, finding.column, finding.code, finding.message)
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import LintResult, lint_paths, lint_text  # noqa: E402
from .findings import FileError, Finding  # noqa: E402

__all__ = ["Finding", "FileError", "LintResult", "lint_paths", "lint_text", "__version__"]
