"""`framelint compare`: framing profiles side by side, and the figures the articles disagree on.

Three short articles about an invented drone strike on the invented town of Pelmar are
written into a temporary folder; the project's own corpus/story articles are used for
the end-to-end checks. Exact outputs use a test rule, so that the built-in rule set can
grow without changing them.
"""

from __future__ import annotations

import io
import json
import re

import pytest

from framelint.analysis.compare import actor_names, compare_paths, profile_document
from framelint.reporters.comparison import render_plain
from framelint.text.document import Document
from framelint.findings import Finding

from conftest import ROOT, linter_for, make_rule

STORY = ROOT / "corpus" / "story"

WIRE = """Drone attack kills 9 in Pelmar, officials say

PELMAR, Dec. 4 - A drone attack killed 9 people and injured 31 in the border town of Pelmar on Tuesday, \
the Ardan interior ministry said.

"Twelve drones came in at dawn," said Mayor Ilse Kord. The ministry said 20 homes were damaged.

The Norvian armed forces said they had struck a fuel depot.
"""

FRAMED = """# Norvian regime massacres civilians in Pelmar

At least 14 civilians were killed and more than 40 injured when the Norvian regime sent a swarm of \
drones against Pelmar on Tuesday.

Some 30 drones hit the town, and dozens of homes were destroyed. The Norvian regime lies, as always.
"""

OTHER = """Norvian forces strike depot near Pelmar

The Norvian defence ministry said its forces destroyed a fuel depot near Pelmar on Tuesday. \
Ardan authorities said 9 people were killed and about 30 were hurt.
"""


