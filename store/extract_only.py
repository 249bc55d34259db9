"""Figures straight from documents, with no store: `factdesk extract --json`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from store.answer import AnswerFigure, Citation
from store.errors import IngestError
from store.ingest import prepare
from store.names import curated_aliases
from store.readers import RawArticle, read_paths


def figures_of(article: RawArticle) -> list[AnswerFigure]:
    """Every figure in one article, each with its one citation."""
    prepared = prepare(article)
    sources = {e.norm: e.canonical for e in curated_aliases().entries("sources")}
    out = []
    for fig in prepared.extracted.figures:
        start, end = prepared.extracted.sentences[fig.sentence]
        source = fig.source
        if source:
            acronym_full = prepared.extracted.acronyms.get(source, source)
            source = sources.get(acronym_full.lower(), acronym_full)
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
                        quote=article.text[start:end],
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

    for item in read_paths(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        yield {"document": item.id, "figures": [_figure_json(f) for f in figures_of(item)]}
