"""Rule files: loading and validation.

A rule is one TOML file. Its ``kind`` names one of the kinds registered in
``framelint.kinds``, which checks the keys it needs; every other key is data. Everything is checked when
the file is loaded, so a mistake is reported with the file, the line, the rule
and the key, before any text is read.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .. import kinds
from ..errors import RuleError, did_you_mean
from ..findings import APPLICABILITIES


def _toml():
    # Imported when a rule file is read: with the rule-set cache, most runs read none.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


def __getattr__(name: str):  # ``from .rules import tomllib`` still works
    if name == "tomllib":
        return _toml()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

CATEGORIES = (
    "charged-label", "loaded-language", "unattributed-assertion", "unverifiable-superlative",
    "doubt-verb", "scare-quote", "editorializing", "euphemism",
)
LEVELS = ("info", "warning", "error")
LEVEL_RANK = {"info": 0, "warning": 1, "error": 2}
SCOPES = ("narration", "quotes", "headline", "all")
CASES = ("insensitive", "sensitive")
WHEN_ATTRIBUTED = ("keep", "info", "skip")
ATTRIBUTIONS = ("any", "speech")

MESSAGE_FIELDS = ("match", "suggestion", "count", "limit", "density")
_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{2,4}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

# key: (python type(s), required, default)
SCHEMA: dict[str, tuple[Any, bool, Any]] = {
    "code": (str, True, None),
    "name": (str, True, None),
    "category": (str, True, None),
    "kind": (str, True, None),
    "level": (str, False, "warning"),
    "scope": (str, False, "narration"),
    "message": (str, True, None),
    "description": (str, True, None),
    "references": (list, False, []),
    "terms": (list, False, []),
    "patterns": (list, False, []),
    "exceptions": (list, False, []),
    "exception_patterns": (list, False, []),
    "case": (str, False, "insensitive"),
    "inflect": (bool, False, False),
    "suggest": (str, False, None),
    "fix": (dict, False, {}),
    "fix_applicability": (str, False, "unsafe"),
    "unless_attributed": (bool, False, False),
    "when_attributed": (str, False, "skip"),
    "attribution": (str, False, "any"),
    "if_sentence": (list, False, []),
    "unless_sentence": (list, False, []),
    "max_per_1000": ((int, float), False, None),
    "min_words": (int, False, 1),
    "max_words": (int, False, 5),
    "examples": (dict, True, None),
}
_TYPE_NAMES = {str: "a string", list: "a list", bool: "true or false", dict: "a table",
               int: "an integer", float: "a decimal number", (int, float): "a number"}


@dataclass(slots=True)
class Rule:
    code: str
    name: str
    category: str
    kind: str
    message: str
    description: str
    path: str
    level: str = "warning"
    scope: str = "narration"
    references: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    exception_patterns: list[str] = field(default_factory=list)
    case: str = "insensitive"
    inflect: bool = False
    suggest: str | None = None
    fix: dict[str, str] = field(default_factory=dict)
    fix_applicability: str = "unsafe"  # safe | unsafe | display-only; the engine may lower it by context
    unless_attributed: bool = False
    when_attributed: str = "skip"
    attribution: str = "any"  # "speech": only a verb of saying attributes, not "according to"
    if_sentence: list[str] = field(default_factory=list)
    unless_sentence: list[str] = field(default_factory=list)
    max_per_1000: float | None = None
    min_words: int = 1
    max_words: int = 5
    examples: dict[str, list[str]] = field(default_factory=dict)
    builtin: bool = True

    @property
    def flag_examples(self) -> list[str]:
        return self.examples.get("flag", [])

    @property
    def pass_examples(self) -> list[str]:
        return self.examples.get("pass", [])


def builtin_rules_dir() -> Path:
    """The rules shipped with framelint: inside the wheel, or beside the package in a checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data" / "rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


def rule_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise RuleError(str(directory), "rule directory does not exist")
    return sorted(p for p in directory.rglob("*.toml") if p.is_file())


def load_rules(extra_dirs: list[str | os.PathLike] | None = None, *, include_builtin: bool = True) -> list[Rule]:
    """Load the built-in rules and any extra rule directories, validated."""
    rules: list[Rule] = []
    dirs: list[tuple[Path, bool]] = []
    if include_builtin:
        dirs.append((builtin_rules_dir(), True))
    dirs.extend((Path(d), False) for d in (extra_dirs or []))
    for directory, builtin in dirs:
        for path in rule_files(directory):
            rules.append(load_rule_file(path, builtin=builtin))
    check_unique(rules)
    return rules


