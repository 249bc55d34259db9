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

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from store.errors import IngestError, StoreUnavailable
from store.events.cluster import assign_event, forget_documents
from store.events.signals import EventSignals, read_signals
from store.extract.document import ExtractedDocument
from store.extract.pipeline import extract_document
from store.figure import row_values
from store.metadata import read_metadata
from store.models import Alias, Base, Document, DocumentName, Figure, KnownName, Sentence, Source
from store.names import NameIndex, curated_aliases, normalise
from store.outlets import outlet_from_url
from store.readers import RawArticle
from store.redact import strip_credentials

# Prepares articles (in order) somewhere other than the calling thread: see store/worker.py.
Preparer = Callable[[Iterable[RawArticle]], Iterable["PreparedArticle | IngestError"]]

BODY, TITLE = "body", "title"  # the part of an article a sentence or figure stands in
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
    # (name, norm) of extracted.names with a non-empty norm, in order: normalised here, in the
    # worker, rather than in the one process that writes to the store
    name_norms: tuple[tuple[str, str], ...] = ()
    # The text extraction read (`with_headline`): offsets in `extracted` are into it, and the
    # article's own text starts at `body_start` (0 when no headline was put before it).
    read_text: str = ""
    body_start: int = 0

    def locate(self, start: int, end: int) -> tuple[str, int, int]:
        """Where a span of `read_text` stands in the article: ("body", offsets into its own
        text) or ("title", offsets into its headline)."""
        if start >= self.body_start:
            return BODY, start - self.body_start, end - self.body_start
        return TITLE, start, min(end, self.body_start - 2)

    # where, when and what the article reports: which event it joins (store/events)
    signals: EventSignals | None = None


