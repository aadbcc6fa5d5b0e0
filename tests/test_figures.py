"""Figures: numbers in a sentence, what they count, their ranges, and when two articles disagree.

The sentences are invented for these tests (a flood in the made-up town of Varnow).
"""

from __future__ import annotations

import math

import pytest

from framelint.text.document import Document
from framelint.analysis.figures import compare_figures, conflicts, extract_figures, figures_in_sentence, load_lexicon, words_value


def figs(sentence: str) -> list[tuple[str, str, str]]:
    """(label, text, date) of each figure in one sentence."""
    return [(f.label, f.text, f.date) for f, _, _ in figures_in_sentence(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("The flood killed 14 people in Varnow.", [("killed (people)", "14", None)]),
    ("The death toll rose to 131 on Tuesday.", [("killed (people)", "131", "Tuesday")]),
    ("It caused the deaths of 24 civilians, including three children.",
     [("killed (people)", "24", None), ("killed (children)", "three", None)]),
    ("Another 108 people, including 15 children, were injured.",
     [("injured (people)", "108", None), ("injured (children)", "15", None)]),
    ("The water left 108 people injured.", [("injured (people)", "108", None)]),
    ("The surge led to injuries to more than a hundred residents on March 3.",
     [("injured (people)", "more than a hundred", "Mar 3")]),
    ("Twelve adults and two children were killed.",
     [("killed (adults)", "Twelve", None), ("killed (children)", "two", None)]),
    ("More than 100 were hurt and five of those killed were children.",
     [("injured (people)", "More than 100", None), ("killed (children)", "five", None)]),
    ("Rescuers flew 25 seriously injured patients to the capital.", [("injured (seriously)", "25", None)]),
    ("The storm destroyed 37 apartment buildings and 55 homes, officials said on Dec. 30.",
     [("buildings", "37", "Dec 30"), ("buildings", "55", "Dec 30")]),
    ("Engineers counted some 70 drones and up to 158 missiles.",
     [("drones", "some 70", None), ("missiles", "up to 158", None)]),
    ("Dozens of drones circled the dam.", [("drones", "Dozens", None)]),
    ("A flood that killed 39 Varnowians last year was worse.", [("killed (Varnowians)", "39", None)]),
    ("Nearly 1,200 homes were flooded.", [("buildings", "Nearly 1,200", None)]),
])
def test_figures_attach_to_what_they_count(sentence, expected):
    assert figs(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The dam was built in 1987 and rebuilt in 2014.",        # years
    "The river rose on December 30 and fell on 2 January.",  # dates
    "The boys, aged 16 and 14, were rescued.",              # ages
    "The town lies 25 kilometres from the border.",           # measures
    "It was one of the worst floods in memory.",              # "one of"
    "Water reached 3 metres at 4:55 a.m. near the S-300 pylon.",
    "Two ministers visited the town.",                       # a number, but of nothing counted
])
def test_numbers_that_count_nothing_are_not_figures(sentence):
    assert figs(sentence) == []


@pytest.mark.parametrize("words, value", [
    ("fourteen", 14), ("a hundred", 100), ("twenty-five", 25), ("two hundred and six", 206),
    ("three thousand", 3000), ("a dozen", 12), ("one hundred thousand", 100_000),
])
def test_numbers_in_words(words, value):
    assert words_value(words) == value


def test_qualifiers_give_ranges():
    ranges = {f.text: (f.low, f.high) for f, _, _ in figures_in_sentence(
        "At least 14 were killed, more than 100 were injured, about 50 homes and nearly 20 drones were hit, "
        "and fewer than 10 missiles were seen.")}
    assert ranges == {"At least 14": (14, math.inf), "more than 100": (101, math.inf), "about 50": (45, 55),
                      "nearly 20": (18, 20), "fewer than 10": (0, 9)}


def figure(sentence: str):
    (fig, _, _), = figures_in_sentence(sentence)
    return fig


