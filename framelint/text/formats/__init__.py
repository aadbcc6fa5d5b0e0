"""Input formats as processors, and the one registry that says which is which.

A processor is a module with ``prose(text) -> (prose, offset map or None, headlines
or None)`` and ``find_directives(text)``. Everything that asks "which format is
this file" asks ``for_path`` or ``get``. To add a format: write its module and
add one line to ``FORMATS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class InputFormat:
    name: str
    suffixes: tuple[str, ...]
    module: str                 # the processor module, imported when a file of this format is read
    shows_prose: bool = False   # reports show what a reader sees (the prose), not the file's markup

    @property
    def processor(self):
        return importlib.import_module(self.module)


FORMATS = {f.name: f for f in (
    InputFormat("text", (".txt",), "framelint.text.formats.plain"),
    InputFormat("markdown", (".md", ".markdown"), "framelint.text.formats.markdown"),
    InputFormat("html", (".html", ".htm"), "framelint.text.formats.html_page", shows_prose=True),
)}
DEFAULT = "text"


def suffixes() -> dict[str, str]:
    """Suffix -> format name: the files a directory walk checks."""
    return {suffix: f.name for f in FORMATS.values() for suffix in f.suffixes}


def get(name: str) -> InputFormat:
    return FORMATS[name]


def name_for_path(path: str | None) -> str:
    """The format of a file, from its name: text, markdown or html (text when unknown)."""
    if path:
        dot = path.rfind(".")
        if dot != -1:
            return suffixes().get(path[dot:].lower(), DEFAULT)
    return DEFAULT


def for_path(path: str | None) -> InputFormat:
    return FORMATS[name_for_path(path)]


def suffix_list() -> str:
    """'.txt, .md, .markdown, .html or .htm', for messages."""
    names = list(suffixes())
    return ", ".join(names[:-1]) + " or " + names[-1]
