"""The store's tables, as SQLAlchemy 2 typed models.

Relationships are `lazy="raise"`: every query says what it loads, so nothing issues a
surprise query per row inside an answer.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Document(Base):
    """One article, exactly as ingested: `text` is the article's own text (a body sentence's
    offsets are into it) and `title` its headline (a title sentence's offsets are into that)."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(512), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    # Indexed: "last week" is read against the newest article, and a scan of 100k articles'
    # rows for MAX(published) took longer than the rest of the question.
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    main_place: Mapped[str | None] = mapped_column(String(200))
    # The occurrence the article reports (see store/events): set at ingest, in the same
    # transaction as the article.
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    sentences: Mapped[list[Sentence]] = relationship(
        back_populates="document", cascade="all, delete-orphan", lazy="raise"
    )
    figures: Mapped[list[Figure]] = relationship(
        back_populates="document", cascade="all, delete-orphan", lazy="raise"
    )
    names: Mapped[list[DocumentName]] = relationship(
        back_populates="document", cascade="all, delete-orphan", lazy="raise"
    )


class Event(Base):
    """One real-world occurrence (this attack, this shooting): where, when, what harm, by whom.

    Articles about the same occurrence share it; the answer leads with one line per event.
    `people` holds the normalised names of the people its articles name with an age (victims,
    suspects), "|"-separated: a later article naming one of them joins the event.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_place_start", "place_norm", "start"),
        Index("ix_events_region_start", "region_norm", "start"),
        Index("ix_events_start", "start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    place: Mapped[str | None] = mapped_column(String(200))
    place_norm: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))
    region_norm: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(20))  # town | region | country
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    last_reported: Mapped[dt.date | None] = mapped_column(Date)
    # The days its articles' own words give ("on Saturday", "over 20 days"), shown in its
    # title; None where no article dates it. `start`/`end` also take in the publication days
    # of undated follow-ups, so that later reports find the event: those are for matching.
    stated_start: Mapped[dt.date | None] = mapped_column(Date)
    stated_end: Mapped[dt.date | None] = mapped_column(Date)
    harm: Mapped[str | None] = mapped_column(String(20))
    perpetrator: Mapped[str | None] = mapped_column(String(200))
    people: Mapped[str] = mapped_column(Text, default="")
    killed: Mapped[float | None] = mapped_column(Float)
    injured: Mapped[float | None] = mapped_column(Float)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    # Whether any of its articles dates it in its own words ("on Saturday"); an event no
    # article dates is known only by when it was reported.
    dated: Mapped[bool] = mapped_column(Boolean, default=False)


class EventPlace(Base):
    """A place an event's articles name (town, neighbourhood, street, venue), normalised: a
    later article naming one of them, on dates that meet, is a candidate for the event."""

    __tablename__ = "event_places"
    __table_args__ = (Index("ix_event_places_norm_event", "norm", "event_id"),)

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    norm: Mapped[str] = mapped_column(String(200), primary_key=True)
    # One of its articles' own place (main place, dateline) or a person it names, rather than
    # a place an article only mentions: a match needs one side's own.
    own: Mapped[bool] = mapped_column(Boolean, default=True)


class Sentence(Base):
    """A sentence of a document, with its character offsets; the unit of full-text search."""

    __tablename__ = "sentences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    # "body": offsets into the document's text; "title": offsets into its headline
    part: Mapped[str] = mapped_column(String(5), default="body", server_default="body")
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="sentences", lazy="raise")


class Source(Base):
    """Who gave a figure (an organisation or a person), by canonical name."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)


class Alias(Base):
    """Another name for a canonical place, source or perpetrator.

    Curated aliases ship in `seeds/aliases.toml`; acronyms an article defines
    ("... Human Rights (SOHR)") are learnt at ingest.
    """

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("kind", "norm", name="uq_alias_kind_norm"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # place | source | perpetrator
    name: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300))
    canonical: Mapped[str] = mapped_column(String(300))
    curated: Mapped[bool] = mapped_column(default=False)


