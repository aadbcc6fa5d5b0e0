"""An example input format, to show that a format is one module plus one registry line:
SubRip subtitles, whose cue numbers and timings are not prose."""

import re

from framelint.text.formats.directives import line_directives

_NOT_PROSE = re.compile(r"^(?:\d+|\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3})[ \t]*$", re.M)


def prose(text):
    return _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), text), None, None


def find_directives(text):
    return line_directives(text)
