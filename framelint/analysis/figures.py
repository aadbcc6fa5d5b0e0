"""Figures: the numeric claims an article makes, and where articles disagree.

A figure is a number ("24", "1,200", "fourteen", "a hundred", or a vague "dozens"),
with its qualifier ("at least", "more than", "about"), attached to what it counts
within its sentence (killed, injured, missiles, drones, buildings), to a group
(people, children, soldiers...) and to the date the sentence gives, if any.
What counts as a quantity, a group or a qualifier is data: ``data/quantities.toml``.

Two articles disagree on a quantity when their figures for the same group cannot
both be true: "14" and "25" conflict, "at least 14" and "25" do not, nor do
"over 100" and "108". Vague counts are shown but never called a conflict, and
figures more than ten times apart, on different days, in different places or over
different spans of time ("since 2022") are taken to count different things. Figures
that are not about the story's place, day, span or scale are set aside in their row,
with the reason, so that a war's toll is not read as the toll of one strike.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from ..config import _toml
from ..text.document import Document

INF = math.inf
# Figures further apart than this are about different things ("14 killed" on one
# night, "400,000 deaths" in a war), not a disagreement.
COMPARABLE_RATIO = 10.0

_UNITS = frozenset("""miles mile kilometers kilometres kilometer kilometre km meters metres meter m ft feet
    percent per % years year days day months month weeks week hours hour minutes minute seconds times
    am pm a.m p.m o'clock st nd rd th kg tons tonnes km/h mph degrees""".split())
_MONTHS = ("january february march april may june july august september october november december").split()
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)}
_MONTH_ABBR["sept"] = 9
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()

_UNIT_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


@dataclass(frozen=True)
class Lexicon:
    quantities: dict[str, dict]        # name -> {"label", "terms", "direct"}
    subjects: dict[str, str]           # word -> group
    qualifiers: dict[str, str]         # phrase -> kind
    vague: dict[str, tuple[float, float]]


@lru_cache(maxsize=None)
def load_lexicon() -> Lexicon:
    data = _toml().loads(resources.files("framelint").joinpath("data/quantities.toml").read_text("utf-8"))
    subjects = {w.lower(): group for group, words in data["subjects"].items() for w in words}
    return Lexicon(
        quantities={name: {"label": q.get("label", name), "terms": q["terms"], "direct": q.get("direct", False)}
                    for name, q in data["quantities"].items()},
        subjects=subjects,
        qualifiers={k.lower(): v for k, v in data["qualifiers"].items()},
        vague={k.lower(): (float(v[0]), float(v[1])) for k, v in data["vague"].items()},
    )


@dataclass(frozen=True)
class Figure:
    """One numeric claim. ``start``/``end`` are offsets into the document's text."""

    quantity: str          # key in quantities.toml: killed, injured, missiles...
    group: str             # who is counted: people, children... ("" for objects)
    value: float           # the number as written (the low end for a vague count)
    low: float             # the range of values the wording allows
    high: float
    text: str              # the number as written, with its qualifier: "at least 14"
    qualifier: str | None  # "at least", "more than"...
    vague: bool
    date: str | None       # "Dec 30", "Saturday", when the sentence gives one
    start: int
    end: int
    line: int
    sentence: str
    places: tuple[str, ...] = ()   # where the sentence (or the text before it) puts the figure
    context_date: str | None = None  # the sentence's date, or the last one before it: for comparing
    period: str | None = None      # a running total's span: "since February 2022", "in 2023"
    day: str | None = None         # a weekday ``date`` as a day of the month ("Dec 30"), from the article's date
    days: tuple[str, ...] = ()     # every day of the month the sentence names (weekdays resolved)

    @property
    def label(self) -> str:
        return self.quantity if not self.group else f"{self.quantity} ({self.group})"

    @property
    def when(self) -> str | None:
        """The date as the text gives it, with the day of the month a weekday stands for:
        "Dec 31", "Saturday, Dec 30", "Friday"."""
        return f"{self.date}, {self.day}" if self.day else self.date

    def to_dict(self) -> dict:
        return {"quantity": self.quantity, "group": self.group, "text": self.text,
                "value": _json_number(self.value), "low": _json_number(self.low),
                "high": _json_number(self.high), "qualifier": self.qualifier, "vague": self.vague,
                "date": self.date, "day": self.day, "places": list(self.places), "period": self.period,
                "line": self.line,
                "start": self.start, "end": self.end, "sentence": self.sentence}


def _json_number(x: float):
    if x == INF:
        return None
    return int(x) if float(x).is_integer() else x


# -- finding numbers -----------------------------------------------------------------------
@lru_cache(maxsize=None)
def _patterns():
    lex = load_lexicon()
    quals = sorted(lex.qualifiers, key=len, reverse=True)
    vague = sorted(lex.vague, key=len, reverse=True)
    words = sorted(list(_UNIT_WORDS) + list(_MULTIPLIERS) + ["dozen"], key=len, reverse=True)
    word = r"(?:" + "|".join(words) + r")"
    mult = r"(?:hundred|thousand|million|billion|dozen)"
    number = regex.compile(
        r"(?<![\w$£€])(?:(?P<qual>" + "|".join(regex.escape(q).replace(r"\ ", r"\s+") for q in quals) + r")\s+)?"
        r"(?:(?P<digits>(?<![\w\-.:/])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w:%/]|\.\d|-\w|,\d))"
        r"(?:\s+(?P<dmult>million|billion|thousand))?"
        r"|(?P<words>(?:an?\s+(?=" + mult + r"))?" + word + r"(?:(?:\s+|-)(?:and\s+)?" + word + r")*)"
        r"|(?P<vague>" + "|".join(regex.escape(v).replace(r"\ ", r"\s+") for v in vague) + r"))(?!\w)",
        regex.I,
    )
    terms = {}
    for name, q in lex.quantities.items():
        for t in q["terms"]:
            terms[t.lower()] = name
    term = regex.compile(r"\b(?:" + "|".join(regex.escape(t).replace(r"\ ", r"\s+")
                                          for t in sorted(terms, key=len, reverse=True)) + r")\b", regex.I)
    months = "|".join(_MONTHS) + "|" + "|".join(sorted(_MONTH_ABBR, key=len, reverse=True))
    date = regex.compile(
        rf"\b(?:(?P<m1>{months})\.?\s*(?P<d1>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?"
        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{months})\b"
        rf"|(?P<wd>{'|'.join(_WEEKDAYS)})(?:['’]s)?\b"
        r"|(?P<rel>yesterday|today|tonight|last\s+night|the\s+(?:day|night)\s+(?:before|prior)"
        r"|the\s+previous\s+(?:day|night))\b)",
        regex.I,
    )
    return number, term, terms, date


