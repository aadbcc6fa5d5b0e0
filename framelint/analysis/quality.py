"""Measure framelint on an annotated corpus: precision and recall per category.

Each article in the corpus (``.txt``, ``.md``, ``.markdown``, ``.html``, ``.htm``)
has a sidecar ``<name>.expect.toml`` that says what a careful editor would flag::

    beat = "conflict"
    style = "wire"            # or "framed"

    [[finding]]
    line = 12                 # the line where the flagged span starts
    category = "charged-label"
    text = "regime"           # the exact span, as it is written in the file
    status = "expected"       # expected | missed | false-positive
    note = "labels the government"

The article is checked with the default configuration, and each finding is paired
with an annotation of the same line, category and text, or failing that, of the same
line and category whose text, where it stands on the line, overlaps the finding's span:

- a finding paired with an ``expected`` annotation is a true positive;
- a finding paired with a ``false-positive`` annotation is a known false positive;
- an ``expected`` or ``missed`` annotation with no finding is a false negative;
- a finding with no annotation is *unexpected*.

Precision counts unexpected findings as false positives until someone annotates
them. The script exits 1 when the corpus and the linter disagree: an unexpected
finding, an ``expected`` annotation not found, a ``missed`` one that is now found
or a ``false-positive`` one no longer found (both stale: update the status), or a
wire-style article with more than one finding per 1,000 words. It exits 2 when a
sidecar file is malformed.

Usage: ``python -m framelint.quality [CORPUS_DIR] [--format text|json] [--articles] [--rules DIR]``
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..run.files import read_text
from ..text import formats
from ..text.document import Document
from ..errors import FramelintError, InputError, did_you_mean
from ..findings import Finding
from ..rules.model import CATEGORIES, tomllib

SIDECAR = ".expect.toml"
STATUSES = ("expected", "missed", "false-positive")
STYLES = ("wire", "framed")
WIRE_LIMIT_PER_1000 = 1.0
_TOP_KEYS = ("beat", "style", "finding")
_FINDING_KEYS = {"line": int, "category": str, "text": str, "status": str, "note": str}
_REQUIRED = ("line", "category", "text", "status")


class AnnotationError(FramelintError):
    """A sidecar file that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Annotation:
    line: int
    category: str
    text: str
    status: str
    note: str = ""

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.line, self.category, self.text)


@dataclass
class Article:
    path: Path
    sidecar: Path
    beat: str
    style: str
    annotations: list[Annotation]


@dataclass
class Mismatch:
    """One disagreement between the linter and the annotations, with what to do about it."""

    path: str
    line: int
    category: str
    text: str
    kind: str        # unexpected | not-found | stale-missed | stale-false-positive | too-dense | no-sidecar
    message: str
    code: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class ArticleResult:
    path: str
    style: str
    beat: str
    words: int
    findings: list[Finding] = field(default_factory=list)
    true_positives: list[tuple[Finding, Annotation]] = field(default_factory=list)
    known_false_positives: list[tuple[Finding, Annotation]] = field(default_factory=list)
    unexpected: list[Finding] = field(default_factory=list)
    false_negatives: list[Annotation] = field(default_factory=list)
    stale_missed: list[tuple[Finding, Annotation]] = field(default_factory=list)
    stale_false_positives: list[Annotation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def per_1000(self) -> float:
        return len(self.findings) * 1000 / self.words if self.words else 0.0

    def _near_miss(self, a: Annotation) -> str:
        """A hint when an unannotated finding is almost this annotation: another line or category."""
        for f in self.unexpected:
            if f.match == a.text and f.category == a.category:
                return f"; it is found on line {f.line}: is the annotation's line number wrong?"
        for f in self.unexpected:
            if f.match == a.text and f.line == a.line:
                return f"; {f.code} finds it as {f.category}"
        for f in self.unexpected:
            if f.line == a.line and f.category == a.category and (a.text in f.match or f.match in a.text):
                return f"; {f.code} finds {f.match!r} here"
        return ""

    def mismatches(self) -> list[Mismatch]:
        out: list[Mismatch] = []
        for f in self.unexpected:
            out.append(Mismatch(self.path, f.line, f.category, f.match, "unexpected",
                                f"unexpected finding {f.code} {f.category} {f.match!r} ({f.message}); "
                                f"annotate it as expected or false-positive", f.code))
        for a in self.false_negatives:
            if a.status == "expected":
                out.append(Mismatch(self.path, a.line, a.category, a.text, "not-found",
                                    f"expected {a.category} {a.text!r} was not found"
                                    + (f" ({a.note})" if a.note else "") + self._near_miss(a)))
        for f, a in self.stale_missed:
            out.append(Mismatch(self.path, a.line, a.category, a.text, "stale-missed",
                                f"{a.category} {a.text!r} is annotated as missed but {f.code} now finds it; "
                                f"change its status to \"expected\"", f.code))
        for a in self.stale_false_positives:
            out.append(Mismatch(self.path, a.line, a.category, a.text, "stale-false-positive",
                                f"false positive {a.category} {a.text!r} is no longer reported; "
                                f"remove the annotation"))
        if self.style == "wire" and self.per_1000 > WIRE_LIMIT_PER_1000:
            out.append(Mismatch(self.path, 0, "", "", "too-dense",
                                f"wire-style article has {len(self.findings)} findings in {self.words} words "
                                f"({self.per_1000:.2f} per 1,000; the limit is {WIRE_LIMIT_PER_1000:g})"))
        return sorted(out, key=lambda m: m.line)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0           # known false positives
    unexpected: int = 0   # findings nobody annotated yet
    fn: int = 0
    gaps: int = 0         # of the false negatives, those annotated as known gaps ("missed")

    @property
    def precision(self) -> float | None:
        reported = self.tp + self.fp + self.unexpected
        return self.tp / reported if reported else None

    @property
    def recall(self) -> float | None:
        relevant = self.tp + self.fn
        return self.tp / relevant if relevant else None

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "unexpected": self.unexpected, "fn": self.fn,
                "known_gaps": self.gaps, "precision": _round(self.precision), "recall": _round(self.recall)}


