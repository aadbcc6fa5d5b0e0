"""Plain text: the file is the prose, but for lines that hold only a suppression."""

from __future__ import annotations

from .directives import Directive, line_directives, mask_directive_lines


def prose(text: str):
    """(prose, offset map, headlines): directive lines are blanked; headlines are found later."""
    return mask_directive_lines(text), None, None


def find_directives(text: str) -> list[Directive]:
    return line_directives(text)
