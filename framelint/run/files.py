"""Files: turning command-line paths into files, and reading one file safely.

Every part of framelint that reads an article reads it here (``read_text``): a
named pipe, socket or device is refused at once instead of blocking, and every
failure is one line naming the file. Which files a configuration excludes is
``Config.excludes`` (one matcher, in ``config``), applied by ``checking.plan``.
"""

from __future__ import annotations

import glob
import os
import stat

from ..errors import InputError
from ..findings import FileError, FileResult
from ..text import formats
from ..text.decoding import decode

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


def expand_paths(paths: list[str]) -> tuple[list[str], list[FileError]]:
    """Files to check, in a stable order, and an error for each path that gives none."""
    files: list[str] = []
    errors: list[FileError] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        if path not in seen:
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
                add(f)
        elif os.path.lexists(raw):
            add(raw)
        elif any(ch in raw for ch in "*?["):
            matches = sorted(m for m in glob.glob(raw, recursive=True) if os.path.isfile(m))
            if not matches:
                errors.append(FileError(raw, "no files match this pattern"))
            for m in matches:
                add(m)
        else:
            errors.append(FileError(raw, "no such file or directory"))
    return files, errors


def walk(root: str, errors: list[FileError] | None = None):
    """The files of the input formats under ``root``, skipping hidden and tool folders."""
    def unreadable(exc: OSError) -> None:  # a folder skipped in silence would be files never checked
        if errors is not None:
            errors.append(FileError(exc.filename or root, f"cannot read this directory: {exc.strerror or exc}"))

    suffixes = formats.suffixes()
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        for name in filenames:
            dot = name.rfind(".")
            if dot != -1 and name[dot:].lower() in suffixes:
                yield os.path.join(dirpath, name)


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