def words_value(text: str) -> float | None:
    """The value of a number in words: "fourteen", "a hundred", "two thousand five hundred"."""
    total, current, seen = 0, 0, False
    for w in regex.split(r"[\s-]+", text.lower()):
        if w in ("a", "an", "and"):
            continue
        if w in _UNIT_WORDS:
            current += _UNIT_WORDS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _MULTIPLIERS:
            total += (current or 1) * _MULTIPLIERS[w]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _range(kind: str | None, n: float) -> tuple[float, float]:
    if kind == "at-least":
        return n, INF
    if kind == "more-than":
        return (n + 1 if n.is_integer() else n), INF
    if kind == "about":
        return math.floor(round(n * 0.9, 6)), math.ceil(round(n * 1.1, 6))
    if kind == "nearly":
        return math.floor(round(n * 0.9, 6)), n
    if kind == "at-most":
        return 0, n
    if kind == "less-than":
        return 0, (n - 1 if n.is_integer() else n)
    return n, n


@dataclass
class _Token:
    kind: str          # num | word | punct
    text: str
    start: int
    end: int
    number: dict | None = None


_TOKEN = regex.compile(r"\w+(?:[’'.\-]\w+)*|[^\w\s]")


def _tokens(sentence: str) -> list[_Token]:
    number_re = _patterns()[0]
    tokens: list[_Token] = []
    pos = 0
    for m in number_re.finditer(sentence):
        for w in _TOKEN.finditer(sentence, pos, m.start()):
            tokens.append(_Token("punct" if not w.group()[0].isalnum() and w.group()[0] != "_" else "word",
                                 w.group(), w.start(), w.end()))
        tokens.append(_Token("num", m.group(), m.start(), m.end(), m.groupdict()))
        pos = m.end()
    for w in _TOKEN.finditer(sentence, pos):
        tokens.append(_Token("punct" if not w.group()[0].isalnum() else "word", w.group(), w.start(), w.end()))
    return tokens


def _parse_number(tok: _Token) -> tuple[float, float, float, str | None, bool] | None:
    """(value, low, high, qualifier, vague) of a number token, or None if it is no count."""
    lex = load_lexicon()
    g = tok.number
    qual = " ".join(g["qual"].lower().split()) if g["qual"] else None
    kind = lex.qualifiers.get(qual) if qual else None
    if g["digits"]:
        value = float(g["digits"].replace(",", ""))
        if g["dmult"]:
            value *= _MULTIPLIERS[g["dmult"].lower()]
    elif g["words"]:
        value = words_value(g["words"])
        if value is None:
            return None
    else:
        low, high = lex.vague[" ".join(g["vague"].lower().split())]
        return low, low, high, qual, True
    low, high = _range(kind, value)
    return value, low, high, qual, False


def _is_excluded(tokens: list[_Token], i: int) -> bool:
    """Years, dates, ages, measures and "one of": numbers that count nothing."""
    tok = tokens[i]
    g = tok.number
    prev = tokens[i - 1].text.lower().rstrip(".") if i > 0 else ""
    prev2 = tokens[i - 2].text.lower() if i > 1 else ""
    nxt = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
    if prev in _MONTH_ABBR or prev in _MONTHS or nxt in _MONTHS or nxt.rstrip(".") in _MONTH_ABBR:
        return True
    if prev in ("aged", "age", "ages", "no", "number", "nos") or (prev == "and" and prev2 in ("aged", "ages")):
        return True
    if nxt in _UNITS or nxt == "%":
        return True
    if g["digits"] and not g["qual"] and regex.fullmatch(r"(?:19|20)\d\d", g["digits"]):
        lex = load_lexicon()
        if nxt not in lex.subjects and _patterns()[1].match(nxt) is None:
            return True  # a year
    if g["words"] and g["words"].lower() in ("one", "a dozen") and nxt in ("of", "another", "side", "by"):
        return True
    if nxt in ("-", "–") or (nxt == ":" and g["digits"]):
        return True
    return False


def _term_spans(sentence: str, tokens: list[_Token]) -> dict[int, tuple[int, str, str]]:
    """token index where a quantity term starts -> (index where it ends, quantity, term)."""
    _, term_re, terms, _ = _patterns()
    spans = {}
    starts = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.end: k for k, t in enumerate(tokens)}
    for m in term_re.finditer(sentence):
        a, b = starts.get(m.start()), ends.get(m.end())
        if a is not None and b is not None and tokens[a].kind == "word":
            spans[a] = (b, terms[" ".join(m.group().lower().split())], m.group())
    return spans


def _subject(tokens: list[_Token], idxs, lex: Lexicon) -> str | None:
    words = [tokens[k] for k in idxs if tokens[k].kind == "word"]
    groups = list(dict.fromkeys(lex.subjects[t.text.lower()] for t in words if t.text.lower() in lex.subjects))
    if "seriously" in groups:
        return "seriously"
    if len(groups) > 1:
        return "people"  # "men, women and children"
    if groups:
        return groups[0]
    for t in words:
        if regex.fullmatch(r"\p{Lu}\p{Ll}+s", t.text) and t.text.lower() not in _WEEKDAYS:
            return t.text  # "39 Ukrainians killed"
    return None


