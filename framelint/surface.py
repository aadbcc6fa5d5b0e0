"""What the language server and the HTTP service use of framelint, in one place.

``framelint.lsp`` and ``framelint.server`` import nothing else of the package:
this module names every function they rely on, so that a change inside
framelint is met here once. It imports nothing heavy at import time.
"""

from __future__ import annotations

import difflib
import io
import os
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = "https://github.com/framelint/framelint"
RULES_URI = REPOSITORY + "/blob/main/rules/"            # where the built-in rule files live
DOC_URIS = {"FL001": REPOSITORY + "/blob/main/docs/configuration.md#fl001-unused-suppression"}
LEVELS = ("info", "warning", "error")
QUOTE_MODES = ("skip", "info", "keep")


def version() -> str:
    from .version import __version__

    return __version__


# -- configuration and compiled rule sets ----------------------------------------------------
def default_config():
    from .config import DEFAULT

    return DEFAULT


def config_with(config, **changes):
    """The configuration with some fields replaced (``select``, ``ignore``, ``quotes``, ``rule_dirs``)."""
    return config.with_overrides(**changes)


def config_resolver(select=(), ignore=(), quotes=None, rule_dirs=(), config_file=None):
    """A resolver that finds each file's configuration by walking up from it, exactly as
    ``framelint check`` does, with these options layered over it as the command line's are."""
    from .config import ConfigResolver, Overrides

    return ConfigResolver(Overrides(select=tuple(select), ignore=tuple(ignore), quotes=quotes,
                                    rule_dirs=tuple(rule_dirs)), config_file)


def config_for(resolver, path: str):
    """The configuration of the file at ``path`` (ConfigError naming the file if it is broken)."""
    return resolver.for_file(path, None)


def linter_for(config):
    """The compiled linter for a configuration, built once per process and configuration.
    A selector in a configuration file that names no rule is reported with the file and line."""
    from .run.linters import linter_for as shared

    return shared(config)


def forget_compiled_rules() -> None:
    """Drop the compiled rule sets, so that edited rule files are read again."""
    from .run.linters import forget_linters

    forget_linters()


def rule_files(config) -> list[str]:
    """The user's rule files that a configuration loads (not the built-in ones)."""
    files: list[str] = []
    for directory in config.rule_dirs:
        try:
            files.extend(str(p) for p in sorted(Path(directory).rglob("*.toml")) if p.is_file())
        except OSError:
            pass
    return files


def is_framelint_error(exc: BaseException) -> bool:
    """A configuration, rule-file or usage error: one line for the user, never a traceback."""
    from .errors import FramelintError

    return isinstance(exc, FramelintError)


def kind_for_path(path: str | None) -> str:
    from .text.formats import name_for_path

    return name_for_path(path)


def is_prose_path(path: str) -> bool:
    """Whether ``framelint check DIR`` would check a file of this name."""
    from .text.formats import suffixes

    return path.lower().endswith(tuple(suffixes()))


# -- checking ---------------------------------------------------------------------------------
def check_text(linter, text: str, path: str, kind: str | None = None):
    """Findings and errors for one text; ``path`` is a name only, nothing is read."""
    return linter.check_text(text, path, kind)


def excluded(config, path: str) -> bool:
    return config.excludes(path)


# -- rules ----------------------------------------------------------------------------------
def all_rules(linter) -> list:
    """Every rule the linter knows (selected or not) and the built-in FL001."""
    from .rules.meta import META_RULES

    return [*linter.all_rules, *META_RULES]


def find_rule(rules, key: str):
    for rule in rules:
        if key in (rule.code, rule.name) or key.upper() == rule.code:
            return rule
    return None


def explain(rule) -> str:
    from .reporters.explain import explain_text

    return explain_text(rule)


def rule_link(rule) -> str:
    """Where a rule is documented: its file in the repository for a built-in rule,
    the rule file itself for a user's own."""
    if rule.code in DOC_URIS:
        return DOC_URIS[rule.code]
    if not rule.path or rule.path.startswith("<"):
        return REPOSITORY + "/blob/main/docs/rules.md"
    path = Path(rule.path)
    if rule.builtin:
        from urllib.parse import quote

        from .rules.model import builtin_rules_dir

        try:
            relative = path.resolve().relative_to(builtin_rules_dir().resolve())
            return RULES_URI + quote(relative.as_posix(), safe="/")
        except (ValueError, OSError):
            pass
    return path.resolve().as_uri()


