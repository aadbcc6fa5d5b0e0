"""Configuration: defaults, the file found by walking up, and command-line overrides.

A configuration file is ``.framelint.toml`` or the ``[tool.framelint]`` table of
a ``pyproject.toml``. Each checked file uses the nearest one above it (in one
directory, ``.framelint.toml`` beats ``pyproject.toml``); ``--config FILE``
forces one for every file. A file may build on house styles and other files with
``extends`` (see ``resolve_extends``). Options given on the command line override the file.
``Config`` is frozen and hashable, so one compiled linter serves every file
that shares a configuration.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, replace

from .errors import ConfigError, did_you_mean

QUOTE_MODES = ("skip", "info", "keep")
LEVELS = ("info", "warning", "error")
CONFIG_NAME = ".framelint.toml"
PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()          # empty: every rule
    ignore: tuple[str, ...] = ()
    levels: tuple[tuple[str, str], ...] = ()   # (selector, level) overrides, later ones win
    quotes: str = "skip"                  # what to do with findings inside quotations
    fail_level: str = "warning"
    rule_dirs: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, selectors)
    exclude: tuple[str, ...] = ()
    source: str | None = None             # the file this configuration came from
    root: str | None = None               # its directory: globs are relative to it
    extends: tuple[str, ...] = ()         # the files it builds on, in order, nearest last
    origins: tuple[tuple[str, tuple[str, ...]], ...] = ()  # file key -> the files (or "command line") that set it

    def with_overrides(self, **changes) -> "Config":
        changes = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **changes)

    def relative(self, path: str) -> str:
        """``path`` relative to the configuration's directory, with / separators."""
        if self.root and path != "-":
            rel = os.path.relpath(os.path.abspath(path), self.root)
            if not rel.startswith(".."):
                path = rel
        return path.replace(os.sep, "/")

    def path_ignores(self, path: str) -> tuple[str, ...]:
        """The selectors that ``per-path-ignores`` switches off for ``path``."""
        if not self.per_path_ignores:
            return ()
        rel = self.relative(path)
        found: list[str] = []
        for pattern, selectors in self.per_path_ignores:
            if glob_matches(rel, pattern):
                found.extend(selectors)
        return tuple(found)

    def excludes(self, path: str) -> bool:
        return bool(self.exclude) and any(glob_matches(self.relative(path), p) for p in self.exclude)


DEFAULT = Config()


def glob_matches(rel: str, pattern: str) -> bool:
    """A glob with a / matches the relative path (``*`` crosses folders); one without
    a / matches any single file or folder name in it."""
    pattern = pattern.replace(os.sep, "/").removeprefix("./").rstrip("/")
    if "/" in pattern:
        return fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern + "/*")
    return any(fnmatch.fnmatchcase(part, pattern) for part in rel.split("/"))


# -- reading a configuration file ---------------------------------------------------------
# key in the file: (Config field, what it must be)
FILE_KEYS = {
    "select": ("select", "a list of rule selectors"),
    "ignore": ("ignore", "a list of rule selectors"),
    "levels": ("levels", "a table of rule selector = level"),
    "per-path-ignores": ("per_path_ignores", "a table of glob = list of rule selectors"),
    "rules": ("rule_dirs", "a list of folders"),
    "quotes": ("quotes", "one of " + ", ".join(QUOTE_MODES)),
    "fail-level": ("fail_level", "one of " + ", ".join(LEVELS)),
    "exclude": ("exclude", "a list of globs"),
    "extends": ("extends", "a list of style names and configuration files"),
}
STYLE_FILES = ("style.toml", CONFIG_NAME)  # a style folder's configuration, in this order
STYLE_GROUP = "framelint.styles"           # the entry-point group of installed styles


def _toml():
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def _read(path: str) -> tuple[str, dict]:
    tomllib = _toml()
    try:
        with open(path, "rb") as fh:
            source = fh.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    try:
        return source, tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        line = m.group(1) if m else (len(source.splitlines()) or 1) if "end of document" in str(exc) else None
        where = f"{path}:{line}" if line else path
        raise ConfigError(f"{where}: invalid TOML: {str(exc).split(' (at line')[0]}") from None


