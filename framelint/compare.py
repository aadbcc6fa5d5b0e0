"""Comparing coverage of one story: a framing profile per article, and their figures.

A profile says, for one article: how long it is; how many findings per 1,000 words
it has in each category; what share of its sentences name a source; what share of
its prose is direct quotation; and, outside quotations, which charged terms the
writer uses and how the writer names the main actors ("Kyiv regime", "Ukrainian
armed forces"), with the names speakers use inside quotations listed apart. The
actor lexicon is data: ``data/actors.toml``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from . import lexicon
from .config import _toml
from .document import Document, decode, kind_for_path
from .errors import InputError
from .figures import (_MULTIPLIERS, _UNIT_WORDS, Figure, QuantityRow, compare_figures, extract_figures, main_day,
                      main_place)
from .findings import FileError, Finding
from .rules import CATEGORIES

VOICE_CATEGORIES = ("charged-label", "loaded-language")
TOP = 8   # charged terms and actor names shown per article (an actor name with a charged label is always shown)


@dataclass
class Profile:
    path: str
    text: str
    words: int
    sentences: int
    findings: list[Finding]
    per_1000: dict[str, float]          # category -> findings per 1,000 words
    attributed: float                   # share of sentences attributed to a named source
    quoted: float                       # share of prose characters inside direct quotations
    charged_terms: list[tuple[str, int]]
    actors: list[tuple[str, int]]
    figures: list[Figure] = field(default_factory=list)
    quoted_actors: list[tuple[str, int]] = field(default_factory=list)   # names inside quotations

    def to_dict(self) -> dict:
        return {"path": self.path, "words": self.words, "sentences": self.sentences,
                "findings": len(self.findings),
                "per_1000_words": {c: round(v, 2) for c, v in self.per_1000.items()},
                "attributed_sentences": round(self.attributed, 3), "quoted_text": round(self.quoted, 3),
                "charged_terms": [{"term": t, "count": n} for t, n in self.charged_terms],
                "actors": [{"name": a, "count": n} for a, n in self.actors],
                "quoted_actors": [{"name": a, "count": n} for a, n in self.quoted_actors],
                "figures": [f.to_dict() for f in self.figures]}


@dataclass
class Comparison:
    profiles: list[Profile]
    figures: list[QuantityRow]
    errors: list[FileError] = field(default_factory=list)
    place: str | None = None   # where most articles put their figures: the story's place
    day: str | None = None     # the day most articles put them on ("Dec 30"), where they say

    def to_dict(self) -> dict:
        return {"articles": [p.to_dict() for p in self.profiles],
                "place": self.place, "day": self.day,
                "figures": [row.to_dict() for row in self.figures],
                "conflicts": sum(len(row.conflicts) for row in self.figures)}


# -- actors --------------------------------------------------------------------------------
# Space inside a naming phrase: a line break may wrap it, a blank line (a new paragraph) ends it.
_WS = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"


@lru_cache(maxsize=None)
def _actor_data() -> dict:
    return _toml().loads(resources.files("framelint").joinpath("data/actors.toml").read_text("utf-8"))


@lru_cache(maxsize=None)
def _actor_pattern():
    data = _actor_data()
    heads = sorted(data["heads"], key=len, reverse=True)
    mods = sorted(data["modifiers"], key=len, reverse=True)
    stop = data.get("not_modifiers", [])
    esc = lambda words: "|".join(regex.escape(w).replace(r"\ ", _WS) for w in words)  # noqa: E731
    modifier = (rf"(?:(?!(?:{esc(stop)})\b)\p{{Lu}}[\p{{L}}\p{{M}}\-]*(?:['’]s)?|(?:{esc(mods)}))")
    pattern = regex.compile(
        rf"(?<![\w’'-])(?P<name>(?:{modifier}{_WS}){{1,3}}(?i:{esc(heads)})"
        rf"|(?i:{esc(data.get('standalone', []))}))"
        rf"(?:['’]s)?(?![\w-])(?!{_WS}(?i:{esc(data.get('not_before', []))})\b)",
    )
    # "Armed Forces of Ukraine", "Ukraine's Ministry of Defense", "the regime in Orsk"
    of_pattern = regex.compile(
        rf"(?<![\w’'-])(?P<name>(?:{modifier}{_WS}){{0,2}}(?i:{esc(heads)}))\s+of\s+\p{{Lu}}[\p{{L}}\-]*"
        rf"|(?<![\w’'-])(?i:{esc(data.get('seat_heads', []))})\s+in\s+\p{{Lu}}[\p{{L}}\-]*")
    # A title before a personal name ("Ukrainian President Volodymyr Zelensky") names a
    # person, not a government; a number before a phrase ("125,000 Ukrainian soldiers") counts people.
    title = regex.compile(rf"(?i:{esc(data['titles'])})$" if data.get("titles") else r"(?!)")
    return pattern, of_pattern, title


def _counted(prose: str, start: int) -> bool:
    """Whether a number stands right before ``start``: "125,000 Ukrainian soldiers"."""
    m = regex.search(r"([\w,.]+)\s+(?:of\s+)?$", prose[max(0, start - 40):start])
    if not m:
        return False
    word = m.group(1).lower().rstrip(",.")
    return bool(regex.fullmatch(r"\d[\d,.]*", word)) or word in _UNIT_WORDS or word in _MULTIPLIERS \
        or word in ("dozen", "dozens", "hundreds", "thousands", "several")


def actor_matches(prose: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every naming phrase for an actor, in reading order."""
    pattern, of_pattern, title = _actor_pattern()
    found: list[tuple[int, int, str]] = []
    for m in of_pattern.finditer(prose):   # "Armed Forces of Ukraine", "Ministry of Defense"
        name = " ".join(m.group(0).split())
        if name[0].isupper() or " in " in name:
            found.append((m.start(), m.end(), name))
    for m in pattern.finditer(prose):
        a, b = m.span("name")
        if any(a < e and s < b for s, e, _ in found):
            continue
        name = " ".join(m.group("name").split())
        if (title.search(name) and regex.match(rf"{_WS}\p{{Lu}}", prose[b:b + 8])) or _counted(prose, a):
            continue
        found.append((a, b, name))
    return sorted(found)