@pytest.mark.parametrize("a, b, expected", [
    ("14 people were killed.", "25 people were killed.", True),
    ("At least 14 people were killed.", "25 people were killed.", False),
    ("Over 100 people were injured.", "108 people were injured.", False),
    ("More than a hundred people were injured.", "Over 100 people were injured.", False),
    ("Over 100 people were injured.", "21 people were injured.", True),
    ("14 people were killed.", "14 people were killed.", False),
    ("Dozens of people were killed.", "14 people were killed.", False),       # vague: never a conflict
    ("14 people were killed.", "400,000 people were killed.", False),         # different things
    ("14 people were killed.", "25 soldiers were killed.", False),            # different groups
    ("14 people were killed.", "25 people were injured.", False),             # different quantities
    ("14 people were killed on Dec. 1.", "25 people were killed on Dec. 9.", False),  # different days
])
def test_conflicts(a, b, expected):
    assert conflicts(figure(a), figure(b)) is expected


def test_figures_about_different_places_do_not_conflict():
    one = Document("The flood in Varnow killed 14 people.", "text", "one.txt")
    two = Document("The flood in Ostrava killed 25 people.", "text", "two.txt")
    three = Document("The flood in Varnow killed 25 people.", "text", "three.txt")
    rows = compare_figures({d.path: extract_figures(d) for d in (one, two, three)})
    (row,) = rows
    assert [(pa, a.text, pb, b.text) for pa, a, pb, b in row.conflicts] == [("one.txt", "14", "three.txt", "25")]


def test_a_place_named_only_to_locate_another_is_not_where_the_figure_is():
    one = Document("In Ostrava, which lies just north of Varnow, 14 people were killed.", "text", "one.txt")
    two = Document("The ministry in Ostrava said 25 people were killed in Varnow.", "text", "two.txt")
    (a,), (b,) = extract_figures(one), extract_figures(two)
    assert (a.places, b.places) == (("Ostrava",), ("Varnow",))
    assert not conflicts(a, b)


def test_extract_figures_has_offsets_lines_and_sentences():
    text = "Varnow flood\n\nOn Saturday the flood killed 14 people.\r\nIt injured 108 more."
    doc = Document(text, "text", "a.txt")
    found = extract_figures(doc)
    assert [(f.text, f.line, text[f.start:f.end], f.date) for f in found] == [
        ("14", 3, "14", "Saturday"), ("108", 4, "108", None)]
    assert found[0].sentence == "On Saturday the flood killed 14 people."


def test_figures_in_markdown_and_html_point_into_the_original_text():
    html = "<p>The flood <b>killed</b> <em>14</em> people.</p>"
    doc = Document(html, "html", "a.html")
    (fig,) = extract_figures(doc)
    assert html[fig.start:fig.end] == "14" and fig.quantity == "killed"


def test_lexicon_is_data():
    lex = load_lexicon()
    assert set(lex.quantities) == {"killed", "injured", "missiles", "drones", "buildings"}
    for name, q in lex.quantities.items():
        assert q["terms"] == sorted(set(q["terms"]), key=q["terms"].index), f"{name}: duplicate terms"
    assert set(lex.qualifiers.values()) <= {"at-least", "more-than", "about", "nearly", "at-most", "less-than"}
    assert all(lo <= hi for lo, hi in lex.vague.values())


# -- running totals, places, and the figures set aside ---------------------------------------------
def one(text: str):
    (fig,) = extract_figures(Document(text, "text", "a.txt"))
    return fig


@pytest.mark.parametrize("text, period", [
    ("More than 900 people have been killed since the floods began in April 2019.", "since April 2019"),
    ("Since 2019, about 300 homes have been lost.", "since 2019"),
    ("At least 40 people have died since the war began.", "since the war"),
    ("The river killed 12 people in 2021.", "in 2021"),
    ("Floods have killed 31 people this year.", "this year"),
    # A comparison, not a span: the toll of one flood.
    ("It was the deadliest flood since 2019, killing 24 people.", None),
    ("The flood killed 14 people on Tuesday.", None),
])
def test_running_totals_have_a_period(text, period):
    assert one(text).period == period


def test_figures_over_different_periods_do_not_conflict():
    a = one("The flood killed 14 people.")
    b = one("Floods have killed 25 people since 2019.")
    c = one("Floods have killed 31 people since 2019.")
    assert not conflicts(a, b) and conflicts(b, c)


