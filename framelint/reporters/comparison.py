"""The renderings of ``framelint compare``: plain text, rich tables and JSON (the HTML page is in html_report)."""

from __future__ import annotations


import os

from ..analysis.compare import Comparison
from ..rules.model import CATEGORIES
from ..analysis.figures import QuantityRow

def short_names(paths: list[str]) -> list[str]:
    """File names, or paths when two files share a name."""
    names = [os.path.basename(p) or p for p in paths]
    return names if len(set(names)) == len(names) else list(paths)




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