def _framelint_table(path: str, data: dict) -> dict | None:
    if os.path.basename(path) == PYPROJECT:
        tool = data.get("tool")
        table = tool.get("framelint") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.framelint] must be a table")
        return table
    return data


def has_framelint_table(path: str) -> bool:
    """Whether a pyproject.toml has a [tool.framelint] table (it is skipped otherwise)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return False
    if b"framelint" not in raw:  # most pyproject.toml files: no TOML parsing at all
        return False
    _source, data = _read(path)
    return _framelint_table(path, data) is not None


def load_config_file(path: str, _chain: tuple[str, ...] = ()) -> Config:
    """Read and validate one configuration file (``.framelint.toml``, ``style.toml`` or
    ``pyproject.toml``), with the files it ``extends`` layered beneath it."""
    source, data = _read(path)
    table = _framelint_table(path, data)
    if table is None:
        raise ConfigError(f"{path}: no [tool.framelint] table")
    is_pyproject = os.path.basename(path) == PYPROJECT
    section = source.find("[tool.framelint") if is_pyproject else 0
    prefix = "tool.framelint." if is_pyproject else ""

    def where(*keys: str) -> str:
        line = _key_line(source, keys, max(section, 0), prefix)
        return f"{path}:{line}" if line else path

    def fail(keys: tuple[str, ...], message: str) -> ConfigError:
        return ConfigError(f"{where(*keys)}: {message}")

    root = os.path.dirname(os.path.abspath(path))
    values: dict = {}
    for key, value in table.items():
        if key not in FILE_KEYS:
            raise fail((key,), f"unknown key '{key}'{did_you_mean(key, FILE_KEYS)}; "
                               f"the keys are: {', '.join(FILE_KEYS)}")
        field_name, expected = FILE_KEYS[key]
        if key == "extends":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise fail((key,), f"'extends' must be {expected}, like extends = [\"newsroom-style\"]")
            continue
        if key in ("select", "ignore", "exclude", "rules"):
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise fail((key,), f"'{key}' must be {expected}, like {key} = [\"...\"]")
            if key == "rules":
                dirs = []
                for d in value:
                    full = os.path.normpath(os.path.join(root, d))
                    if not os.path.isdir(full):
                        raise fail((key,), f"'rules': folder '{d}' does not exist ({full})")
                    dirs.append(full)
                value = dirs
            values[field_name] = tuple(value)
        elif key in ("quotes", "fail-level"):
            allowed = QUOTE_MODES if key == "quotes" else LEVELS
            if not isinstance(value, str) or value not in allowed:
                shown = f"'{value}'" if isinstance(value, str) else type(value).__name__
                hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
                raise fail((key,), f"'{key}' must be {expected}, not {shown}{hint}")
            values[field_name] = value
        elif key == "levels":
            if not isinstance(value, dict):
                raise fail((key,), f"'levels' must be {expected}, like levels = {{ LB101 = \"error\" }}")
            for sel, level in value.items():
                if not isinstance(level, str) or level not in LEVELS:
                    shown = f"'{level}'" if isinstance(level, str) else type(level).__name__
                    hint = did_you_mean(level, LEVELS) if isinstance(level, str) else ""
                    raise fail((sel, key), f"levels: '{sel}' must be one of {', '.join(LEVELS)}, not {shown}{hint}")
            values[field_name] = tuple(value.items())
        elif key == "per-path-ignores":
            if not isinstance(value, dict):
                raise fail((key,), f"'per-path-ignores' must be {expected}, "
                                   f"like \"archive/*\" = [\"UA101\"]")
            items = []
            for pattern, sels in value.items():
                if not isinstance(sels, list) or not all(isinstance(s, str) and s.strip() for s in sels):
                    raise fail((pattern, key), f"per-path-ignores: '{pattern}' must be a list of rule selectors")
                items.append((pattern, tuple(sels)))
            values[field_name] = tuple(items)
    own = Config(source=path, root=root, origins=tuple((k, (path,)) for k in table if k != "extends"), **values)
    if not table.get("extends"):
        return own
    chain = _chain + (os.path.abspath(path),)
    layers = [load_config_file(found, chain) for found in resolve_extends(table["extends"], path, chain, fail)]
    config = DEFAULT
    for layer in layers + [own]:
        config = _layer(config, layer)
    extends = tuple(dict.fromkeys(f for layer in layers for f in layer.extends + (layer.source,)))
    return replace(config, source=path, root=root, extends=extends)


# -- extends: house styles and shared files ----------------------------------------------------
def style_config_file(directory: str) -> str | None:
    """A style folder's configuration file (``style.toml``, else ``.framelint.toml``), or None."""
    for name in STYLE_FILES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    return None


