"""The renderings of ``framelint compare``: plain text, rich tables and JSON (the HTML page is in html_report)."""

from __future__ import annotations


import os

from ..analysis.compare import Comparison
from ..rules.model import CATEGORIES
from ..analysis.figures import OUTLIER_RATIO, QuantityRow

def short_names(paths: list[str]) -> list[str]:
    """File names, or paths when two files share a name."""
    names = [os.path.basename(p) or p for p in paths]
    return names if len(set(names)) == len(names) else list(paths)




# -- text output ---------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def figure_notes(row: QuantityRow, fig, reason: str | None = None) -> list[str]:
    """What is said beside a figure: its date, why it is set aside, and what it is to the others."""
    return [n for n in (fig.when, reason, "outlier" if row.outlier(fig) else None,
                        "stale" if row.stale(fig) else None) if n]


def _figure_text(row: QuantityRow, fig, reason: str | None = None) -> str:
    notes = "; ".join(figure_notes(row, fig, reason))
    return (fig.text + (f" ({notes})" if notes else "") + (" !" if row.conflicting(fig) else "")
            + ("~" if fig.vague else ""))


NOTES = {"conflict": "articles disagree",
         "updated": "updated: a later article gives a higher figure",
         "differ": "different figures, none contradicting another",
         "agree": ""}


def row_note(row: QuantityRow) -> str:
    """What a row of figures says across the articles, in a few words ("" when nothing)."""
    note = NOTES[row.status]
    if row.outliers:
        n = len(row.outliers)
        note = "; ".join(x for x in (note, f"{n} outlier{'s' if n > 1 else ''}") if x)
    return note


def published(profile) -> str:
    """ "Dec 30, 2023", or "no date" """
    return profile.published.shown if profile.published else "no date"


ASIDE = "not compared (another place, day, span of time or scale):"


def story_setting(comparison: Comparison) -> str:
    """ "a place (Belgorod), a day (Dec 30), a span of time and a scale" """
    parts = ([f"a place ({comparison.place})"] if comparison.place else []) + \
        ([f"a day ({comparison.day})"] if comparison.day else []) + ["a span of time", "a scale"]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def figures_title(comparison: Comparison) -> str:
    return (f"Figures, each row's articles by date (! conflicts with another article, ~ vague; "
            f"compared where they share {story_setting(comparison)})")


def profile_rows(comparison: Comparison) -> list[tuple[str, list[str]]]:
    """The numeric rows of the profile table: (label, one cell per article)."""
    ps = comparison.profiles
    rows = [("published", [p.published.shown if p.published else "-" for p in ps]),
            ("words", [str(p.words) for p in ps])]
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
        if row.status != "conflict":
            continue
        parts = []
        for path in row.paths_by_date():
            bad = [f"{f.text} (line {f.line})" for f in row.figures[path] if row.conflicting(f)]
            if bad:
                parts.append(f"{keys[path]} " + ", ".join(bad))
        lines.append(f"{row.label}: " + "; ".join(parts))
    return lines


def _update_lines(comparison: Comparison, keys: dict[str, str]) -> list[str]:
    """One line per quantity whose figures rise from article to article, in date order."""
    lines = []
    for row in comparison.figures:
        if row.status != "updated":
            continue
        paired = {id(f) for _, a, _, b in row.conflicts for f in (a, b)}
        chain, stale = [], []
        for path in row.paths_by_date():
            for f in row.figures[path]:
                if id(f) in paired:
                    (stale if row.stale(f) else chain).append(
                        f"{keys[path]} {f.text} ({row.dates[path].shown}, line {f.line})")
        lines.append(f"{row.label}: " + " -> ".join(chain) + (f"; stale: {', '.join(stale)}" if stale else ""))
    return lines


def _outlier_lines(comparison: Comparison, keys: dict[str, str]) -> list[str]:
    lines = []
    for row in comparison.figures:
        shown = [f"{keys[p]} {f.text} (line {f.line}; {row.outliers[id(f)]})"
                 for p in row.paths_by_date() for f in row.figures[p] if row.outlier(f)]
        if shown:
            lines.append(f"{row.label}: " + ", ".join(shown))
    return lines


def summary_sections(comparison: Comparison, keys: dict[str, str]) -> list[tuple[str, list[str]]]:
    """The closing summary: (heading, lines) for conflicts, updates and outliers."""
    conflicts = _conflict_lines(comparison, keys)
    sections = [(_disagreements(len(conflicts)), conflicts)]
    updates = _update_lines(comparison, keys)
    if updates:
        sections.append(("Updated by a later article (figures in date order):", updates))
    outliers = _outlier_lines(comparison, keys)
    if outliers:
        sections.append((f"Outliers (no other article comes near; figures from at least two other articles, "
                         f"within {OUTLIER_RATIO:g} times of one another):", outliers))
    return sections


def render_plain(comparison: Comparison, out) -> None:

    ps = comparison.profiles
    names = short_names([p.path for p in ps])
    keys = {p.path: f"[{i}]" for i, p in enumerate(ps, 1)}
    out.write(f"Framing profile of {len(ps)} article{'' if len(ps) == 1 else 's'}\n")
    for p, name in zip(ps, names):
        out.write(f"  {keys[p.path]} {name}  ({published(p)})\n")
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
    by_path = {p.path: p for p in ps}
    date_w = max((len(published(p)) for p in ps), default=0)
    for row in comparison.figures:
        note = row_note(row)
        out.write(f"  {row.label}{f'  <- {note}' if note else ''}\n")
        order = row.paths_by_date()
        for path in order:
            figs = row.main(path)
            if figs:
                out.write(f"    {keys[path]} {published(by_path[path]).ljust(date_w)}  "
                          + ", ".join(_figure_text(row, f) for f in figs) + "\n")
        if any(row.others(path) for path in order):
            out.write(f"    {ASIDE}\n")
            for path in order:
                figs = row.others(path)
                if figs:
                    out.write(f"    {keys[path]} {published(by_path[path]).ljust(date_w)}  " + ", ".join(
                        _figure_text(row, f, row.reason(f)) for f in figs) + "\n")
    for heading, lines in summary_sections(comparison, keys):
        out.write(f"\n{heading}\n")
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
        console.print(Text(f"  {keys[p.path]} {name}  ({published(p)})"))
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
                style = ("bold red" if row.conflicting(f) else "yellow" if row.outlier(f) or row.stale(f)
                         else ("dim" if reason else ("italic" if f.vague else "")))
                cell.append(f.text + (" !" if row.conflicting(f) else ""), style=style)
                notes = "; ".join(figure_notes(row, f, reason))
                if notes:
                    cell.append(f" ({notes})", style="dim")
            cells.append(cell if cell.plain else Text("-", style="dim"))
        note = row_note(row)
        label = Text(row.label, style="bold red" if row.status == "conflict" else "bold")
        if note:
            label.append(f"\n{note}", style="red" if row.status == "conflict" else "dim")
        figs.add_row(label, *cells)
    console.print(figs)
    for heading, lines in summary_sections(comparison, keys):
        console.print(Text(heading, style="bold"))
        for line in lines:
            console.print(Text(f"  {line}", style="red" if heading.startswith("The articles") else ""))


def render_json(comparison: Comparison, out) -> None:
    import json

    json.dump(comparison.to_dict(), out, ensure_ascii=False, indent=2)
    out.write("\n")
