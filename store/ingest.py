"""Ingest: articles in, documents with their sentences, figures and names stored.

Idempotent (a content hash says whether an article changed) and atomic per document: a
document is written whole, with its figures, in one transaction, or not at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from store.errors import IngestError, StoreUnavailable
from store.extraction import ExtractedDocument, extract_document
from store.metadata import read_metadata
from store.models import Alias, Document, DocumentName, Figure, KnownName, Sentence, Source
from store.names import NameIndex, curated_aliases, normalise
from store.readers import RawArticle

ANALYZE_AFTER = 200  # documents stored by one ingest before the planner's statistics are renewed
BATCH = 50  # documents per transaction: each is whole or absent, and commits stay cheap


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: counts, and every input it could not take, with the reason."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    figures: int = 0
    errors: list[IngestError] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.added + self.replaced


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article with its metadata settled and its figures extracted, ready to store."""

    article: RawArticle
    content_hash: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    extracted: ExtractedDocument


def content_hash(article: RawArticle) -> str:
    payload = json.dumps(
        [article.text, article.title, article.url, str(article.published), article.outlet],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def with_headline(article: RawArticle) -> RawArticle:
    """The article with its headline as its first paragraph, where the body does not already
    open with it: local news often gives the toll only there ("6 wounded, 1 critically, in
    shooting outside bar"), and a figure read from it is cited like any other sentence."""
    title = (article.title or "").strip()
    if not title:
        return article
    opening = _folded(article.text[: len(title) + 400])
    if _folded(title) in opening:
        return article
    return dataclasses.replace(article, text=f"{title}\n\n{article.text}")


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def prepare(article: RawArticle) -> PreparedArticle:
    """Extraction, the CPU-heavy part: a pure function, so it can run in worker processes."""
    digest = content_hash(article)
    article = with_headline(article)
    meta = read_metadata(article.text)
    return PreparedArticle(
        article=article,
        content_hash=digest,
        title=article.title or meta.title,
        outlet=article.outlet or meta.outlet,
        published=article.published or meta.published,
        extracted=extract_document(article.text, article.title or meta.title),
    )


class SourceIds:
    """Canonical source name → row id, created on first use."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def forget(self) -> None:
        """Drop cached ids: a rolled-back transaction may have taken its new rows with it."""
        self._ids.clear()

    def get(self, session: Session, name: str) -> int:
        if name in self._ids:
            return self._ids[name]
        found = session.scalar(select(Source.id).where(Source.name == name))
        if found is None:
            try:
                with session.begin_nested():
                    source = Source(name=name)
                    session.add(source)
                    session.flush()
                    found = source.id
            except IntegrityError:  # another process created it first
                found = session.scalar(select(Source.id).where(Source.name == name))
        assert found is not None
        self._ids[name] = found
        return found


def _canonical_source(name: str, learnt: NameIndex, doc_acronyms: dict[str, str]) -> str:
    expanded = doc_acronyms.get(name, name)
    hits = learnt.resolve(expanded)
    if len(hits) == 1:
        return next(iter(hits))
    return expanded


def _remember_names(session: Session, names: dict[str, str]) -> None:
    """Add new names to the store's vocabulary (an existing name keeps its spelling)."""
    if not names:
        return
    rows = [{"norm": norm, "name": name} for norm, name in names.items()]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(KnownName).on_conflict_do_nothing(index_elements=["norm"]), rows)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(
            sqlite_insert(KnownName).on_conflict_do_nothing(index_elements=["norm"]), rows
        )


def _write(
    session: Session, prepared: PreparedArticle, sources: SourceIds, learnt: NameIndex
) -> int:
    article, extracted = prepared.article, prepared.extracted
    session.execute(delete(Document).where(Document.id == article.id))
    session.execute(
        insert(Document).values(
            id=article.id,
            title=prepared.title,
            outlet=prepared.outlet,
            published=prepared.published,
            url=article.url,
            content_hash=prepared.content_hash,
            text=article.text,
            main_place=extracted.main_place,
            ingested_at=dt.datetime.now(dt.UTC),
        )
    )
    sentence_ids: list[int] = []
    if extracted.sentences:
        rows = [
            {
                "document_id": article.id,
                "position": i,
                "start": s,
                "end": e,
                "text": article.text[s:e],
            }
            for i, (s, e) in enumerate(extracted.sentences)
        ]
        result = session.execute(
            insert(Sentence).returning(Sentence.id, sort_by_parameter_order=True), rows
        )
        sentence_ids = [row[0] for row in result]
    if extracted.names:
        names = [
            {"document_id": article.id, "name": name[:300], "norm": norm[:300], "mentions": n}
            for name, n in extracted.names.items()
            if (norm := normalise(name))
        ]
        session.execute(insert(DocumentName), names)
        _remember_names(session, {str(row["norm"]): str(row["name"]) for row in names})
    figure_rows = []
    for fig in extracted.figures:
        source_id = None
        if fig.source:
            source_id = sources.get(
                session, _canonical_source(fig.source, learnt, extracted.acronyms)[:300]
            )
        figure_rows.append(
            {
                "document_id": article.id,
                "sentence_id": sentence_ids[fig.sentence],
                "start": fig.start,
                "end": fig.end,
                "text": fig.text,
                "value": fig.value,
                "low": fig.low,
                "high": fig.high,
                "qualifier": fig.qualifier,
                "unit": (fig.unit or None) and fig.unit[:80],
                "counts": (fig.counts or None) and fig.counts[:120],
                "category": fig.category,
                "perpetrator": (fig.perpetrator or None) and fig.perpetrator[:200],
                "place": (fig.place or None) and fig.place[:200],
                "period": (fig.period or None) and fig.period[:120],
                "source_id": source_id,
                "salience": fig.salience,
            }
        )
    if figure_rows:
        session.execute(insert(Figure), figure_rows)
    return len(figure_rows)