def test_a_place_can_be_two_words():
    assert one("In the Middle East, 300 people were killed.").places == ("Middle East",)
    assert one("The flood killed 14 people in the Gaza Strip.").places == ("Gaza Strip",)


def test_an_apartment_is_not_a_building():
    assert figs("Damage was found in 37 apartment buildings and 453 apartments.") == [("buildings", "37", None)]


def test_figures_about_another_place_span_or_scale_are_set_aside():
    from framelint.analysis.figures import main_place

    docs = {
        "one.txt": "The flood in Varnow killed 14 people. Upriver in Ostrava it killed 25 people.",
        "two.txt": ("The flood in Varnow killed 25 people. Floods have killed 900 people since 2019. "
                    "In all, 40,000 people were killed."),
        "three.txt": "The flood in Varnow killed 200 people. It destroyed 3 homes.",
    }
    found = {p: extract_figures(Document(t, "text", p)) for p, t in docs.items()}
    assert main_place(found) == "Varnow"
    row, buildings = compare_figures(found)
    assert buildings.aside == {}   # one article's figure: nothing to compare it with
    reasons = {(p, f.text): row.reason(f) for p, figs in row.figures.items() for f in figs}
    assert reasons == {
        ("one.txt", "14"): None, ("one.txt", "25"): "in Ostrava",
        ("two.txt", "25"): None, ("two.txt", "900"): "since 2019",
        ("two.txt", "40,000"): "far larger than the other articles' figures",
        # 200 is more than ten times 14 but not 25: it is compared (as an outlier: more than twice
        # both other articles' figures, which are close to each other).
        ("three.txt", "200"): None,
    }
    assert [f.text for f in row.main("two.txt")] == ["25"]
    assert [f.text for f in row.others("two.txt")] == ["900", "40,000"]
    assert {(a.text, b.text) for _, a, _, b in row.conflicts} == {("14", "25")}
    assert [f.text for f in row.figures["three.txt"] if row.outlier(f)] == ["200"]
    assert row.to_dict()["figures"]["one.txt"][1]["not_compared"] == "in Ostrava"


def test_compatible_figures_are_said_to_differ_not_to_conflict():
    found = {p: extract_figures(Document(t, "text", p)) for p, t in (
        ("a.txt", "Over 100 people were injured in Varnow."),
        ("b.txt", "The flood injured 108 people in Varnow."))}
    (row,) = compare_figures(found)
    assert not row.conflicts and row.differs and row.to_dict()["differ"] is True


def test_the_same_figure_in_the_headline_and_the_text_is_listed_once():
    doc = Document("Flood kills at least 14\n\nIn Varnow, near Ostrava, the flood killed at least 14 people.",
                   "text", "a.txt")
    (row,) = compare_figures({"a.txt": extract_figures(doc)})
    assert [f.text for f in row.figures["a.txt"]] == ["at least 14"]


# -- days: a weekday is a day of the month, counted back from the article's date -----------------
@pytest.mark.parametrize("text, published", [
    ("Last update: July 14, 2025 01:59\n\nVarnow flood\n\nBy A. Writer March 3, 2025\n\nThe flood killed 14.",
     "2025-03-03"),   # the earliest stamp: an update comes after the article
    ("---\ndate: 2025-03-03\n---\n\nThe flood killed 14 people.", "2025-03-03"),
    ("date 2025-03-03 The flood that hit Varnow on Saturday killed 14 people, officials said, and the river "
     "was still rising on Sunday evening as rescuers searched the lower town.", "2025-03-03"),
    ("Varnow flood\n\n3 March 2025\n\nThe flood killed 14.", "2025-03-03"),
    ("The flood that hit Varnow on Saturday killed 14 people, officials said, and the river was still "
     "rising on Sunday as rescuers searched. The dam was opened on March 1, 2019.", None),
])
def test_the_article_date_comes_from_its_first_lines(text, published):
    import datetime

    from framelint.analysis.figures import publication_date

    kind = "markdown" if text.startswith("---") else "text"
    expected = datetime.date.fromisoformat(published) if published else None
    assert publication_date(Document(text, kind, "a.md" if kind == "markdown" else "a.txt")) == expected


