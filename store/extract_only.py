"""Figures straight from documents, with no store: `factdesk extract --json`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from store.answer import AnswerFigure, Citation
from store.errors import IngestError
from store.ingest import canonical_source, curated_source_index, prepare
from store.names import NameIndex
from store.readers import RawArticle, read_paths


def figures_of(article: RawArticle, sources: NameIndex | None = None) -> list[AnswerFigure]:
    """Every figure in one article, each with its one citation.

    Offsets and quotes refer to the text as it would be stored: with its headline as the
    first paragraph where the body does not open with it (`store.ingest.with_headline`)."""
    prepared = prepare(article)
    index = sources if sources is not None else curated_source_index()
    text = prepared.article.text
    out = []
    for fig in prepared.extracted.figures:
        start, end = prepared.extracted.sentences[fig.sentence]
        source = (
            canonical_source(fig.source, index, prepared.extracted.acronyms) if fig.source else None
        )
        out.append(
            AnswerFigure(
                value=fig.value,
                low=fig.low,
                high=fig.high,
                text=fig.text,
                qualifier=fig.qualifier,
                unit=fig.unit,
                counts=fig.counts,
                category=fig.category,
                perpetrator=fig.perpetrator,
                place=fig.place or prepared.extracted.main_place,
                period=fig.period,
                source=source,
                citations=(
                    Citation(
                        document=article.id,
                        title=prepared.title,
                        outlet=prepared.outlet,
                        published=prepared.published,
                        url=article.url,
                        quote=text[start:end],
                        start=start,
                        end=end,
                    ),
                ),
            )
        )
    return out


def extract_paths(paths: Iterable[Path]) -> Iterator[dict[str, Any] | IngestError]:
    """One record per document: {"document": id, "figures": [...]}, or an error."""
    from store.answer import _figure_json

    sources = curated_source_index()
    for item in read_paths(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        figures = figures_of(item, sources)
        yield {"document": item.id, "figures": [_figure_json(f) for f in figures]}
