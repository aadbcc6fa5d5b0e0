"""An on-disk cache of compiled data (the rule set, its regular expressions), for fast start-up.

Loading ~50 TOML rule files, validating them and compiling one regular
expression over a thousand terms costs several times more than checking a
short article. The result depends only on the rule files' content and on the
versions of framelint and Python, so it is kept in the user's cache directory
(``$XDG_CACHE_HOME/framelint``, by default ``~/.cache/framelint``; never in the
checked tree), keyed by a hash of exactly those. What ``re`` and ``regex``
compile the rule set's expressions to is kept with it, so that a run compiles
none of them.

The cache is an optimisation only: a missing, unreadable, truncated or stale
entry is ignored and rebuilt, and a cache directory that cannot be written is
simply not used. Entries are written to a temporary file and renamed into
place, so a reader never sees half a file. Entries are pickles, and unpickling
runs code: they are written readable and writable by this user only, and an entry
that another user owns, or that a group or others could write, is never read.
``FRAMELINT_NO_CACHE=1`` turns the cache off; ``FRAMELINT_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from array import array
from pathlib import Path

from .version import __version__

FORMAT = 1  # bump when what is stored changes


def _sha256():
    # The built-in module, not hashlib: importing OpenSSL's would cost as much as the cache saves.
    try:
        from _sha256 import sha256  # Python <= 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # Python >= 3.12
        except ImportError:
            from hashlib import sha256
    return sha256()


def cache_dir() -> Path | None:
    if os.environ.get("FRAMELINT_NO_CACHE"):
        return None
    explicit = os.environ.get("FRAMELINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):  # no home directory: no cache, rather than one in the current folder
            return None
        base = os.path.join(home, ".cache")
    if not os.path.isabs(base):  # a relative XDG_CACHE_HOME is invalid by the specification
        return None
    return Path(base) / "framelint"


def _key(kind: str, parts) -> str:
    digest = _sha256()
    digest.update(f"{kind}\0{FORMAT}\0{__version__}\0{sys.version}\0{sys.implementation.cache_tag}\0".encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def load(kind: str, parts) -> tuple[str, object | None]:
    """(key, value) for the entry keyed by ``parts``; value is None when there is none."""
    key = _key(kind, parts)
    directory = cache_dir()
    if directory is None:
        return key, None
    try:
        with open(directory / f"{kind}-{key[:40]}.pickle", "rb") as fh:
            if not _trusted(os.fstat(fh.fileno())):
                return key, None
            stored_key, value = pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing or damaged: rebuild
        return key, None
    return key, (value if stored_key == key else None)


def _trusted(st) -> bool:
    """Unpickling runs code, so an entry is read only if this user wrote it and no one else
    can have changed it since: owned by this user, writable by no group or other user."""
    if not hasattr(os, "geteuid"):  # Windows: the user's own profile folder
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def save(kind: str, key: str, value) -> None:
    directory = cache_dir()
    if directory is None:
        return
    tmp = None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = directory / f"{kind}-{key[:40]}.pickle"
        tmp = directory / f".{target.name}.{os.getpid()}.tmp"
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:  # this user's only
            pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        _prune(directory, kind, keep=target.name)
    except Exception:  # noqa: BLE001 - a read-only home or a full disk: run without the cache
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass


def _prune(directory: Path, kind: str, keep: str, most: int = 8) -> None:
    """Keep the cache small: at most ``most`` entries of a kind, the newest ones."""
    entries = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[most:]:
        if old.name != keep:
            try:
                old.unlink()
            except OSError:
                pass


def source_digest() -> str:
    """A hash of the modules whose code shapes what is cached, so a code change is never
    served results from before it (an editable install keeps its version number)."""
    digest = _sha256()
    here = Path(__file__).resolve().parent
    for name in ("rules/model.py", "kinds/scanner.py", "kinds/inflection.py", "data/inflections.toml",
                 "kinds/__init__.py", "cache.py"):
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def sre_args(pattern: str, flags: int = 0):
    """What ``re`` compiles ``pattern`` to, in a form that pickles, or None."""
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        # The code as an array: it pickles as bytes, and loads many times faster than a list.
        return (pattern, int(flags | parsed.state.flags), array("I", code), parsed.state.groups - 1,
                groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - another Python's internals: just compile normally
        return None


def compile_sre(args, pattern: str, flags: int = 0):
    """A compiled pattern from ``sre_args`` output (no parsing), or by ``re.compile``."""
    import re

    if args is not None:
        try:
            import _sre

            pattern, flags, code, *rest = args
            return _sre.compile(pattern, flags, code.tolist() if isinstance(code, array) else code, *rest)
        except Exception:  # noqa: BLE001
            pass
    return re.compile(pattern, flags)


# -- compiled `regex` expressions ---------------------------------------------------------
# ``regex`` parses and compiles a pattern in Python, about a millisecond for a rule's
# pattern and more for a long one: a rule set's few dozen would cost more than checking
# a short article. What its parser hands its C compiler (the pattern's code, a list of
# integers, and the group tables) depends only on the pattern, its flags and the version
# of ``regex``, which is part of the cache key, so it is kept in the cache.
_CAPTURING = threading.Lock()  # one capture at a time


def regex_code(pattern: str, flags: int):
    """The arguments ``regex`` passes its C compiler for ``pattern``, in a form that pickles,
    or None (another version's internals, or a pattern it rejects).

    They are caught on their way: ``regex``'s C module is swapped, for the length of one
    compilation, for a stand-in that notes the call for this pattern and passes it on.
    """
    try:
        from regex import _main

        real = _main._regex
        seen = []

        class Capture:
            def __getattr__(self, name):
                return getattr(real, name)

            @staticmethod
            def compile(*args):
                if args and args[0] is pattern:
                    seen.append(args)
                return real.compile(*args)

        with _CAPTURING:
            _main._regex = Capture()
            try:
                _main._compile(pattern, flags, False, {}, False)
            finally:
                _main._regex = real
        if len(seen) != 1:
            return None
        # Flags as plain integers, so that the cache holds only plain data.
        return tuple(int(a) if isinstance(a, int) else a for a in seen[0])
    except Exception:  # noqa: BLE001 - regex's internals changed: compile normally
        return None


def compile_regex(code, pattern: str, flags: int):
    """A compiled ``regex`` pattern from ``regex_code`` output (no parsing), or by ``regex.compile``."""
    if code is not None:
        try:
            from regex import _regex

            return _regex.compile(*code)
        except Exception:  # noqa: BLE001
            pass
    import regex

    return regex.compile(pattern, flags)


# The fixed expressions of framelint's own modules (the attribution patterns of text/attribution.py, say)
# are compiled by every run; ``cached_regex`` keeps what they compile to in the cache too.
_memo: dict | None = None   # (pattern, flags) -> regex_code output
_memo_key = ""
_memo_new = False


def cached_regex(pattern: str, flags: int = 0):
    """``regex.compile(pattern, flags)``, much faster once the cache holds the pattern."""
    global _memo, _memo_key, _memo_new
    if _memo is None:
        import regex

        _memo_key, _memo = load("regex", [regex.__version__])
        _memo = _memo or {}
    key = (pattern, int(flags))
    code = _memo.get(key)
    if code is None:
        code = regex_code(pattern, flags)
        if code is None:
            import regex

            return regex.compile(pattern, flags)
        if len(_memo) >= 2000:  # the patterns of many past versions: start again
            _memo = {}
        _memo[key] = code
        if not _memo_new:  # saved once, when the process ends
            import atexit

            _memo_new = True
            atexit.register(lambda: save("regex", _memo_key, _memo))
    return compile_regex(code, pattern, flags)
