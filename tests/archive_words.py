"""Generated archives for the collection tests: articles assembled from word lists."""

from __future__ import annotations

import json
import random

OUTLETS = ["Harbour Wire", "Northern Courier", "The Daily Beacon"]
SUBJECTS = ["The council", "The regime", "The ministry", "A spokesman", "The junta", "Sources say the army",
            "The mayor", "Residents", "The committee", "Police"]
VERBS = ["approved", "delayed", "announced", "rejected", "reviewed", "opened", "closed", "funded"]
OBJECTS = ["the new bridge", "an unprecedented budget", "the night market", "a water plan",
           "the school repairs", "talks with the union", "the rail link", "a curfew"]
TAILS = ["on Monday.", "last week.", "after a long meeting.", "in the old town.", "without a vote."]
QUOTES = ["\"We will finish the work,\" the mayor said.", "\"The regime lies,\" a resident said.",
          "\"It was unprecedented,\" the engineer told reporters."]


def article(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        sentences = []
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.15:
                sentences.append(rng.choice(QUOTES))
            else:
                sentences.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}")
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def archive_lines(count: int, seed: int = 3, bad_every: int = 0) -> list[str]:
    """JSONL lines; with ``bad_every``, every n-th line is broken JSON."""
    rng = random.Random(seed)
    lines = []
    for n in range(1, count + 1):
        if bad_every and n % bad_every == 0:
            lines.append('{"id": "broken", "text": ')
            continue
        record = {"id": f"r{n}", "source": rng.choice(OUTLETS),
                  "date": f"2024-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}", "text": article(rng)}
        lines.append(json.dumps(record))
    return lines


def write_archive(path, count: int, seed: int = 3, bad_every: int = 0):
    path.write_text("\n".join(archive_lines(count, seed, bad_every)) + "\n", encoding="utf-8")
    return path