def rule_summary(rule) -> dict:
    return {"code": rule.code, "name": rule.name, "category": rule.category, "kind": rule.kind,
            "level": rule.level, "scope": rule.scope, "builtin": rule.builtin, "link": rule_link(rule)}


def rule_details(rule) -> dict:
    """A rule's documentation, as ``framelint explain`` prints it and as data."""
    return dict(rule_summary(rule), message=rule.message, description=rule.description.strip(),
                explanation=explain(rule), suggest=rule.suggest, fix=dict(rule.fix or {}),
                references=list(rule.references),
                examples={"flag": [e.replace("[[", "").replace("]]", "") for e in rule.flag_examples],
                          "pass": list(rule.pass_examples)})


def close_match(word: str, choices) -> str:
    """' (did you mean 'x'?)' for a close match, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def matches_selector(rule, selector: str) -> bool:
    """A code, a name, a category, a code prefix, or ALL: as ``--select`` reads them."""
    return (selector in (rule.code, rule.name, rule.category, "ALL", "all")
            or (selector.isupper() and rule.code.startswith(selector)))


def unknown_selector(rules, selector: str) -> str | None:
    """None if ``selector`` names a rule; otherwise a message with a 'did you mean'."""
    if any(matches_selector(r, selector) for r in rules):
        return None
    choices = [r.code for r in rules] + [r.name for r in rules] + sorted({r.category for r in rules})
    return f"no rule matches '{selector}'{close_match(selector, choices)}"


# -- fixes and suppressions ---------------------------------------------------------------------
def safe_fixes(findings) -> list:
    """The findings whose fix ``framelint check --fix`` would apply, first come first served."""
    from .run.fixes import fixable

    return fixable(list(findings))


def replacement(finding) -> str:
    """The text a safe fix puts in place of the finding's match (capitalisation kept)."""
    from .run.fixes import match_case

    return match_case(finding.fix, finding.match)


@dataclass
class Directive:
    action: str
    selectors: tuple[str, ...]
    start: int
    end: int


def directives(text: str, kind: str) -> list[Directive]:
    """The suppression directives in a text, with their spans."""
    from .text import formats

    return [Directive(d.action, tuple(d.selectors), d.start, d.end)
            for d in formats.get(kind).processor.find_directives(text)]


def suppression_line(kind: str, code: str) -> str:
    """The directive that switches ``code`` off for the next line, in the syntax of ``kind``."""
    if kind == "text":
        return f"[framelint-disable-next-line {code}]"
    return f"<!-- framelint-disable-next-line {code} -->"


# -- comparing texts -----------------------------------------------------------------------------
def compare_texts(articles: list[tuple[str, str]], linter):
    """``framelint compare`` on texts given as (name, text); nothing is read or written."""
    from .analysis.compare import compare_texts as compare

    return compare(articles, linter)


# -- the HTML report's look ---------------------------------------------------------------------
def categories() -> list[str]:
    from .rules.model import CATEGORIES

    return [*CATEGORIES, "suppression"]


def report_css() -> str:
    """The HTML report's style sheet, with its colours and filter for every category."""
    from .reporters import html_report as html

    return html.CSS + "\n" + html._category_css(categories())


def highlight_html(text: str, path: str, findings) -> str:
    """The text as the HTML report shows it, with one ``<mark>`` per finding."""
    from .reporters import html_report as html

    cats = categories()
    for f in findings:
        if f.category not in cats:
            cats.append(f.category)
    shown, spans = html.visible_text(text, path, findings)
    return f'<div class="text">{html.highlight(shown, spans, cats, "h")}</div>'


def comparison_html(comparison) -> str:
    """The body of ``compare --format html``: the profile, the figures and the articles."""
    from .reporters import html_report as html

    out = io.StringIO()
    html.render_comparison(comparison, out)
    page = out.getvalue()
    start, end = page.find("<main>"), page.rfind("</main>")
    return page[start + len("<main>"):end].strip() if start != -1 and end != -1 else ""


def path_from_uri(uri: str) -> str | None:
    """The file system path of a file: URI, or None for any other scheme."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    return path
