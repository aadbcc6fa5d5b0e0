"""Profiles of a collection: how each outlet (and each month) frames its coverage.

Per group (``--by source``, ``month`` or both): articles, words, findings per
1,000 words in each category, and the charged terms used most in the writer's
own voice (``charged-label`` and ``loaded-language`` findings outside quotations).
A ``Profile`` is built per partition and merged, so it is the same whether the
collection was checked in one process or on a cluster.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from ..run.records import Fields, Partition, Record, check_record, read_partition
from ..text.document import Document
from ..rules.model import CATEGORIES

GROUP_KEYS = ("source", "month")
CHARGED = ("charged-label", "loaded-language")
UNKNOWN = "(unknown)"
TOP_TERMS = 3
SHORT = {  # narrow column headings for the table
    "charged-label": "label", "loaded-language": "loaded", "unattributed-assertion": "unattr",
    "unverifiable-superlative": "superl", "doubt-verb": "doubt", "scare-quote": "scare",
    "editorializing": "editor", "euphemism": "euphem",
}
_YEAR_MONTH = re.compile(r"\s*(\d{4})[-/.](\d{1,2})\b")


def month_of(date: str | None) -> str:
    """``YYYY-MM`` from an ISO date (or date-time), ``YYYY/MM/...``, or an e-mail style date."""
    if not date:
        return UNKNOWN
    m = _YEAR_MONTH.match(date)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    try:
        parsed = parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        return UNKNOWN
    return f"{parsed.year:04d}-{parsed.month:02d}"


def parse_by(value: str) -> tuple[str, ...]:
    from ..errors import UsageError, did_you_mean

    keys = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    for key in keys:
        if key not in GROUP_KEYS:
            raise UsageError(f"--by: unknown key '{key}'{did_you_mean(key, GROUP_KEYS)}; "
                             f"use source, month or source,month")
    if not keys:
        raise UsageError("--by: give source, month or source,month")
    return keys


@dataclass
class Group:
    articles: int = 0
    words: int = 0
    counts: Counter = field(default_factory=Counter)   # category -> findings
    terms: Counter = field(default_factory=Counter)    # charged term (lower case) -> uses in narration

    def merge(self, other: "Group") -> None:
        self.articles += other.articles
        self.words += other.words
        self.counts.update(other.counts)
        self.terms.update(other.terms)


@dataclass
class Profile:
    by: tuple[str, ...] = ("source",)
    groups: dict[tuple[str, ...], Group] = field(default_factory=dict)

    def key(self, record: Record) -> tuple[str, ...]:
        values = {"source": record.source or UNKNOWN, "month": month_of(record.date)}
        return tuple(values[k] for k in self.by)

    def add(self, record: Record, findings) -> None:
        group = self.groups.setdefault(self.key(record), Group())
        group.articles += 1
        group.words += Document(record.text or "", "text", record.path).word_count
        for f in findings:
            group.counts[f.category] += 1
            if f.category in CHARGED and not f.in_quote:
                group.terms[f.match.lower()] += 1

    def merge(self, other: "Profile") -> "Profile":
        for key, group in other.groups.items():
            self.groups.setdefault(key, Group()).merge(group)
        return self

    def rows(self, top: int = TOP_TERMS) -> list[dict]:
        rows = []
        for key in sorted(self.groups, key=lambda k: [(v == UNKNOWN, v) for v in k]):
            g = self.groups[key]
            per_k = {c: round(g.counts[c] * 1000 / g.words, 2) if g.words else 0.0 for c in CATEGORIES}
            total = sum(g.counts.values())
            row = dict(zip(self.by, key))
            row.update({
                "articles": g.articles, "words": g.words, "findings": total,
                "per_1000_words": round(total * 1000 / g.words, 2) if g.words else 0.0,
                "categories": per_k,
                "counts": {c: g.counts[c] for c in CATEGORIES},
                "top_terms": [{"term": t, "count": n}
                              for t, n in sorted(g.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:top]],
            })
            rows.append(row)
        return rows


def profile_partition(linter, part: Partition, fields: Fields, by: tuple[str, ...] = ("source",)):
    """The profile of one partition, and the errors of its records."""
    profile = Profile(by)
    errors = []
    count = 0
    for record in read_partition(part, fields):
        count += 1
        result = check_record(linter, record)
        if result.errors:
            errors.extend(result.errors)
        if record.error is None:
            profile.add(record, result.findings)
    return profile, errors, count


# -- output ---------------------------------------------------------------------------------
def _terms(row: dict) -> str:
    return ", ".join(f"{t['term']} ({t['count']})" for t in row["top_terms"])


def _table_rows(profile: Profile, top: int) -> tuple[list[str], list[list[str]]]:
    head = [*profile.by, "articles", "words", "per 1k", *(SHORT[c] for c in CATEGORIES), "top charged terms"]
    body = []
    for row in profile.rows(top):
        body.append([*(row[k] for k in profile.by), str(row["articles"]), str(row["words"]),
                     f"{row['per_1000_words']:.2f}", *(f"{row['categories'][c]:.2f}" for c in CATEGORIES),
                     _terms(row)])
    return head, body


def render_text(profile: Profile, out, color: bool = False, top: int = TOP_TERMS, width: int | None = None) -> None:
    head, body = _table_rows(profile, top)
    title = "findings per 1,000 words, by " + " and ".join(profile.by)
    if color:
        from rich.console import Console
        from rich.table import Table

        table = Table(*head, title=title)
        for i, column in enumerate(table.columns):
            if len(profile.by) <= i < len(head) - 1:
                column.justify = "right"
        for cells in body:
            table.add_row(*cells)
        Console(file=out, force_terminal=True, width=width).print(table)
        return
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(head)]
    numeric = range(len(profile.by), len(head) - 1)

    def line(cells):
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out.write(f"{title}\n")
    out.write(line(head) + "\n")
    for cells in body:
        out.write(line(cells) + "\n")


def render_json(profile: Profile, out, top: int = TOP_TERMS) -> None:
    json.dump(profile.rows(top), out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_csv(profile: Profile, out, top: int = TOP_TERMS) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*profile.by, "articles", "words", "findings", "per_1000_words",
                     *(f"{c}_per_1000" for c in CATEGORIES), "top_charged_terms"])
    for row in profile.rows(top):
        writer.writerow([*(row[k] for k in profile.by), row["articles"], row["words"], row["findings"],
                         f"{row['per_1000_words']:.2f}", *(f"{row['categories'][c]:.2f}" for c in CATEGORIES),
                         "; ".join(f"{t['term']}:{t['count']}" for t in row["top_terms"])])
