"""The quality harness's table for span-annotated JSON Lines (``python -m framelint.quality FILE.jsonl``)."""

from __future__ import annotations


def _f(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def table_lines(scores, title: str = "") -> list[str]:
    lines = [title] if title else []
    head = f"{'corpus':<18} {'group':<13} {'findings':>8} {'precision':>9} {'recall':>6} {'F1':>5} {'per 1k':>6} {'gold':>6}"
    lines.append(head)
    for s in scores:
        for g in s.annotated_groups():
            v = s.groups[g]
            lines.append(f"{s.name:<18} {g:<13} {v.findings:>8} {_f(v.precision):>9} {_f(v.recall):>6} "
                         f"{_f(v.f1):>5} {_f(s.per_1000(g), 2):>6} {v.gold:>6}")
    alarms = [s for s in scores if s.non_biased]
    for s in alarms:
        rate, charged = s.false_alarm_rate(), s.false_alarm_rate("charged")
        lines.append(f"{s.name}: {s.non_biased} non-biased texts; {_f(rate)} get a warning of any group, "
                     f"{_f(charged)} a charged one")
    return lines


def render_text(scores, out, title: str = "") -> None:
    out.write("\n".join(table_lines(scores, title)) + "\n")


def to_json(scores) -> list[dict]:
    return [{"corpus": s.name, "texts": s.texts, "words": s.words, "non_biased": s.non_biased,
             "false_alarm_rate": None if s.false_alarm_rate() is None else round(s.false_alarm_rate(), 4),
             "groups": {g: {"findings": v.findings, "justified": v.justified, "gold": v.gold, "found": v.found,
                            "precision": None if v.precision is None else round(v.precision, 4),
                            "recall": None if v.recall is None else round(v.recall, 4),
                            "f1": None if v.f1 is None else round(v.f1, 4),
                            "per_1000_words": None if s.per_1000(g) is None else round(s.per_1000(g), 3),
                            "false_alarms": v.alarms}
                        for g, v in s.groups.items()}}
            for s in scores]
