"""``framelint explain``: one rule's documentation and examples, as text."""

from __future__ import annotations


def explain_text(rule) -> str:
    lines = [f"{rule.code} {rule.name}", "",
             f"category: {rule.category}    kind: {rule.kind}    level: {rule.level}    scope: {rule.scope}", ""]
    lines.append(rule.description.strip())
    lines += ["", "## Examples that are flagged"]
    lines += [f"- {ex.replace('[[', '').replace(']]', '')}" for ex in rule.flag_examples]
    lines += ["", "## Examples that pass"]
    lines += [f"- {ex}" for ex in rule.pass_examples]
    if rule.terms:
        lines += ["", f"## Terms ({len(rule.terms)})", ", ".join(rule.terms)]
    if rule.exceptions:
        lines += ["", "## Exceptions", ", ".join(rule.exceptions)]
    if rule.references:
        lines += ["", "## References"] + [f"- {r}" for r in rule.references]
    lines += ["", f"source: {rule.path}", ""]
    return "\n".join(lines)