def _count_names(matches) -> Counter:
    counts: Counter = Counter()
    forms: dict[str, Counter] = {}
    for name in matches:
        key = name.lower()
        counts[key] += 1
        forms.setdefault(key, Counter())[name] += 1
    # Show each name as it is most often written.
    return Counter({forms[k].most_common(1)[0][0]: n for k, n in counts.items()})


def actor_names(prose: str, quotes: list[tuple[int, int]] = (), inside: bool = False) -> Counter:
    """How often each naming phrase for an actor occurs ("Ukrainian armed forces": 3),
    leaving out those inside the ``quotes`` spans: the names a speaker uses are not the writer's.
    With ``inside``, only the names inside the quotations are counted."""
    return _count_names(name for a, b, name in actor_matches(prose)
                        if any(s <= a < e for s, e in quotes) is inside)


# -- the profile -------------------------------------------------------------------------------
def _sentence_attributed(doc: Document, s: int, e: int, quotes) -> bool:
    if lexicon.attribution(doc.prose[s:e]).named:
        return True
    # A sentence inside (or carrying) an attributed quotation is the speaker's.
    return any(q.attributed and q.start < e and s < q.end for q in quotes)


def profile_document(doc: Document, findings: list[Finding], figures: list[Figure] | None = None) -> Profile:
    prose = doc.prose
    words = doc.word_count
    quotes = [q for q in doc.quotations() if not q.nested]
    sentences = list(doc.sentences())
    attributed = sum(1 for s, e in sentences if _sentence_attributed(doc, s, e, quotes))
    total_chars = sum(1 for c in prose if not c.isspace())
    quoted_chars = sum(1 for q in quotes for c in prose[q.inner_start:q.inner_end] if not c.isspace())
    per_1000 = {c: 0.0 for c in CATEGORIES}
    for f in findings:
        if f.category in per_1000:
            per_1000[f.category] += 1
    per_1000 = {c: n * 1000 / max(words, 1) for c, n in per_1000.items()}
    voice = [f for f in findings if f.category in VOICE_CATEGORIES and not f.in_quote]
    charged = Counter(_term_form(f.match) for f in voice)
    spans = [(q.inner_start, q.inner_end) for q in quotes]
    names = actor_matches(prose)
    own = [(a, b, n) for a, b, n in names if not any(s <= a < e for s, e in spans)]
    # A name that holds a charged label ("Zelensky regime", "neo-Nazi Kraken regiment") is how
    # the writer frames an actor: it is shown even when rarer names are cut.
    labelled = set()
    for a, b, n in own:
        start, end = doc.to_original(a, b)
        if any(f.start < end and start < f.end for f in voice):
            labelled.add(n.lower())
    return Profile(
        path=doc.path or "-", text=doc.text, words=words, sentences=len(sentences), findings=findings,
        per_1000=per_1000, attributed=attributed / len(sentences) if sentences else 0.0,
        quoted=quoted_chars / total_chars if total_chars else 0.0,
        charged_terms=_top(charged),
        actors=_top(_count_names(n for _, _, n in own), keep=labelled, first=_names_a_state),
        figures=figures if figures is not None else extract_figures(doc),
        quoted_actors=_top(_count_names(n for a, _, n in names if any(s <= a < e for s, e in spans)),
                           first=_names_a_state),
    )


def _term_form(match: str) -> str:
    """A charged term as shown: lower case, but an acronym stays one ("NATO proxy war")."""
    return " ".join(w if w.isupper() and len(w) <= 4 else w.lower() for w in match.split())