def installed_styles() -> dict[str, str]:
    """Installed styles: entry-point name -> the folder of the package it names."""
    import importlib.util
    from importlib.metadata import entry_points

    found: dict[str, str] = {}
    for ep in entry_points(group=STYLE_GROUP):
        if ep.name in found:
            continue
        try:
            spec = importlib.util.find_spec(ep.module)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            found[ep.name] = ""  # named, but its package is missing: reported when used
        elif spec.submodule_search_locations:
            found[ep.name] = list(spec.submodule_search_locations)[0]
        elif spec.origin:
            found[ep.name] = os.path.dirname(spec.origin)
    return found


def _looks_like_a_path(entry: str) -> bool:
    return entry.endswith(".toml") or "/" in entry or os.sep in entry or entry.startswith(".")


def resolve_extends(entries: list[str], path: str, chain: tuple[str, ...], fail) -> list[str]:
    """The configuration file each ``extends`` entry names, in order.

    A path (with a / or ending .toml) is relative to the file that names it: a file, or a
    style folder. A name is a folder of that name in a ``styles/`` folder beside the file
    or above it (the project's own styles), else an installed style: a package that
    declares itself in the ``framelint.styles`` entry-point group.
    """
    here = os.path.dirname(os.path.abspath(path))
    files = []
    for entry in entries:
        found = None
        if _looks_like_a_path(entry):
            full = os.path.normpath(os.path.join(here, os.path.expanduser(entry)))
            if os.path.isdir(full):
                found = style_config_file(full)
                if found is None:
                    raise fail(("extends",), f"extends: '{entry}' is a folder with no style.toml or "
                                             f"{CONFIG_NAME} ({full})")
            elif os.path.isfile(full):
                found = full
            else:
                raise fail(("extends",), f"extends: '{entry}': no such file or folder ({full})")
        else:
            directory = here
            nearby: list[str] = []  # the project's styles, for a "did you mean"
            while found is None:
                folder = os.path.join(directory, "styles", entry)
                if os.path.isdir(os.path.dirname(folder)):
                    nearby += [n for n in os.listdir(os.path.dirname(folder)) if not n.startswith(".")]
                if os.path.isdir(folder):
                    found = style_config_file(folder)
                    if found is None:
                        raise fail(("extends",), f"extends: style '{entry}' ({folder}) has no style.toml "
                                                 f"or {CONFIG_NAME}")
                parent = os.path.dirname(directory)
                if found is None and (parent == directory or os.path.exists(os.path.join(directory, ".git"))):
                    break  # the top of the project
                directory = parent
            if found is None:
                installed = installed_styles()
                folder = installed.get(entry)
                if folder is None:
                    hint = did_you_mean(entry, list(installed) + nearby)
                    names = ", ".join(sorted(installed)) or "none"
                    raise fail(("extends",), f"extends: no style named '{entry}'{hint}: not in a styles/ "
                                             f"folder of the project, nor installed (installed styles: {names})")
                found = style_config_file(folder) if folder else None
                if found is None:
                    raise fail(("extends",), f"extends: installed style '{entry}' has no style.toml or "
                                             f"{CONFIG_NAME} in its package ({folder or 'package not found'})")
        if os.path.abspath(found) in chain or os.path.abspath(found) == os.path.abspath(path):
            loop = " -> ".join(_shown(p) for p in chain[chain.index(os.path.abspath(found)):] + (found,))
            raise fail(("extends",), f"extends: '{entry}' makes a cycle: {loop}")
        files.append(_shown(found))
    return files


