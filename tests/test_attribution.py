"""Who a sentence says its words come from: the attribution that rules rely on.

A named source ('officials said', 'according to the regional governor') attributes the
words it reports; a vague one ('sources say', 'according to a security source') does not.
Words outside what the source is said to have said stay the writer's.
"""

from __future__ import annotations

import pytest

from framelint.text.document import Document
from framelint.text.attribution import attribution, attribution_for, is_vague


@pytest.mark.parametrize("sentence, named", [
    ("The toll rose to 20, officials said.", True),
    ("The toll rose to 20, according to the regional governor.", True),
    ("The attacks have been described as reckless by the city council.", True),
    ("The plan will fail, said Maria Lopez, a spokeswoman.", True),
    ("Police said the suspect fled.", True),
    ("It was the deadliest attack since 2022, the UN said.", True),
    ("Later, it said 32 drones had been shot down.", True),
    ("Analysts at Capital Economics said the slowdown would continue.", True),
    ("Sources say the deal is off.", False),
    ("Reports indicate the deal is off.", False),
    ("The deal is off, according to unnamed sources.", False),
    ("It is believed the deal is off.", False),
    ("The raid was ordered by the minister, according to a police source.", False),
    ("A senior official, speaking on condition of anonymity, said the talks had stalled.", False),
    ("People familiar with the matter said the talks had stalled.", False),
    ("Critics say the plan will fail.", False),
    ("The prime minister was reportedly told of the plan.", False),
    ("Needless to say, the plan failed.", False),
    ("The United States and its allies defended the strikes.", False),
    ("The war has resulted in an estimated 400,000 deaths.", False),
    ("It stands out as one of the worst storms reported, leaving 10 dead.", False),
])
def test_named_or_not(sentence, named):
    assert attribution(sentence).named is named


@pytest.mark.parametrize("source, vague", [
    ("a Moscow security source", True),
    ("Russian media reports", True),
    ("speaking on condition of anonymity", True),
    ("experts", True),
    ("experts from the WHO", False),
    ("the regional governor", False),
    ("he", False),
    ("it", False),
])
def test_vague_sources(source, vague):
    assert is_vague(source) is vague


def _covered(sentence: str, words: str) -> bool:
    start = sentence.index(words)
    return attribution_for(sentence, start, start + len(words)).named


@pytest.mark.parametrize("sentence, words, covered", [
    # what the speaker said is theirs ...
    ("The plan is a disastrous failure, the minister said.", "disastrous", True),
    ("The mayor said the attack was horrific.", "horrific", True),
    ("The general was reportedly removed, according to the defence ministry.", "reportedly", True),
    ("The attacks have been described as indiscriminate by the city council.", "described as", True),
    # ... but how the writer tells it is the writer's
    ("The envoy cynically blamed the unions for the delays.", "cynically", False),
    ("The police said officers acted calmly, which is not borne out by the footage.", "borne out", False),
    ("The union has called a strike, and clearly the country will be watching.", "clearly", False),
    ("Ironically, the minister who announced it, Ana Ruiz, once called the island a door.", "Ironically", False),
    ("The charities, of course, tell a different story.", "of course", False),
    # a speaker closes a sentence only when nothing but an adverbial follows the verb
    ("Naturally, the president rejected the report.", "Naturally", False),
    # a participle after a noun is not a speaker's verb; convening is not saying
    ("Opponents will appeal, and a petition calling for a vote had an estimated 6,000 names.", "an estimated", False),
    ("The union has called a so-called day of action.", "so-called", False),
    ("The union is calling the offer a so-called rise.", "so-called", True),
    # a participle after a comma reports what the subject said, even with a comma in what follows
    ('The ministry took over in 2022, promising in its plan a "modern, data-led" approach.', "modern", True),
    ("Naturally, it will fail, the president said on Monday.", "Naturally", True),
    ("Sales fell 30 percent, according to the hoteliers' association, and the hospital is said to be full.",
     "is said to", False),
])
def test_attribution_covers_only_the_reported_words(sentence, words, covered):
    assert _covered(sentence, words) is covered


def speakers(text: str) -> list[tuple[str, str | None]]:
    doc = Document(text)
    return [(doc.prose[q.start:q.end], q.speaker) for q in doc.quotations()]


@pytest.mark.parametrize("text, speaker", [
    ('The observers said in a preliminary report that voting was "orderly" in most places.', "The observers"),
    ('The mission, which deployed 212 observers to 1,040 stations, said in a report that voting was "orderly".',
     "The mission"),
    ('Deniers were out in force by lunchtime, blaming arsonists and "poor management".', "Deniers"),
    ('Generals boasted on television that they had hit a "military depot".', "Generals"),
    ('The families were told they had died of "complications".', None),
    ('The "civilian" casualties included men in uniform, according to analysts at the institute.', None),
    ("The government's «corridor», announced in April, has moved 212 people.", None),
    # the name an appositive describes speaks, not the description's last words
    ('Oduya, a savvy operator who has run the firm since 2021, told analysts that the cuts were "painful".', "Oduya"),
    # 'needless to say' is not a speaker and a verb
    ('Needless to say, the usual critics were quick to raise “concerns” about it.', None),
])
def test_quotation_speakers(text, speaker):
    found = speakers(text)
    assert len(found) == 1
    assert found[0][1] == speaker