def test_a_weekday_is_shown_with_its_day_of_the_month():
    # 3 March 2025 was a Monday: its Saturday is March 1, its Monday the day itself.
    doc = Document("Varnow, 3 March 2025\n\nOn Saturday the flood killed 14 people. On Monday it injured 30.",
                   "text", "a.txt")
    killed, injured = extract_figures(doc)
    assert (killed.date, killed.day, killed.when, killed.context_date) == ("Saturday", "Mar 1", "Saturday, Mar 1",
                                                                           "Mar 1")
    assert injured.when == "Monday, Mar 3"
    undated = one("On Saturday the flood killed 14 people.")
    assert (undated.day, undated.when) == (None, "Saturday")


def test_figures_on_another_day_are_set_aside_and_a_month_boundary_is_one_day():
    from framelint.analysis.figures import _dates_differ

    assert not _dates_differ("Dec 31", "Jan 1") and _dates_differ("Dec 30", "Jan 5")
    found = {p: extract_figures(Document(t, "text", p)) for p, t in (
        ("a.txt", "Varnow, 3 March 2025\n\nOn Saturday the flood in Varnow killed 14 people."),
        ("b.txt", "The flood in Varnow killed 25 people on March 1."),
        ("c.txt", "Varnow, 10 March 2025\n\nOn Friday a second flood in Varnow killed 2 people."))}
    (row,) = compare_figures(found)
    assert [(f.text, row.reason(f)) for p in row.figures for f in row.figures[p]] == [
        ("14", None), ("25", None), ("2", "another day")]
    assert len(row.conflicts) == 1


@pytest.mark.parametrize("name, text, expected", [
    ("a.txt", "KYIV, Dec 30, 2023 (Harbour Wire) - A strike killed 4 people.", ("2023-12-30", "dateline")),
    ("a.txt", "VARNOW, Kestria, March 14 (Harbour Wire) - A flood killed 4 people.", ("--03-14", "dateline")),
    ("a.md", "---\ntitle: Flood\ndate: 2024-01-05\n---\n\nA flood killed 4 people.\n", ("2024-01-05", "front matter")),
    ("a.md", "---\ndate: \"January 6, 2024\"\n---\n\nA flood killed 4 people.\n", ("2024-01-06", "front matter")),
    ("a.html", '<html><head><meta property="article:published_time" content="2023-12-30T10:00:00Z">'
               "</head><body><p>A flood killed 4 people.</p></body></html>", ("2023-12-30", "metadata")),
    ("a.html", '<html><body><p><time datetime="2023-12-29">Friday</time></p><p>A flood killed 4.</p>'
               "</body></html>", ("2023-12-29", "metadata")),
    ("a.html", '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
               '"datePublished": "2023-12-28T01:00"}</script></head><body><p>A flood killed 4.</p></body></html>',
     ("2023-12-28", "metadata")),
    ("a.txt", "Last update: July 14, 2024\n\nBy Ana Varga, December 31, 2023\n\nA flood killed 4 people.",
     ("2023-12-31", "first lines")),
    ("a.txt", "A flood killed 4 people.", None),
])
def test_the_article_s_own_date(name, text, expected):
    from framelint.analysis.figures import article_date
    from framelint.text import formats

    found = article_date(Document(text, formats.name_for_path(name), name))
    assert (found.iso, found.source) == expected if expected else found is None


@pytest.mark.parametrize("sentence, day", [
    ("A flood killed 4 people in Varnow yesterday.", "Jan 4"),
    ("A flood killed 4 people in Varnow last night.", "Jan 4"),
    ("A flood killed 4 people in Varnow today.", "Jan 5"),
    ("A flood killed 4 people in Varnow on Wednesday.", "Jan 3"),
])
def test_weekdays_and_relative_days_are_read_against_the_article_s_date(sentence, day):
    doc = Document(f"---\ndate: 2024-01-05\n---\n\n{sentence}\n", "markdown", "a.md")   # a Friday
    (fig,) = extract_figures(doc)
    assert fig.day == day


def test_the_day_before_counts_back_from_the_last_date_given():
    doc = Document("A flood killed 4 people in Varnow on March 3.\n\nThe day before, it killed 2 people in Ostrava.\n",
                   "text", "a.txt")
    assert [(f.text, f.day) for f in extract_figures(doc)] == [("4", None), ("2", "Mar 2")]