def _top(counter: Counter, keep=frozenset(), first=lambda name: False) -> list[tuple[str, int]]:
    """The most frequent entries (among equals, those ``first`` picks), and any entry named in
    ``keep`` (lower case), most frequent first."""
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], not first(kv[0]), kv[0].lower()))
    shown = ranked[:TOP] + [kv for kv in ranked[TOP:] if kv[0].lower() in keep]
    return sorted(shown, key=lambda kv: (-kv[1], not first(kv[0]), kv[0].lower()))


def _names_a_state(name: str) -> bool:
    heads = _actor_data().get("state_heads", [])
    last = regex.sub(r"['’]s$", "", name.lower())
    return any(last.endswith(h.lower()) for h in heads)


def compare_paths(paths: list[str], linter=None) -> Comparison:
    """Profile every file and compare their figures. Unreadable files become errors."""
    from .api import get_linter

    linter = linter or get_linter()
    profiles: list[Profile] = []
    errors: list[FileError] = []
    for path in paths:
        if path == "-":
            errors.append(FileError(path, "compare reads files, not standard input"))
            continue
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            text = decode(data, path)
        except InputError as exc:
            errors.append(FileError(path, exc.reason))
            continue
        except IsADirectoryError:
            errors.append(FileError(path, "is a directory"))
            continue
        except FileNotFoundError:
            errors.append(FileError(path, "no such file or directory"))
            continue
        except OSError as exc:
            errors.append(FileError(path, f"cannot read: {exc.strerror or exc}"))
            continue
        doc = Document(text, kind_for_path(path), path)
        result = linter.check_document(doc)
        errors.extend(result.errors)
        profiles.append(profile_document(doc, result.findings))
    by_path = {p.path: p.figures for p in profiles}
    place = main_place(by_path)
    return Comparison(profiles, compare_figures(by_path), errors, place, main_day(by_path, place))


# -- text output ---------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def _figure_text(fig, conflict: bool, reason: str | None = None) -> str:
    notes = "; ".join(n for n in (fig.when, reason) if n)
    return fig.text + (f" ({notes})" if notes else "") + (" !" if conflict else "") + ("~" if fig.vague else "")


def row_note(row: QuantityRow) -> str:
    """What a row of figures says across the articles, in a few words ("" when nothing)."""
    if row.conflicts:
        return "articles disagree"
    if row.differs:
        return "different figures, none contradicting another"
    return ""


ASIDE = "not compared (another place, day, span of time or scale):"


def story_setting(comparison: Comparison) -> str:
    """ "a place (Belgorod), a day (Dec 30), a span of time and a scale" """
    parts = ([f"a place ({comparison.place})"] if comparison.place else []) + \
        ([f"a day ({comparison.day})"] if comparison.day else []) + ["a span of time", "a scale"]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def figures_title(comparison: Comparison) -> str:
    return f"Figures (! conflicts with another article, ~ vague; compared where they share {story_setting(comparison)})"


def profile_rows(comparison: Comparison) -> list[tuple[str, list[str]]]:
    """The numeric rows of the profile table: (label, one cell per article)."""
    ps = comparison.profiles
    rows = [("words", [str(p.words) for p in ps])]
    rows += [(f"{cat} /1k", [f"{p.per_1000.get(cat, 0):.1f}" for p in ps]) for cat in CATEGORIES]
    rows.append(("attributed sentences", [_pct(p.attributed) for p in ps]))
    rows.append(("text in quotations", [_pct(p.quoted) for p in ps]))
    return rows


def _disagreements(n: int) -> str:
    if n == 0:
        return "No two articles disagree on a figure."
    return f"The articles disagree on {n} quantit{'y' if n == 1 else 'ies'}:"


def _conflict_lines(comparison: Comparison, keys: dict[str, str]) -> list[str]:
    """One line per quantity the articles disagree on: each article's conflicting figures."""
    lines = []
    for row in comparison.figures:
        if not row.conflicts:
            continue
        parts = []
        for path, figs in row.figures.items():
            bad = [f"{f.text} (line {f.line})" for f in figs if row.conflicting(f)]
            if bad:
                parts.append(f"{keys[path]} " + ", ".join(bad))
        lines.append(f"{row.label}: " + "; ".join(parts))
    return lines


