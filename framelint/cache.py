"""An on-disk cache of compiled data (the rule set, its regular expressions), for fast start-up.

Loading ~50 TOML rule files, validating them and compiling one regular
expression over a thousand terms costs several times more than checking a
short article. The result depends only on the rule files' content and on the
versions of framelint and Python, so it is kept in the user's cache directory
(``$XDG_CACHE_HOME/framelint``, by default ``~/.cache/framelint``; never in the
checked tree), keyed by a hash of exactly those. What ``re`` and ``regex``
compile the rule set's expressions to is kept with it, so that a run compiles
none of them.

The cache is an optimisation only: a missing, unreadable, truncated, stale or
malformed entry is ignored and rebuilt, and a cache directory that cannot be
written is simply not used. Entries are written to a temporary file and renamed
into place, so a reader never sees half a file.

Nothing read from the cache can run code, whatever its bytes (``dump``/``undump``
are the one place that writes and reads them):

* an entry is JSON, and holds only strings, numbers, lists, tuples, dictionaries
  and arrays of integers; there is no pickle;
* an entry is signed with a key this user's framelint keeps outside the cache
  folder (``$XDG_STATE_HOME/framelint/cache-key``, by default
  ``~/.local/state/framelint/cache-key``, mode 600), so that an entry this user's
  framelint did not write, such as one restored from an archive, is not used:
  what ``regex`` compiled a pattern to is handed to its C compiler, which trusts it;
* an entry is opened without following a symbolic link, and is read only when
  this user owns it and no group or other user can write it;
* the cache folder is used only when this user owns it and no group or other user
  can write it; otherwise the cache is off for the run, with one warning on
  standard error.

The caller checks an entry's structure as it uses it, and rebuilds it when it
does not fit. ``FRAMELINT_NO_CACHE=1`` turns the cache off;
``FRAMELINT_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from array import array
from pathlib import Path

from .version import __version__

FORMAT = 2  # bump when what is stored changes (2: JSON, signed)


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
    directory = usable_dir()
    if directory is None:
        return key, None
    secret = _secret(create=False)
    if secret is None:
        return key, None
    try:
        fd = os.open(directory / f"{kind}-{key[:40]}.json", os.O_RDONLY | _NOFOLLOW)
    except OSError:  # missing, or a symbolic link: rebuild
        return key, None
    try:
        with open(fd, "rb") as fh:
            if not _trusted(os.fstat(fh.fileno())):
                return key, None
            data = fh.read()
        return key, undump(data, key, secret)
    except Exception:  # noqa: BLE001 - damaged, forged or of another shape: rebuild
        return key, None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_warned = False


def _trusted(st) -> bool:
    """Owned by this user, writable by no group or other user."""
    if not hasattr(os, "geteuid"):  # Windows: the user's own profile folder
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def usable_dir() -> Path | None:
    """The cache folder, if it may be used: it does not exist yet (it will be made for this user
    only), or it is a real folder this user owns that no one else can write."""
    global _warned
    directory = cache_dir()
    if directory is None:
        return None
    try:
        st = os.lstat(directory)
    except FileNotFoundError:
        return directory
    except OSError:
        return None
    import stat

    if stat.S_ISDIR(st.st_mode) and _trusted(st):
        return directory
    if not _warned:
        _warned = True
        why = ("is not a folder" if not stat.S_ISDIR(st.st_mode)
               else "belongs to another user" if st.st_uid != os.geteuid() else "can be written by others")
        sys.stderr.write(f"framelint: warning: {directory}: the cache folder {why}; running without the cache\n")
    return None


def _state_dir() -> Path | None:
    base = os.environ.get("XDG_STATE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):
            return None
        base = os.path.join(home, ".local", "state")
    if not os.path.isabs(base):
        return None
    return Path(base) / "framelint"


_secret_value: bytes | None = None


def _secret(create: bool) -> bytes | None:
    """This user's key for signing cache entries, kept outside the cache folder: a copy of the
    cache (a CI cache, an archive) does not carry it, so its entries are not used."""
    global _secret_value
    if _secret_value is not None:
        return _secret_value
    folder = _state_dir()
    if folder is None:
        return None
    path = folder / "cache-key"
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        with open(fd, "rb") as fh:
            if _trusted(os.fstat(fh.fileno())):
                value = fh.read(64)
                if len(value) == 32:
                    _secret_value = value
                    return value
            return None
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        value = os.urandom(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        with open(fd, "wb") as fh:
            fh.write(value)
    except OSError:  # another run made it first, or the folder is read-only
        return None
    _secret_value = value
    return value


def _mac(secret: bytes, data: bytes) -> str:
    try:
        from _blake2 import blake2b  # built in: no OpenSSL to import
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    return blake2b(data, key=secret, digest_size=32).hexdigest()


# -- the one format of an entry: signed JSON of plain data, and the bytes of its arrays ------
# JSON has lists, string-keyed objects, strings and numbers. The rest is written as an object
# with one tagged key: {"(t": [...]} a tuple, {"(d": [[k, v], ...]} a dict with keys that are not
# all strings (or one that could be read as a tag), {"(k": [keys joined by NUL, values]} a long
# dict of string keys, {"(a": [typecode, n]} the n-th array of
# integers and {"(l": [typecode, n]} a long list of integers, both kept as bytes after the JSON.
_TAGS = ("(t", "(d", "(k", "(a", "(l")
_INTS = "bBhHiIlLqQ"


def _plain(value, blobs: list):
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        if len(value) > 32 and all(type(v) is int for v in value):
            try:
                blobs.append(array("q", value).tobytes())
                return {"(l": ["q", len(blobs) - 1]}
            except OverflowError:
                pass
        return [_plain(v, blobs) for v in value]
    if isinstance(value, tuple):
        return {"(t": [_plain(v, blobs) for v in value]}
    if isinstance(value, dict):
        if all(type(k) is str for k in value) and not any(k in _TAGS for k in value):
            if len(value) > 64 and not any("\0" in k for k in value):  # JSON reads one long string faster
                return {"(k": ["\0".join(value), _plain(list(value.values()), blobs)]}
            return {k: _plain(v, blobs) for k, v in value.items()}
        return {"(d": [[_plain(k, blobs), _plain(v, blobs)] for k, v in value.items()]}
    if isinstance(value, array) and value.typecode in _INTS:
        blobs.append(value.tobytes())
        return {"(a": [value.typecode, len(blobs) - 1]}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def dump(value, key: str, secret: bytes) -> bytes:
    """The bytes of an entry: its signature; a line of JSON with its key and the lengths of its
    arrays; a line of JSON with its value; then the bytes of its arrays."""
    blobs: list[bytes] = []
    plain = json.dumps(_plain(value, blobs), ensure_ascii=False, separators=(",", ":"))
    body = b"".join([json.dumps([key, [len(b) for b in blobs]]).encode(), b"\n",
                     plain.encode("utf-8", "surrogatepass"), b"\n", *blobs])
    return _mac(secret, body).encode() + b"\n" + body


def undump(data: bytes, key: str, secret: bytes):
    """The value of an entry written by ``dump`` with this key and secret; ValueError otherwise."""
    start = data.index(b"\n") + 1
    body = memoryview(data)[start:]  # no copies of a megabyte
    if data[:start - 1].decode("ascii", "replace") != _mac(secret, body):
        raise ValueError("not signed by this user's framelint")
    first = data.index(b"\n", start) - start
    second = data.index(b"\n", start + first + 1) - start
    head = json.loads(str(body[:first], "utf-8"))
    if type(head) is not list or len(head) != 2 or head[0] != key or type(head[1]) is not list:
        raise ValueError("another entry")
    blobs, pos = [], second + 1
    for n in head[1]:
        blobs.append(body[pos:pos + n])
        pos += n

    def revive(obj: dict):
        if len(obj) == 1:
            if "(t" in obj:
                return tuple(obj["(t"])
            if "(d" in obj:
                return dict(obj["(d"])  # its keys are scalars or tuples (revived before it)
            if "(k" in obj:
                keys, values = obj["(k"]
                keys = keys.split("\0")
                if len(keys) != len(values):
                    raise ValueError("keys and values do not pair")
                return dict(zip(keys, values))
            tag = "(a" if "(a" in obj else "(l" if "(l" in obj else None
            if tag is not None:
                typecode, n = obj[tag]
                if typecode not in _INTS:
                    raise ValueError("not an array of integers")
                values = array(typecode)
                values.frombytes(blobs[n])
                return values if tag == "(a" else values.tolist()
        return obj

    return json.loads(str(body[first + 1:second], "utf-8", "surrogatepass"), object_hook=revive)


def save(kind: str, key: str, value) -> None:
    directory = usable_dir()
    if directory is None:
        return
    tmp = None
    try:
        secret = _secret(create=True)
        if secret is None:
            return
        data = dump(value, key, secret)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if usable_dir() is None:  # made by someone else in the meantime
            return
        target = directory / f"{kind}-{key[:40]}.json"
        tmp = directory / f".{target.name}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)  # this user's only
        with open(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        _prune(directory, kind, keep=target.name)
    except Exception:  # noqa: BLE001 - a read-only home or a full disk: run without the cache
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass


def _prune(directory: Path, kind: str, keep: str, most: int = 8) -> None:
    """Keep the cache small: at most ``most`` entries of a kind, the newest ones; and no entry
    of an older format (pickles, which are never read)."""
    for old in directory.glob("*.pickle"):
        try:
            old.unlink()
        except OSError:
            pass
    entries = sorted(directory.glob(f"{kind}-*.json"), key=lambda p: p.lstat().st_mtime, reverse=True)
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
    """What ``re`` compiles ``pattern`` to, as plain data (see ``dump``), or None."""
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        # The code as an array: it is stored as hex, and loads many times faster than a list.
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
    """The arguments ``regex`` passes its C compiler for ``pattern``, as plain data,
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
        if not isinstance(_memo, dict):  # none, or of another shape
            _memo = {}
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
