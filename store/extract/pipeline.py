"""Extraction as a pipeline of named stages over one document, like spaCy's components.

`STAGES` lists every stage, in the order they run, in one place: each is a small function
that reads what the stages before it left on the `Document` and adds its own part. The rules
themselves live in the module that owns their phenomenon (see the README's extraction
section); a stage only says when they run and what they are given.

Worded casualty counts ("a driver was shot and killed") are found before meaning is read,
because a worded count owns its span: in "no one was hurt" the "one" is no quantity of its own.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping

from store.extract import meaning
from store.extract.casualties import CASUALTY_HINT, implicit_casualties
from store.extract.document import Document, ExtractedDocument
from store.extract.folding import fold
from store.extract.quantities import find_quantities
from store.extract.sentences import split_sentences
from store.extract.tally import apply_tally

# CPU seconds one document may take: ordinary articles take milliseconds, and a hostile one
# must not hold an ingest worker for long. The figures found before it runs out are kept.
# The reading thread's own CPU time: neither other threads' work nor a busy machine counts.
EXTRACTION_BUDGET = 5.0

Stage = Callable[[Document], None]


def fold_text(doc: Document) -> None:
    """Fold: read the text and headline as a reader sees their numbers (digits of any script,
    no invisible controls); `unfold` moves offsets back onto the text as given."""
    doc.folded = fold(doc.original)
    doc.text = doc.folded.text
    doc.title = fold(doc.original_title).text if doc.original_title else doc.original_title


def split(doc: Document) -> None:
    """Sentences: exact (start, end) spans, each with a view that reads its clauses once."""
    doc.sentences = list(split_sentences(doc.text, doc.name))
    doc.read = len(doc.sentences)
    doc.views = [meaning.Clauses(doc.text[a:b]) for a, b in doc.sentences]


def find_numbers(doc: Document) -> None:
    """Quantities: every number of each sentence with its value, bounds, qualifier and unit,
    figures and non-figures alike (`store.extract.quantities`)."""
    for index in doc.each_sentence("quantities"):
        start, end = doc.sentences[index]
        doc.quantities.append(find_quantities(doc.text[start:end]))


def set_aside_non_figures(doc: Document) -> None:
    """Non-figures: dates, years, times, ages, ordinals, codes are kept apart from the
    quantities that can be figures."""
    for index in range(doc.read):
        found = doc.quantities[index]
        doc.quantities[index] = [q for q in found if q.is_figure]
        doc.non_figures.append([q for q in found if not q.is_figure])


def count_casualties(doc: Document) -> None:
    """Casualties: counts stated without a numeral ("a man was shot and killed" is 1 killed),
    read only in sentences with a kill or injury word (`store.extract.casualties`). A worded
    count owns its span, so a quantity inside it is dropped."""
    # The headline, where the text opens with it (see `store.ingest.with_headline`), may drop
    # its articles and auxiliaries.
    title = doc.title
    headline_end = len(title) if title and doc.text.startswith(title) else 0
    for index in doc.each_sentence("casualties"):
        start, end = doc.sentences[index]
        sentence = doc.text[start:end]
        found = (
            implicit_casualties(sentence, headline=end <= headline_end)
            if CASUALTY_HINT.search(sentence)
            else []
        )
        if found:
            doc.quantities[index] = [
                q
                for q in doc.quantities[index]
                if not any(c.start < q.end and q.start < c.end for c in found)
            ]
        doc.casualties.append(found)


def tally(doc: Document) -> None:
    """Tally: the article's own killed and injured counts are raised above the rest, leaving
    out sentences about other incidents (`store.extract.tally`)."""
    other = meaning.other_incident_sentences(doc)
    doc.figures = apply_tally(
        doc.figures,
        other,
        frozenset(doc.shot_only),
        meaning.lead_tells_of_death(doc, other),
        mentions_death=meaning.tells_of_death(doc.text),
        died_among=doc.died_among,
        parts=meaning.parts_among_others(doc),
        earlier=meaning.looking_back_sentences(doc),
    )


def unfold(doc: Document) -> None:
    """Unfold: sentence and figure offsets, and each figure's text, onto the text as given."""
    folded = doc.folded
    if folded is None or folded.origin is None:
        return
    doc.sentences = [folded.span(a, b) for a, b in doc.sentences]
    moved = []
    for fig in doc.figures:
        start, end = folded.span(fig.start, fig.end)
        moved.append(dataclasses.replace(fig, start=start, end=end, text=doc.original[start:end]))
    doc.figures = moved


# The pipeline: every stage by name, in the order it runs.
STAGES: Mapping[str, Stage] = {
    "fold": fold_text,
    "sentences": split,
    "names": meaning.read_names,
    "quantities": find_numbers,
    "non_figures": set_aside_non_figures,
    "speakers": meaning.read_speakers,
    "casualties": count_casualties,
    "meaning": meaning.read_meaning,
    "sentence_totals": meaning.add_sentence_totals,
    "tally": tally,
    "unfold": unfold,
}


def extract_document(
    text: str,
    title: str | None = None,
    *,
    name: str = "text",
    budget: float = EXTRACTION_BUDGET,
) -> ExtractedDocument:
    """Split `text` into sentences and find every figure with its meaning and attribution.

    `title` adds the names it uses, and says whether the article reports a death (see
    `apply_tally`). Reading stops at the first sentence that starts after `budget` CPU seconds,
    with a note naming the document (`name`) in the log; the figures found before are kept.

    Offsets, sentences and each figure's `text` are into `text` as given."""
    doc = Document(
        original=text, original_title=title, name=name, budget=budget, started=time.thread_time()
    )
    for stage in STAGES.values():
        stage(doc)
    return doc.result()
