"""Files: turning command-line paths into files, and reading one file safely.

Every part of framelint that reads an article reads it here (``read_text``): a
named pipe, socket or device is refused at once instead of blocking, and every
failure is one line naming the file. Which files a configuration excludes is
``Config.excludes`` (one matcher, in ``config``), applied by ``checking.plan``.
"""

from __future__ import annotations

import os
import stat

from ..errors import InputError
from ..findings import FileError, FileResult
from ..text import formats
from ..text.decoding import decode

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


def expand_paths(paths: list[str]) -> tuple[list[str], list[FileError]]:
    """Files to check, in a stable order, and an error for each path that gives none.

    A path named on the command line is checked as named, a symbolic link too. Directories
    are walked and globs expanded without following a symbolic link to a folder, and a
    linked file whose target lies outside the walked folder is left out, so that what a tree
    links to (a key, a credentials file, ``..``) is never read, reported or fixed; each real
    file is checked once, however many links lead to it.
    """
    files: list[str] = []
    errors: list[FileError] = []
    seen: set[str] = set()
    real: set[tuple[int, int]] = set()

    def add(path: str, walked: bool = False) -> None:
        if path in seen:
            return
        if walked:
            try:
                st = os.stat(path)
                ident = (st.st_dev, st.st_ino)
            except OSError:  # a broken link, say: named as it is, and reported when read
                ident = None
            if ident is not None:
                if ident in real:
                    return
                real.add(ident)
        seen.add(path)
        files.append(path)

    for raw in paths:
        if raw == "-":
            add("-")
        elif os.path.isdir(raw):
            found = sorted(walk(raw, errors))
            if not found:
                errors.append(FileError(raw, f"no {formats.suffix_list()} files in this directory"))
            for f in found:
                add(f, walked=True)
        elif os.path.lexists(raw):
            add(raw)
        elif any(ch in raw for ch in "*?["):
            matches = expand_glob(raw, errors)
            if not matches:
                errors.append(FileError(raw, "no files match this pattern"))
            for m in matches:
                add(m, walked=True)
        else:
            errors.append(FileError(raw, "no such file or directory"))
    return files, errors


def _inside(path: str, root_real: str) -> bool:
    """Whether ``path``, a link followed to its end, lies under the folder ``root_real``."""
    target = os.path.realpath(path)
    return target == root_real or target.startswith(root_real.rstrip(os.sep) + os.sep)


def walk(root: str, errors: list[FileError] | None = None):
    """The files of the input formats under ``root``, skipping hidden and tool folders, never
    entering a linked folder and leaving out linked files that point outside ``root``."""
    def unreadable(exc: OSError) -> None:  # a folder skipped in silence would be files never checked
        if errors is not None:
            errors.append(FileError(exc.filename or root, f"cannot read this directory: {exc.strerror or exc}"))

    suffixes = formats.suffixes()
    root_real = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):  # followlinks=False
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        for name in filenames:
            dot = name.rfind(".")
            if dot != -1 and name[dot:].lower() in suffixes:
                path = os.path.join(dirpath, name)
                if os.path.islink(path) and os.path.exists(path) and not _inside(path, root_real):
                    continue
                yield path


def expand_glob(pattern: str, errors: list[FileError] | None = None) -> list[str]:
    """What a glob matches, as ``glob.glob(pattern, recursive=True)`` would, but walking the
    folders itself: a linked folder is not entered (``**`` through a link to ``..`` never
    ends in ``glob``), a linked file pointing outside the glob's base folder is left out, and
    what is not a folder (a named pipe, a broken link) is returned to be reported as named."""
    import re

    parts = pattern.replace(os.sep, "/").split("/")
    fixed = []
    for part in parts[:-1]:
        if any(ch in part for ch in "*?["):
            break
        fixed.append(part)
    base = "/".join(fixed) if fixed else ""
    if pattern.startswith("/") and not base:
        base = "/"
    rest = parts[len(fixed):]
    regex = "".join(_glob_part(p, last=i == len(rest) - 1) for i, p in enumerate(rest))
    matcher = re.compile(regex + r"\Z", re.S)
    hidden = any(p.startswith(".") for p in rest)
    start = base or "."
    if not os.path.isdir(start):
        return []
    root_real = os.path.realpath(start)
    found = []

    def unreadable(exc: OSError) -> None:
        if errors is not None:
            errors.append(FileError(exc.filename or start, f"cannot read this directory: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(start, onerror=unreadable):
        rel_dir = os.path.relpath(dirpath, start).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        if not hidden:
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        dirnames.sort()
        for name in sorted(filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]):
            if not hidden and name.startswith("."):
                continue
            if not matcher.match(rel_dir + name):
                continue
            path = os.path.join(dirpath, name) if base else (rel_dir + name).replace("/", os.sep)
            if os.path.isdir(path):
                continue  # a linked folder: not entered, not a file
            if os.path.islink(path) and os.path.exists(path) and not _inside(path, root_real):
                continue
            found.append(path)
    return sorted(found)


def _glob_part(part: str, last: bool) -> str:
    if part == "**":
        return "(?:[^/]+/)*" if not last else ".*"
    return _no_slash(part) + ("" if last else "/")


def _no_slash(part: str) -> str:
    """A glob of one path component as a regular expression that does not cross a /."""
    import re

    out, i, n = [], 0, len(part)
    while i < n:
        c = part[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = part.find("]", i + 2 if i + 1 < n and part[i + 1] in "!]" else i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                inner = part[i + 1:j]
                if inner.startswith("!"):
                    inner = "^" + inner[1:]
                out.append("[" + inner.replace("\\", "\\\\") + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def read_text(path: str) -> str:
    """The decoded text of a regular file, or an InputError that says in one line why not."""
    try:
        data = read_regular_file(path)
    except NotRegularFile as exc:
        raise InputError(path, str(exc)) from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "broken symbolic link" if os.path.islink(path)
                         else "no such file or directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    return decode(data, path)  # the bytes are not kept while the text is checked


class NotRegularFile(OSError):
    """A named pipe, socket or device: never read (it could block for ever)."""


def read_regular_file(path: str) -> bytes:
    """The bytes of a regular file. A named pipe or device is refused, not waited on:
    opening without blocking, then asking the open file what it is, leaves no gap."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb", closefd=True) as fh:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
            raise NotRegularFile(f"not a regular file ({kind}); only files are checked")
        return fh.read()


def check_file(linter, path: str, format: str | None = None) -> FileResult:
    """Read one file safely and check it; a file that cannot be read is an error, not a traceback."""
    try:
        text = read_text(path)
    except InputError as exc:
        return FileResult(path, errors=[FileError(path, exc.reason)])
    return linter.check_text(text, path, format)


def check_bytes(linter, data: bytes, path: str, format: str | None = None) -> FileResult:
    try:
        text = decode(data, path)
    except InputError as exc:
        return FileResult(path, errors=[FileError(path, exc.reason)])
    return linter.check_text(text, path, format)