def render_plain(comparison: Comparison, out) -> None:
    from .reporters.html import short_names

    ps = comparison.profiles
    names = short_names([p.path for p in ps])
    keys = {p.path: f"[{i}]" for i, p in enumerate(ps, 1)}
    out.write(f"Framing profile of {len(ps)} article{'' if len(ps) == 1 else 's'}\n")
    for p, name in zip(ps, names):
        out.write(f"  {keys[p.path]} {name}\n")
    out.write("\n")
    rows = profile_rows(comparison)
    label_w = max(len(label) for label, _ in rows) + 2
    widths = [max(len(keys[p.path]), *(len(cells[i]) for _, cells in rows)) for i, p in enumerate(ps)]
    out.write(" " * label_w + "  ".join(keys[p.path].rjust(w) for p, w in zip(ps, widths)) + "\n")
    for label, cells in rows:
        out.write(label.ljust(label_w) + "  ".join(c.rjust(w) for c, w in zip(cells, widths)) + "\n")
    for title, attr in (("Charged terms in the writer's own voice", "charged_terms"),
                        ("How each article names the actors (outside quotations)", "actors"),
                        ("Names for the actors inside quotations", "quoted_actors")):
        if attr == "quoted_actors" and not any(p.quoted_actors for p in ps):
            continue
        out.write(f"\n{title}\n")
        for p in ps:
            pairs = getattr(p, attr)
            out.write(f"  {keys[p.path]} " + (", ".join(f"{t} ({n})" for t, n in pairs) or "-") + "\n")
    out.write(f"\n{figures_title(comparison)}\n")
    if not comparison.figures:
        out.write("  no figures found\n")
    for row in comparison.figures:
        note = row_note(row)
        out.write(f"  {row.label}{f'  <- {note}' if note else ''}\n")
        for p in ps:
            figs = row.main(p.path)
            if figs:
                out.write(f"    {keys[p.path]} " + ", ".join(_figure_text(f, row.conflicting(f)) for f in figs) + "\n")
        if any(row.others(p.path) for p in ps):
            out.write(f"    {ASIDE}\n")
            for p in ps:
                figs = row.others(p.path)
                if figs:
                    out.write(f"    {keys[p.path]} " + ", ".join(
                        _figure_text(f, row.conflicting(f), row.reason(f)) for f in figs) + "\n")
    lines = _conflict_lines(comparison, keys)
    out.write(f"\n{_disagreements(len(lines))}\n")
    for line in lines:
        out.write(f"  {line}\n")


def render_rich(comparison: Comparison, out) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .reporters.html import short_names

    ps = comparison.profiles
    names = short_names([p.path for p in ps])
    keys = {p.path: f"[{i}]" for i, p in enumerate(ps, 1)}
    console = Console(file=out, force_terminal=True, highlight=False)
    console.print(Text(f"Framing profile of {len(ps)} article{'' if len(ps) == 1 else 's'}", style="bold"))
    for p, name in zip(ps, names):
        console.print(Text(f"  {keys[p.path]} {name}"))
    table = Table(show_lines=False)
    table.add_column("measure", style="bold", no_wrap=True)
    for p in ps:
        table.add_column(keys[p.path], justify="right", overflow="fold")
    for label, cells in profile_rows(comparison):
        table.add_row(label, *cells)
    table.add_section()
    table.add_row("charged terms (own voice)",
                  *["\n".join(f"{t} ({n})" for t, n in p.charged_terms) or "-" for p in ps])
    table.add_row("actors named as", *["\n".join(f"{t} ({n})" for t, n in p.actors) or "-" for p in ps])
    table.add_row("actors named as, in quotations",
                  *["\n".join(f"{t} ({n})" for t, n in p.quoted_actors) or "-" for p in ps])
    console.print(table)
    figs = Table(title=f"Figures (red: conflicts with another article; italic: vague; dim: not compared, "
                       f"with the reason). Compared where they share {story_setting(comparison)}.")
    figs.add_column("quantity", style="bold", max_width=26)
    for p in ps:
        figs.add_column(keys[p.path], overflow="fold")
    for row in comparison.figures:
        cells = []
        for p in ps:
            cell = Text()
            for k, f in enumerate(row.main(p.path) + row.others(p.path)):
                if k:
                    cell.append("\n")
                reason = row.reason(f)
                style = "bold red" if row.conflicting(f) else ("dim" if reason else ("italic" if f.vague else ""))
                cell.append(f.text + (" !" if row.conflicting(f) else ""), style=style)
                notes = "; ".join(n for n in (f.when, reason) if n)
                if notes:
                    cell.append(f" ({notes})", style="dim")
            cells.append(cell if cell.plain else Text("-", style="dim"))
        note = row_note(row)
        label = Text(row.label, style="bold red" if row.conflicts else "bold")
        if note:
            label.append(f"\n{note}", style="red" if row.conflicts else "dim")
        figs.add_row(label, *cells)
    console.print(figs)
    lines = _conflict_lines(comparison, keys)
    console.print(Text(_disagreements(len(lines)), style="bold"))
    for line in lines:
        console.print(Text(f"  {line}", style="red"))


def render_json(comparison: Comparison, out) -> None:
    import json

    json.dump(comparison.to_dict(), out, ensure_ascii=False, indent=2)
    out.write("\n")