def _shown(path: str) -> str:
    """A path as the user reads it: relative to the current folder when below it."""
    rel = os.path.relpath(os.path.abspath(path))
    return path if rel.startswith("..") else rel


_ACCUMULATE = {"rules": "rule_dirs", "exclude": "exclude", "levels": "levels", "per-path-ignores": "per_path_ignores"}


def _layer(lower: Config, upper: Config) -> Config:
    """``upper`` over ``lower``: what ``upper`` sets wins. ``select`` replaces the selection
    below (and its ``ignore``, as ``--select`` does); ``ignore``, ``rules``, ``exclude``,
    ``levels`` and ``per-path-ignores`` add to it (for ``levels``, the later entry wins)."""
    set_by = dict(upper.origins)
    origins = dict(lower.origins)
    changes: dict = {}
    for key, name in (("quotes", "quotes"), ("fail-level", "fail_level")):
        if key in set_by:
            changes[name], origins[key] = getattr(upper, name), set_by[key]
    if "select" in set_by:
        changes["select"], origins["select"] = upper.select, set_by["select"]
        changes["ignore"] = upper.ignore
        origins.pop("ignore", None)
        if "ignore" in set_by:
            origins["ignore"] = set_by["ignore"]
    elif "ignore" in set_by:
        changes["ignore"] = tuple(dict.fromkeys(lower.ignore + upper.ignore))
        origins["ignore"] = tuple(dict.fromkeys(origins.get("ignore", ()) + set_by["ignore"]))
    for key, name in _ACCUMULATE.items():
        if key in set_by:
            changes[name] = tuple(dict.fromkeys(getattr(lower, name) + getattr(upper, name)))
            origins[key] = tuple(dict.fromkeys(origins.get(key, ()) + set_by[key]))
    return replace(lower, **changes, origins=tuple(origins.items()))


def _key_line(source: str, keys: tuple[str, ...], start: int, prefix: str) -> int | None:
    """The line of the first of ``keys`` that can be found, as a key or a table header."""
    for key in keys:
        k = re.escape(key)
        for pattern in (rf"^[ \t]*\[[ \t]*{re.escape(prefix)}[\"']?{k}[\"']?[ \t]*\]",
                        rf"(?:^|[{{,])[ \t]*[\"']?{k}[\"']?[ \t]*="):
            m = re.compile(pattern, re.M).search(source, start)
            if m:
                return source.count("\n", 0, m.start()) + 1
    return None


# -- finding the configuration for each file ---------------------------------------------
def _stderr(line: str) -> None:
    import sys

    sys.stderr.write(line)


def _home() -> str | None:
    home = os.path.expanduser("~")
    return None if home.startswith("~") else os.path.abspath(home)


def _uid() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


def untrusted(path: str) -> str | None:
    """Why a configuration file found by the search is not used, or None: a file another user
    owns, or one anyone can write, may say anything (turn every rule off, load their rules)."""
    uid = _uid()
    if uid is None:
        return None
    try:
        owner, mode = _owner_and_mode(path)
    except OSError:
        return None
    if owner != uid and owner != 0:  # root's files are as trusted as the system
        return f"owned by another user (uid {owner})"
    if mode & 0o002:
        return "anyone can write it"
    return None


