"""Learn a pack of ``terms`` rules from span-annotated JSON Lines (``framelint learn``).

What annotators marked as loaded language or name calling (the ``charged`` group of
:mod:`framelint.analysis.spans`) becomes a list of candidate terms: every marked phrase
of one to three words. The engine itself then counts, over every text, where each
candidate would be reported (writer's voice, not in what a named speaker is reported to
have said) and how many of those uses annotators marked. A term ships when

- the built-in rules do not already report it (in most of its uses): a learned term
  that duplicated a hand rule would report the same span twice;
- annotators marked it in at least ``min_count`` uses, and in at least a share ``t`` of
  them; ``min_count`` and ``t`` are chosen by k-fold cross-validation (folds by text, a
  text and its duplicates always in the same fold), as the pair that gives the best
  held-out F1 of the built-in rules with the learned terms, at a pooled held-out
  precision of at least 0.5;
- its own held-out precision (pooled over the folds whose training part chose it) is at
  least 0.5: a term below that does not ship.

The output is deterministic: sorted terms, fixed formatting, no dates.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FramelintError
from .spans import GROUPS, AnnotatedText, Prediction, group_of_category, load_annotated, overlaps, score

CHARGED = GROUPS["charged"]
NAME_CALLING = frozenset({"Name_Calling,Labeling", "charged-label"})
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)
MIN_COUNTS = (2, 3, 4)
MIN_TERM_PRECISION = 0.5
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")
_TERM = re.compile(r"[a-z][a-z'\-]*(?: [a-z][a-z'\-]*){0,2}")
# Words that carry no charge of their own: a marked span that is only these is not a term.
_STOP = frozenset("""a an the of to in on at for and or but is are was were be been being it its this that
these those he she they we you i his her their our your my as by with from not no so very more most
has have had do does did will would can could should may might must just than then there here who
what which when where why how all any some such""".split())

REFERENCES = [
    "Da San Martino, G. et al. 2019, 'Fine-Grained Analysis of Propaganda in News Articles' (EMNLP), "
    "and 2020, 'SemEval-2020 Task 11: Detection of Propaganda Techniques in News Articles': the PTC "
    "training articles, Loaded_Language and Name_Calling,Labeling spans",
    "Spinde, T. et al. 2021, 'Neural Media Bias Detection Using Distant Supervision With BABE' "
    "(Findings of EMNLP) and 'MBIC - A Media Bias Annotation Dataset' (iConference): biased words "
    "marked by experts (BABE) and a crowd (MBIC); data AGPL-3.0",
]


class LearnError(FramelintError):
    pass


def norm(s: str) -> str:
    return " ".join(s.lower().replace("\u2019", "'").replace("\u2018", "'").split())


def fold_of(text: str, k: int) -> int:
    """A text's fold: by its content, so that the same sentence in two corpora is on one side."""
    return int(hashlib.sha1(norm(text).encode("utf-8")).hexdigest()[:12], 16) % k


@dataclass
class Corpus:
    name: str
    records: list[AnnotatedText]
    folds: list[int]


@dataclass
class Use:
    term: str
    corpus: int
    record: int
    fold: int
    marked: bool
    covered: bool       # a built-in rule already reports a charged finding here
    start: int = 0
    end: int = 0


@dataclass
class TermStats:
    uses: int = 0
    marked: int = 0
    covered: int = 0


@dataclass
class LearnResult:
    terms: dict[str, tuple[str, int, int]]           # term -> (category, marked, uses) on all the data
    threshold: float
    min_count: int
    cv_table: list[tuple[float, int, float, float, float]]   # t, m, precision, recall, F1 (simulated)
    dropped_covered: int
    dropped_heldout: list[str]
    files: dict[str, str] = field(default_factory=dict)      # relative path -> TOML text


def load_corpora(paths: list[str], k: int) -> list[Corpus]:
    out = []
    for p in paths:
        records = load_annotated(p)
        out.append(Corpus(os.path.basename(p), records, [fold_of(r.text, k) for r in records]))
    return out