MAX_FORWARD, MAX_BACKWARD, MAX_DIRECT = 6, 4, 3
# A number after one of these starts a new clause: "100 were wounded and five of those killed".
_CLAUSE_BREAKS = frozenset("and or but while whereas as".split())


def _attach(tokens: list[_Token], i: int, spans) -> tuple[str, str, int] | None:
    """(quantity, term, gap) for the number at token i, the nearer of what follows and what precedes."""
    lex = load_lexicon()
    ends = {end: (start, q, t) for start, (end, q, t) in spans.items()}
    best = None
    # Forward: "14 people killed", "108 people, including 15 children, were injured",
    # "12 adults and two children were killed", "13 missiles".
    j, gap = i + 1, 0
    while j < len(tokens) and gap <= MAX_FORWARD:
        if j in spans:
            end, q, term = spans[j]
            if not lex.quantities[q]["direct"] or gap <= MAX_DIRECT:
                best = (q, term, gap, "forward", j, end)
            break
        tok = tokens[j]
        if tok.kind == "punct":
            if tok.text == "," and j + 1 < len(tokens) and tokens[j + 1].text.lower() == "including":
                k = j + 1
                while k < len(tokens) and tokens[k].text != "," and tokens[k].text not in ".;:":
                    k += 1
                if k < len(tokens) and tokens[k].text == ",":
                    j = k + 1
                    continue
            nxt = tokens[j + 1].text.lower() if j + 1 < len(tokens) else ""
            if tok.text == "," and nxt in lex.subjects:
                pass  # a list of who: "forty men, women and children were killed"
            elif tok.text not in ("-", "’", "'"):
                break
        if tok.kind == "num" and tokens[j - 1].text.lower() not in ("and", "or"):
            break
        gap += 1
        j += 1
    # Backward: "killed 14 people", "the death toll rose to 131", "injuries to more than a hundred".
    j, gap = i - 1, 0
    while j >= 0 and gap <= MAX_BACKWARD:
        if j in ends:
            start, q, term = ends[j]
            if not lex.quantities[q]["direct"] and (best is None or gap < best[2]):
                best = (q, term, gap, "backward", start, j)
            break
        tok = tokens[j]
        if tok.kind in ("punct", "num") or tok.text.lower() in _CLAUSE_BREAKS:
            break
        gap += 1
        j -= 1
    return best


def _after_including(tokens: list[_Token], i: int) -> bool:
    """Whether the number at i is in an "including ..." list that names parts of a figure."""
    for j in range(i - 1, max(-1, i - 12), -1):
        t = tokens[j]
        if t.kind == "num" or t.text in (".", ";", ":", ")"):
            return False
        if t.text.lower() == "including":
            return True
    return False


def _normal_date(m) -> str | None:
    if m.group("wd"):
        return m.group("wd").capitalize()
    if m.group("rel"):
        rel = " ".join(m.group("rel").lower().split())
        return {"last night": "yesterday", "tonight": "today"}.get(rel, rel if rel in ("yesterday", "today")
                                                                  else "the day before")
    month = (m.group("m1") or m.group("m2")).lower().rstrip(".")
    day = int(m.group("d1") or m.group("d2"))
    if not 1 <= day <= 31:
        return None
    return f"{_MONTHS[_MONTH_ABBR[month[:4] if month == 'sept' else month[:3]] - 1][:3].capitalize()} {day}"


def _date(sentence: str) -> str | None:
    """The first date a sentence gives: "Dec 30", "Saturday", "yesterday", "today", "the day before"."""
    for m in _patterns()[3].finditer(sentence):
        found = _normal_date(m)
        if found:
            return found
    return None


def _dates(sentence: str) -> list[str]:
    """Every date a sentence gives, in order."""
    return [d for d in (_normal_date(m) for m in _patterns()[3].finditer(sentence)) if d]


def figures_in_sentence(sentence: str) -> list[tuple[Figure, int, int]]:
    """The figures of one sentence, with their spans in the sentence (line and offsets left 0)."""
    lex = load_lexicon()
    tokens = _tokens(sentence)
    spans = _term_spans(sentence, tokens)
    date = None
    found: list[tuple[Figure, int, int]] = []
    last_quantity: str | None = None
    for i, tok in enumerate(tokens):
        if tok.kind != "num" or _is_excluded(tokens, i):
            continue
        parsed = _parse_number(tok)
        if parsed is None:
            continue
        value, low, high, qual, vague = parsed
        hit = _attach(tokens, i, spans)
        including = last_quantity is not None and _after_including(tokens, i)
        if including and hit is not None and hit[3] == "forward" and lex.quantities[hit[0]]["direct"]:
            continue  # "34 buildings, including a school and two apartment blocks": a part, not a count
        if including and (hit is None or hit[3] == "backward"):
            # "24 civilians, including three children": a part of the figure before it.
            quantity = last_quantity
            group = _subject(tokens, range(i + 1, min(i + 3, len(tokens))), lex)
            if group is None or lex.quantities[quantity]["direct"]:
                continue
        elif hit is None:
            continue
        else:
            quantity, term, gap, direction, ts, te = hit
            if lex.quantities[quantity]["direct"]:
                group = ""
            elif direction == "forward":
                # Who is counted: the words up to the term, or up to the next number
                # ("12 adults and two children were killed").
                stop = next((k for k in range(i + 1, ts) if tokens[k].kind == "num"), ts)
                between = range(i + 1, stop)
                group = _subject(tokens, between, lex)
                if group is None and [tokens[k].text.lower() for k in between][:2] in (
                        ["of", "those"], ["of", "them"], ["of", "the"]):
                    # "five of those killed were children", "14 of the wounded were in a critical condition"
                    group = _subject(tokens, range(te + 1, min(te + 6, len(tokens))), lex) or "part"
            else:
                group = _subject(tokens, range(i + 1, min(i + 4, len(tokens))), lex)
            group = group if group is not None else ("" if lex.quantities[quantity]["direct"] else "people")
        if date is None:
            date = _date(sentence) or ""
        found.append((Figure(quantity, group, value, low, high, " ".join(tok.text.split()), qual, vague,
                             date or None, 0, 0, 0, sentence), tok.start, tok.end))
        last_quantity = quantity
    return found