def _owner_and_mode(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_mode


def search_notes(resolver: "ConfigResolver") -> list[str]:
    """What --show-config says about the search: each file considered, and where it stopped."""
    def short(path: str) -> str:
        rel = os.path.relpath(path)
        return path if rel.startswith("..") else rel

    lines = [f"# considered {short(path)}: {what}" for path, what in resolver.considered.items()]
    lines += [f"# searched no higher than {short(d)}: {why.split(': ', 1)[0]}" for d, why in resolver._notes.items()]
    return lines



@dataclass(frozen=True)
class Overrides:
    """What the command line says; ``None`` or empty means 'as in the file'."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    quotes: str | None = None
    fail_level: str | None = None
    rule_dirs: tuple[str, ...] = ()


def merge(config: Config, cli: Overrides) -> Config:
    """Layer command-line options over a file's configuration, the way ruff does:
    ``--select`` replaces the file's selection (and its ``ignore``); ``--ignore`` and
    ``--rules`` add to the file's."""
    if cli.select:
        select, ignore = cli.select, cli.ignore
    else:
        select, ignore = config.select, config.ignore + cli.ignore
    origins = dict(config.origins)
    given = {"select": cli.select, "ignore": cli.ignore, "quotes": cli.quotes, "fail-level": cli.fail_level,
             "rules": cli.rule_dirs}
    for key, value in given.items():
        if value:
            replaces = key in ("quotes", "fail-level", "select") or (key == "ignore" and cli.select)
            origins[key] = ("command line",) if replaces else origins.get(key, ()) + ("command line",)
    if cli.select and not cli.ignore:
        origins.pop("ignore", None)
    return replace(config, select=select, ignore=ignore,
                   quotes=cli.quotes or config.quotes, fail_level=cli.fail_level or config.fail_level,
                   rule_dirs=config.rule_dirs + tuple(d for d in cli.rule_dirs if d not in config.rule_dirs),
                   origins=tuple(origins.items()))


class ConfigResolver:
    """The effective configuration of each checked file, found once per directory."""

    def __init__(self, overrides: Overrides = Overrides(), config_file: str | None = None) -> None:
        self.overrides = overrides
        self.forced = config_file
        self._dir_cache: dict[str, str | None] = {}
        self.considered: dict[str, str | None] = {}  # configuration files seen: what became of each
        self._notes: dict[str, str] = {}  # where the search stopped, and why
        self.warn = _stderr
        self._file_cache: dict[str | None, Config] = {}
        if config_file is not None:
            if not os.path.isfile(config_file):
                raise ConfigError(f"{config_file}: --config: no such file")
            self._file_cache[config_file] = merge(load_config_file(config_file), overrides)

    def config_file_for(self, path: str, stdin_filename: str | None = None) -> str | None:
        """The configuration file that governs ``path`` (``-`` is placed by ``--stdin-filename``)."""
        if self.forced is not None:
            return self.forced
        if path == "-":
            path = stdin_filename or os.path.join(os.getcwd(), "-")
        start = os.path.abspath(path)
        directory = start if os.path.isdir(start) else os.path.dirname(start)
        visited = []
        found: str | None = None
        home = _home()
        while True:
            if directory in self._dir_cache:
                found = self._dir_cache[directory]
                break
            visited.append(directory)
            found = self._candidate(directory)
            if found is not None:
                break
            # The walk stops at the repository's root and at the user's home: a folder above
            # them (a shared /tmp, a CI workspace) may hold anyone's configuration.
            if os.path.exists(os.path.join(directory, ".git")):
                self._notes.setdefault(directory, "the repository's root: the search stops here")
                break
            if home is not None and directory == home:
                self._notes.setdefault(directory, "the user's home: the search stops here")
                break
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
        if found is not None:
            rel = os.path.relpath(found)
            found = found if rel.startswith("..") else rel  # shown to the user: keep it short
        for d in visited:
            self._dir_cache[d] = found
        return found

    def _candidate(self, directory: str) -> str | None:
        """The configuration file in ``directory`` that may be used, noting any that is skipped."""
        for name in (CONFIG_NAME, PYPROJECT):
            candidate = os.path.join(directory, name)
            if not os.path.isfile(candidate):
                continue
            self.considered.setdefault(candidate, None)
            why = untrusted(candidate)
            if why is not None:
                if self.considered[candidate] is None:
                    self.considered[candidate] = f"skipped: {why}"
                    from .errors import shown

                    self.warn(f"framelint: warning: {shown(candidate)}: configuration skipped: {why}\n")
                continue
            if name == PYPROJECT and not has_framelint_table(candidate):
                self.considered[candidate] = "no [tool.framelint] table"
                continue
            self.considered[candidate] = "used"
            return candidate
        return None

    def for_file(self, path: str, stdin_filename: str | None = None) -> Config:
        source = self.config_file_for(path, stdin_filename)
        config = self._file_cache.get(source)
        if config is None:
            base = load_config_file(source) if source is not None else DEFAULT
            config = self._file_cache[source] = merge(base, self.overrides)
        return config


def check_config_selectors(config: Config, rules: list) -> None:
    """Every selector a configuration file names must match a rule; say where it is if not."""
    from .rules.meta import META_RULES
    from .rules.model import CATEGORIES
    from .rules.selection import matches_selector

    known = list(rules) + list(META_RULES)
    choices = [r.code for r in known] + [r.name for r in known] + sorted({r.category for r in known})
    groups = [("select", config.select), ("ignore", config.ignore), ("levels", [s for s, _ in config.levels])]
    groups += [("per-path-ignores", sels) for _pattern, sels in config.per_path_ignores]
    for key, selectors in groups:
        for sel in selectors:
            if sel not in CATEGORIES and not any(matches_selector(r, sel) for r in known):
                where = config.source or "command line"
                # The selector may come from a file this one extends: say which.
                files = [f for f in dict(config.origins).get(key, ()) if f != "command line"] or [config.source]
                for file in reversed([f for f in files if f]):
                    try:
                        with open(file, encoding="utf-8-sig") as fh:
                            source = fh.read()
                    except OSError:
                        continue
                    line = _key_line(source, (sel,), 0, "") if key in ("levels",) else None
                    line = line or _selector_line(source, sel)
                    if line:
                        where = f"{file}:{line}"
                        break
                raise ConfigError(f"{where}: {key}: no rule matches '{sel}'{did_you_mean(sel, choices)}")


def _selector_line(source: str, selector: str) -> int | None:
    m = re.search(rf"[\"']{re.escape(selector)}[\"']", source)
    return source.count("\n", 0, m.start()) + 1 if m else None


def describe(config: Config, path: str) -> str:
    """The effective configuration for ``path`` as TOML, with where it came from."""
    import json

    def s(v: str) -> str:
        return json.dumps(v)

    def lst(items) -> str:
        return "[" + ", ".join(s(v) for v in items) + "]"

    def table(pairs) -> str:
        pairs = list(pairs)
        return ("{ " + ", ".join(f"{s(k)} = {v}" for k, v in pairs) + " }") if pairs else "{}"

    origin = (f"# from {config.source}" if config.source
              else "# from the built-in defaults (no .framelint.toml or [tool.framelint] found)")
    origins = dict(config.origins)

    def where(key: str, note: str = "") -> str:
        # Where each setting came from: the files (and the command line) that set it.
        sources = origins.get(key)
        return "   # " + (note + ", " if note else "") + (", ".join(sources) if sources else "default")

    lines = [f"# effective configuration for {path}", origin]
    if config.extends:
        lines.append(f"# extends {', '.join(config.extends)}")
    lines += [
        f"select = {lst(config.select)}" + where("select", "every rule" if not config.select else ""),
        f"ignore = {lst(config.ignore)}" + where("ignore"),
        f"levels = {table((k, s(v)) for k, v in config.levels)}" + where("levels"),
        f"per-path-ignores = {table((k, lst(v)) for k, v in config.per_path_ignores)}" + where("per-path-ignores"),
        f"rules = {lst(config.rule_dirs)}" + where("rules"),
        f"quotes = {s(config.quotes)}" + where("quotes"),
        f"fail-level = {s(config.fail_level)}" + where("fail-level"),
        f"exclude = {lst(config.exclude)}" + where("exclude"),
    ]
    if config.per_path_ignores:
        applied = config.path_ignores(path)
        lines.append(f"# per-path-ignores for this file: {lst(applied) if applied else 'none'}")
    return "\n".join(lines) + "\n"