def candidates(corpora: list[Corpus]) -> dict[str, str]:
    """Marked phrases of one to three words -> the category most of their marks name."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for c in corpora:
        for r in c.records:
            for s in r.spans:
                if s.label not in CHARGED or s.in_quote:
                    continue
                phrase = norm(r.text[s.start:s.end]).strip(".,;:!?\"'()[]")
                if not _TERM.fullmatch(phrase) or len(phrase) < 3:
                    continue
                words = phrase.split()
                if all(w in _STOP for w in words) or words[0] in _STOP or words[-1] in _STOP:
                    continue
                votes[phrase]["charged-label" if s.label in NAME_CALLING else "loaded-language"] += 1
    return {t: max(sorted(v), key=lambda cat: v[cat]) for t, v in votes.items()}


def builtin_rules(prefix: str):
    from ..rules.model import load_rules

    return [r for r in load_rules() if not r.code.startswith(prefix)]


def _linter(rules):
    from ..config import DEFAULT
    from ..engine.linter import Linter

    return Linter(DEFAULT, rules=rules)


def _load_pack(files: dict[str, str]):
    from ..rules.model import load_rules

    with tempfile.TemporaryDirectory() as tmp:
        for rel, text in files.items():
            path = Path(tmp, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return load_rules([tmp], include_builtin=False)


def count_uses(corpora: list[Corpus], cands: dict[str, str], prefix: str, base_preds) -> list[Use]:
    """Where the engine reports each candidate, marked or not, covered by a built-in finding or not."""
    pack = render_pack({t: (cat, 1, 1) for t, cat in cands.items()}, prefix, 0.0, 0, with_counts=False)
    linter = _linter(_load_pack(pack))
    uses = []
    for ci, c in enumerate(corpora):
        for ri, r in enumerate(c.records):
            gold = [(s.start, s.end) for s in r.spans if s.label in CHARGED and not s.in_quote]
            base = [(p.start, p.end) for p in base_preds[ci][ri] if group_of_category(p.category) == "charged"]
            for f in linter.check_text(r.text, "-", "text").findings:
                if f.in_quote:
                    continue
                span = (f.start, f.end)
                uses.append(Use(norm(f.match), ci, ri, c.folds[ri], any(overlaps(span, g) for g in gold),
                                any(overlaps(span, b) for b in base), f.start, f.end))
    return uses


def stats(uses: list[Use], skip_fold: int | None = None) -> dict[str, TermStats]:
    out: dict[str, TermStats] = defaultdict(TermStats)
    for u in uses:
        if u.fold == skip_fold:
            continue
        s = out[u.term]
        if u.covered:
            s.covered += 1
        else:
            s.uses += 1
            s.marked += u.marked
    return out


def select(st: dict[str, TermStats], t: float, m: int) -> set[str]:
    return {term for term, s in st.items()
            if s.covered * 2 < s.covered + s.uses and s.marked >= m and s.marked >= t * s.uses}


def base_predictions(corpora: list[Corpus], prefix: str):
    from .spans import predict

    linter = _linter(builtin_rules(prefix))
    return [[predict(linter, [r])[r.id] for r in c.records] for c in corpora]


def _pooled(corpora, preds_for) -> tuple[float, float, float]:
    tp = n = found = gold = 0
    for ci, c in enumerate(corpora):
        s = score(c.name, c.records, {r.id: preds_for(ci, ri) for ri, r in enumerate(c.records)})
        g = s.groups.get("charged")
        if g:
            tp, n, found, gold = tp + g.justified, n + g.findings, found + g.found, gold + g.gold
    p = tp / n if n else 0.0
    r = found / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p and r else 0.0)


def learn(paths: list[str], prefix: str = "LN", k: int = 5) -> LearnResult:
    corpora = load_corpora(paths, k)
    cands = candidates(corpora)
    if not cands:
        raise LearnError("no marked phrase of one to three words in the charged group "
                         f"(labels {', '.join(sorted(CHARGED))}): nothing to learn")
    base = base_predictions(corpora, prefix)
    uses = count_uses(corpora, cands, prefix, base)
    by_record: dict[tuple[int, int], list[Use]] = defaultdict(list)
    for u in uses:
        by_record[(u.corpus, u.record)].append(u)
    fold_stats = [stats(uses, f) for f in range(k)]
    # The learned terms' findings are simulated from the uses counted above (cross_validate
    # measures the chosen pair with the engine itself).
    table = []
    best = None
    for t in THRESHOLDS:
        for m in MIN_COUNTS:
            chosen = [select(fold_stats[f], t, m) for f in range(k)]

            def preds_for(ci, ri, chosen=chosen):
                fold = corpora[ci].folds[ri]
                return base[ci][ri] + [Prediction(u.start, u.end, "loaded-language")
                                       for u in by_record.get((ci, ri), ()) if u.term in chosen[fold]]

            p, r, f1 = _pooled(corpora, preds_for)
            table.append((t, m, p, r, f1))
            if p >= MIN_TERM_PRECISION and (best is None or f1 > best[4]):
                best = (t, m, p, r, f1)
    if best is None:
        best = max(table, key=lambda row: (row[2], row[4]))
    t, m = best[0], best[1]
    heldout: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in range(k):
        chosen = select(fold_stats[f], t, m)
        for u in uses:
            if u.fold == f and u.term in chosen and not u.covered:
                heldout[u.term][0] += u.marked
                heldout[u.term][1] += 1
    full = stats(uses)
    final = select(full, t, m)
    covered = sum(1 for term, s in full.items() if s.covered * 2 >= s.covered + s.uses)
    keep, dropped = {}, []
    for term in sorted(final):
        hm, hu = heldout.get(term, (0, 0))
        if hu and hm >= MIN_TERM_PRECISION * hu:
            keep[term] = (cands[term], full[term].marked, full[term].uses)
        else:
            dropped.append(term)
    result = LearnResult(keep, t, m, table, covered, dropped)
    result.files = render_pack(keep, prefix, t, m, sources=[c.name for c in corpora], k=k)
    return result


FILES = {  # category -> (number, name)
    "loaded-language": (101, "learned-loaded-language"),
    "charged-label": (102, "learned-charged-label"),
}
FLAG_TEMPLATE = "The bulletin summed up the week in two words: the [[{term}]] vote."
PASS_TEMPLATE = "\u201cThe {term} vote,\u201d the mayor said on Tuesday."
MESSAGES = {
    "loaded-language": "'{match}' is a word annotators of real news mark as loaded in most of its uses; "
                       "describe what happened, or quote who holds the view.",
    "charged-label": "'{match}' is a label annotators of real news mark as name calling in most of its uses; "
                     "name the people by their role, or quote who uses the label.",
}


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_pack(terms: dict[str, tuple[str, int, int]], prefix: str, t: float, m: int,
                sources: list[str] | None = None, k: int = 5, with_counts: bool = True) -> dict[str, str]:
    """The TOML files of a learned pack: category/CODE-name.toml -> text."""
    files = {}
    for category, (number, name) in FILES.items():
        chosen = sorted(term for term, (cat, _, _) in terms.items() if cat == category)
        if not chosen:
            continue
        code = f"{prefix}{number}"
        lines = []
        if with_counts:
            lines += [
                f"# Learned by `framelint learn` from span-annotated text: {', '.join(sources or [])}.",
                "# What ships here is words and counts, no sentences. Each term was marked by annotators",
                "# as loaded language or name calling in the counted share of its uses in the writer's voice",
                "# (not in quotations, not in what a named speaker is said to have said).",
                f"# A term ships when it was marked in at least {m} uses and in at least {t:g} of them",
                f"# (both chosen by {k}-fold cross-validation, folds by text), when its own held-out",
                f"# precision is at least {MIN_TERM_PRECISION:g}, and when no built-in rule already reports it.",
                "# Sources: PTC (Da San Martino et al. 2019/2020, SemEval-2020 Task 11 training articles);",
                "# BABE and MBIC (Spinde et al. 2021; data AGPL-3.0). Rebuild with the command in docs/learning.md.",
            ]
        lines += [f"code = '{code}'", f"name = '{name}'", f"category = '{category}'", "kind = 'terms'",
                  "level = 'warning'", f"message = {_q(MESSAGES[category])}", "terms = ["]
        for term in chosen:
            _, marked, uses = terms[term]
            lines.append(f"    {_q(term)},  # marked in {marked} of {uses} uses" if with_counts
                         else f"    {_q(term)},")
        lines += ["]", "unless_attributed = true", "when_attributed = 'skip'", "attribution = 'speech'"]
        lines.append('description = """\n## What it does\nFlags words and phrases that people who annotate '
                     'real news marked as loaded language or name calling in most of the uses in which '
                     'the writer, not a quoted or named speaker, used them.\n\n## Why is this bad?\n'
                     'Annotators read these words as judging instead of informing: they tell the reader '
                     'what to think of a person, a group or an act.\n\n## Known problems\nThe list is '
                     'learned from counts, without the sense of each use: a literal or technical sense '
                     'is reported too. The counts in the file say how often annotators agreed.\n\n'
                     '## Example\n' + FLAG_TEMPLATE.format(term=chosen[0]).replace("[[", "").replace("]]", "")
                     + '\n\n## Use instead\nSay what was done or said, or quote the person who holds '
                     'the view, and name them.\n"""')
        lines.append("references = [")
        lines += [f"    {_q(ref)}," for ref in REFERENCES]
        lines.append("]")
        examples = chosen if with_counts else chosen[:1]
        lines += ["", "[examples]", "flag = ["]
        lines += [f"    {_q(FLAG_TEMPLATE.format(term=term))}," for term in examples]
        lines += ["]", "pass = ["]
        lines += [f"    {_q(PASS_TEMPLATE.format(term=term))}," for term in examples]
        lines.append("]")
        files[f"{category}/{code}-{name}.toml"] = "\n".join(lines) + "\n"
    return files