@pytest.mark.parametrize("sentence, any_source, speech_only", [
    # 'according to' sources the facts of its clause, not the writer's adjective ...
    ("A horrific heat dome reached 43C, according to the weather service.", False, True),
    # ... while what a named speaker said is theirs either way
    ("The mayor said the attack was horrific.", False, False),
    ("The attack was horrific, the mayor said.", False, False),
    # and with no source at all the word is the writer's
    ("The attack was horrific.", True, True),
])
def test_speech_only_attribution(sentence, any_source, speech_only):
    """A rule with ``attribution = "speech"`` is silenced only by a verb of saying."""
    from conftest import lint, make_rule

    def fires(attribution: str) -> bool:
        rule = make_rule("TT101", "test-term", terms=["horrific"], unless_attributed=True,
                         attribution=attribution,
                         examples={"flag": ["A [[horrific]] day."], "pass": ["A calm day."]})
        return bool(lint(sentence, rule))

    assert fires("any") is any_source
    assert fires("speech") is speech_only


# Sentences whose subject is no source: a demonstrative that sums up the writer's own
# argument ('This suggests'), and nouns before words that are verbs of saying only sometimes.
@pytest.mark.parametrize("sentence", [
    "This suggests that the army is preparing an offensive.",
    "That indicates the talks have failed.",
    "The fighting continued into the night.",
    "Peace talks collapsed in Geneva on Friday.",
    "The shelling continued after the ceasefire was declared.",
])
def test_no_speaker_in(sentence):
    assert attribution(sentence).named is False


@pytest.mark.parametrize("sentence, speaker", [
    ('"We will rebuild," the mayor continued.', "the mayor"),
    ("The mayor continued: the city would rebuild.", "The mayor"),
    ("He talked about the rebuilding for an hour.", "He"),
])
def test_continued_and_talked_still_report_speech(sentence, speaker):
    assert attribution(sentence).speaker == speaker


@pytest.mark.parametrize("sentence, words, covered", [
    # a speaker set off by commas in mid-sentence reports the clause before it, even when
    # more follows after the second comma
    ("Russia launched 122 missiles overnight, the air force said, with 40 of them shot down.", "122 missiles", True),
    ("The strike was a barbaric act, the governor said on Monday, as rescuers searched the rubble.",
     "barbaric", True),
    # a relative clause between the subject and the verb does not hide the subject
    ("The minister, who took office in May, has said the cuts were a disaster.", "disaster", True),
    ("The minister, who took office in May, later said the cuts were a disaster.", "disaster", True),
    ("The governor, who announced the curfew, said the protesters were thugs.", "thugs", True),
    ("She went on to say the attacks were barbaric.", "barbaric", True),
])
def test_attribution_covers_the_clause(sentence, words, covered):
    assert _covered(sentence, words) is covered


@pytest.mark.parametrize("sentence", [
    "The minister, who took office in May, has said the cuts were a disaster.",
    "The governor, who announced the curfew, said the protesters were thugs.",
    "The spokesman, who spoke to reporters on Friday, said the protesters were thugs.",
])
def test_the_speaker_is_the_subject_not_the_relative_clause(sentence):
    assert attribution(sentence).speaker in ("The minister", "The governor", "The spokesman")


@pytest.mark.parametrize("text, speaker", [
    ('The minister, who took office in May, has said the plan was "a disaster".', "The minister"),
    ('The governor, who announced the curfew, said the protesters were "thugs".', "The governor"),
    ('The spokesman, who spoke on condition of anonymity, said the plan was "a disaster".', "The spokesman"),
])
def test_quotation_speaker_after_a_relative_clause(text, speaker):
    assert speakers(text)[0][1] == speaker


@pytest.mark.parametrize("previous, sentence, words, speaker", [
    # a sentence that opens by pointing back to the speaker continues the report
    ("The governor said the strike had hit a school.", "In her view, the attack was barbaric.", "barbaric",
     "The governor"),
    ("The minister said the cuts had been delayed.", "In his words, the delay was a disaster.", "disaster",
     "The minister"),
    # with no named speaker before it, the pointer attributes nothing
    ("Sources said the strike had hit a school.", "In their view, the attack was barbaric.", "barbaric", None),
    # and an ordinary next sentence stays the writer's
    ("The governor said the strike had hit a school.", "The attack was barbaric.", "barbaric", None),
])
def test_attribution_carried_to_a_continuing_sentence(previous, sentence, words, speaker):
    from framelint.text.attribution import continued_attribution

    start = sentence.index(words)
    attr = continued_attribution(previous, sentence, start, start + len(words))
    assert attr.speaker == speaker
    assert attr.named is (speaker is not None)


def test_the_engine_carries_attribution_to_a_continuing_sentence():
    from conftest import lint, make_rule

    rule = make_rule("TT101", "test-term", terms=["barbaric"], unless_attributed=True,
                     examples={"flag": ["A [[barbaric]] day."], "pass": ["A calm day."]})
    assert not lint("The governor said the strike had hit a school. In her view, the attack was barbaric.", rule)
    assert lint("The governor said the strike had hit a school. The attack was barbaric.", rule)
