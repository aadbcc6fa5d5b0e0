"""Generate news-like text for benchmarks, from word lists only.

Every sentence is assembled here from small word lists: a headline per
article, paragraphs of reporting, attributed quotations, a few unattributed
ones, and framing words (charged labels, vague sources, superlatives, loaded
verbs of saying, editorializing, euphemisms) at about the density of real
coverage of a conflict: a few per thousand words. The output is deterministic
for a given seed, so runs are comparable.

    python benchmarks/newsgen.py 10 > ten-megabytes.txt
"""

from __future__ import annotations

import random
import sys

PLACES = ["Norvale", "Easthaven", "the river district", "the northern province", "Port Selwyn", "Marrow Bay",
          "the capital", "Kestrel Ridge", "the border region", "Lowmarsh", "the old quarter", "Vantor",
          "the industrial suburb", "Greyfield", "the coastal road", "Ashcombe", "the central market"]
ACTORS = ["the defence ministry", "the regional governor", "the city council", "the army", "police",
          "the foreign ministry", "emergency services", "the health ministry", "the opposition party",
          "the prime minister", "local officials", "the border guard", "the energy company", "rescue teams",
          "the central bank", "the transport authority", "the electoral commission", "the mayor's office"]
PEOPLE = ["Anna Morel", "Tomas Keller", "Ruth Adeyemi", "Pavel Orlov", "Ines Carvalho", "Samuel Okafor",
          "Leila Haddad", "Martin Brandt", "Yuki Tanaka", "Olga Petrenko", "David Mensah", "Clara Jensen"]
ROLES = ["a spokesman for the ministry", "the regional governor", "a local resident", "a senior official",
         "the head of the rescue service", "an economist at the university", "the deputy mayor",
         "a witness", "the hospital director", "a union leader"]
VERBS = ["announced", "confirmed", "began", "completed", "postponed", "reviewed", "approved", "opened",
         "suspended", "extended", "repaired", "inspected", "expanded", "reduced", "restored", "delayed"]
OBJECTS = ["a new curfew", "the evacuation of two villages", "repairs to the main bridge", "the water supply",
           "a budget for reconstruction", "the rail line to the coast", "an inquiry into the fire",
           "talks with neighbouring states", "the closure of three schools", "a search of the area",
           "payments to displaced families", "the power grid", "a ban on gatherings", "the night shelters",
           "new checkpoints on the highway", "the grain exports", "a fund for small businesses"]
TIMES = ["on Monday", "on Tuesday", "late on Wednesday", "early on Thursday", "on Friday", "over the weekend",
         "on Saturday morning", "this week", "last month", "on Sunday evening", "hours later", "in March"]
NUMBERS = ["two", "three", "five", "seven", "12", "14", "24", "31", "dozens of", "more than 40", "about 200",
           "at least 18", "nearly 1,500", "some 60"]
NOUNS = ["people", "homes", "vehicles", "workers", "families", "buildings", "residents", "soldiers",
         "patients", "schools", "shops", "passengers"]
STATES = ["were injured", "were evacuated", "were damaged", "were left without power", "were detained",
          "were moved to shelters", "were treated in hospital", "lost their jobs", "were rescued"]
QUOTES = ["We will rebuild every house on this street", "The situation remains difficult but stable",
          "Nobody was warned before the sirens started", "Our teams worked through the night",
          "We need more generators and more doctors", "This will not change our plans",
          "The numbers are still being counted", "I have lived here for forty years and never left",
          "There is no reason to panic", "We expect the line to reopen within days"]
# Framing words, of the kinds a framing linter looks for.
LABELS = ["regime", "junta", "puppet government", "thugs", "militants", "terrorists", "extremists"]
VAGUE = ["Sources say", "Reportedly,", "It is believed that", "Critics say", "Experts say", "Some say"]
SUPERLATIVES = ["unprecedented", "historic", "the deadliest", "the worst ever", "devastating"]
LOADED_SAY = ["claimed", "admitted", "insisted", "conceded", "alleged"]
EDITORIAL = ["Clearly,", "Obviously,", "Of course,", "Tellingly,", "Predictably,"]
EUPHEMISMS = ["neutralized", "collateral damage", "enhanced interrogation", "pacified", "eliminated"]
SCARE = ["liberation", "special measures", "humanitarian pause", "peacekeepers", "referendum"]