def check_unique(rules: list[Rule]) -> None:
    seen_code: dict[str, Rule] = {}
    seen_name: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen_code:
            raise RuleError(rule.path, f"duplicate code {rule.code}, already used by {seen_code[rule.code].path}",
                            rule=rule.code, key="code", line=_key_line(rule.path, "code"))
        if rule.name in seen_name:
            raise RuleError(rule.path, f"duplicate name '{rule.name}', already used by {seen_name[rule.name].path}",
                            rule=rule.code, key="name", line=_key_line(rule.path, "name"))
        seen_code[rule.code] = rule
        seen_name[rule.name] = rule


def load_rule_file(path: Path, *, builtin: bool = False) -> Rule:
    spath = str(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(spath, f"cannot read rule file: {exc}") from None
    tomllib = _toml()
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        raise RuleError(spath, f"invalid TOML: {str(exc).split(' (at line')[0]}", line=line) from None
    rule = validate_rule(data, spath, source)
    rule.builtin = builtin
    return rule


def _line_from_message(msg: str) -> int | None:
    m = re.search(r"at line (\d+)", msg)
    return int(m.group(1)) if m else None


def _key_line(path: str, key: str, source: str | None = None) -> int | None:
    if source is None:
        try:
            source = Path(path).read_text(encoding="utf-8")
        except OSError:
            return None
    m = re.search(rf"^[ \t]*\[?{re.escape(key)}\]?[ \t]*[=\]]", source, re.M)
    return source.count("\n", 0, m.start()) + 1 if m else None


def validate_rule(data: dict[str, Any], path: str, source: str = "") -> Rule:
    code = data.get("code") if isinstance(data.get("code"), str) else None

    def fail(key: str | None, message: str) -> RuleError:
        return RuleError(path, message, rule=code, key=key,
                         line=_key_line(path, key, source) if key else None)

    for key in data:
        if key not in SCHEMA:
            raise fail(key, f"unknown key{did_you_mean(key, SCHEMA)}")
    for key, (typ, required, _default) in SCHEMA.items():
        if key not in data:
            if required:
                raise RuleError(path, f"missing required key '{key}'", rule=code)
            continue
        value = data[key]
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
            raise fail(key, f"must be {_TYPE_NAMES[typ]}, not {_TYPE_NAMES.get(type(value), type(value).__name__)}")
    if not _CODE.match(data["code"]):
        raise fail("code", "must be 1-4 capital letters and 2-4 digits, like LB101")
    if not _NAME.match(data["name"]):
        raise fail("name", "must be lowercase words joined by hyphens, like regime-label")
    for key, allowed in (("category", CATEGORIES), ("kind", kinds.names()), ("level", LEVELS), ("scope", SCOPES),
                         ("case", CASES), ("when_attributed", WHEN_ATTRIBUTED),
                         ("attribution", ATTRIBUTIONS), ("fix_applicability", APPLICABILITIES)):
        if key in data and data[key] not in allowed:
            raise fail(key, f"'{data[key]}' is not one of {', '.join(allowed)}{did_you_mean(data[key], allowed)}")
    for key in ("references", "terms", "patterns", "exceptions", "exception_patterns", "if_sentence", "unless_sentence"):
        for item in data.get(key, []):
            if not isinstance(item, str) or not item.strip():
                raise fail(key, "must be a list of non-empty strings")
    for key in ("patterns", "exception_patterns", "if_sentence", "unless_sentence"):
        for pattern in data.get(key, []):
            try:
                regex.compile(pattern, regex.V0)
            except regex.error as exc:
                raise fail(key, f"invalid regular expression {pattern!r}: {exc}") from None
    if "fix_applicability" in data and not data.get("fix"):
        raise fail("fix_applicability", "says how sure the rule's fix is, but the rule has no 'fix' table")
    for k, v in data.get("fix", {}).items():
        if not isinstance(v, str):
            raise fail("fix", f"replacement for '{k}' must be a string")

    kinds.KINDS[data["kind"]].validate(data, fail)

    examples = data["examples"]
    for key in examples:
        if key not in ("flag", "pass"):
            raise fail("examples", f"unknown example list '{key}'{did_you_mean(key, ('flag', 'pass'))}")
    for key in ("flag", "pass"):
        items = examples.get(key)
        if not items or not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise fail("examples", f"needs a non-empty list of strings 'examples.{key}'")
    for text in examples["flag"]:
        if text.count("[[") != text.count("]]"):
            raise fail("examples", f"unbalanced [[ ]] marks in flag example {text!r}")

    for placeholder in re.findall(r"{([^{}]*)}", data["message"]):
        if placeholder not in MESSAGE_FIELDS:
            raise fail("message", f"unknown placeholder {{{placeholder}}}; use one of "
                                  f"{', '.join('{' + f + '}' for f in MESSAGE_FIELDS)}")
    fields = {k: v for k, v in data.items()}
    fields["fix"] = {k.lower(): v for k, v in data.get("fix", {}).items()}
    return Rule(path=path, **fields)


def level_at_least(level: str, threshold: str) -> bool:
    return LEVEL_RANK[level] >= LEVEL_RANK[threshold]
