"""A synthetic corpus for load and crash tests: news-like articles of ~500 words, varied ids,
places, numbers and sources, built deterministically from a seed."""

from __future__ import annotations

import json
import random
from pathlib import Path

PLACES = [
    "Homs",
    "Aleppo",
    "Idlib",
    "Raqqa",
    "Palmyra",
    "Deir ez-Zor",
    "Hama",
    "Daraa",
    "Mosul",
    "Kirkuk",
]
SOURCES = [
    "the Syrian Observatory for Human Rights told reporters",
    "officials said",
    "according to the United Nations",
    "the Red Cross said",
    "activists told reporters",
    "police said",
]
TEMPLATES = [
    "At least {n} civilians were killed in {place} on {day}, {source}.",
    "{n2} people were wounded in the attack in {place}, {source}.",
    "The bodies of {n} people were found near {place}, {source}.",
    "Some {n3} residents fled {place} over {k} days, {source}.",
    "Local council members said {n4} families remain in {place} despite the shelling.",
    "Rescue workers pulled {n2} survivors from the rubble of a building in {place} late on {day}.",
    "The town of {place} had a population of about {n4} before the war, officials said.",
    "Aid agencies said food prices in {place} rose {pct}% in a month.",
    "Convoys carrying {n3} tonnes of aid reached {place} after a {k}-day delay.",
    '"We counted {n} dead in the streets," a resident of {place} told reporters.',
]
FILLER = (
    "Witnesses described scenes of chaos as families searched for relatives among the ruins. "
    "The fighting has displaced thousands of people across the province in recent weeks. "
    "Humanitarian groups warned that access to the area remained difficult. "
)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article(rng: random.Random, index: int) -> dict[str, str]:
    place = rng.choice(PLACES)
    sentences = []
    for _ in range(14):
        template = rng.choice(TEMPLATES)
        sentences.append(
            template.format(
                n=rng.randint(2, 400),
                n2=rng.randint(2, 90),
                n3=rng.randint(100, 20000),
                n4=rng.randint(1000, 90000),
                k=rng.randint(2, 30),
                pct=rng.randint(2, 80),
                place=place,
                day=rng.choice(DAYS),
                source=rng.choice(SOURCES),
            )
        )
        if rng.random() < 0.5:
            sentences.append(FILLER)
    return {
        "id": f"synthetic-{index:06d}",
        "title": f"Casualties reported in {place}",
        "text": " ".join(sentences),
        "published": f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "outlet": rng.choice(["Wire One", "Daily Two", "News Three"]),
    }


def write_feed(path: Path, count: int, seed: int = 7, start: int = 0) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + count):
            out.write(json.dumps(article(rng, i)) + "\n")
    return path
