"""Figures: numbers in a sentence, what they count, their ranges, and when two articles disagree.

The sentences are invented for these tests (a flood in the made-up town of Varnow).
"""

from __future__ import annotations

import math

import pytest

from framelint.document import Document
from framelint.figures import (compare_figures, conflicts, extract_figures, figures_in_sentence, load_lexicon,
                               words_value)


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