# A place's name: one capitalised word, or two where the first is a compass word or the
# second names a part ("Middle East", "North Korea", "Gaza Strip", "West Bank").
_PLACE_NAME = (r"(?:(?:North|South|East|West|Middle|New|Upper|Lower|Central|Northern|Southern|Eastern|Western)"
               r"\s+\p{Lu}[\p{Ll}\-]+|\p{Lu}[\p{Ll}\-]+(?:\s+(?:Strip|Bank))?)")
# "in Belgorod", "the city of Kharkiv", "Bryansk region": where a figure happened.
_PLACE = regex.compile(
    r"\b(?i:in|of|on|at|near|outside|into|from|to|hit|struck|targeted|shelled|attacked)\s+(?i:the\s+)?"
    r"(?i:(?:border\s+)?(?:city|town|village|region|district|centre|center|capital|province)\s+of\s+)?"
    rf"(?P<place>{_PLACE_NAME})(?![\w’'])(?!\s+(?:attacks?|strikes?|bombings?|shelling|events?|incidents?)\b)"
    r"(?!\s+(?:Street|St|Road|Rd|Avenue|Ave|Square|Lane|Boulevard|Bridge|Park|Station|Hospital|School|Market|Mall)\b)"
    rf"|(?P<place>{_PLACE_NAME})(?:['’]s)?\s+(?:region|oblast|province|district)\b"
    rf"|(?P<place>{_PLACE_NAME}),\s+where\b"
)
_NOT_PLACES = frozenset("""Defense Defence Health Emergencies State Justice Interior Affairs Foreign Security
    Telegram President Governor General Minister Ministry Council Committee Service Forces Army
    Reuters Twitter Facebook God Street Road Avenue Square Lane Boulevard Bridge Park Station Hospital
    School Market Mall Centre Center""".split()) | {m.capitalize() for m in _MONTHS + _WEEKDAYS}


_SEAT = regex.compile(
    r"\b(?:government|regime|junta|ministry|authorities|officials|command|leadership|administration|Kremlin"
    r"|president|spokesman|spokeswoman)\s+(?:in|of|from)\s+(?:the\s+)?$", regex.I)


_RELATIVE = regex.compile(
    r"\b(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of"
    r"|(?:miles|kilometres|kilometers|km)\s+(?:from|of)|border\s+with)\s+(?:the\s+)?$", regex.I)


def _places(text: str) -> list[tuple[int, str]]:
    found = []
    for m in _PLACE.finditer(text):
        place = m.group("place")
        if place in _NOT_PLACES or regex.search(r"(?:ian|ean|ish|ese|ic)$", place):
            continue  # an institution or an adjective of nationality, not a place
        if _SEAT.search(text, 0, m.start("place")):
            continue  # "the ministry in Orsk" names who speaks, not where it happened
        if _RELATIVE.search(text, 0, m.start("place")):
            continue  # "just north of Kharkiv", "20 miles from Pelmar" says where something else is
        found.append((m.start("place"), place))
    return found


# The span a running total covers: "since Russia launched its invasion in February 2022",
# "since the war began", "in 2023", "so far this year". A figure with one is a total over
# that span, not the toll of one event, and is compared only with figures over the same span.
_MONTH_NAMES = "|".join(m.capitalize() for m in _MONTHS)
_PERIOD = regex.compile(
    r"\b(?:since\s+(?P<lead>(?:[^\s,;.!?]+\s+){0,8}?)(?:(?:in|of)\s+)?(?:(?P<month>" + _MONTH_NAMES + r")\s+)?"
    r"(?P<year>(?:19|20)\d\d)(?!\w)"
    r"|since\s+(?:the\s+)?(?:(?:start|beginning|outbreak)\s+of\s+the\s+)?(?P<event>war|invasion|conflict|fighting)\b"
    r"|(?<!born\s)(?:in|during|throughout)\s+(?P<inyear>(?:19|20)\d\d)(?!\w)"
    r"|(?P<span>(?:so\s+far\s+)?this\s+year|last\s+year"
    r"|over\s+the\s+(?:past|last)\s+(?:year|\w+\s+(?:years|months)))\b)",
    regex.I)
# "the deadliest attack since 2022", "the first time since the war began": a comparison, not a span.
_COMPARISON_BEFORE = regex.compile(r"\b(?:\w+est|first|worst|most\s+\w+|biggest)\b(?:\s+\S+){0,6}\s*$", regex.I)


def _period(sentence: str, after: int) -> str | None:
    """The span of time the figure ending at ``after`` totals, if the sentence gives one after it
    (or opens with one): "since February 2022", "since the war", "in 2023", "this year"."""
    for m in _PERIOD.finditer(sentence):
        if m.start() < after and sentence[:m.start()].strip(" \t\n,;:-–—\"'“‘") != "":
            continue
        if _COMPARISON_BEFORE.search(sentence, 0, m.start()):
            continue
        if m.group("year"):
            return "since " + (f"{m.group('month').capitalize()} " if m.group("month") else "") + m.group("year")
        if m.group("event"):
            return f"since the {m.group('event').lower()}"
        if m.group("inyear"):
            return f"in {m.group('inyear')}"
        return " ".join(m.group("span").lower().split())
    return None


# A full date with its year, as a dateline or byline gives it: "December 31, 2023",
# "Dec 30, 2023", "7 January 2024", "2024-01-01".
_MONTH_RE = "|".join(_MONTHS) + "|" + "|".join(sorted(_MONTH_ABBR, key=len, reverse=True))
_FULL_DATE = regex.compile(
    r"\b(?:(?P<y1>(?:19|20)\d\d)-(?P<mo1>[01]\d)-(?P<d1>[0-3]\d)(?!\d)"
    rf"|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)(?!\d)"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m3>{_MONTH_RE})\.?,?\s+(?P<y3>(?:19|20)\d\d)(?!\d))",
    regex.I)


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return _MONTH_ABBR["sept" if name == "sept" else name[:3]]


