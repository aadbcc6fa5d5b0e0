"""One self-contained HTML page: each article's text with its findings highlighted.

No network and no external assets: the CSS is inline and there is no script, so the
page reads the same with JavaScript off. Each finding is a ``<mark>`` coloured by
category, with its message in a ``title`` and in a tooltip shown on hover and on
keyboard focus. The filter by category is a row of checkboxes placed before the
content, so CSS alone (``:checked ~``) turns a category's highlights off.

``render(report, out)`` is the ``check --format html`` output;
``render_comparison(comparison, out)`` is ``compare --format html``: the profile
table, the figures table with the conflicts marked, then the articles.
"""

from __future__ import annotations

import bisect
from collections import Counter
from html import escape

from ..version import __version__
from ..text import formats
from ..text.document import Document
from ..rules.model import CATEGORIES

# What this format needs and is (see reporters/__init__.py).
NEEDS_SOURCE = True
SHOWS_EVERY_FILE = True
HUMAN = True
PROGRESS = False
POINTS_AT_FILE_LINES = False
STREAMING = False


# Background and edge colour per category; the edge also carries the colour for
# readers who cannot tell the backgrounds apart (each category has its own underline).
COLORS = {
    "charged-label": ("#ffd4d4", "#c62828", "solid"),
    "loaded-language": ("#ffe0b2", "#e65100", "solid"),
    "unattributed-assertion": ("#fff39a", "#9e7c00", "dashed"),
    "unverifiable-superlative": ("#ecd2f2", "#8e24aa", "dashed"),
    "doubt-verb": ("#cfe3fb", "#1565c0", "dotted"),
    "scare-quote": ("#cdeccf", "#2e7d32", "dotted"),
    "editorializing": ("#c4eef3", "#00838f", "double"),
    "euphemism": ("#e4dcd8", "#5d4037", "double"),
}
OTHER = ("#e8e8e8", "#555555", "solid")

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d0d4d9; --bg: #fbfbfa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 Georgia, "Times New Roman", serif; color: var(--ink); background: var(--bg); }
header, main, nav.legend { max-width: 62rem; margin: 0 auto; padding: 0 1.25rem; }
header h1 { font: 600 1.5rem/1.2 system-ui, sans-serif; margin: 1.25rem 0 .25rem; }
header p, .meta { font: .9rem/1.4 system-ui, sans-serif; color: var(--muted); margin: .25rem 0; }
h2 { font: 600 1.15rem/1.3 system-ui, sans-serif; margin: 2rem 0 .25rem; word-break: break-all; }
.sr-only, input.filter { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); border: 0; white-space: nowrap; }
nav.legend { position: sticky; top: 0; z-index: 5; background: var(--bg); border-bottom: 1px solid var(--rule);
  padding-top: .5rem; padding-bottom: .5rem; font: .85rem/1.3 system-ui, sans-serif; }
nav.legend p { margin: 0 0 .35rem; color: var(--muted); }
nav.legend label { display: inline-block; margin: 0 .35rem .35rem 0; padding: .15rem .5rem; border-radius: 1rem;
  cursor: pointer; user-select: none; }
nav.legend label .n { color: var(--muted); }
.article .text { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid var(--rule);
  border-radius: 6px; padding: 1rem 1.25rem; margin: .5rem 0 1rem; }
