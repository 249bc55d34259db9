"""Why each figure of a document was read as it was: its rule and the words that decided it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from store.figure import Statement, statement_values
from store.ingest import TITLE, prepare, with_headline
from store.models import Document, Sentence
from store.readers import RawArticle


@dataclass(frozen=True, slots=True)
class FigureExplanation(Statement):
    """One figure: what it says (`store.figure.Statement`, as extracted: its source the words
    naming who said it), the pipeline stage and the rule that produced it, and the words that
    decided it.

    `quote` is its sentence, in the article's `part` ("body" or "title"); `cue` is None when
    the number alone decided (a plain count, a sum of money)."""

    stage: str
    rule: str
    cue: str | None
    quote: str
    part: str


def explain_article(article: RawArticle) -> list[FigureExplanation]:
    """Every figure of `article`, in reading order, with its rule and cue (read with the
    current rules: a stored document is read again, as at ingest)."""
    prepared = prepare(article)
    read = prepared.read_text
    out = []
    for fig in sorted(prepared.extracted.figures, key=lambda f: (f.start, f.end)):
        s_start, s_end = prepared.extracted.sentences[fig.sentence]
        part, _start, _end = prepared.locate(s_start, s_end)
        out.append(
            FigureExplanation(
                **statement_values(fig),
                stage=fig.stage,
                rule=fig.rule,
                cue=read[fig.cue[0] : fig.cue[1]] if fig.cue else None,
                quote=read[s_start:s_end],
                part=part,
            )
        )
    return out


def stored_article(session: Session, document_id: str) -> RawArticle | None:
    """A stored document as the article it was read from, or None when there is none.

    Its headline is given as the article's own only where it was read apart from the body
    (sentences in the title part): a headline found in the text itself is found again."""
    doc = session.get(Document, document_id)
    if doc is None:
        return None
    has_title_part = bool(
        session.scalar(
            select(exists().where(Sentence.document_id == document_id, Sentence.part == TITLE))
        )
    )
    article = RawArticle(
        id=doc.id,
        text=doc.text,
        origin=doc.id,
        title=doc.title,
        url=doc.url,
        published=doc.published,
        outlet=doc.outlet,
    )
    if not has_title_part and with_headline(article)[1]:
        # The title was read from the text, not given: giving it now would put it first.
        article = dataclasses.replace(article, title=None)
    return article