# Where an article states its own date, most explicit first: HTML metadata, front matter,
# a wire dateline ("KYIV, Dec 30 (Reuters) -"), then the dates in its first lines.
_META_DATE = regex.compile(
    r"""<meta\b[^>]*?\b(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|og:published_time"""
    r"""|datePublished|date|pubdate|publishdate|dc\.date(?:\.issued)?)["']?[^>]*?\bcontent\s*=\s*["']?"""
    r"""(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"""
    r"""|<meta\b[^>]*?\bcontent\s*=\s*["']?(?P<iso2>(?:19|20)\d\d-[01]\d-[0-3]\d)[^>]*?"""
    r"""\b(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|og:published_time|datePublished)\b"""
    r"""|["']datePublished["']\s*:\s*["'](?P<iso3>(?:19|20)\d\d-[01]\d-[0-3]\d)"""
    r"""|<time\b[^>]*?\bdatetime\s*=\s*["']?(?P<iso4>(?:19|20)\d\d-[01]\d-[0-3]\d)""",
    regex.I)
_FRONT_MATTER_DATE = regex.compile(r"\A(?:\ufeff)?---[^\S\n]*\n(?:.*\n)*?(?:date|published|pubdate)[^\S\n]*:[^\S\n]*"
                                   r"[\"']?(?P<value>[^\n\"']+)", regex.I)
_DATELINE = regex.compile(
    rf"^[^\S\n]*\p{{Lu}}[\p{{Lu}}\p{{M}} .'’-]{{1,40}},(?:[^\S\n]+\p{{Lu}}[\p{{L}}.]*,?){{0,3}}[^\S\n]+"
    rf"(?P<m>(?i:{_MONTH_RE}))\.?[^\S\n]+(?P<d>\d{{1,2}})(?!\d)(?:,?[^\S\n]+(?P<y>(?:19|20)\d\d))?"
    r"[^\S\n]*(?:\([^()\n]{1,30}\)[^\S\n]*)?[-–—]",
    regex.M)


@dataclass(frozen=True)
class ArticleDate:
    """When an article says it was published, and where it says so."""

    date: datetime.date
    source: str              # "metadata", "front matter", "dateline", "first lines"
    year_known: bool = True  # a dateline without a year, in a text that gives none: month and day only

    @property
    def iso(self) -> str:
        """"2023-12-30", or "--03-14" (ISO 8601 for a month and day) when the year is unknown."""
        return self.date.isoformat() if self.year_known else self.date.strftime("--%m-%d")

    @property
    def shown(self) -> str:
        """"Dec 30, 2023", or "Mar 14" when the year is unknown."""
        day = f"{self.date.strftime('%b')} {self.date.day}"
        return f"{day}, {self.date.year}" if self.year_known else day

    def key(self, years: bool = True) -> tuple[int, int, int]:
        """For ordering: by day; by month and day alone (``years`` false) when a year is unknown."""
        return (self.date.year if years else 0, self.date.month, self.date.day)

    def order(self, other: "ArticleDate") -> int:
        """-1, 0 or 1 as this date is before, on or after ``other`` (by month and day when
        either year is unknown)."""
        years = self.year_known and other.year_known
        a, b = self.key(years), other.key(years)
        return (a > b) - (a < b)

    def to_dict(self) -> dict:
        return {"date": self.iso, "source": self.source}