.hl { position: relative; }
mark { color: inherit; border-radius: 2px; padding: 0 1px; border-bottom: 2px solid; cursor: help; }
mark:focus { outline: 3px solid #1a73e8; outline-offset: 1px; }
mark.in-quote { opacity: .8; }
.tip { display: none; position: absolute; left: 0; top: 1.6em; z-index: 10; width: max-content; max-width: 24rem;
  white-space: normal; font: .8rem/1.35 system-ui, sans-serif; color: #fff; background: #202124;
  padding: .45rem .6rem; border-radius: 4px; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.tip b { font-weight: 600; }
.hl > mark:hover + .tip, .hl > mark:focus + .tip { display: block; }
details { font: .85rem/1.4 system-ui, sans-serif; margin: 0 0 1.5rem; }
details li { margin: .15rem 0; }
table { border-collapse: collapse; font: .85rem/1.35 system-ui, sans-serif; margin: .5rem 0 1.5rem; width: 100%; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; vertical-align: top; text-align: left; }
thead th { background: #f1f3f4; word-break: break-all; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody th { font-weight: 600; background: #f8f9fa; }
.conflict { color: #b00020; font-weight: 700; }
.conflict::after { content: " \\26A0"; }
.vague { font-style: italic; color: var(--muted); }
.aside { color: var(--muted); margin-top: .25rem; }
.aside .aside-label { font-style: italic; }
ul.plain { margin: 0; padding-left: 1rem; }
footer { max-width: 62rem; margin: 2rem auto; padding: 0 1.25rem; font: .8rem system-ui, sans-serif;
  color: var(--muted); }
"""


# Only on the compare page (the check page stays as it is): figures as links, line numbers,
# the figure a link led to, and the summary.
COMPARE_CSS = """
a.figure { color: inherit; text-decoration: underline dotted; text-underline-offset: 2px; }
a:focus-visible, summary:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; border-radius: 2px; }
a.figure.outlier { color: #8a5300; font-weight: 700; }
a.figure.stale { color: var(--muted); text-decoration: line-through dotted; }
.ln { display: inline-block; min-width: 2.5em; margin-right: .75em; text-align: right; color: var(--muted);
  font: .75rem/1 system-ui, sans-serif; user-select: none; }
.fig-target { scroll-margin-top: 6rem; }
.fig-target:target::after { content: "\\25B6"; color: #1a73e8; font: 700 .9rem system-ui, sans-serif; }
th .date { font-weight: 400; color: var(--muted); }
ul.summary { font: .9rem/1.5 system-ui, sans-serif; padding-left: 1.25rem; }
ul.summary .what { color: var(--muted); }
"""


def _category_css(categories: list[str]) -> str:
    rules = []
    for i, cat in enumerate(categories):
        bg, edge, style = COLORS.get(cat, OTHER)
        c = f"c{i}"
        rules.append(f"mark.{c} {{ background: {bg}; border-bottom: 2px {style} {edge}; }}")
        rules.append(f"nav.legend label.{c} {{ background: {bg}; border: 1px solid {edge}; }}")
        # The filter: an unchecked box turns its category's highlights and tooltips off.
        rules.append(f"#show-{c}:not(:checked) ~ main mark.{c} {{ background: none; border-bottom-color: transparent;"
                     f" cursor: text; }}")
        rules.append(f"#show-{c}:not(:checked) ~ main mark.{c} + .tip {{ display: none; }}")
        rules.append(f"#show-{c}:not(:checked) ~ nav.legend label.{c} {{ background: none; opacity: .6;"
                     f" text-decoration: line-through; }}")
        rules.append(f"#show-{c}:focus-visible ~ nav.legend label.{c} {{ outline: 3px solid #1a73e8; }}")
    return "\n".join(rules)


def _page(title: str, subtitle: str, categories: list[str], counts: Counter, body: str, css: str = "") -> str:
    boxes = "".join(
        f'<input type="checkbox" class="filter" id="show-c{i}" checked aria-label="show {escape(cat)}">'
        for i, cat in enumerate(categories))
    labels = "".join(
        f'<label for="show-c{i}" class="c{i}">{escape(cat)} <span class="n">{counts.get(cat, 0)}</span></label>'
        for i, cat in enumerate(categories))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta name=\"generator\" content=\"framelint {escape(__version__)}\">\n"
        f"<title>{escape(title)}</title>\n<style>{CSS}{css}\n{_category_css(categories)}\n</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>\n"
        f"{boxes}\n"
        "<nav class=\"legend\" aria-label=\"Legend and filter by category\">"
        "<p>Categories (click to show or hide; hover over or tab to a highlight for its message):</p>"
        f"{labels}</nav>\n"
        f"<main>\n{body}</main>\n"
        f"<footer>Made by framelint {escape(__version__)}. This page needs no network and no JavaScript.</footer>\n"
        "</body>\n</html>\n"
    )


def _categories(findings) -> list[str]:
    """The canonical categories, then any other category a finding has (in order of appearance)."""
    cats = list(CATEGORIES)
    for f in findings:
        if f.category not in cats:
            cats.append(f.category)
    return cats


def visible_text(text: str, path: str, findings) -> tuple[str, list]:
    """The text to show, and (finding, start, end) in it. An HTML file is shown as the text a
    reader sees, paragraph by paragraph; other files as they are. If a finding lies outside
    the visible text (in a comment, say), the HTML file is shown as it is."""
    spans = [(f, f.start, f.end) for f in findings]
    fmt = formats.for_path(path)
    if not fmt.shows_prose:
        return text, spans
    doc = Document(text, fmt.name, path)
    paras = list(doc.paragraphs())
    if not paras:
        return text, spans
    starts, shown, pieces, pos = [], [], [], 0
    for s, e in paras:
        starts.append(s)
        shown.append((s, e, pos))
        pieces.append(doc.prose[s:e])
        pos += e - s + 2

    def to_prose(offset: int, end: bool) -> int:
        lo, hi = 0, len(doc.prose)
        while lo < hi:  # the first prose offset that maps at or after the original offset
            mid = (lo + hi) // 2
            if doc.to_original(mid, mid)[1 if end else 0] >= offset:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def to_shown(p: int, end: bool) -> int:
        i = max(0, bisect.bisect_right(starts, p - 1 if end else p) - 1)
        s, e, d = shown[i]
        return d + min(max(p, s), e) - s

    mapped = []
    for f, a, b in spans:
        ps, pe = to_prose(a, False), to_prose(b, True)
        ds, de = to_shown(ps, False), to_shown(pe, True)
        if de <= ds:
            return text, spans
        mapped.append((f, ds, de))
    return "\n\n".join(pieces), mapped


def highlight(text: str, spans, categories: list[str], prefix: str, anchors=(), ids: dict | None = None) -> str:
    """The escaped text with one ``<mark>`` per (finding, start, end). Overlapping findings
    are nested, a later one cut at the end of the one it starts inside. ``anchors`` are
    (offset, html) put in at those offsets (line numbers, link targets); ``ids``, if given,
    is filled with id(finding) -> the id of its mark."""
    items = sorted(((f, a, b) for f, a, b in spans if 0 <= a < b <= len(text)),
                   key=lambda item: (item[1], -item[2]))
    counter = iter(range(1, 1 << 30))
    parts: list[str] = []
    marks = sorted(anchors, key=lambda a: a[0])
    offsets = [a for a, _ in marks]

    def plain(lo: int, hi: int) -> str:
        """text[lo:hi] escaped, with the anchors that fall in it (each offset is in one call)."""
        i, out, pos = bisect.bisect_left(offsets, lo), [], lo
        while i < len(marks) and (marks[i][0] < hi or (hi == len(text) and marks[i][0] == hi)):
            out.append(escape(text[pos:marks[i][0]]) + marks[i][1])
            pos = marks[i][0]
            i += 1
        out.append(escape(text[pos:hi]))
        return "".join(out)

    def emit(lo: int, hi: int, items: list) -> None:
        pos, i = lo, 0
        while i < len(items):
            f, s, e = items[i]
            parts.append(plain(pos, s))
            kids, j = [], i + 1
            while j < len(items) and items[j][1] < e:
                kids.append((items[j][0], items[j][1], min(items[j][2], e)))
                j += 1
            n = next(counter)
            cls = f"c{categories.index(f.category)}" + (" in-quote" if f.in_quote else "")
            label = f"{f.code} {f.name} ({f.category}, {f.level}): {f.message}"
            tip_id = f"{prefix}-t{n}"
            mark_id = ""
            if ids is not None:   # a list of findings links to them
                ids[id(f)] = f"{prefix}-m{n}"
                mark_id = f' id="{prefix}-m{n}"'
            parts.append(f'<span class="hl"><mark class="{cls}"{mark_id} tabindex="0" title="{escape(label)}"'
                         f' aria-describedby="{tip_id}" data-code="{escape(f.code)}">')
            emit(s, e, kids)
            where = " (inside a quotation" + (f" by {f.speaker}" if f.speaker else "") + ")" if f.in_quote else ""
            suggestion = f"<br>Suggestion: {escape(f.suggestion)}" if f.suggestion else ""
            parts.append(f'</mark><span class="tip" role="tooltip" id="{tip_id}"><b>{escape(f.code)}'
                         f' {escape(f.name)}</b> · {escape(f.category)} · {escape(f.level)}{escape(where)}<br>'
                         f'{escape(f.message)}{suggestion}</span></span>')
            pos, i = e, j
        parts.append(plain(pos, hi))

    emit(0, len(text), items)
    return "".join(parts)


def _article(index: int, path: str, text: str | None, findings, categories: list[str], meta: str = "") -> str:
    n = len(findings)
    head = f'<section class="article" id="article-{index}">\n<h2>{escape(path)}</h2>\n'
    head += f'<p class="meta">{n} finding{"" if n == 1 else "s"}{escape(meta)}</p>\n'
    if text is None:
        return head + "<p>(The text of this file is not available.)</p>\n</section>\n"
    shown, spans = visible_text(text, path, findings)
    body = f'<div class="text">{highlight(shown, spans, categories, f"a{index}")}</div>\n'
    if findings:
        items = "".join(
            f"<li>{f.line}:{f.column} <code>{escape(f.code)}</code> [{escape(f.level)}] {escape(f.message)}</li>"
            for f in findings)
        body += f"<details><summary>List of findings</summary><ol>{items}</ol></details>\n"
    return head + body + "</section>\n"


def render(report, out) -> None:
    """``check --format html``: every checked file's text with its findings."""
    categories = _categories(report.findings)
    by_path: dict[str, list] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    paths = list(report.sources) + [p for p in by_path if p not in report.sources]
    body = "".join(_article(i, p, report.sources.get(p), by_path.get(p, []), categories)
                   for i, p in enumerate(paths, 1))
    if report.errors:
        body += "<section><h2>Errors</h2><ul>" + "".join(
            f"<li>{escape(str(e))}</li>" for e in report.errors) + "</ul></section>\n"
    n = len(report.findings)
    subtitle = (f"{n} finding{'' if n == 1 else 's'} in {report.files} file{'' if report.files == 1 else 's'}"
                + (f", {len(report.errors)} error{'' if len(report.errors) == 1 else 's'}" if report.errors else ""))
    counts = Counter(f.category for f in report.findings)
    out.write(_page("framelint report", subtitle, categories, counts, body))


# -- compare ------------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def _compare_article(index: int, profile, categories: list[str], fig_ids: dict[int, str]) -> str:
    """One article of ``compare``: its text with line numbers, its findings highlighted, a target
    for each of its figures (``fig_ids``: id(figure) -> the target's id), and its findings listed
    as links to their highlights. An article with no findings is collapsed."""
    findings, text = profile.findings, profile.text
    n = len(findings)
    date = f", published {profile.published.shown}" if profile.published else ", no date"
    head = f'<section class="article" id="article-{index}">\n<h2>{escape(profile.path)}</h2>\n'
    head += f'<p class="meta">{n} finding{"" if n == 1 else "s"}, {profile.words} words{escape(date)}</p>\n'
    figures = [f for f in profile.figures if id(f) in fig_ids]
    shown, spans = visible_text(text, profile.path, list(findings) + figures)
    marks, targets = spans[:n], spans[n:]
    anchors = [(b, f'<span class="fig-target" id="{fig_ids[id(f)]}"></span>') for f, b, _ in targets]
    line = 0
    for k, c in enumerate("\n" + shown):
        if c == "\n":
            line += 1
            anchors.append((k, f'<span class="ln" id="a{index}-L{line}" aria-hidden="true">{line}</span>'))
    ids: dict[int, str] = {}
    body = f'<div class="text">{highlight(shown, marks, categories, f"a{index}", anchors, ids)}</div>\n'
    if not findings:
        return head + f"<details><summary>Text (no findings)</summary>{body}</details>\n</section>\n"
    items = "".join(
        f'<li><a href="#{ids[id(f)]}">{f.line}:{f.column} <code>{escape(f.code)}</code> [{escape(f.level)}] '
        f"{escape(f.message)}</a></li>" if id(f) in ids else
        f"<li>{f.line}:{f.column} <code>{escape(f.code)}</code> [{escape(f.level)}] {escape(f.message)}</li>"
        for f in findings)
    body += f"<details><summary>List of findings</summary><ol>{items}</ol></details>\n"
    return head + body + "</section>\n"


def _figure_html(row, fig, target: str, reason: str | None = None) -> str:
    """A figure as a link to its sentence in the article below, with its notes."""
    from .comparison import figure_notes

    notes = "; ".join(figure_notes(row, fig, reason))
    date = f" ({escape(notes)})" if notes else ""
    conflict = row.conflicting(fig)
    cls = ("conflict" if conflict else "outlier" if row.outlier(fig) else "stale" if row.stale(fig)
           else "vague" if fig.vague else "")
    title = escape(f"line {fig.line}: {fig.sentence}")
    text = escape(fig.text)
    if conflict:
        text += '<span class="sr-only"> (conflicts with another article)</span>'
    return f'<a class="figure {cls}" href="#{target}" title="{title}">{text}</a>{date}'


def render_comparison(comparison, out) -> None:
    """``compare --format html``: a summary of the disagreements, profiles, figures (each a link
    to its sentence), then each article."""
    from .comparison import row_note, short_names, story_setting

    profiles = comparison.profiles
    findings = [f for p in profiles for f in p.findings]
    categories = _categories(findings)
    names = short_names([p.path for p in profiles])
    index = {p.path: i for i, p in enumerate(profiles, 1)}
    keys = {p.path: f"[{i}]" for i, p in enumerate(profiles, 1)}
    fig_ids: dict[int, str] = {}
    for r in comparison.figures:
        for path, figs in r.figures.items():
            for f in figs:
                fig_ids.setdefault(id(f), f"a{index[path]}-fig{len(fig_ids) + 1}")

    def th(p, name) -> str:
        date = p.published.shown if p.published else "no date"
        return (f'<th scope="col"><a href="#article-{index[p.path]}">{escape(keys[p.path])} {escape(name)}</a>'
                f'<br><span class="date">{escape(date)}</span></th>')

    head = "".join(th(p, n) for p, n in zip(profiles, names))

    def row(label: str, cells: list[str], num: bool = True) -> str:
        cls = ' class="num"' if num else ""
        return f'<tr><th scope="row">{escape(label)}</th>' + "".join(f"<td{cls}>{c}</td>" for c in cells) + "</tr>"

    rows = [row("published", [escape(p.published.shown) if p.published else "—" for p in profiles]),
            row("words", [str(p.words) for p in profiles])]
    for cat in CATEGORIES:
        rows.append(row(f"{cat} per 1,000 words", [f"{p.per_1000.get(cat, 0):.1f}" for p in profiles]))
    rows.append(row("sentences attributed to a source", [_pct(p.attributed) for p in profiles]))
    rows.append(row("text in direct quotations", [_pct(p.quoted) for p in profiles]))

    def listing(pairs) -> str:
        if not pairs:
            return "—"
        return '<ul class="plain">' + "".join(f"<li>{escape(t)} ({n})</li>" for t, n in pairs) + "</ul>"

    rows.append(row("charged terms in the writer's voice", [listing(p.charged_terms) for p in profiles], False))
    rows.append(row("how the writer names the actors", [listing(p.actors) for p in profiles], False))
    rows.append(row("names for the actors in quotations", [listing(p.quoted_actors) for p in profiles], False))

    # The summary: the text output's closing lines, each figure a link to its sentence.
    by_date = sorted(profiles, key=lambda p: (p.published is None, p.published.key() if p.published else (0, 0, 0)))
    if any(p.published and not p.published.year_known for p in profiles):
        by_date = sorted(profiles, key=lambda p: (p.published is None,
                                                  p.published.key(False) if p.published else (0, 0, 0)))
    items = []
    for r in comparison.figures:
        paired = {id(f) for _, a, _, b in r.conflicts for f in (a, b)}
        bits = []
        for path in r.paths_by_date():
            for f in r.figures[path]:
                if id(f) in paired or r.outlier(f):
                    date = r.dates[path].shown if r.dates.get(path) else "no date"
                    what = ", ".join(x for x in ("conflicts" if r.conflicting(f) else "", date, f"line {f.line}") if x)
                    bits.append(f'{escape(keys[path])} {_figure_html(r, f, fig_ids[id(f)])} '
                                f'<span class="what">({escape(what)})</span>')
        if bits:
            items.append(f'<li><b>{escape(r.label)}</b> — {escape(row_note(r))}: ' + "; ".join(bits) + "</li>")
    counts = Counter(r.status for r in comparison.figures)
    outliers = sum(len(r.outliers) for r in comparison.figures)

    def n(k: int, one: str, many: str) -> str:
        return f"{k} {one if k == 1 else many}"

    said = (f"The articles disagree on {n(counts['conflict'], 'quantity', 'quantities')}; "
            f"{n(counts['updated'], 'quantity is', 'quantities are')} updated by a later article; "
            f"{n(outliers, 'figure is an outlier', 'figures are outliers')} (far from every other article's). ")
    summary = ('<section id="summary"><h2>Summary</h2>\n'
               f'<p class="meta">{escape(said)}Figures are compared where they share '
               f'{escape(story_setting(comparison))}. Each figure below links to its sentence.</p>\n'
               + (f'<ul class="summary">{"".join(items)}</ul>\n' if items else "")
               + "</section>\n")
    body = summary + ('<section id="profile"><h2>Framing profile</h2>\n'
                      f'<table><thead><tr><th scope="col">measure</th>{head}</tr></thead>\n<tbody>'
                      + "\n".join(rows) + "</tbody></table></section>\n")

    fig_head = "".join(th(p, names[profiles.index(p)]) for p in by_date)
    fig_rows = []
    for r in comparison.figures:
        cells = []
        for p in by_date:
            cell = ", ".join(_figure_html(r, f, fig_ids[id(f)]) for f in r.main(p.path))
            others = r.others(p.path)
            if others:
                cell += ('<div class="aside"><span class="aside-label">not compared:</span> '
                         + ", ".join(_figure_html(r, f, fig_ids[id(f)], r.reason(f)) for f in others) + "</div>")
            cells.append(cell or "—")
        note = row_note(r)
        label = r.label + (f" — {note}" if note else "")
        fig_rows.append(row(label, cells, False))
    disputed = sum(1 for r in comparison.figures if r.status == "conflict")
    note = (f"The articles disagree on {disputed} quantit{'y' if disputed == 1 else 'ies'}; the figures that "
            "cannot all be true are marked ⚠." if disputed else "No two articles disagree on a figure.")
    note += (f" Figures are compared where they share {story_setting(comparison)}; the others are listed "
             "as not compared, with the reason. Articles are in date order.")
    body += ('<section id="figures"><h2>Figures</h2>\n'
             f'<p class="meta">{escape(note)} Each figure links to its sentence; hover over it to read the sentence.</p>\n'
             f'<table><thead><tr><th scope="col">quantity</th>{fig_head}</tr></thead>\n<tbody>'
             + "\n".join(fig_rows) + "</tbody></table></section>\n")
    for i, p in enumerate(profiles, 1):
        body += _compare_article(i, p, categories, fig_ids)
    if comparison.errors:
        body += "<section><h2>Errors</h2><ul>" + "".join(
            f"<li>{escape(str(e))}</li>" for e in comparison.errors) + "</ul></section>\n"
    subtitle = (f"{len(profiles)} article{'' if len(profiles) == 1 else 's'} compared, {len(findings)} findings; "
                f"they disagree on {disputed} quantit{'y' if disputed == 1 else 'ies'}")
    out.write(_page("framelint: comparing coverage", subtitle, categories, Counter(f.category for f in findings), body,
                    COMPARE_CSS))
