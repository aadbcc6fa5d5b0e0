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

from ..text import attribution
from ..config import _toml
from ..run.files import read_text
from ..text import formats
from ..text.document import Document
from ..errors import InputError
from .figures import (_MULTIPLIERS, _UNIT_WORDS, ArticleDate, Figure, QuantityRow, article_date, compare_figures,
                      extract_figures, main_day, main_place)
from ..findings import FileError, Finding
from ..rules.model import CATEGORIES

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
    published: ArticleDate | None = None   # the article's own date, where it gives one

    def to_dict(self) -> dict:
        return {"path": self.path, "published": self.published.iso if self.published else None,
                "published_from": self.published.source if self.published else None,
                "words": self.words, "sentences": self.sentences,
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
                "conflicts": sum(1 for row in self.figures for _, a, _, b in row.conflicts
                                 if row.kind(a, b) == "conflict"),
                "updates": sum(1 for row in self.figures for _, a, _, b in row.conflicts
                               if row.kind(a, b) != "conflict"),
                "outliers": sum(len(row.outliers) for row in self.figures)}


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
# A writer who says that a claim rests on unnamed sources ("attributed to unnamed sources",
# "citing anonymous officials"), or why a source is not named ("a source who asked not to be
# named because ...", "on condition of anonymity because ..."), is sourcing honestly: such a
# sentence counts as attributed, and an unattributed-assertion finding in it is not counted.
_DISCLOSURE = regex.compile(
    r"\b(?:attributed|credited|sourced|traced|cited|citing|quoting|quoted|based|relies|relied|rests|rested"
    r"|relying|resting)\s+(?:only\s+|solely\s+|entirely\s+|largely\s+|in\s+part\s+)?(?:to|on|by)?\s*"
    r"(?:an?\s+|two\s+|three\s+|several\s+|multiple\s+)?(?:unnamed|anonymous|unidentified)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:sources?|officials?|insiders?|people|persons?)\b"
    r"|\b(?:not\s+to\s+be\s+(?:named|identified)|condition\s+of\s+anonymity|granted\s+anonymity"
    r"|requested\s+anonymity|anonymity)\s*,?\s+(?:because|as|since|for\s+fear|out\s+of\s+fear|fearing|due\s+to"
    r"|citing|to\s+(?:discuss|describe|speak|talk|protect|avoid|share|reveal))\b"
    r"|\bnot\s+authori[sz]ed\s+to\s+(?:speak|talk|comment|discuss)\b",
    regex.I)


def discloses_sourcing(sentence: str) -> bool:
    """Whether a sentence says its claim rests on unnamed sources, or why its source is not named."""
    return bool(_DISCLOSURE.search(sentence))


def _sentence_attributed(doc: Document, s: int, e: int, quotes) -> bool:
    if attribution.attribution(doc.prose[s:e]).named or discloses_sourcing(doc.prose[s:e]):
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
    disclosures = [doc.to_original(s, e) for s, e in sentences if discloses_sourcing(prose[s:e])]
    per_1000 = {c: 0.0 for c in CATEGORIES}
    for f in findings:
        if f.category == "unattributed-assertion" and any(s <= f.start < e for s, e in disclosures):
            continue   # a disclosure of unnamed sources is not an unattributed claim
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
        published=article_date(doc),
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
    """Profile every file and compare their figures. Unreadable files become errors.
    ``linter`` is a linter, or a function that gives each path its own (its configuration)."""
    articles: list[tuple[str, str]] = []
    errors: list[FileError] = []
    for path in paths:
        if path == "-":
            errors.append(FileError(path, "compare reads files, not standard input"))
            continue
        try:
            articles.append((path, read_text(path)))  # a named pipe is refused, not waited on
        except InputError as exc:
            errors.append(FileError(path, exc.reason))
    comparison = compare_texts(articles, linter)
    comparison.errors[:0] = errors
    return comparison


def compare_texts(articles: list[tuple[str, str]], linter=None) -> Comparison:
    """Compare texts given as (name, text): each name picks the input format, as a file name does."""
    from ..run.linters import get_linter

    linter = linter or get_linter()
    linter_for = linter if not hasattr(linter, "check_document") else (lambda name: linter)
    profiles: list[Profile] = []
    errors: list[FileError] = []
    for name, text in articles:
        doc = Document(text, formats.name_for_path(name), name)
        result = linter_for(name).check_document(doc)
        errors.extend(result.errors)
        profiles.append(profile_document(doc, result.findings))
    by_path = {p.path: p.figures for p in profiles}
    place = main_place(by_path)
    dates = {p.path: p.published for p in profiles}
    return Comparison(profiles, compare_figures(by_path, dates), errors, place, main_day(by_path, place))
