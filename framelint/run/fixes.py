"""Fixes: the replacements that rules declare in their ``fix`` tables.

Only findings that carry a ``fix`` are changed (the engine sets it only outside
quotations and suppressions), each as its ``applicability`` allows: a ``safe`` fix
always, an ``unsafe`` one only when asked for (``--unsafe-fixes``), a ``display-only``
one never. A file is never left half-written:

* the new text is written to a temporary file in the same folder and renamed
  over the original with ``os.replace`` (a symbolic link's target is replaced,
  the link is kept);
* the encoding (UTF-8, UTF-8 with BOM, UTF-16 LE/BE with BOM), the byte-order
  mark, the line endings and the file mode are kept;
* just before the rename the file is read again, and if it changed since it was
  checked, nothing is written.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field

from ..text.decoding import decode
from ..errors import FramelintError, InputError
from ..findings import FileError, Finding

_PLAIN_WORDS = re.compile(r"[\w'’\-]+(?:[ \t]+[\w'’\-]+)*\Z")
MAX_PASSES = 10  # a fix may reveal another; stop well before any loop matters


class FixError(FramelintError):
    """A file that could not be fixed safely; it is left exactly as it was."""


def match_case(replacement: str, original: str) -> str:
    """Give the replacement the capitalisation of the word it replaces."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def applicable(finding: Finding, unsafe: bool = False) -> bool:
    """Whether the finding's fix may be applied: a safe one, or an unsafe one when asked for."""
    if finding.fix is None or finding.in_quote:
        return False
    return finding.applicability == "safe" or (unsafe and finding.applicability == "unsafe")


def fixable(findings: list[Finding], unsafe: bool = False) -> list[Finding]:
    """Findings whose fix may be applied, first come first served where spans overlap."""
    chosen: list[Finding] = []
    last_end = -1
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if not applicable(f, unsafe) or f.start < last_end:
            continue
        if not _PLAIN_WORDS.match(f.match):
            continue  # never join lines, never touch markup or entities inside a match
        chosen.append(f)
        last_end = f.end
    return chosen


def apply_fixes(text: str, findings: list[Finding], unsafe: bool = False, choose=None) -> tuple[str, list[Finding]]:
    """Return the text with the fixes applied, and the findings whose fixes were applied.

    ``choose(finding, text)``, if given, is asked about each fix in turn (an interactive
    review) and says whether to apply it.
    """
    chosen = fixable(findings, unsafe)
    for f in chosen:
        if text[f.start:f.end] != f.match:  # findings from another version of the text
            raise FixError(f"{f.path}: finding at line {f.line} does not match the text; nothing fixed")
    if choose is not None:
        chosen = [f for f in chosen if choose(f, text)]
    if not chosen:
        return text, []
    parts: list[str] = []
    pos = 0
    for f in chosen:
        parts.append(text[pos:f.start])
        parts.append(match_case(f.fix, f.match))
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), chosen


def apply_one(text: str, finding: Finding) -> str:
    """The text with this one finding's fix applied (to show it on its own)."""
    return text[:finding.start] + match_case(finding.fix, finding.match) + text[finding.end:]


def encode_like(text: str, original: bytes) -> bytes:
    """Encode ``text`` the way ``original`` was encoded, BOM included."""
    if original.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if original.startswith(codecs.BOM_UTF16_LE):
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if original.startswith(codecs.BOM_UTF16_BE):
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode("utf-8")


def diff_path(path: str) -> str:
    """The path as a diff names it: ``a/001.txt``, not ``a/./001.txt``."""
    if path in ("-", "") or os.path.isabs(path):
        return path
    return os.path.normpath(path).replace(os.sep, "/")