def _sentence(rng: random.Random) -> str:
    r = rng.random()
    place, actor, time = rng.choice(PLACES), rng.choice(ACTORS), rng.choice(TIMES)
    if r < 0.30:
        s = f"{actor.capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in {place} {time}."
    elif r < 0.45:
        s = f"{rng.choice(NUMBERS).capitalize()} {rng.choice(NOUNS)} {rng.choice(STATES)} in {place} {time}, " \
            f"according to {actor}."
    elif r < 0.60:
        s = f"\u201c{rng.choice(QUOTES)},\u201d {rng.choice(PEOPLE)}, {rng.choice(ROLES)}, said {time}."
    elif r < 0.68:
        s = f"{rng.choice(PEOPLE)} told reporters: \"{rng.choice(QUOTES)}.\""
    elif r < 0.80:
        s = f"The work in {place} is expected to take {rng.choice(NUMBERS)} weeks, {actor} said {time}."
    elif r < 0.90:
        s = (f"Residents of {place} said {rng.choice(NOUNS)} had waited {time} for news, "
             f"and {actor} {rng.choice(VERBS)} {rng.choice(OBJECTS)}.")
    else:  # about one sentence in ten carries framing
        k = rng.randrange(8)
        if k == 0:
            s = f"The {rng.choice(LABELS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {time}."
        elif k == 1:
            s = f"{rng.choice(VAGUE)} {actor} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
        elif k == 2:
            s = f"The damage in {place} was {rng.choice(SUPERLATIVES)}."
        elif k == 3:
            s = f"{rng.choice(PEOPLE)} {rng.choice(LOADED_SAY)} that {actor} had {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
        elif k == 4:
            s = f"{rng.choice(EDITORIAL)} {actor} {rng.choice(VERBS)} {rng.choice(OBJECTS)} too late."
        elif k == 5:
            s = f"Officials said {rng.choice(NUMBERS)} {rng.choice(NOUNS)} were {rng.choice(EUPHEMISMS)} in {place}."
        elif k == 6:
            s = f"Troops began the \u201c{rng.choice(SCARE)}\u201d of {place} {time}."
        else:
            s = f"\u201cThe {rng.choice(LABELS)} lies,\u201d {rng.choice(PEOPLE)} said."
    return s


def sentence_pool(seed: int = 7, size: int = 20000) -> list[str]:
    rng = random.Random(seed)
    return [_sentence(rng) for _ in range(size)]


def headline(rng: random.Random) -> str:
    return f"{rng.choice(ACTORS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in {rng.choice(PLACES)}"


def article(rng: random.Random, pool: list[str], target_chars: int) -> str:
    """One article: a headline and paragraphs of two to four sentences."""
    parts = [headline(rng), ""]
    size = len(parts[0])
    while size < target_chars:
        para = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
        parts.append(para)
        parts.append("")
        size += len(para) + 2
    return "\n".join(parts)


def generate(megabytes: float, seed: int = 7, article_chars: int = 4000):
    """Yield chunks of text adding up to about ``megabytes`` MB (10**6 bytes)."""
    rng = random.Random(seed)
    pool = sentence_pool(seed)
    total = int(megabytes * 1_000_000)
    written = 0
    while written < total:
        chunk = "\n".join(article(rng, pool, article_chars) for _ in range(50))
        data = chunk[: total - written] if written + len(chunk.encode()) > total else chunk
        written += len(data.encode())
        yield data


def write(path: str, megabytes: float, seed: int = 7) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for chunk in generate(megabytes, seed):
            fh.write(chunk)
        fh.write("\n")


def write_article(path: str, seed: int = 7, chars: int = 4000) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(article(rng, sentence_pool(seed, 2000), chars) + "\n")


if __name__ == "__main__":
    size = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    for chunk in generate(size):
        sys.stdout.write(chunk)
    sys.stdout.write("\n")