def _iso(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _full_dates(text: str) -> list[datetime.date]:
    found = []
    for m in _FULL_DATE.finditer(text):
        try:
            if m.group("y1"):
                found.append(datetime.date(int(m.group("y1")), int(m.group("mo1")), int(m.group("d1"))))
            elif m.group("y2"):
                found.append(datetime.date(int(m.group("y2")), _month_number(m.group("m2")), int(m.group("d2"))))
            else:
                found.append(datetime.date(int(m.group("y3")), _month_number(m.group("m3")), int(m.group("d3"))))
        except ValueError:
            continue
    return found


def article_date(doc: Document) -> ArticleDate | None:
    """The article's own date and where it comes from: HTML metadata (``article:published_time``,
    ``datePublished`` in JSON-LD, ``<time datetime>``), a ``date:`` in Markdown front matter, a
    wire dateline ("KYIV, Dec 30 (Reuters) -"; without a year, month and day only), or
    else a date in the lines before its first paragraph of prose (a byline, "date 2024-01-01") or
    at the very start of that paragraph. Of several dates in those lines, the earliest: "Last
    update: July 14, 2024" comes after the article of December 31, 2023."""
    if doc.format == "html":
        m = _META_DATE.search(doc.text)
        if m:
            d = _iso(next(g for g in m.groups() if g))
            if d:
                return ArticleDate(d, "metadata")
    if doc.format == "markdown":
        m = _FRONT_MATTER_DATE.match(doc.text)
        if m:
            value = m.group("value").strip()
            d = _iso(value) or next(iter(_full_dates(value)), None)
            if d:
                return ArticleDate(d, "front matter")
    text = doc.prose if doc.format == "html" else doc.text
    head = "\n".join(text.splitlines()[:40])
    m = _DATELINE.search(head)
    if m and m.start() < 2000:
        # The year is the dateline's, or a full date's in the first lines; a year elsewhere in
        # the text is often another event's ("since 2019").
        year = m.group("y") or next((str(d.year) for d in _full_dates(head)), None)
        try:
            # 2000 is a leap year: any month and day of a dateline without a year is a date in it.
            return ArticleDate(datetime.date(int(year or 2000), _month_number(m.group("m")), int(m.group("d"))),
                               "dateline", year_known=bool(year))
        except ValueError:
            pass
    found = []
    for line in text.splitlines()[:40]:
        words = len(line.split())
        for m in _FULL_DATE.finditer(line):
            if words >= 20 and m.start() > 30:
                break
            found.extend(_full_dates(m.group(0)))
        if words >= 20:
            break
    return ArticleDate(min(found), "first lines") if found else None


def publication_date(doc: Document) -> datetime.date | None:
    """The article's date (see ``article_date``), or None when it gives none."""
    dated = article_date(doc)
    return dated.date if dated and dated.year_known else None


def _month_day(d: datetime.date) -> str:
    return f"{_MONTHS[d.month - 1][:3].capitalize()} {d.day}"


def _resolve(day: str | None, published: ArticleDate | None, before: str | None = None) -> str | None:
    """A weekday or a relative day as the day of the month it names, counted from the article's
    date: "Saturday" in an article of Sunday, December 31, 2023 is "Dec 30" (the last such day on
    or before it); "yesterday" ("last night") is the day before the article's date, "today"
    ("tonight") its date; "the day before" is the day before ``before``, the last date the text
    gave. None if it cannot be told (a weekday needs the year)."""
    if not day:
        return None
    low = day.lower()
    if low == "the day before":
        n = _day_number(before) if before else None
        return _month_day(datetime.date.fromordinal(n - 1)) if n else None
    if not published:
        return None
    if low in ("yesterday", "today"):
        return _month_day(published.date - datetime.timedelta(days=1 if low == "yesterday" else 0))
    if low not in _WEEKDAYS or not published.year_known:
        return None
    d = published.date - datetime.timedelta(days=(published.date.weekday() - _WEEKDAYS.index(low)) % 7)
    return _month_day(d)


def extract_figures(doc: Document) -> list[Figure]:
    """Every figure in a document, in reading order, with offsets into ``doc.text``."""
    from dataclasses import replace

    figures = []
    prose = doc.prose
    # A sentence without a place is where the sentence before it in its paragraph was, or
    # else where the article's first place is; a sentence without a date is on the last
    # date given before it, or else on the article's first date. Headlines are skipped:
    # in title case every word looks like a name.
    spans = list(doc.sentences())
    published = article_date(doc)
    default_place: tuple[str, ...] = ()
    default_date: str | None = None
    for s, e in spans:
        if not doc.in_headline(s):
            default_place = default_place or tuple(sorted({p for _, p in _places(prose[s:e])[:1]}))
            default_date = default_date or _date(prose[s:e])
            if default_place and default_date:
                break
    para_start = None
    last_places: tuple[str, ...] = ()
    last_date = default_date
    last_context = _resolve(default_date, published) or default_date
    for s, e in spans:
        sentence = prose[s:e]
        pstart, _ = doc.paragraph_at(s)
        if pstart != para_start:
            para_start, last_places = pstart, ()
        headline = doc.in_headline(s)
        own = () if headline else tuple(sorted({p for _, p in _places(sentence)}))
        places = own or last_places
        last_places = places
        before = last_context
        last_date = _date(sentence) or last_date
        last_context = _resolve(last_date, published, before) or last_date
        said = tuple(d for d in (_resolve(x, published, before) or x for x in _dates(sentence)) if _day_number(d))
        for fig, a, b in figures_in_sentence(sentence):
            start, end = doc.to_original(s + a, s + b)
            line, _ = doc.position(start)
            period = None if headline else _period(sentence, b)
            # A running total is not where the sentence before it was: its place is only what it says.
            where = own if period else (places or default_place)
            figures.append(replace(fig, start=start, end=end, line=line, sentence=" ".join(sentence.split()),
                                   places=where, context_date=last_context, period=period,
                                   day=_resolve(fig.date, published, before), days=said))
    return figures


# -- comparing articles ----------------------------------------------------------------------
def _day_number(day: str) -> int | None:
    month, _, d = day.partition(" ")
    try:
        return datetime.date(2001, _month_number(month), int(d)).toordinal()
    except (KeyError, ValueError):
        return None


def _dates_differ(a: str | None, b: str | None) -> bool:
    """Two dates that name different days: two weekdays, or two days of the month more than a
    day apart (a day's toll is often reported the next day). A weekday and a day of the month,
    or a relative day that could not be resolved, never do."""
    if not a or not b:
        return False
    weekdays = [w.capitalize() for w in _WEEKDAYS]
    if a in weekdays and b in weekdays:
        return a != b
    na, nb = _day_number(a), _day_number(b)
    if na is None or nb is None:
        return False
    apart = abs(na - nb) % 365
    return min(apart, 365 - apart) > 1


def _another_day(day: str, story: str, said: tuple[str, ...] = ()) -> bool:
    """Whether a figure's own day is not the story's day: the same event is reported on its day
    or the next (a toll "on December 31" of a strike on December 30), never on the day before,
    nor two or more days later, unless the sentence also names the story's day ("on Jan 2, the
    toll from the strike of Dec 30 rose to 30")."""
    nd, ns = _day_number(day), _day_number(story)
    if nd is None or ns is None or story in said:
        return False
    apart = (nd - ns) % 365
    return apart not in (0, 1)


def comparable(a: Figure, b: Figure) -> bool:
    if a.quantity != b.quantity or a.group != b.group or a.vague or b.vague or a.period != b.period:
        return False
    lo, hi = sorted((max(a.value, 1.0), max(b.value, 1.0)))
    if a.places and b.places and not set(a.places) & set(b.places):
        return False  # "21 injured in Kharkiv" says nothing about the injured in Belgorod
    if _dates_differ(a.context_date or a.day or a.date, b.context_date or b.day or b.date):
        return False
    return hi / lo <= COMPARABLE_RATIO


def conflicts(a: Figure, b: Figure) -> bool:
    """Both figures count the same thing and no single value satisfies both."""
    return comparable(a, b) and (a.high < b.low or b.high < a.low)


# An outlier: a figure more than OUTLIER_RATIO times larger (or smaller) than every figure the
# other articles give, when those (from at least two other articles) are within that ratio of
# one another. Far enough from the rest to be something else than a disagreement between close
# figures (a different count, a mistake), near enough to be about the story (see COMPARABLE_RATIO).
OUTLIER_RATIO = 2.0
STATUSES = ("agree", "differ", "updated", "conflict")


@dataclass
class QuantityRow:
    quantity: str
    group: str
    label: str
    figures: dict[str, list[Figure]] = field(default_factory=dict)   # path -> figures
    # Every pair of the story's figures that cannot both be true (outliers apart), with its kind
    # in ``kinds``: "conflict", "update" (a later article gives a higher figure) or "stale"
    # (a later article repeats a lower figure that an earlier article had already passed).
    conflicts: list[tuple[str, Figure, str, Figure]] = field(default_factory=list)
    # Why a figure is not compared with the story's figures: "in Kharkiv", "since February 2022",
    # "far larger than the other articles' figures". Keyed by id() of the figure.
    aside: dict[int, str] = field(default_factory=dict)
    kinds: dict[tuple[int, int], str] = field(default_factory=dict)   # (id a, id b) -> kind
    outliers: dict[int, str] = field(default_factory=dict)             # id() -> why it is one
    dates: dict[str, object] = field(default_factory=dict)             # path -> ArticleDate or None

    def kind(self, a: Figure, b: Figure) -> str:
        return self.kinds.get((id(a), id(b)), "conflict")

    def conflicting(self, fig: Figure) -> bool:
        """Whether ``fig`` contradicts another article's figure and their dates do not explain it."""
        return any((fig is a or fig is b) and self.kind(a, b) == "conflict" for _, a, _, b in self.conflicts)

    def stale(self, fig: Figure) -> bool:
        """Whether ``fig`` is lower than an earlier article's figure and repeats an older one."""
        return any(self.kind(a, b) == "stale" and fig is b for _, a, _, b in self.conflicts)

    def superseded(self, fig: Figure) -> bool:
        """Whether a later article gives a higher figure than ``fig`` (the toll was updated)."""
        return any(self.kind(a, b) == "update" and fig is a for _, a, _, b in self.conflicts)

    def outlier(self, fig: Figure) -> bool:
        return id(fig) in self.outliers

    def reason(self, fig: Figure) -> str | None:
        """Why ``fig`` is set aside (another place, span or scale), or None if it is one of the story's."""
        return self.aside.get(id(fig))

    def main(self, path: str) -> list[Figure]:
        return [f for f in self.figures.get(path, []) if id(f) not in self.aside]

    def others(self, path: str) -> list[Figure]:
        return [f for f in self.figures.get(path, []) if id(f) in self.aside]

    def paths_by_date(self) -> list[str]:
        """The row's articles, earliest first; those with no date last, in the order given."""
        order = list(self.figures)
        known = [self.dates[p] for p in order if self.dates.get(p)]
        years = all(d.year_known for d in known)
        return sorted(order, key=lambda p: (self.dates.get(p) is None,
                                            self.dates[p].key(years) if self.dates.get(p) else (0, 0, 0),
                                            order.index(p)))

    @property
    def status(self) -> str:
        """``agree``: the articles that give the story a figure give the same one (or one article
        alone does); ``differ``: different figures, all of which can be true; ``updated``: figures
        that contradict, but only as a toll that changes over time does (every contradiction is
        a later article giving a higher figure, or repeating an older lower one); ``conflict``:
        figures that contradict otherwise. Outliers are left out (see ``outliers``)."""
        if any(self.kind(a, b) == "conflict" for _, a, _, b in self.conflicts):
            return "conflict"
        if self.conflicts:
            return "updated"
        said = {f.text.lower() for p in self.figures for f in self.main(p) if not f.vague and not self.outlier(f)}
        if len(said) > 1 and sum(1 for p in self.figures if self.main(p)) > 1:
            return "differ"
        return "agree"

    @property
    def differs(self) -> bool:
        """Two articles give the story different figures, whether or not they contradict."""
        return self.status != "agree"

    def to_dict(self) -> dict:
        return {"quantity": self.quantity, "group": self.group, "label": self.label,
                "figures": {p: [f.to_dict() | {"conflict": self.conflicting(f), "not_compared": self.reason(f),
                                               "outlier": self.outlier(f), "stale": self.stale(f),
                                               "superseded": self.superseded(f),
                                               "published": (self.dates[p].iso if self.dates.get(p) else None)}
                                for f in figs]
                            for p, figs in ((p, self.figures[p]) for p in self.paths_by_date())},
                "conflicts": [{"a": {"path": pa, "text": a.text, "line": a.line},
                               "b": {"path": pb, "text": b.text, "line": b.line}, "kind": self.kind(a, b)}
                              for pa, a, pb, b in self.conflicts],
                "outliers": [{"path": p, "text": f.text, "line": f.line, "why": self.outliers[id(f)]}
                             for p in self.paths_by_date() for f in self.figures[p] if self.outlier(f)],
                "differ": self.differs, "status": self.status}


def main_place(by_path: dict[str, list[Figure]]) -> str | None:
    """The place most of the articles put most of their figures: where the story is."""
    votes: Counter = Counter()
    for figures in by_path.values():
        here = Counter(p for f in figures for p in f.places)
        if here:
            votes[here.most_common(1)[0][0]] += 1
    return votes.most_common(1)[0][0] if votes else None


def _ratio(a: float, b: float) -> float:
    lo, hi = sorted((max(a, 1.0), max(b, 1.0)))
    return hi / lo


def _own_day(f: Figure) -> str | None:
    """The day of the month the figure's own sentence gives, if it gives one."""
    return f.day or (f.date if f.date and _day_number(f.date) else None)


def main_day(by_path: dict[str, list[Figure]], place: str | None) -> str | None:
    """The day most of the articles put most of their figures on (at the story's place, not
    running totals), where the text says it: the day of the story."""
    votes: Counter = Counter()
    for figures in by_path.values():
        here = Counter(f.context_date for f in figures
                       if f.context_date and _day_number(f.context_date) and not f.period
                       and (not place or not f.places or place in f.places))
        if here:
            votes[here.most_common(1)[0][0]] += 1
    return votes.most_common(1)[0][0] if votes else None


def _set_aside(row: QuantityRow, place: str | None, day: str | None = None) -> None:
    """Mark the figures that are about something else than the story: another place (as far
    as the text says), a running total over a span of time, another day (as the figure's own
    sentence says), or a count far larger or smaller than every figure the other articles
    give. They are shown apart, and never called a conflict with the story's figures."""
    reasons: dict[int, list[str]] = {}
    for figs in row.figures.values():
        for f in figs:
            why = []
            if place and f.places and place not in f.places:
                why.append("in " + ", ".join(f.places))
            if f.period:
                why.append(f.period)
            if day and _own_day(f) and _another_day(_own_day(f), day, f.days):
                why.append("another day")
            reasons[id(f)] = why
    story = {p: [f for f in figs if not reasons[id(f)] and not f.vague] for p, figs in row.figures.items()}
    for path, figs in row.figures.items():
        others = [g for p, gs in story.items() if p != path for g in gs]
        for f in figs:
            if reasons[id(f)] or not others or row.conflicting(f):
                continue
            value = f.low if f.vague else f.value
            if all(_ratio(value, g.value) > COMPARABLE_RATIO for g in others):
                how = ("far larger than" if value > max(g.value for g in others) else
                       "far smaller than" if value < min(g.value for g in others) else "far from")
                reasons[id(f)].append(f"{how} the other articles' figures")
    row.aside = {k: "; ".join(v) for k, v in reasons.items() if v}


def _outliers(row: QuantityRow) -> dict[int, str]:
    """The figures no other article comes near (see OUTLIER_RATIO), with why."""
    story = {p: [f for f in row.main(p) if not f.vague] for p in row.figures}
    found = {}
    for path, figs in story.items():
        others = [g.value for p, gs in story.items() if p != path for g in gs]
        if sum(1 for p, gs in story.items() if p != path and gs) < 2:
            continue
        lo, hi = max(min(others), 1.0), max(others)
        if hi / lo > OUTLIER_RATIO:
            continue   # the other articles do not agree among themselves: nothing stands out
        for f in figs:
            # The range the wording allows must lie beyond: "at least 5" is never a low outlier.
            if f.low > hi * OUTLIER_RATIO:
                found[id(f)] = f"more than {OUTLIER_RATIO:g} times every other article's figure"
            elif max(f.high, 1.0) * OUTLIER_RATIO < lo:
                found[id(f)] = f"less than 1/{OUTLIER_RATIO:g} of every other article's figure"
    return found


def _classify(row: QuantityRow) -> None:
    """Give each contradicting pair its kind, from the articles' dates: a later article with a
    higher figure updates the earlier one; a later article with a lower figure that an article
    dated before it also gave (or allowed) is stale; anything else is a conflict."""
    def order(pa, pb) -> int | None:
        da, db = row.dates.get(pa), row.dates.get(pb)
        return da.order(db) if da and db else None

    for n, (pa, a, pb, b) in enumerate(row.conflicts):
        if order(pa, pb) == 1:
            pa, a, pb, b = pb, b, pa, a        # the earlier article first
            row.conflicts[n] = (pa, a, pb, b)
        kind = "conflict"
        if order(pa, pb) == -1:
            if b.low > a.high:
                kind = "update"
            elif any(g is not b and not conflicts(g, b)
                     for p, gs in row.figures.items() if p != pb and order(p, pb) == -1
                     for g in row.main(p) if not g.vague and not row.outlier(g)):
                kind = "stale"
        row.kinds[(id(a), id(b))] = kind


def compare_figures(by_path: dict[str, list[Figure]], dates: dict | None = None) -> list[QuantityRow]:
    """One row per (quantity, group) that any article gives a figure for, with the conflicts,
    and the figures set aside because they are about another place, span or scale. ``dates``
    gives each path's ``ArticleDate`` (or None): the figures of a later article can update
    an earlier one's."""
    dates = dates or {}
    lex = load_lexicon()
    order = list(lex.quantities)
    rows: dict[tuple[str, str], QuantityRow] = {}
    for path, figures in by_path.items():
        for fig in figures:
            key = (fig.quantity, fig.group)
            if key not in rows:
                label = lex.quantities[fig.quantity]["label"] + (f" ({fig.group})" if fig.group else "")
                rows[key] = QuantityRow(fig.quantity, fig.group, label, dates=dict(dates))
            said = rows[key].figures.setdefault(path, [])
            same = next((k for k, f in enumerate(said) if f.text.lower() == fig.text.lower()
                         and f.period == fig.period
                         and (not f.places or not fig.places or set(f.places) & set(fig.places))), None)
            if same is None:
                said.append(fig)
            elif said[same].date is None and fig.date:
                said[same] = fig  # the same figure said twice: keep the one that gives a date
    paths = list(by_path)
    place = main_place(by_path)
    day = main_day(by_path, place)
    for row in rows.values():
        for x, pa in enumerate(paths):
            for pb in paths[x + 1:]:
                for a in row.figures.get(pa, []):
                    for b in row.figures.get(pb, []):
                        if conflicts(a, b):
                            row.conflicts.append((pa, a, pb, b))
        _set_aside(row, place, day)
        # Set-aside figures are about something else, and an outlier is no disagreement
        # between close figures: neither is in a contradicting pair.
        row.outliers = _outliers(row)
        apart = set(row.aside) | set(row.outliers)
        row.conflicts = [c for c in row.conflicts if id(c[1]) not in apart and id(c[3]) not in apart]
        _classify(row)

    def sort_key(row: QuantityRow):
        return (order.index(row.quantity), row.group not in ("people", ""), -len(row.figures), row.group)

    return sorted(rows.values(), key=sort_key)
