"""Hostile text: ~10 kB inputs built to stall the extraction rules, and the slowest of them.

    python -m benchmarks hostile

Each case repeats a few pieces of news language (or of punctuation, capitals, digits, invisible
characters) to `SIZE` characters: long runs where a rule could retry from every character,
thousands of numbers or speech verbs in one sentence, and no sentence end for pages on end.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Sequence

from store.ingest import prepare
from store.readers import RawArticle

SIZE = 10_000

# Pieces that hostile inputs repeat; the property test (tests/test_hostile_text.py) mixes them.
PIECES: tuple[str, ...] = (
    "½",
    "¾",
    "3/4 ",
    "12:",
    "7 ",
    "9" * 40 + " ",
    "1,234,567 ",
    "2.5 million ",
    "dozens of ",
    "at least 14 ",
    "Four hundred ",
    "between 5 and 9 ",
    "$40 ",
    "12% ",
    "3 people killed ",
    "2 wounded ",
    "a woman was shot and killed ",
    "nobody was hurt ",
    "one of the two wounded has died ",
    "Ann Ray, 31, and Bo Lin, 40, were killed ",
    "killed by ",
    "at the hands of ",
    "said ",
    "Police said ",
    "according to ",
    "the rights group added ",
    "told reporters ",
    "!",
    ".",
    "?!",
    '"',
    "“",
    "”",
    "'",
    "(",
    ")",
    "(AB) ",
    "A",
    "QRS ",
    "Mr. ",
    "U.S. ",
    "The Relief Council ",
    "in Eastvale ",
    "In Northbridge, ",
    "; ",
    " - ",
    ", while ",
    " and ",
    "  ",
    "\n",
    "\u200b",
    "\u202e",
    "\u00a0",
    "٣",
    "originally said 8 ",
    "amended ",
    "2019-04-02 ",
    "March 3, 2018 ",
)


def hostile_text(pieces: Sequence[str], size: int = SIZE) -> str:
    """`pieces` repeated in turn to `size` characters."""
    unit = "".join(pieces) or " "
    return (unit * (size // len(unit) + 1))[:size]


def catalogue() -> dict[str, str]:
    """Named hostile inputs: each piece alone, and a few known to have stalled extraction."""
    cases = {f"{piece!r} repeated": hostile_text([piece]) for piece in PIECES}
    cases["numbers and kill words"] = hostile_text(["3 people killed ", "7 wounded, "])
    cases["speech verbs and names"] = hostile_text(["Police said ", "Ann Ray told ", "12 "])
    cases["capitals and acronyms"] = hostile_text(["ABCDEFGH ", "(AB) ", "Of "])
    cases["clock times and fractions"] = hostile_text(["12:", "½", "3/4 "])
    cases["digits split by invisibles"] = hostile_text(
        ["1\u200b2", "\u202e34\u202c ", "5\u00a0000 "]
    )
    return cases


@functools.lru_cache(maxsize=1)
def _warmed() -> None:
    """Load once what a process loads on its first article (the gazetteer, the date reader):
    the time of one article is its own reading, not the process's start-up."""
    prepare(RawArticle(id="warm-up", text="Two people were hurt in Aleppo on Monday.", origin="-"))


def cpu_seconds(text: str) -> float:
    """CPU seconds to prepare one article of `text` (metadata, extraction, event signals)."""
    _warmed()
    started = time.process_time()
    prepare(RawArticle(id="hostile", text=text, origin="hostile"))
    return time.process_time() - started


def worst_case() -> tuple[str, float]:
    """The slowest of the catalogue: its name and CPU seconds."""
    # Every case logs a note (a sentence cut into pieces); the figure here is the time.
    logging.getLogger("store").setLevel(logging.ERROR)
    timings = {name: cpu_seconds(text) for name, text in catalogue().items()}
    name = max(timings, key=lambda k: timings[k])
    return name, timings[name]


def report() -> str:
    """One line: how many hostile inputs, and the slowest."""
    name, seconds = worst_case()
    return (
        f"hostile text: {len(catalogue())} inputs of {SIZE:,} characters, "
        f"slowest {name} at {seconds:.2f} CPU s"
    )