def content_hash(article: RawArticle) -> str:
    payload = json.dumps(
        [article.text, article.title, article.url, str(article.published), article.outlet],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def with_headline(article: RawArticle) -> tuple[str, int]:
    """The text extraction reads, and where the article's own text starts in it.

    Where the body does not open with the headline, the headline is read first, as its own
    paragraph: local news often gives the toll only there ("5 hurt, 2 critically, in
    shooting near a park"). The headline stays apart from the body when stored (see
    `Part`), so body offsets are exact against the article's own text."""
    title = (article.title or "").strip()
    if not title:
        return article.text, 0
    if not article.text.strip():
        return title, len(title) + 2  # a headline alone: no body to offset
    opening = _folded(article.text[: len(title) + 400])
    if _folded(title) in opening:
        return article.text, 0
    return f"{title}\n\n{article.text}", len(title) + 2


def without_credentials(article: RawArticle) -> RawArticle:
    """The article with `user:password@` taken out of its URL (and of an id that is a URL): a
    feed's link with credentials must not become an id, an outlet or a citation."""
    url = strip_credentials(article.url) if article.url else article.url
    doc_id = strip_credentials(article.id) if "://" in article.id else article.id
    if (url, doc_id) == (article.url, article.id):
        return article
    return dataclasses.replace(article, url=url, id=doc_id)


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def prepare(article: RawArticle) -> PreparedArticle:
    """Extraction, the CPU-heavy part: a pure function, so it can run in worker processes."""
    article = without_credentials(article)
    digest = content_hash(article)
    read, body_start = with_headline(article)
    meta = read_metadata(read)
    extracted = extract_document(read, article.title or meta.title, name=article.origin)
    published = article.published or meta.published
    return PreparedArticle(
        article=article,
        content_hash=digest,
        # Stripped as `with_headline` reads it: a headline quote's offsets are into this title.
        title=(article.title or "").strip() or meta.title,
        # Given metadata first, then the site of its address, then what the text says.
        outlet=article.outlet or outlet_from_url(article.url) or meta.outlet,
        published=published,
        extracted=extracted,
        name_norms=tuple((name, norm) for name in extracted.names if (norm := normalise(name))),
        read_text=read,
        body_start=body_start,
        signals=read_signals(read, extracted, published),
    )


class SourceIds:
    """Canonical source name → row id, created on first use."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def forget(self) -> None:
        """Drop cached ids: a rolled-back transaction may have taken its new rows with it."""
        self._ids.clear()

    def get_many(self, session: Session, names: Iterable[str]) -> dict[str, int]:
        """Row ids for `names`, creating the missing rows: one lookup and one insert per batch
        of documents rather than a query (and a savepoint) per figure."""
        wanted = [n for n in dict.fromkeys(names) if n not in self._ids]
        if wanted:
            self._ids.update(_source_ids(session, wanted))
            missing = sorted(n for n in wanted if n not in self._ids)
            if missing:
                # ON CONFLICT DO NOTHING: another process may create the same source meanwhile;
                # sorted, so two writers take the unique index's locks in one order (PostgreSQL).
                _insert_ignoring_conflicts(session, Source, [{"name": n} for n in missing], "name")
                self._ids.update(_source_ids(session, missing))
        return {n: self._ids[n] for n in names}


def _source_ids(session: Session, names: list[str]) -> dict[str, int]:
    rows = session.execute(select(Source.name, Source.id).where(Source.name.in_(names)))
    return {str(name): int(id_) for name, id_ in rows}


def _insert_ignoring_conflicts(
    session: Session, model: type[Source] | type[KnownName], rows: list[dict[str, str]], key: str
) -> None:
    """INSERT … ON CONFLICT (key) DO NOTHING, in the store's dialect (into the Core table:
    see _DOCUMENTS)."""
    table = Base.metadata.tables[model.__tablename__]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(table).on_conflict_do_nothing(index_elements=[key]), rows)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(table).on_conflict_do_nothing(index_elements=[key]), rows)


def canonical_source(name: str, learnt: NameIndex, doc_acronyms: dict[str, str]) -> str:
    """The canonical name of a figure's source: an acronym the article defines expanded, then
    resolved among the known sources when exactly one fits."""
    expanded = doc_acronyms.get(name, name)
    hits = learnt.resolve(expanded)
    if len(hits) == 1:
        return next(iter(hits))
    return expanded


def _remember_names(session: Session, names: dict[str, str]) -> None:
    """Add new names to the store's vocabulary (an existing name keeps its spelling)."""
    if not names:
        return
    # Sorted: two writers insert overlapping names in one order (no lock-order deadlock).
    rows = [{"norm": norm, "name": names[norm]} for norm in sorted(names)]
    _insert_ignoring_conflicts(session, KnownName, rows, "norm")


# Core tables, not the mapped classes: an ORM bulk insert costs several times a Core
# executemany per row, and ingest writes ~60 rows per article.
_DOCUMENTS = Base.metadata.tables[Document.__tablename__]
_SENTENCES = Base.metadata.tables[Sentence.__tablename__]
_NAMES = Base.metadata.tables[DocumentName.__tablename__]
_FIGURES = Base.metadata.tables[Figure.__tablename__]


def _insert_sentences(session: Session, rows: list[dict[str, object]]) -> list[int]:
    """Insert sentence rows; their ids, in order (figures refer to them)."""
    if not rows:
        return []
    if session.get_bind().dialect.name == "sqlite":
        # SQLAlchemy runs an ordered RETURNING insert one row at a time on SQLite (a
        # multi-row RETURNING has no guaranteed order there), so the ids are given instead:
        # the ones SQLite would choose (max rowid + 1, …; no AUTOINCREMENT on this table).
        # Safe because this transaction already wrote the documents, so it holds the
        # database's write lock and no other writer can take ids before the insert.
        first = int(session.scalar(select(func.max(_SENTENCES.c.id))) or 0) + 1
        session.execute(
            insert(_SENTENCES), [{**row, "id": first + k} for k, row in enumerate(rows)]
        )
        return list(range(first, first + len(rows)))
    result = session.execute(
        insert(_SENTENCES).returning(_SENTENCES.c.id, sort_by_parameter_order=True), rows
    )
    return [int(row[0]) for row in result]