def write_pack(files: dict[str, str], out: str | os.PathLike, prefix: str) -> list[Path]:
    """Write the pack; older files of the same learned names in ``out`` are replaced."""
    written = []
    for rel, text in sorted(files.items()):
        path = Path(out, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def cross_validate(paths: list[str], prefix: str = "LN", k: int = 5, t: float | None = None,
                   m: int | None = None):
    """Learn on k-1 folds, check the held-out fold with the engine (built-in rules and the fold's
    pack), and pool the held-out findings: one SpanScore per corpus, and the built-in rules' alone."""
    corpora = load_corpora(paths, k)
    cands = candidates(corpora)
    base = base_predictions(corpora, prefix)
    uses = count_uses(corpora, cands, prefix, base)
    if t is None or m is None:
        r = learn(paths, prefix, k)
        t, m = r.threshold, r.min_count
    builtin = builtin_rules(prefix)
    preds: list[dict[str, list[Prediction]]] = [{} for _ in corpora]
    from .spans import predict

    for f in range(k):
        st = stats(uses, f)
        chosen = select(st, t, m)
        terms = {term: (cands[term], st[term].marked, st[term].uses) for term in chosen}
        linter = _linter(builtin + (_load_pack(render_pack(terms, prefix, t, m)) if terms else []))
        for ci, c in enumerate(corpora):
            held = [r for r, fold in zip(c.records, c.folds) if fold == f]
            preds[ci].update(predict(linter, held))
    learned = [score(c.name, c.records, preds[ci]) for ci, c in enumerate(corpora)]
    alone = [score(c.name, c.records, {r.id: base[ci][ri] for ri, r in enumerate(c.records)})
             for ci, c in enumerate(corpora)]
    return learned, alone, (t, m)
