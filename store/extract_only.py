"""Figures straight from documents, with no store: `factdesk extract --json`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from store.answer import AnswerFigure, Citation, answer_figure, figure_json
from store.errors import IngestError
from store.extract.document import ExtractedFigure
from store.ingest import canonical_source, curated_source_index, prepare
from store.names import NameIndex
from store.readers import RawArticle, read_paths


def figures_of(
    article: RawArticle, sources: NameIndex | None = None
) -> list[tuple[AnswerFigure, ExtractedFigure]]:
    """Every figure in one article, each with its one citation, beside the figure as extracted
    (its rule and cue).

    A body figure's offsets are into the article's own text; a figure read from the headline
    is cited with `part` "title" and offsets into the headline."""
    prepared = prepare(article)
    index = sources if sources is not None else curated_source_index()
    out = []
    for fig in prepared.extracted.figures:
        s_start, s_end = prepared.extracted.sentences[fig.sentence]
        part, start, end = prepared.locate(s_start, s_end)
        source = (
            canonical_source(fig.source, index, prepared.extracted.acronyms) if fig.source else None
        )
        figure = answer_figure(
            fig,
            (
                Citation(
                    document=article.id,
                    title=prepared.title,
                    outlet=prepared.outlet,
                    published=prepared.published,
                    url=article.url,
                    quote=prepared.read_text[s_start:s_end],
                    start=start,
                    end=end,
                    part=part,
                ),
            ),
            place=fig.place or prepared.extracted.main_place,
            source=source,
        )
        out.append((figure, fig))
    return out


def extract_paths(paths: Iterable[Path]) -> Iterator[dict[str, Any] | IngestError]:
    """One record per document: {"document": id, "figures": [...]}, or an error.

    Each figure carries the `rule` that produced it."""
    sources = curated_source_index()
    for item in read_paths(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        yield {
            "document": item.id,
            "figures": [
                {**figure_json(f), "rule": extracted.rule}
                for f, extracted in figures_of(item, sources)
            ],
        }