class DocumentName(Base):
    """A proper name an article mentions (place-like), with its normalised and skeleton keys.

    Questions find the articles about a place through this table, fuzzily.
    """

    __tablename__ = "document_names"
    # (norm, document_id): the articles naming a place are read from the index alone.
    __table_args__ = (Index("ix_document_names_norm_document", "norm", "document_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300))
    mentions: Mapped[int] = mapped_column(Integer, default=1)

    document: Mapped[Document] = relationship(back_populates="names", lazy="raise")


class Figure(Base):
    """A number an article states about the world, with what it counts and who said it."""

    __tablename__ = "figures"
    __table_args__ = (
        Index("ix_figures_category_value", "category", "value"),
        Index("ix_figures_salience", "salience", "id"),
        Index("ix_figures_category_salience", "category", "salience", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    sentence_id: Mapped[int] = mapped_column(
        ForeignKey("sentences.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str | None] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(80))
    counts: Mapped[str | None] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(20), index=True)
    perpetrator: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200), index=True)
    period: Mapped[str | None] = mapped_column(String(120))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    salience: Mapped[float] = mapped_column(Float, default=0.0)
    # The extraction rule that produced it ("killed.nearest_cue"); None for figures stored
    # before rules were recorded.
    rule: Mapped[str | None] = mapped_column(String(80))

    document: Mapped[Document] = relationship(back_populates="figures", lazy="raise")
    sentence: Mapped[Sentence] = relationship(lazy="raise")
    source: Mapped[Source | None] = relationship(lazy="raise")


class DigestRun(Base):
    """One firing of a digest. The unique (digest, fire time) pair is claimed *before* posting,
    so a restart, a catch-up or a second replica never posts the same digest twice."""

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("digest_id", "fire_time", name="uq_digest_run"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest_id: Mapped[str] = mapped_column(String(200))
    fire_time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    status: Mapped[str] = mapped_column(
        String(20), default="claimed"
    )  # claimed|posted|failed|skipped
    detail: Mapped[str | None] = mapped_column(Text)


class Subscription(Base):
    """A digest created from chat (`/fact subscribe`), kept across restarts."""

    __tablename__ = "subscriptions"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))  # slack | discord
    channel: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    schedule: Mapped[str] = mapped_column(String(200))  # cron expression
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class FeedState(Base):
    """What a polled RSS/Atom feed last answered, for conditional requests."""

    __tablename__ = "feed_state"

    url: Mapped[str] = mapped_column(String(1000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(200))
    last_polled: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class FeedItem(Base):
    """A feed entry already fetched, so each item is ingested once."""

    __tablename__ = "feed_items"
    __table_args__ = (UniqueConstraint("feed_url", "item_key", name="uq_feed_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_url: Mapped[str] = mapped_column(String(1000))
    item_key: Mapped[str] = mapped_column(String(1000))
    document_id: Mapped[str | None] = mapped_column(String(512))
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class KnownName(Base):
    """Every distinct name (normalised) the articles use, with one spelling to show: the
    vocabulary questions are resolved against, kept small and read in one query."""

    __tablename__ = "known_names"

    norm: Mapped[str] = mapped_column(String(300), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))


class SeenRequest(Base):
    """A request signature (or event id) seen recently: every replica sharing the store checks
    here, so a captured request replayed to any of them is refused. Rows are pruned once
    `expires_at` (epoch seconds; a float compares alike on every dialect) has passed."""

    __tablename__ = "request_signatures"
    __table_args__ = (UniqueConstraint("key", name="uq_request_signature"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class ReplySnapshot(Base):
    """A chat reply as it was rendered for the person who asked, kept so that "Post to
    channel" shares exactly what was previewed and "More" pages through it, after a restart
    and on any replica. `shared_by` is set once: a share button works one time."""

    __tablename__ = "reply_snapshots"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text)  # JSON, the adapter's own shape
    # indexed for the sweep of snapshots past their keeping time
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, index=True
    )
    shared_by: Mapped[str | None] = mapped_column(String(200))
    shared_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class BotState(Base):
    """Small named values a bot keeps across restarts (the hash of the command set it last
    registered with Discord, say)."""

    __tablename__ = "bot_state"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