@pytest.fixture
def articles(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in (("wire.txt", WIRE), ("framed.md", FRAMED), ("other.txt", OTHER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return ["wire.txt", "framed.md", "other.txt"]


def plain(comparison) -> str:
    out = io.StringIO()
    render_plain(comparison, out)
    return out.getvalue()


def test_plain_output(articles):
    comparison = compare_paths(articles, linter_for(make_rule(terms=("regime",))))
    assert plain(comparison) == """\
Framing profile of 3 articles
  [1] wire.txt  (Dec 4)
  [2] framed.md  (no date)
  [3] other.txt  (no date)

                                [1]   [2]  [3]
published                     Dec 4     -    -
words                            61    48   33
charged-label /1k               0.0  62.5  0.0
loaded-language /1k             0.0   0.0  0.0
unattributed-assertion /1k      0.0   0.0  0.0
unverifiable-superlative /1k    0.0   0.0  0.0
doubt-verb /1k                  0.0   0.0  0.0
scare-quote /1k                 0.0   0.0  0.0
editorializing /1k              0.0   0.0  0.0
euphemism /1k                   0.0   0.0  0.0
attributed sentences           100%    0%  67%
text in quotations               9%    0%   0%

Charged terms in the writer's own voice
  [1] -
  [2] regime (3)
  [3] -

How each article names the actors (outside quotations)
  [1] Ardan interior ministry (1), Norvian armed forces (1)
  [2] Norvian regime (3)
  [3] Ardan authorities (1), Norvian defence ministry (1), Norvian forces (1)

Figures, each row's articles by date (! conflicts with another article, ~ vague; compared where they share a place (Pelmar), a day (Dec 4), a span of time and a scale)
  killed (people)  <- articles disagree
    [1] Dec 4    9 (Dec 4) !
    [2] no date  At least 14 (Tuesday) !
    [3] no date  9 !
  injured (people)  <- articles disagree
    [1] Dec 4    31 (Dec 4) !
    [2] no date  more than 40 (Tuesday) !
    [3] no date  about 30 !
  drones  <- articles disagree
    [1] Dec 4    Twelve !
    [2] no date  Some 30 !
  buildings
    [1] Dec 4    20
    [2] no date  dozens~

The articles disagree on 3 quantities:
  killed (people): [1] 9 (line 3); [2] At least 14 (line 3); [3] 9 (line 3)
  injured (people): [1] 31 (line 3); [2] more than 40 (line 3); [3] about 30 (line 3)
  drones: [1] Twelve (line 5); [2] Some 30 (line 5)
"""


def test_json_output(articles, cli):
    run = cli("compare", *articles, "--format", "json")
    assert run.code == 0 and run.err == ""
    data = json.loads(run.out)
    assert [a["path"] for a in data["articles"]] == articles
    wire = data["articles"][0]
    assert {k: wire[k] for k in ("words", "sentences", "attributed_sentences", "quoted_text")} == {
        "words": 61, "sentences": 5, "attributed_sentences": 1.0, "quoted_text": 0.09}
    assert set(wire["per_1000_words"]) == {"charged-label", "loaded-language", "unattributed-assertion",
                                           "unverifiable-superlative", "doubt-verb", "scare-quote",
                                           "editorializing", "euphemism"}
    assert wire["actors"] == [{"name": "Ardan interior ministry", "count": 1},
                              {"name": "Norvian armed forces", "count": 1}]
    killed = data["figures"][0]
    assert (killed["quantity"], killed["group"]) == ("killed", "people")
    framed = killed["figures"]["framed.md"][0]
    assert {k: framed[k] for k in ("text", "low", "high", "qualifier", "date", "line", "conflict")} == {
        "text": "At least 14", "low": 14, "high": None, "qualifier": "at least", "date": "Tuesday",
        "line": 3, "conflict": True}
    assert framed["sentence"].startswith("At least 14 civilians were killed")
    assert [(c["a"]["path"], c["a"]["text"], c["b"]["path"], c["b"]["text"]) for c in killed["conflicts"]] == [
        ("wire.txt", "9", "framed.md", "At least 14"), ("framed.md", "At least 14", "other.txt", "9")]
    assert data["conflicts"] == 2 + 2 + 1
    assert data["place"] == "Pelmar"
    assert framed["not_compared"] is None and killed["differ"] is True and killed["status"] == "conflict"
    assert wire["quoted_actors"] == []


def test_html_output_is_one_page_with_profile_and_figures(articles, cli):
    run = cli("compare", *articles, "--format", "html")
    assert run.code == 0
    page = run.out
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<section id="profile">' in page and '<section id="figures">' in page
    assert re.search(r'<a class="figure conflict" href="#a2-fig\d+" title="line 3: At least 14 civilians were killed',
                     page)
    assert page.count('class="article"') == 3
    assert "<script" not in page and "http://" not in page and "https://" not in page


def test_unreadable_files_are_reported_and_the_rest_compared(articles, cli, tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 killed 3 people.".encode("latin-1"))
    run = cli("compare", "wire.txt", "missing.txt", "latin1.txt", "--format", "json")
    assert run.code == 2
    assert run.err.splitlines() == [
        "framelint: error: missing.txt: no such file or directory",
        "framelint: error: latin1.txt: not valid UTF-8 (byte 0xE9 at offset 3); if it is Latin-1 or "
        "Windows-1252, convert it with: iconv -f WINDOWS-1252 -t UTF-8",
    ]
    assert [a["path"] for a in json.loads(run.out)["articles"]] == ["wire.txt"]


def test_directories_and_standard_input_are_errors(articles, cli, tmp_path):
    (tmp_path / "folder").mkdir()
    run = cli("compare", "wire.txt", "folder", "-")
    assert run.code == 2
    assert run.err.splitlines() == ["framelint: error: folder: is a directory",
                                    "framelint: error: -: compare reads files, not standard input"]
    assert run.out.startswith("Framing profile of 1 article\n  [1] wire.txt  (Dec 4)\n")


def test_terminal_output_is_a_table(articles):
    from framelint.reporters.comparison import render_rich

    out = io.StringIO()
    render_rich(compare_paths(articles, linter_for(make_rule(terms=("regime",)))), out)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert "Framing profile of 3 articles" in text and "[1] wire.txt" in text
    assert re.search(r"│ charged-label /1k +│ +0\.0 │ +62\.5 │ +0\.0 │", text)
    assert "The articles disagree on 3 quantities:" in text
    assert "  drones: [1] Twelve (line 5); [2] Some 30 (line 5)" in text


def test_no_files_is_a_usage_error(cli):
    run = cli("compare")
    assert (run.code, run.out, run.err) == (2, "", "framelint: error: compare: give at least one FILE\n")


def test_attribution_counts_sentences_inside_attributed_quotations():
    text = ('"The drones came at dawn. We had no warning," Mayor Ilse Kord said.\n\n'
            "The town was dark. Officials said the power would return.")
    doc = Document(text, "text", "a.txt")
    profile = profile_document(doc, [], [])
    # Two quoted sentences (the speaker is named at the end), one unattributed, one attributed.
    assert (profile.sentences, profile.attributed) == (4, 0.75)
    assert round(profile.quoted, 2) == 0.34


@pytest.mark.parametrize("text, expected", [
    ("The Kyiv regime and the Ukrainian armed forces denied it; the Zelensky government did not.",
     {"Kyiv regime": 1, "Ukrainian armed forces": 1, "Zelensky government": 1}),
    ("Officials blamed the Kiev regime. The Zelensky regime, they said, and Kiev officials lied.",
     {"Kiev regime": 1, "Zelensky regime": 1, "Kiev officials": 1}),
    # One name, not two: the modifiers before "HEAD of NAME" belong to it.
    ("Norvia's Ministry of Defense and the Ardan Ministry of Emergencies replied.",
     {"Norvia's Ministry of Defense": 1, "Ardan Ministry of Emergencies": 1}),
    # A title before a personal name names a person; a number before a phrase counts people.
    ("Norvian President Ivo Tarkan said 1,200 Norvian soldiers and hundreds of Ardan troops died.", {}),
    ("The Norvian President said so.", {"Norvian President": 1}),
    # A naming phrase does not run across a blank line (a headline, then the first paragraph).
    ("Strike near Pelmar\n\nNorvian defence forces struck a depot.", {"Norvian defence forces": 1}),
    ("The Norvian\narmed forces struck a depot.", {"Norvian armed forces": 1}),
    ("The Armed Forces of Ukraine and Russia's defence ministry spoke. The Kremlin was silent.",
     {"Armed Forces of Ukraine": 1, "Russia's defence ministry": 1, "Kremlin": 1}),
    ("The regime in Orsk said so. Later the Orsk regime said it again.",
     {"regime in Orsk": 1, "Orsk regime": 1}),
    ("They hit Norvian military targets and a government building. The government fell.", {}),
    ("The Norvian army's advance stalled. The Norvian Army regrouped.", {"Norvian army": 2}),
])
def test_actor_names(text, expected):
    assert dict(actor_names(text)) == expected


def test_actor_names_inside_quotations_are_the_speakers():
    text = 'The Norvian government denied it. "The Ardan regime lies," the minister said.'
    start = text.index('"') + 1
    quotes = [(start, text.index('"', start))]
    assert dict(actor_names(text, quotes)) == {"Norvian government": 1}
    assert dict(actor_names(text, quotes, inside=True)) == {"Ardan regime": 1}


def test_profile_lists_quoted_names_apart_and_never_cuts_a_charged_name(monkeypatch):
    import framelint.analysis.compare as compare

    monkeypatch.setattr(compare, "TOP", 3)
    text = ("The Ardan army moved and the Ardan military spoke. The Ardan army and the Ardan military "
            "stopped. The Norvian forces waited; the Norvian government spoke. The Orsk regime lied. "
            '"The Pelmar junta must go," a minister said.')
    doc = Document(text, "text", "a.txt")
    s = text.index("Orsk regime") + len("Orsk ")
    labelled = Finding(path="a.txt", code="LB101", name="regime-label", category="charged-label",
                       level="warning", message="m", line=1, column=s + 1, end_line=1, end_column=s + 7,
                       start=s, end=s + 6, match="regime", in_quote=False, suggestion=None)
    profile = profile_document(doc, [labelled], [])
    # The two most frequent names; then, at equal counts, a name for a government before others
    # ("Norvian government", not "Norvian forces"); and the charged "Orsk regime", though it is cut.
    assert profile.actors == [("Ardan army", 2), ("Ardan military", 2), ("Norvian government", 1),
                              ("Orsk regime", 1)]
    assert profile.quoted_actors == [("Pelmar junta", 1)]
    assert profile.charged_terms == [("regime", 1)]


def test_actor_lexicon_is_data():
    from importlib import resources

    from framelint.config import _toml

    data = _toml().loads(resources.files("framelint").joinpath("data/actors.toml").read_text("utf-8"))
    assert {"heads", "standalone", "modifiers", "not_modifiers", "not_before", "titles", "state_heads"} <= set(data)
    for key in ("heads", "modifiers", "not_modifiers", "not_before", "titles", "state_heads"):
        assert len(data[key]) == len(set(data[key])), f"duplicates in {key}"
    for key in ("standalone", "titles", "state_heads", "seat_heads"):
        assert set(data[key]) <= set(data["heads"]), key


# -- the project's own story: four outlets, one invented event ---------------------------------
STORY_FILES = ["story-wire.txt", "story-tabloid.txt", "story-side-a.md", "story-side-b.html"]


def test_story_articles_disagree_on_the_toll_the_injured_and_the_rockets(cli, monkeypatch):
    monkeypatch.chdir(STORY)
    run = cli("compare", *STORY_FILES, "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    rows = {row["label"]: row for row in data["figures"]}

    def said(label: str, name: str, conflict: bool | None = None) -> list[str]:
        return [f["text"] for f in rows[label]["figures"].get(name, [])
                if conflict is None or f["conflict"] is conflict]

    # The wire's 12 dead, the tabloid's "more than forty", side A's "at least 30", side B's nine.
    assert "12" in said("killed (people)", "story-wire.txt", True)
    assert "More than forty" in said("killed (people)", "story-tabloid.txt", True)
    assert "At least 30" in said("killed (people)", "story-side-a.md", True)
    assert "nine" in said("killed (people)", "story-side-b.html", True)
    # Kordal's two dead on Thursday are another place and day, and the commission's 61 since
    # October a running total: never a conflict, and shown apart with the reason.
    assert data["place"] == "Varensk"
    aside = {(name, f["text"]): f["not_compared"] for name, figs in rows["killed (people)"]["figures"].items()
             for f in figs if f["not_compared"]}
    assert aside == {("story-wire.txt", "two"): "in Kordal", ("story-side-b.html", "two"): "in Kordal",
                     ("story-wire.txt", "61"): "since October 2024"}
    assert "61" in said("killed (people)", "story-wire.txt", False)
    assert said("injured (people)", "story-wire.txt", True) == ["57"]
    # Side B's "about two dozen" injured is far below every other article's figure: an outlier,
    # not one of the close figures that contradict one another.
    injured = rows["injured (people)"]
    assert "about two dozen" in said("injured (people)", "story-side-b.html", False)
    assert [(o["path"], o["text"]) for o in injured["outliers"]] == [("story-side-b.html", "about two dozen")]
    assert said("missiles", "story-wire.txt", True) == ["22"]
    assert said("missiles", "story-tabloid.txt") == ["Dozens"]      # vague: shown, never a conflict
    assert said("buildings", "story-wire.txt", True) == ["34"]
    actors = {a["path"]: [x["name"] for x in a["actors"]] for a in data["articles"]}
    assert "Talvian regime" in actors["story-side-a.md"]
    assert "Talvian defence ministry" in actors["story-wire.txt"]
    # The foreign minister's "regime in Orsk" is hers, not the wire's: listed apart.
    quoted = {a["path"]: [x["name"] for x in a["quoted_actors"]] for a in data["articles"]}
    assert "regime in Orsk" not in actors["story-wire.txt"] and quoted["story-wire.txt"] == ["regime in Orsk"]
    assert "Talvian defence forces" in actors["story-side-b.html"]   # not "Varensk Talvian defence forces"


def test_story_plain_output_lists_the_disagreements(cli, monkeypatch):
    monkeypatch.chdir(STORY)
    run = cli("compare", *STORY_FILES)
    assert run.code == 0
    tail = run.out[run.out.index("The articles disagree on"):]
    assert tail.splitlines()[0] == "The articles disagree on 4 quantities:"
    assert [line.split(":")[0].strip() for line in tail.splitlines()[1:5]] == [
        "killed (people)", "injured (people)", "missiles", "buildings"]
    figures = run.out[run.out.index("Figures, "):run.out.index("The articles disagree on")]
    assert ("    not compared (another place, day, span of time or scale):\n"
            "    [1] Mar 14        two (Thursday; in Kordal), 61 (since October 2024)\n"
            "    [4] no date       two (Thursday; in Kordal)\n") in figures


# -- dates: a rising toll, a stale report and an outlier ---------------------------------------
# An invented missile strike on Pelmar on Sunday, March 2, 2025, reported over four days.
DATED = {
    "a-wire.txt": (
        "Missile strike kills 9 in Pelmar\n\n"
        "PELMAR, March 2, 2025 (Harbour Wire) - A missile strike killed 9 people in Pelmar on Sunday, "
        "the interior ministry said. The ministry said 12 missiles hit the town on Sunday.\n\n"
        "On Saturday, up to 60 missiles were launched at Pelmar, the army said.\n"),
    "b-paper.md": (
        "---\ntitle: Pelmar toll rises\ndate: 2025-03-03\n---\n\n"
        "The toll of Sunday's missile strike on Pelmar rose to 15 people killed, the ministry said.\n"),
    "c-site.html": (
        '<html><head><meta property="article:published_time" content="2025-03-04T09:00:00Z">'
        "<title>Pelmar</title></head><body><p>Officials said 17 people were killed in Pelmar "
        "by the strike on Sunday.</p></body></html>\n"),
    "d-weekly.txt": (
        "By Lena Ostrova, March 5, 2025\n\n"
        "The missile strike on Pelmar on Sunday killed 9 people, the town council said.\n"),
    "e-channel.txt": "A local channel said the strike killed 120 people in Pelmar on Sunday.\n",
}


@pytest.fixture
def dated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in DATED.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return list(DATED)


def test_each_article_s_date_is_in_the_profile_and_beside_its_figures(dated, cli):
    run = cli("compare", *dated)
    assert run.code == 0, run.err
    assert run.out.splitlines()[1:6] == [
        "  [1] a-wire.txt  (Mar 2, 2025)", "  [2] b-paper.md  (Mar 3, 2025)", "  [3] c-site.html  (Mar 4, 2025)",
        "  [4] d-weekly.txt  (Mar 5, 2025)", "  [5] e-channel.txt  (no date)"]
    assert re.search(r"^published +Mar 2, 2025 +Mar 3, 2025 +Mar 4, 2025 +Mar 5, 2025 +-$", run.out, re.M)
    figures = run.out[run.out.index("Figures, "):]
    assert ("  killed (people)  <- updated: a later article gives a higher figure; 1 outlier\n"
            "    [1] Mar 2, 2025  9 (Mar 2)\n"
            "    [2] Mar 3, 2025  15 (Sunday, Mar 2)\n"
            "    [3] Mar 4, 2025  17 (Sunday, Mar 2)\n"
            "    [4] Mar 5, 2025  9 (Sunday, Mar 2; stale)\n"
            "    [5] no date      120 (Sunday; outlier)\n") in figures
    assert "No two articles disagree on a figure." in figures
    assert ("Updated by a later article (figures in date order):\n"
            "  killed (people): [1] 9 (Mar 2, 2025, line 3) -> [2] 15 (Mar 3, 2025, line 6) -> "
            "[3] 17 (Mar 4, 2025, line 1); stale: [4] 9 (Mar 5, 2025, line 3)\n") in figures
    assert "  killed (people): [5] 120 (line 1; more than 2 times every other article's figure)\n" in figures


def test_figures_of_the_day_before_are_another_event(dated, cli):
    run = cli("compare", *dated)
    missiles = run.out[run.out.index("  missiles"):]
    assert ("    [1] Mar 2, 2025  12 (Sunday, Mar 2)\n"
            "    not compared (another place, day, span of time or scale):\n"
            "    [1] Mar 2, 2025  up to 60 (Saturday, Mar 1; another day)\n") in missiles


def test_json_rows_have_one_status_and_figures_in_date_order(dated, cli):
    data = json.loads(cli("compare", *dated, "--format", "json").out)
    assert [(a["path"], a["published"], a["published_from"]) for a in data["articles"]] == [
        ("a-wire.txt", "2025-03-02", "dateline"), ("b-paper.md", "2025-03-03", "front matter"),
        ("c-site.html", "2025-03-04", "metadata"), ("d-weekly.txt", "2025-03-05", "first lines"),
        ("e-channel.txt", None, None)]
    killed = data["figures"][0]
    assert (killed["label"], killed["status"], killed["differ"]) == ("killed (people)", "updated", True)
    assert list(killed["figures"]) == dated
    assert [(c["a"]["text"], c["b"]["text"], c["kind"]) for c in killed["conflicts"]] == [
        ("9", "15", "update"), ("9", "17", "update"), ("15", "17", "update"), ("15", "9", "stale"),
        ("17", "9", "stale")]
    assert killed["outliers"] == [{"path": "e-channel.txt", "text": "120", "line": 1,
                                   "why": "more than 2 times every other article's figure"}]
    flags = {p: [(f["text"], f["conflict"], f["outlier"], f["stale"], f["superseded"], f["published"])
                 for f in figs] for p, figs in killed["figures"].items()}
    assert flags["d-weekly.txt"] == [("9", False, False, True, False, "2025-03-05")]
    assert flags["e-channel.txt"] == [("120", False, True, False, False, None)]
    assert flags["a-wire.txt"] == [("9", False, False, False, True, "2025-03-02")]
    assert (data["conflicts"], data["updates"], data["outliers"]) == (0, 5, 1)
    missiles = next(r for r in data["figures"] if r["label"] == "missiles")
    assert missiles["status"] == "agree" and missiles["differ"] is False
    assert [f["not_compared"] for f in missiles["figures"]["a-wire.txt"]] == [None, "another day"]


def test_contradicting_figures_on_one_day_are_a_conflict_and_differ(articles, cli):
    data = json.loads(cli("compare", *articles, "--format", "json").out)
    statuses = {row["label"]: (row["status"], row["differ"]) for row in data["figures"]}
    assert statuses == {"killed (people)": ("conflict", True), "injured (people)": ("conflict", True),
                        "drones": ("conflict", True), "buildings": ("agree", False)}


def test_a_later_lower_figure_nobody_gave_before_is_a_conflict(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "one.md").write_text("---\ndate: 2025-03-03\n---\n\nThe strike killed 15 people in Pelmar.\n")
    (tmp_path / "two.md").write_text("---\ndate: 2025-03-04\n---\n\nThe strike killed 11 people in Pelmar.\n")
    row = json.loads(cli("compare", "one.md", "two.md", "--format", "json").out)["figures"][0]
    assert row["status"] == "conflict" and [c["kind"] for c in row["conflicts"]] == ["conflict"]


def test_a_disclosure_of_unnamed_sources_is_not_an_unattributed_claim():
    # A test rule that flags every unnamed source, as a house style might.
    rule = make_rule(code="TT201", name="test-unnamed", category="unattributed-assertion",
                     terms=("unnamed sources", "a source"),
                     examples={"flag": ["Said [[a source]]."], "pass": ["Said the mayor."]})
    honest = ("The port will close next week, according to a source who asked not to be named because "
              "they were not authorised to speak. The plan, attributed to unnamed sources, also moves the ferry.")
    vague = "The port will close next week, a source said. Unnamed sources say the plan also moves the ferry."
    profiles = {}
    for name, text in (("honest.txt", honest), ("vague.txt", vague)):
        doc = Document(text, "text", name)
        profiles[name] = profile_document(doc, linter_for(rule).check_document(doc).findings)
    assert profiles["honest.txt"].attributed == 1.0 and profiles["honest.txt"].per_1000["unattributed-assertion"] == 0
    assert profiles["vague.txt"].attributed == 0.0 and profiles["vague.txt"].per_1000["unattributed-assertion"] > 0


def test_compare_takes_the_rule_options_and_the_configuration_of_check(articles, cli, tmp_path):
    from framelint.cli.main import build_parser

    def rate(*options) -> float:
        run = cli("compare", "framed.md", "--format", "json", *options)
        assert run.code == 0, run.err
        return json.loads(run.out)["articles"][0]["per_1000_words"]["charged-label"]

    assert rate() > 0
    assert rate("--ignore", "charged-label") == 0
    assert rate("--select", "unattributed-assertion") == 0
    (tmp_path / ".framelint.toml").write_text('ignore = ["charged-label"]\n')
    assert rate() == 0                                     # the nearest configuration file
    (tmp_path / "other.toml").write_text('select = ["charged-label"]\n')
    assert rate("--config", "other.toml") > 0
    # --quotes as for check: the quoted "regime" in this text counts only when kept.
    (tmp_path / "quoted.txt").write_text('"The regime lies," the mayor said.\n')
    quoted = lambda *o: json.loads(cli("compare", "quoted.txt", "--format", "json", "--config", "other.toml",   # noqa: E731
                                       *o).out)["articles"][0]["findings"]
    assert (quoted(), quoted("--quotes", "keep")) == (0, 1)
    # One definition of these options, shared with check.
    sub = next(a for a in build_parser()._actions if a.dest == "command").choices
    for option in ("--select", "--ignore", "--config", "--quotes", "--rules"):
        (ca,) = [a for a in sub["check"]._actions if option in a.option_strings]
        (co,) = [a for a in sub["compare"]._actions if option in a.option_strings]
        assert (ca.help, ca.choices, ca.type) == (co.help, co.choices, co.type)


def test_a_bad_selector_for_compare_is_a_one_line_error(articles, cli):
    run = cli("compare", "framed.md", "--select", "XX999")
    assert (run.code, run.out, run.err) == (2, "", "framelint: error: --select: no rule matches 'XX999'\n")
