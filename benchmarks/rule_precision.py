"""Precision and recall of each rule on span-annotated JSON Lines corpora.

Runs ``framelint check --input jsonl --format jsonl`` over each corpus (one JSON object
per line: ``{"id", "text", "spans": [{"start", "end", "label"}], "meta"}``, the format
of the annotated news corpora framelint is developed on) and scores every rule code
with the span-overlap metric: a finding is justified when it overlaps a marked span of
a label its category stands for; a rule's recall is the share of the marked spans of
its group that it overlaps. Findings inside quotations are left out unless --quotes
(the annotators marked the writer's voice).

    python benchmarks/rule_precision.py DATA/ptc-train.jsonl DATA/babe.jsonl DATA/mbic.jsonl
    python benchmarks/rule_precision.py --unmarked 30 DATA/*.jsonl   # most frequent unmarked findings
    python benchmarks/rule_precision.py --rules my-rules --select LL9 DATA/babe.jsonl   # a rule before it ships

Per corpus it prints one row per rule: level, findings, justified findings, precision in
its group (when the corpus marks that group), precision against a span of any label,
and recall. Warning-level rules below 0.5 precision (with at least --min-findings
findings) are listed at the end, and apart from them those whose group the corpus does not
mark that fall below 0.5 against a span of any label (a weaker test: for a sentence corpus
that marks every biased word it still says something; for attribution nothing here does). For corpora whose records carry
``meta.label_bias`` (sentences labelled Biased / Non-biased), it prints the share of
non-biased sentences that get a warning: the clearest false alarms the file can show.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys

# The label groups of the annotations, and the framelint categories that look for them.
GROUP_LABELS = {
    "charged": {"Loaded_Language", "Name_Calling,Labeling", "BASIL_lexical_bias",
                "charged-label", "loaded-language"},
    "exaggeration": {"Exaggeration,Minimisation", "unverifiable-superlative"},
    "doubt": {"Doubt", "doubt-verb", "scare-quote"},
    "attribution": {"unattributed-assertion"},
    "editorial": {"editorializing"},
}
CATEGORY_GROUP = {
    "charged-label": "charged", "loaded-language": "charged",
    "unverifiable-superlative": "exaggeration",
    "doubt-verb": "doubt", "scare-quote": "doubt",
    "unattributed-assertion": "attribution",
    "editorializing": "editorial",
}
WARNING_LEVELS = {"warning", "error"}


def read_corpus(path):
    """The records of one annotated corpus, by id, with a clear error for a bad line."""
    records = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                records[record["id"]] = record
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(f"{path}:{number}: not an annotated record ({exc})")
    return records


def run_framelint(command, path, options=()):
    """framelint's findings on one corpus, as dicts (one per JSON line)."""
    proc = subprocess.run([*command, "check", "--input", "jsonl", "--format", "jsonl",
                           "--exit-zero", *options, path], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{path}: framelint exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def overlaps(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end


def score_rules(records, findings, quotes=False):
    """Per rule code: level, category, findings, justified, any-label hits, spans found."""
    gold_by_group = collections.Counter()
    for record in records.values():
        for span in record.get("spans", ()):
            for group, labels in GROUP_LABELS.items():
                if span["label"] in labels:
                    gold_by_group[group] += 1
    rules = {}
    found = collections.defaultdict(set)  # code -> (id, span index) of marked spans it overlaps
    unmarked = collections.Counter()
    for finding in findings:
        if finding.get("in_quote") and not quotes:
            continue
        record = records.get(finding.get("id"))
        if record is None:
            continue
        code = finding["code"]
        group = CATEGORY_GROUP.get(finding["category"], "other")
        row = rules.setdefault(code, {"code": code, "level": finding["level"],
                                      "category": finding["category"], "group": group,
                                      "findings": 0, "justified": 0, "any": 0})
        row["findings"] += 1
        labels = GROUP_LABELS.get(group, set())
        hit_any = hit_group = False
        for index, span in enumerate(record.get("spans", ())):
            if overlaps(finding["start"], finding["end"], span["start"], span["end"]):
                hit_any = True
                if span["label"] in labels:
                    hit_group = True
                    found[code].add((record["id"], index))
        row["any"] += hit_any
        row["justified"] += hit_group
        if not hit_any:
            unmarked[(code, finding["match"].lower())] += 1
    for code, row in rules.items():
        gold = gold_by_group.get(row["group"], 0)
        row["gold"] = gold
        row["found"] = len(found[code])
        row["precision"] = row["justified"] / row["findings"] if gold else None
        row["precision_any"] = row["any"] / row["findings"]
        row["recall"] = row["found"] / gold if gold else None
    return rules, gold_by_group, unmarked


def false_alarm_rates(records, findings, quotes=False):
    """Share of sentences labelled non-biased with a warning: (sentences, any, charged)."""
    neutral = {rid for rid, r in records.items()
               if (r.get("meta") or {}).get("label_bias") == "Non-biased"}
    if not neutral:
        return None
    warned, charged = set(), set()
    for finding in findings:
        if finding.get("id") in neutral and finding["level"] in WARNING_LEVELS \
                and (quotes or not finding.get("in_quote")):
            warned.add(finding["id"])
            if CATEGORY_GROUP.get(finding["category"]) == "charged":
                charged.add(finding["id"])
    return len(neutral), len(warned), len(charged)


def fmt(value):
    return "    -" if value is None else f"{value:5.2f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", metavar="CORPUS.jsonl")
    parser.add_argument("--framelint", default=None,
                        help="command that runs framelint (default: this Python's -m framelint)")
    parser.add_argument("--quotes", action="store_true", help="also score findings inside quotations")
    parser.add_argument("--min-findings", type=int, default=5,
                        help="fewest findings for a rule to be judged on a corpus (default 5)")
    parser.add_argument("--unmarked", type=int, default=0, metavar="N",
                        help="also print the N most frequent findings that overlap no marked span")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR",
                        help="an extra folder of rule files to measure (repeatable)")
    parser.add_argument("--select", metavar="RULES", help="only these rules (as framelint check --select)")
    args = parser.parse_args(argv)
    options = [f"--rules={d}" for d in args.rules] + ([f"--select={args.select}"] if args.select else [])
    command = args.framelint.split() if args.framelint else [sys.executable, "-m", "framelint"]
    below, unjudged = [], []
    unmarked_all = collections.Counter()
    for path in args.corpora:
        records = read_corpus(path)
        findings = run_framelint(command, path, options)
        rules, gold, unmarked = score_rules(records, findings, args.quotes)
        unmarked_all.update(unmarked)
        name = os.path.basename(path)
        marked = ", ".join(f"{g} {n}" for g, n in sorted(gold.items()))
        print(f"{name}: {len(records)} records; marked spans: {marked or 'none'}")
        print(f"  {'rule':6} {'level':7} {'group':12} {'findings':>8} {'justified':>9} "
              f"{'precision':>9} {'any-label':>9} {'recall':>7}")
        for row in sorted(rules.values(), key=lambda r: (-r["findings"], r["code"])):
            print(f"  {row['code']:6} {row['level']:7} {row['group']:12} {row['findings']:8} "
                  f"{row['justified']:9}     {fmt(row['precision'])}     {fmt(row['precision_any'])}"
                  f"   {fmt(row['recall'])}")
            if row["level"] in WARNING_LEVELS and row["findings"] >= args.min_findings:
                if row["precision"] is not None and row["precision"] < 0.5:
                    below.append((name, row))
                elif row["precision"] is None and row["precision_any"] < 0.5:
                    unjudged.append((name, row))
        rates = false_alarm_rates(records, findings, args.quotes)
        if rates:
            total, warned, charged = rates
            print(f"  non-biased sentences: {total}; with any warning {warned} "
                  f"({100 * warned / total:.1f}%), with a charged or loaded-language warning "
                  f"{charged} ({100 * charged / total:.1f}%)")
        print()
    print(f"warning-level rules below 0.50 precision (at least {args.min_findings} findings):"
          + ("" if below else " none"))
    for name, row in below:
        print(f"  {row['code']} on {name}: {row['justified']} of {row['findings']} ({row['precision']:.2f})")
    if unjudged:
        print("warning-level rules whose group the corpus does not mark, below 0.50 against a span of any label:")
        for name, row in unjudged:
            print(f"  {row['code']} on {name}: {row['any']} of {row['findings']} ({row['precision_any']:.2f})")
    if args.unmarked:
        print(f"\nmost frequent findings that overlap no marked span:")
        for (code, match), count in unmarked_all.most_common(args.unmarked):
            print(f"  {count:5}  {code}  {match}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