@dataclass
class CorpusResult:
    root: str
    articles: list[ArticleResult]
    unannotated: list[str] = field(default_factory=list)

    def counts(self) -> tuple[dict[str, Counts], Counts]:
        per: dict[str, Counts] = defaultdict(Counts)
        for art in self.articles:
            for f, _a in art.true_positives + art.stale_missed:
                per[f.category].tp += 1
            for f, _a in art.known_false_positives:
                per[f.category].fp += 1
            for f in art.unexpected:
                per[f.category].unexpected += 1
            for a in art.false_negatives:
                per[a.category].fn += 1
                per[a.category].gaps += a.status == "missed"
        total = Counts()
        for c in per.values():
            total.tp += c.tp
            total.fp += c.fp
            total.unexpected += c.unexpected
            total.fn += c.fn
            total.gaps += c.gaps
        ordered = {cat: per[cat] for cat in CATEGORIES if cat in per}
        ordered.update({cat: c for cat, c in sorted(per.items()) if cat not in ordered})
        return ordered, total

    def wire(self) -> dict:
        wire = [a for a in self.articles if a.style == "wire"]
        words = sum(a.words for a in wire)
        found = sum(len(a.findings) for a in wire)
        worst = max(wire, key=lambda a: a.per_1000, default=None)
        return {"articles": len(wire), "words": words, "findings": found,
                "per_1000": round(found * 1000 / words, 2) if words else 0.0,
                "max_per_1000": round(worst.per_1000, 2) if worst else 0.0,
                "max_article": worst.path if worst else None,
                "limit_per_1000": WIRE_LIMIT_PER_1000}

    def mismatches(self) -> list[Mismatch]:
        out = [Mismatch(p, 0, "", "", "no-sidecar", f"article has no {SIDECAR} beside it; annotate it")
               for p in self.unannotated]
        for art in self.articles:
            out.extend(art.mismatches())
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