def unified_diff(path: str, old: str, new: str, context: int = 3) -> str:
    shown = diff_path(path)
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"a/{shown}", tofile=f"b/{shown}", n=context)
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_atomic(path: str, original: bytes, new: bytes) -> None:
    """Replace the file's contents with ``new`` if it still holds ``original``.

    Raises ``FixError`` (and leaves the file untouched) otherwise.
    """
    target = os.path.realpath(path)  # keep a symbolic link, replace what it points to
    directory = os.path.dirname(target) or "."
    try:
        st = os.stat(target)
    except OSError as exc:
        raise FixError(f"{path}: cannot fix: {exc.strerror or exc}") from None
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise FixError(f"{path}: cannot fix: the file is read-only")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".framelint-tmp", dir=directory)
    except OSError as exc:
        raise FixError(f"{path}: cannot fix: cannot create a temporary file in {directory}: "
                       f"{exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(new)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # not allowed to give it away; the mode is kept all the same
        # Read the file once more, just before the rename: never overwrite someone's edit.
        with open(target, "rb") as fh:
            current = fh.read()
        if current != original:
            raise FixError(f"{path}: changed on disk since it was checked; not fixed (run framelint again)")
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise FixError(f"{path}: cannot fix: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


@dataclass
class FixOutcome:
    path: str
    findings: list[Finding] = field(default_factory=list)   # what is left after fixing
    errors: list[FileError] = field(default_factory=list)
    old: str | None = None
    new: str | None = None
    applied: int = 0
    unsafe_applied: list[Finding] = field(default_factory=list)  # unsafe fixes that were applied
    unsafe_left: list[Finding] = field(default_factory=list)     # unsafe fixes left for --unsafe-fixes

    @property
    def changed(self) -> bool:
        return self.new is not None and self.new != self.old

    def diff(self) -> str:
        return unified_diff(self.path, self.old, self.new) if self.changed else ""


def fix_text(linter, text: str, path: str, unsafe: bool = False, choose=None) -> FixOutcome:
    """Apply fixes to a text in memory, re-checking until none is left.

    With ``choose`` (an interactive review) there is one pass: each fix is asked about once.
    """
    outcome = FixOutcome(path, old=text)
    result = linter.check_text(text, path)
    for _ in range(1 if choose is not None else MAX_PASSES):
        new, applied = apply_fixes(text, result.findings, unsafe, choose)
        if not applied:
            break
        outcome.applied += len(applied)
        outcome.unsafe_applied += [f for f in applied if f.applicability == "unsafe"]
        text = new
        result = linter.check_text(text, path)
    outcome.new = text
    outcome.findings, outcome.errors = result.findings, result.errors
    if not unsafe:
        outcome.unsafe_left = [f for f in fixable(result.findings, unsafe=True) if f.applicability == "unsafe"]
    return outcome


def fix_bytes(linter, data: bytes, path: str, unsafe: bool = False, choose=None) -> FixOutcome:
    try:
        text = decode(data, path)
    except InputError as exc:
        return FixOutcome(path, errors=[FileError(path, exc.reason)])
    outcome = fix_text(linter, text, path, unsafe, choose)
    if outcome.changed and encode_like(text, data) != data:
        # The bytes would not survive a round trip (unusual normalisation): do not touch them.
        outcome.errors.append(FileError(path, "cannot be re-encoded exactly as it was; not fixed"))
        outcome.new = outcome.old
    return outcome


def fix_file(linter, path: str, *, write: bool = True, unsafe: bool = False, choose=None) -> FixOutcome:
    """Check one file and apply its fixes; with ``write=False`` only compute them."""
    from .files import check_file, read_regular_file

    try:
        data = read_regular_file(path)  # a named pipe is refused, not waited on
    except OSError:
        result = check_file(linter, path)  # read errors worded the usual way
        return FixOutcome(path, findings=result.findings, errors=result.errors)
    outcome = fix_bytes(linter, data, path, unsafe, choose)
    if write and outcome.changed:
        try:
            write_atomic(path, data, encode_like(outcome.new, data))
        except FixError as exc:
            outcome.errors.append(FileError(path, str(exc).removeprefix(f"{path}: ")))
            outcome.new, outcome.applied = outcome.old, 0
            outcome.findings = linter.check_text(outcome.old, path).findings
    return outcome