def _learn_acronyms(session: Session, prepared: list[PreparedArticle], learnt: NameIndex) -> None:
    """Acronyms articles define ("… Human Rights (SOHR)") become source aliases."""
    existing = set(session.scalars(select(Alias.norm).where(Alias.kind == "source")))
    for item in prepared:
        for acronym, full in item.extracted.acronyms.items():
            norm = normalise(acronym)
            if norm in existing:
                continue
            hits = learnt.resolve(full)
            canonical = next(iter(hits)) if len(hits) == 1 else full
            try:
                with session.begin_nested():
                    session.add(
                        Alias(
                            kind="source",
                            name=acronym,
                            norm=norm,
                            canonical=canonical,
                            curated=False,
                        )
                    )
                existing.add(norm)
            except IntegrityError:
                existing.add(norm)


def source_index(session: Session) -> NameIndex:
    """Curated source aliases plus those the store has learnt."""
    from store.names import NameEntry

    entries = list(curated_aliases().entries("sources"))
    for alias in session.scalars(select(Alias).where(Alias.kind == "source")):
        entries.append(NameEntry(alias.name, alias.canonical, alias.norm))
    return NameIndex(entries)


def _refresh_statistics(factory: sessionmaker[Session]) -> None:
    """Renew the query planner's statistics: without them SQLite walks the category index for
    a place question (every figure of the category) instead of the place's few articles."""
    try:
        with factory() as session, session.begin():
            session.execute(text("ANALYZE"))
    except SQLAlchemyError:  # an optimisation only: a busy store can skip it
        pass


def ingest_articles(
    factory: sessionmaker[Session],
    items: Iterable[RawArticle | IngestError],
    *,
    jobs: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Store every article in `items`; errors are collected, never raised, per input."""
    report = IngestReport()
    sources = SourceIds()
    done = 0
    try:
        with factory() as session:
            known = dict(session.execute(select(Document.id, Document.content_hash)).all())
            learnt = source_index(session)
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"cannot read the fact store: {exc}") from exc

    def pending() -> Iterator[RawArticle]:
        nonlocal done
        for item in items:
            if isinstance(item, IngestError):
                report.errors.append(item)
                continue
            if known.get(item.id) == content_hash(item):
                report.unchanged += 1
                done += 1
                if on_progress:
                    on_progress(done)
                continue
            yield item

    def batches(stream: Iterable[PreparedArticle]) -> Iterator[list[PreparedArticle]]:
        batch: list[PreparedArticle] = []
        for item in stream:
            batch.append(item)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def prepared_stream() -> Iterator[PreparedArticle]:
        if jobs <= 1:
            for article in pending():
                try:
                    yield prepare(article)
                except Exception as exc:  # an extractor bug must not lose the rest
                    report.errors.append(IngestError(article.origin, f"extraction failed: {exc!r}"))
            return
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(prepare, pending(), chunksize=16)

    for batch in batches(prepared_stream()):
        try:
            _store_batch(factory, batch, sources, learnt, report, known)
        except SQLAlchemyError:
            sources.forget()
            # Find the document at fault: store the batch one document at a time.
            for item in batch:
                try:
                    _store_batch(factory, [item], sources, learnt, report, known)
                except SQLAlchemyError as exc:
                    sources.forget()
                    report.errors.append(
                        IngestError(
                            item.article.origin,
                            f"not stored: {exc.__class__.__name__}: {exc}"[:500],
                        )
                    )
        done += len(batch)
        if on_progress:
            on_progress(done)
    if report.stored >= ANALYZE_AFTER:
        _refresh_statistics(factory)
    return report


def _store_batch(
    factory: sessionmaker[Session],
    batch: list[PreparedArticle],
    sources: SourceIds,
    learnt: NameIndex,
    report: IngestReport,
    known: dict[str, str],
) -> None:
    added = replaced = figures = 0
    with factory() as session, session.begin():
        _learn_acronyms(session, batch, learnt)
        for item in batch:
            if item.article.id in known:
                replaced += 1
            else:
                added += 1
            figures += _write(session, item, sources, learnt)
    report.added += added
    report.replaced += replaced
    report.figures += figures
    for item in batch:
        known[item.article.id] = item.content_hash
