"""Measure framelint on span-annotated JSON Lines: precision and recall per group, by span overlap.

Each line of an annotated file is ``{"id", "source", "text", "spans": [{"start", "end",
"label", "in_quote"?}], "meta": {...}}``, offsets into ``text`` (Python code points, end
exclusive). A finding counts as justified when its span overlaps a gold span whose label
belongs to the finding's group; a gold span is found when a finding of its group overlaps
it. Groups and labels:

- ``charged``: ``Loaded_Language``, ``Name_Calling,Labeling``, ``BASIL_lexical_bias``,
  ``charged-label``, ``loaded-language`` (framelint's charged-label and loaded-language)
- ``exaggeration``: ``Exaggeration,Minimisation``, ``unverifiable-superlative``
- ``doubt``: ``Doubt``, ``doubt-verb``, ``scare-quote``
- ``attribution``: ``unattributed-assertion``
- ``editorial``: ``editorializing``

Writer's voice only by default: findings inside quotations and gold spans marked
``in_quote`` are left out. Sentences whose ``meta.label_bias`` is ``"Non-biased"`` give
the false-alarm rate: the share of them with a finding of the group at warning or above.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from ..errors import FramelintError, did_you_mean

GROUPS: dict[str, frozenset[str]] = {
    "charged": frozenset({"Loaded_Language", "Name_Calling,Labeling", "BASIL_lexical_bias",
                          "charged-label", "loaded-language"}),
    "exaggeration": frozenset({"Exaggeration,Minimisation", "unverifiable-superlative"}),
    "doubt": frozenset({"Doubt", "doubt-verb", "scare-quote"}),
    "attribution": frozenset({"unattributed-assertion"}),
    "editorial": frozenset({"editorializing"}),
}
GROUP_NAMES = tuple(GROUPS) + ("other",)


class SpanDataError(FramelintError):
    """An annotated JSONL file that cannot be used (exit code 2)."""


def group_of_category(category: str | None) -> str:
    """The gold group a framelint category is meant to find (the same mapping as the corpora's scorer)."""
    c = (category or "").lower()
    if any(k in c for k in ("charged", "label", "loaded", "emotive", "name-call")):
        return "charged"
    if any(k in c for k in ("superlative", "exaggerat", "puffery", "hyperbole")):
        return "exaggeration"
    if any(k in c for k in ("doubt", "scare", "said", "verb")):
        return "doubt"
    if any(k in c for k in ("attribut", "weasel", "source", "hedge")):
        return "attribution"
    if any(k in c for k in ("editorial", "opinion", "intensif")):
        return "editorial"
    return "other"


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    in_quote: bool = False


@dataclass
class AnnotatedText:
    id: str
    text: str
    spans: list[Span]
    non_biased: bool = False
    source: str = ""


@dataclass(frozen=True)
class Prediction:
    start: int
    end: int
    category: str
    level: str = "warning"


def load_annotated(path: str) -> list[AnnotatedText]:
    """Read a span-annotated JSONL file; every mistake is a SpanDataError naming the file and line."""
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise SpanDataError(f"{path}: cannot read: {exc.strerror or exc}") from None
    out: list[AnnotatedText] = []
    seen: set[str] = set()
    with handle:
        try:
            lines = list(handle)
        except UnicodeDecodeError as exc:
            raise SpanDataError(f"{path}: not UTF-8 text: {exc.reason}") from None
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            raise SpanDataError(f"{where}: invalid JSON: {exc}") from None
        if not isinstance(obj, dict):
            raise SpanDataError(f"{where}: a record must be a JSON object")
        text = obj.get("text")
        if not isinstance(text, str):
            raise SpanDataError(f"{where}: 'text' must be a string")
        rid = obj.get("id", str(number))
        rid = rid if isinstance(rid, str) else json.dumps(rid)
        if rid in seen:
            raise SpanDataError(f"{where}: id {rid!r} is used twice")
        seen.add(rid)
        spans_raw = obj.get("spans", [])
        if not isinstance(spans_raw, list):
            raise SpanDataError(f"{where}: 'spans' must be a list")
        spans = []
        for n, s in enumerate(spans_raw, 1):
            if not isinstance(s, dict) or not all(isinstance(s.get(k), int) and not isinstance(s.get(k), bool)
                                                  for k in ("start", "end")) \
                    or not isinstance(s.get("label"), str):
                raise SpanDataError(f"{where}: span {n} needs integer 'start' and 'end' and a string 'label'")
            if not 0 <= s["start"] < s["end"] <= len(text):
                raise SpanDataError(f"{where}: span {n} ({s['start']}-{s['end']}) is not inside the text "
                                    f"({len(text)} characters)")
            spans.append(Span(s["start"], s["end"], s["label"], bool(s.get("in_quote"))))
        meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
        out.append(AnnotatedText(rid, text, spans, meta.get("label_bias") == "Non-biased",
                                 obj.get("source", "") if isinstance(obj.get("source"), str) else ""))
    if not out:
        raise SpanDataError(f"{path}: no records")
    return out


def predict(linter, records: list[AnnotatedText], quotes: bool = False) -> dict[str, list[Prediction]]:
    """framelint's findings on each record, writer's voice only unless ``quotes``."""
    out: dict[str, list[Prediction]] = {}
    for r in records:
        found = linter.check_text(r.text, "-", "text").findings
        out[r.id] = [Prediction(f.start, f.end, f.category, f.level) for f in found if quotes or not f.in_quote]
    return out


@dataclass
class GroupScore:
    findings: int = 0
    justified: int = 0
    gold: int = 0
    found: int = 0
    alarms: int = 0          # non-biased texts with a warning of this group

    @property
    def precision(self) -> float | None:
        return self.justified / self.findings if self.findings else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None


@dataclass
class SpanScore:
    name: str
    texts: int
    words: int
    non_biased: int = 0
    non_biased_alarms: int = 0          # non-biased texts with any warning
    groups: dict[str, GroupScore] = field(default_factory=dict)

    def per_1000(self, group: str) -> float | None:
        g = self.groups.get(group)
        return 1000 * g.findings / self.words if g and self.words else None

    def false_alarm_rate(self, group: str | None = None) -> float | None:
        if not self.non_biased:
            return None
        n = self.non_biased_alarms if group is None else self.groups.get(group, GroupScore()).alarms
        return n / self.non_biased

    def annotated_groups(self) -> list[str]:
        return [g for g in GROUP_NAMES if g in self.groups and self.groups[g].gold]


def score(name: str, records: list[AnnotatedText], predictions: dict[str, list[Prediction]],
          quotes: bool = False) -> SpanScore:
    """Precision, recall and false alarms per group, by span overlap."""
    result = SpanScore(name, len(records), sum(len(r.text.split()) for r in records))
    per: dict[str, GroupScore] = defaultdict(GroupScore)
    for r in records:
        spans = r.spans if quotes else [s for s in r.spans if not s.in_quote]
        preds = predictions.get(r.id, [])
        grouped = [(group_of_category(p.category), p) for p in preds]
        for g, p in grouped:
            per[g].findings += 1
            if any(s.label in GROUPS.get(g, ()) and overlaps((p.start, p.end), (s.start, s.end)) for s in spans):
                per[g].justified += 1
        for s in spans:
            for g, labels in GROUPS.items():
                if s.label in labels:
                    per[g].gold += 1
                    if any(pg == g and overlaps((p.start, p.end), (s.start, s.end)) for pg, p in grouped):
                        per[g].found += 1
        if r.non_biased:
            result.non_biased += 1
            warned = {g for g, p in grouped if p.level != "info"}
            result.non_biased_alarms += bool(warned)
            for g in warned:
                per[g].alarms += 1
    result.groups = {g: per[g] for g in GROUP_NAMES if g in per}
    return result


# -- thresholds -------------------------------------------------------------------------------
def parse_threshold(raw: str, option: str) -> tuple[str, float]:
    """``GROUP=X`` or ``CORPUS:GROUP=X`` -> (key, X); a UsageError-like SpanDataError otherwise."""
    key, sep, value = raw.partition("=")
    group = key.rpartition(":")[2]
    if not sep or group not in GROUPS:
        raise SpanDataError(f"{option} {raw!r}: write GROUP=X or FILE:GROUP=X, GROUP one of "
                            f"{', '.join(GROUPS)}{did_you_mean(group, tuple(GROUPS))}")
    try:
        x = float(value)
    except ValueError:
        x = -1.0
    if not 0 <= x <= 1:
        raise SpanDataError(f"{option} {raw!r}: the threshold must be a number from 0 to 1")
    return key, x


def failures(scores: list[SpanScore], min_precision: list[tuple[str, float]],
             min_recall: list[tuple[str, float]], max_false_alarms: float | None = None) -> list[str]:
    """One line per figure below its threshold. ``FILE:GROUP`` keys apply to the file whose name is FILE."""
    out = []
    for s in scores:
        for what, limits in (("precision", min_precision), ("recall", min_recall)):
            for key, x in limits:
                corpus, _, group = key.rpartition(":")
                if corpus and corpus != s.name:
                    continue
                g = s.groups.get(group)
                if not g or not g.gold:
                    continue
                value = getattr(g, what) or 0.0
                if value < x:
                    out.append(f"{s.name}: {group} {what} {value:.3f} is below {x:g}")
        rate = s.false_alarm_rate()
        if max_false_alarms is not None and rate is not None and rate > max_false_alarms:
            out.append(f"{s.name}: {rate:.3f} of the non-biased texts get a warning; the limit is "
                       f"{max_false_alarms:g}")
    return out
