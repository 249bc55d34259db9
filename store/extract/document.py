"""The one document object extraction's stages pass along, and the figure they produce."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from store.extract.casualties import Casualty
from store.extract.folding import Folded
from store.extract.quantities import Quantity
from store.figure import Statement

if TYPE_CHECKING:
    from store.extract.meaning import Clauses

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExtractedFigure(Statement):
    """A figure found in a document: what it says (`store.figure.Statement`, its source the
    words naming who said it), where it stands, and how it was read. Offsets are into the
    document text."""

    start: int
    end: int
    sentence: int  # index into ExtractedDocument.sentences
    salience: float
    # The rule that produced the figure ("killed.nearest_cue", "injured.single_injured") and
    # the words that decided it (document offsets), for `factdesk explain`.
    rule: str = ""
    cue: tuple[int, int] | None = None
    # The pipeline stage that produced it ("meaning", "casualties", "sentence_totals").
    stage: str = ""


@dataclass(slots=True)
class ExtractedDocument:
    """Everything extraction learns about one document."""

    sentences: list[tuple[int, int]]
    figures: list[ExtractedFigure]
    names: dict[str, int] = field(default_factory=dict)
    main_place: str | None = None
    places: dict[str, int] = field(default_factory=dict)  # named after "in", "at", "town of"
    acronyms: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    """One article on its way through the stages: each stage reads what earlier ones left
    and adds its own part. Offsets are into `text`, the folded text, until the last stage
    moves them back onto `original`.

    Per-sentence parts (`views`, `quantities`, `speakers`, `casualties`) are lists indexed
    like `sentences`, filled up to `read`: the sentences read within the CPU budget."""

    original: str
    original_title: str | None
    name: str
    budget: float
    started: float
    text: str = ""
    title: str | None = None
    folded: Folded | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    read: int = 0
    views: list[Clauses] = field(default_factory=list)
    quantities: list[list[Quantity]] = field(default_factory=list)
    non_figures: list[list[Quantity]] = field(default_factory=list)
    speakers: list[str | None] = field(default_factory=list)
    casualties: list[list[Casualty]] = field(default_factory=list)
    headline_end: int = 0  # where the headline the text opens with ends, or 0
    names: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    main_place: str | None = None
    acronyms: dict[str, str] = field(default_factory=dict)
    figures: list[ExtractedFigure] = field(default_factory=list)
    # Indices into `figures` of injured counts read from "shot" alone, which may take in the
    # dead; and, per count of wounded, how many of them have since died. Both for the tally.
    shot_only: set[int] = field(default_factory=set)
    died_among: dict[float, float] = field(default_factory=dict)

    def each_sentence(self, stage: str) -> Iterator[int]:
        """The indices of the sentences still to read, while the CPU budget lasts: past it,
        `read` shrinks to the sentence reached (the first sentence is always read), with a
        note in the log, so later stages read no further."""
        for index in range(self.read):
            spent = time.thread_time() - self.started
            if index and spent >= self.budget:
                log.warning(
                    "%s: extraction stopped after %.1f CPU seconds in stage %s at sentence %d "
                    "of %d; what was read before it is kept",
                    self.name,
                    spent,
                    stage,
                    index + 1,
                    len(self.sentences),
                )
                self.read = index
                return
            yield index

    def result(self) -> ExtractedDocument:
        """What the stages learnt, as the rest of the store takes it."""
        return ExtractedDocument(
            sentences=self.sentences,
            figures=self.figures,
            names=self.names,
            main_place=self.main_place,
            places=self.places,
            acronyms=self.acronyms,
        )