# -- reading the corpus -----------------------------------------------------------------------
def load_sidecar(sidecar: Path, article: Path) -> Article:
    """Read and validate one ``.expect.toml``; every mistake is an AnnotationError naming the file."""
    try:
        data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(f"{sidecar}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise AnnotationError(f"{sidecar}: invalid TOML: {exc}") from None
    for key in data:
        if key not in _TOP_KEYS:
            raise AnnotationError(f"{sidecar}: unknown key '{key}'{did_you_mean(key, _TOP_KEYS)}")
    style = data.get("style")
    if style not in STYLES:
        raise AnnotationError(f"{sidecar}: 'style' must be one of {', '.join(STYLES)}, not {style!r}")
    beat = data.get("beat", "")
    if not isinstance(beat, str):
        raise AnnotationError(f"{sidecar}: 'beat' must be a string")
    items = data.get("finding", [])
    if not isinstance(items, list):
        raise AnnotationError(f"{sidecar}: 'finding' must be an array of tables: write [[finding]]")
    annotations = []
    for n, item in enumerate(items, 1):
        where = f"{sidecar}: finding {n}"
        for key in item:
            if key not in _FINDING_KEYS:
                raise AnnotationError(f"{where}: unknown key '{key}'{did_you_mean(key, _FINDING_KEYS)}")
        for key in _REQUIRED:
            if key not in item:
                raise AnnotationError(f"{where}: missing key '{key}'")
        for key, typ in _FINDING_KEYS.items():
            if key in item and (not isinstance(item[key], typ) or isinstance(item[key], bool)):
                raise AnnotationError(f"{where}: '{key}' must be {'an integer' if typ is int else 'a string'}")
        if item["status"] not in STATUSES:
            raise AnnotationError(f"{where}: status {item['status']!r} is not one of {', '.join(STATUSES)}"
                                  f"{did_you_mean(item['status'], STATUSES)}")
        if item["category"] not in CATEGORIES:
            raise AnnotationError(f"{where}: category {item['category']!r} is not one of {', '.join(CATEGORIES)}"
                                  f"{did_you_mean(item['category'], CATEGORIES)}")
        if item["line"] < 1 or not item["text"]:
            raise AnnotationError(f"{where}: needs a line of 1 or more and a non-empty text")
        annotations.append(Annotation(item["line"], item["category"], item["text"], item["status"],
                                      item.get("note", "")))
    return Article(article, sidecar, beat, style, annotations)


def find_articles(root: Path) -> tuple[list[Article], list[str]]:
    """Annotated articles under ``root`` (recursively) and the articles that have no sidecar."""
    if not root.is_dir():
        raise AnnotationError(f"{root}: not a directory")
    articles: list[Article] = []
    unannotated: list[str] = []
    sidecars = sorted(root.rglob(f"*{SIDECAR}"))
    paired: set[Path] = set()
    for sidecar in sidecars:
        stem = sidecar.name[: -len(SIDECAR)]
        candidates = [sidecar.with_name(stem + suffix) for suffix in formats.suffixes()]
        found = [c for c in candidates if c.is_file()]
        if not found:
            raise AnnotationError(f"{sidecar}: no article {stem}.txt, .md, .markdown, .html or .htm beside it")
        if len(found) > 1:
            raise AnnotationError(f"{sidecar}: more than one article is named {stem}: "
                                  f"{', '.join(p.name for p in found)}")
        paired.add(found[0])
        articles.append(load_sidecar(sidecar, found[0]))
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() in formats.suffixes() and path not in paired \
                and not any(part.startswith(".") for part in path.relative_to(root).parts):
            unannotated.append(str(path))
    if not articles and not unannotated:
        raise AnnotationError(f"{root}: no annotated articles ({SIDECAR} files) in this directory")
    return articles, unannotated


# -- comparing ------------------------------------------------------------------------------------------
def evaluate_article(linter, article: Article) -> ArticleResult:
    """Check one article and pair its findings with its annotations."""
    path = str(article.path)
    try:
        text = read_text(path)
    except InputError as exc:
        result = ArticleResult(path, article.style, article.beat, 0)
        result.errors.append(str(exc))
        return result
    file_result = linter.check_text(text, path)
    words = Document(text, formats.name_for_path(path), path).word_count
    result = ArticleResult(path, article.style, article.beat, words, list(file_result.findings))
    result.errors.extend(str(e) for e in file_result.errors)

    # Exact pairs first (same line, category and text), then overlapping spans: an annotation
    # "Kyiv regime" and a finding "regime" on the same line and in the same category name the same
    # framing, and a harness that counted it as one miss and one false alarm would mismeasure both.
    remaining = list(article.annotations)
    unpaired: list[Finding] = []
    for f in result.findings:
        a = next((a for a in remaining if a.key == (f.line, f.category, f.match)), None)
        if a is None:
            unpaired.append(f)
        else:
            remaining.remove(a)
            _pair(result, f, a)
    lines = text.splitlines()
    for f in unpaired:
        a = next((a for a in remaining if a.line == f.line and a.category == f.category
                  and _overlaps(lines, a, f)), None)
        if a is None:
            result.unexpected.append(f)
        else:
            remaining.remove(a)
            _pair(result, f, a)
    for a in remaining:
        if a.status in ("expected", "missed"):
            result.false_negatives.append(a)
        else:
            result.stale_false_positives.append(a)
    return result


def _overlaps(lines: list[str], a: Annotation, f: Finding) -> bool:
    """Whether some occurrence of the annotated text on its line overlaps the finding's span."""
    if not 0 < a.line <= len(lines):
        return False
    line = lines[a.line - 1]
    f_start = f.column - 1
    f_end = f.end_column - 1 if f.end_line == f.line else len(line)
    at = line.find(a.text)
    while at != -1:
        if at < f_end and f_start < at + len(a.text):
            return True
        at = line.find(a.text, at + 1)
    return False


def _pair(result: ArticleResult, f: Finding, a: Annotation) -> None:
    if a.status == "expected":
        result.true_positives.append((f, a))
    elif a.status == "false-positive":
        result.known_false_positives.append((f, a))
    else:
        result.stale_missed.append((f, a))


def evaluate(root: str | Path, linter=None) -> CorpusResult:
    """Check every annotated article under ``root``; by default with framelint's default configuration."""
    if linter is None:
        from ..run.linters import get_linter

        linter = get_linter()
    articles, unannotated = find_articles(Path(root))
    return CorpusResult(str(root), [evaluate_article(linter, a) for a in articles], unannotated)


# -- output ---------------------------------------------------------------------------------------------------
def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def table_lines(result: CorpusResult) -> list[str]:
    per, total = result.counts()
    lines = [f"{'category':<26} {'TP':>4} {'FP':>4} {'new':>4} {'FN':>4} {'gaps':>4} {'precision':>9} {'recall':>6}"]
    for cat, c in list(per.items()) + [("total", total)]:
        if cat == "total":
            lines.append("-" * len(lines[0]))
        lines.append(f"{cat:<26} {c.tp:>4} {c.fp:>4} {c.unexpected:>4} {c.fn:>4} {c.gaps:>4} "
                     f"{_fmt(c.precision):>9} {_fmt(c.recall):>6}")
    return lines


def article_lines(result: CorpusResult) -> list[str]:
    width = max((len(a.path) for a in result.articles), default=7)
    lines = [f"{'article':<{width}} {'style':<6} {'words':>5} {'found':>5} {'TP':>3} {'FP':>3} {'new':>3} {'FN':>3}"
             f" {'per 1k':>6}"]
    for a in result.articles:
        lines.append(f"{a.path:<{width}} {a.style:<6} {a.words:>5} {len(a.findings):>5} "
                     f"{len(a.true_positives) + len(a.stale_missed):>3} {len(a.known_false_positives):>3} "
                     f"{len(a.unexpected):>3} {len(a.false_negatives):>3} {a.per_1000:>6.2f}")
    return lines


def render_text(result: CorpusResult, out, articles: bool = False) -> None:
    words = sum(a.words for a in result.articles)
    out.write(f"framelint quality on {result.root}: {len(result.articles)} annotated articles, "
              f"{words:,} words\n\n")
    out.write("\n".join(table_lines(result)) + "\n\n")
    if articles:
        out.write("\n".join(article_lines(result)) + "\n\n")
    out.write("TP: found and expected. FP: found, annotated as a false positive. new: found, not annotated\n"
              "(counted against precision). FN: annotated as expected or missed, not found; gaps: those of\n"
              "the FN annotated as known gaps (missed).\n\n")
    wire = result.wire()
    out.write(f"wire style: {_plural(wire['articles'], 'article')}, {wire['words']:,} words, "
              f"{_plural(wire['findings'], 'finding')}, "
              f"{wire['per_1000']:.2f} per 1,000 words (worst article {wire['max_per_1000']:.2f}; "
              f"limit {WIRE_LIMIT_PER_1000:g})\n")
    errors = [e for a in result.articles for e in a.errors]
    mismatches = result.mismatches()
    if errors:
        out.write("\nerrors:\n" + "".join(f"  {e}\n" for e in errors))
    if mismatches:
        out.write(f"\n{len(mismatches)} mismatch{'es' if len(mismatches) != 1 else ''}:\n")
        out.write("".join(f"  {m}\n" for m in mismatches))
    else:
        out.write("\nThe linter agrees with every annotation.\n")


def to_json(result: CorpusResult) -> dict:
    per, total = result.counts()
    return {
        "corpus": result.root,
        "articles": len(result.articles),
        "words": sum(a.words for a in result.articles),
        "categories": {cat: c.to_dict() for cat, c in per.items()},
        "total": total.to_dict(),
        "wire": result.wire(),
        "mismatches": [asdict(m) for m in result.mismatches()],
        "errors": [e for a in result.articles for e in a.errors],
        "per_article": [{"path": a.path, "style": a.style, "beat": a.beat, "words": a.words,
                         "findings": len(a.findings), "tp": len(a.true_positives) + len(a.stale_missed),
                         "fp": len(a.known_false_positives), "unexpected": len(a.unexpected),
                         "fn": len(a.false_negatives), "per_1000": round(a.per_1000, 2)}
                        for a in result.articles],
    }