def _write(
    session: Session, batch: list[PreparedArticle], sources: SourceIds, learnt: NameIndex
) -> int:
    """Replace the documents of `batch` (ids distinct) with their sentences, names and figures:
    one statement per table for the whole batch, not per document."""
    forget_documents(session, [p.article.id for p in batch])
    session.execute(delete(_DOCUMENTS).where(_DOCUMENTS.c.id.in_([p.article.id for p in batch])))
    now = dt.datetime.now(dt.UTC)
    session.execute(
        insert(_DOCUMENTS),
        [
            {
                "id": p.article.id,
                "title": p.title,
                "outlet": p.outlet,
                "published": p.published,
                "url": p.article.url,
                "content_hash": p.content_hash,
                "text": p.article.text,
                "main_place": p.extracted.main_place,
                "ingested_at": now,
            }
            for p in batch
        ],
    )
    sentence_rows = [
        {
            "document_id": p.article.id,
            "position": i,
            "part": part,
            "start": start,
            "end": end,
            "text": p.read_text[s:e],
        }
        for p in batch
        for i, (s, e) in enumerate(p.extracted.sentences)
        for part, start, end in [p.locate(s, e)]
    ]
    sentence_ids = _insert_sentences(session, sentence_rows)
    name_rows = []
    known: dict[str, str] = {}
    for p in batch:
        mentions = p.extracted.names
        doc_names = [
            {
                "document_id": p.article.id,
                "name": name[:300],
                "norm": norm[:300],
                "mentions": mentions[name],
            }
            for name, norm in p.name_norms
        ]
        name_rows.extend(doc_names)
        # Within a document the last spelling of a norm wins, across documents the first
        # (as when each document was written on its own).
        for norm, name in {str(r["norm"]): str(r["name"]) for r in doc_names}.items():
            known.setdefault(norm, name)
    if name_rows:
        session.execute(insert(_NAMES), name_rows)
        _remember_names(session, known)
    figure_sources = [
        [
            canonical_source(fig.source, learnt, p.extracted.acronyms)[:300] if fig.source else None
            for fig in p.extracted.figures
        ]
        for p in batch
    ]
    source_ids = sources.get_many(
        session, [name for names in figure_sources for name in names if name is not None]
    )
    figure_rows = []
    first_sentence = 0
    for p, names in zip(batch, figure_sources, strict=True):
        for fig, source in zip(p.extracted.figures, names, strict=True):
            _part, start, end = p.locate(fig.start, fig.end)
            figure_rows.append(
                {
                    "document_id": p.article.id,
                    "sentence_id": sentence_ids[first_sentence + fig.sentence],
                    "start": start,
                    "end": end,
                    "rule": fig.rule[:80] or None,
                    **row_values(fig),
                    "source_id": source_ids[source] if source is not None else None,
                    "salience": fig.salience,
                }
            )
        first_sentence += len(p.extracted.sentences)
    if figure_rows:
        session.execute(insert(_FIGURES), figure_rows)
    for p in sorted(batch, key=lambda p: (p.published or dt.date.max, p.article.id)):
        if p.signals is not None:
            assign_event(session, p.article.id, p.signals)
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


def curated_source_index() -> NameIndex:
    """The curated source aliases alone, for extraction without a store."""
    return NameIndex(curated_aliases().entries("sources"))


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
    prepared_by: Preparer | None = None,
) -> IngestReport:
    """Store every article in `items`; errors are collected, never raised, per input.

    `prepared_by` (for example `store.worker.ExtractionWorkers.prepare`) prepares the articles
    elsewhere, in order, instead of in this process (`jobs`)."""
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
            if item.id in known and known[item.id] == content_hash(item):
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
        if prepared_by is not None:
            for prepared in prepared_by(pending()):
                if isinstance(prepared, IngestError):
                    report.errors.append(prepared)
                else:
                    yield prepared
            return
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
        if len({item.article.id for item in batch}) == len(batch):
            figures += _write(session, batch, sources, learnt)
        else:  # an id twice in one batch: the later article replaces the earlier, in turn
            for item in batch:
                figures += _write(session, [item], sources, learnt)
    report.added += added
    report.replaced += replaced
    report.figures += figures
    for item in batch:
        known[item.article.id] = item.content_hash
