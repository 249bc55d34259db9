"""The benchmark corpus: real articles repeated under new ids (with their main place varied per
copy), or the synthetic generator from tests/corpus.py when no corpus is given."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from store.readers import RawArticle, read_paths
from tests.corpus import article as synthetic_article

# Long runs of one punctuation character ("-----" rules between sections) make a regex in
# store/extract/quantities.py backtrack exponentially (35 dashes: 3 minutes for one sentence). That file is
# not ours to change here, so the corpus shortens such runs; docs/benchmark.md reports it.
_PUNCT_RUN = re.compile(r"([^\w\s])\1{5,}")

# Copy k of an article renames its main place with one of 10 x 8 = 80 variants, so 100k
# articles from ~1,250 do not collapse onto ~1,250 place names (a degenerate index).
_PREFIXES = ["", "North ", "South ", "East ", "West ", "New ", "Old ", "Lake ", "Fort ", "Port "]
_SUFFIXES = ["", " Heights", " Springs", " Falls", " Park", " Valley", " Ridge", " Hills"]


def sanitise(text: str) -> str:
    return _PUNCT_RUN.sub(lambda m: m.group(1) * 3, text)


def place_variant(place: str, copy: int) -> str:
    """The main place as renamed in copy `copy` (copy 0 keeps the real name)."""
    if copy == 0:
        return place
    prefix = _PREFIXES[copy % len(_PREFIXES)]
    suffix = _SUFFIXES[(copy // len(_PREFIXES)) % len(_SUFFIXES)]
    cycle = len(_PREFIXES) * len(_SUFFIXES)
    if copy >= cycle:  # past 80 copies a number keeps the names distinct
        suffix += f" {copy // cycle + 1}"
    return f"{prefix}{place}{suffix}"


def load_base(corpus: Path | None, limit: int) -> list[RawArticle]:
    """The articles copies are made of: the corpus (folder or JSONL), else `limit` synthetic ones."""
    if corpus is None:
        rng = random.Random(7)
        out = []
        for i in range(limit):
            rec = synthetic_article(rng, i)
            out.append(
                RawArticle(
                    id=rec["id"],
                    text=rec["text"],
                    origin="generator",
                    title=rec["title"],
                    outlet=rec["outlet"],
                )
            )
        return out
    base = [a for a in read_paths([corpus]) if isinstance(a, RawArticle)]
    if not base:
        raise SystemExit(f"{corpus}: no readable articles")
    return [
        RawArticle(
            id=a.id,
            text=sanitise(a.text),
            origin=a.origin,
            title=a.title,
            url=a.url,
            published=a.published,
            outlet=a.outlet,
        )
        for a in base
    ]


def copy_of(article: RawArticle, copy: int, main_place: str | None) -> RawArticle:
    """Copy `copy` of `article`: a new id, and its main place renamed (whole words only)."""
    if copy == 0:
        return article
    text, title = article.text, article.title
    if main_place:
        pattern = re.compile(rf"\b{re.escape(main_place)}\b")
        new = place_variant(main_place, copy)
        text = pattern.sub(new, text)
        title = pattern.sub(new, title) if title else title
    return RawArticle(
        id=f"{article.id}~{copy}",
        text=text,
        origin=f"{article.origin} copy {copy}",
        title=title,
        url=article.url,
        published=article.published,
        outlet=article.outlet,
    )


def articles(
    base: list[RawArticle], start: int, stop: int, main_places: Mapping[str, str | None]
) -> Iterator[RawArticle]:
    """Articles number `start` to `stop` of the repeated corpus (article n is copy n // len(base))."""
    for n in range(start, stop):
        original = base[n % len(base)]
        yield copy_of(original, n // len(base), main_places.get(original.id))


def word_count(items: list[RawArticle]) -> int:
    return sum(len(a.text.split()) for a in items)
