"""Digests, store side: claiming runs exactly once, what changed in the figures, subscriptions.

The bot schedules and posts; the store decides *what* a digest says and records *that* it ran.
A run is claimed by inserting `(digest id, fire time)` under a unique constraint before anything
is posted, so a restart, a catch-up or a second replica racing for the same fire time loses the
insert and posts nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.answer import AnswerEvent, AnswerFigure, Citation
from store.extract.lexicon import DEAD_NOUNS
from store.models import DigestRun, Document, Subscription
from store.names import normalise

if TYPE_CHECKING:  # FactStore calls into this module; only the type is needed here
    from store.factstore import FactStore

RUN_STATUSES = frozenset({"claimed", "posted", "failed", "skipped"})
# A run still "claimed" this long after its claim was made by a process that stopped before
# recording how it ended: a run builds and posts (retries included) in well under a minute.
STALE_CLAIM = dt.timedelta(minutes=10)
# The detail of a run re-claimed from a stale claim; a run re-claimed once is never again,
# so a digest whose run crashes its process every time cannot post in a loop.
RECLAIMED = "re-claimed: the first claim went stale (its process stopped?)"
# Categories that are parts or measures rather than rival totals never "change" one another
# (the same rule the answer's conflicts use).
_NOT_TOTALS = frozenset({"duration", "measure", "money", "percent", "count"})
# A death toll is reported as killings one day and bodies found the next: "now 128 killed, up
# from 80 bodies" is the change a newsroom wants, so both compare as one family.
_DEAD_FAMILY = frozenset({"killed", "bodies"})


def utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC. SQLite hands back naive datetimes (stored as UTC): read them as UTC.

    Fire times are always stored in UTC, so the same instant from two timezones is one key.
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


# --- runs: claimed once ---------------------------------------------------------------------


def claim_run(
    session: Session,
    digest_id: str,
    fire_time: dt.datetime,
    *,
    stale_after: dt.timedelta = STALE_CLAIM,
    now: dt.datetime | None = None,
) -> bool:
    """Claim `(digest_id, fire_time)`; False when another process (or an earlier run) has it.

    A claim left "claimed" for longer than `stale_after` belongs to a process that stopped
    mid-run: it is taken over, once. The take-over is one conditional UPDATE, so of two
    replicas racing for it exactly one wins. Commits on its own: the claim must be visible to
    every other replica before we post.
    """
    now = utc(now or dt.datetime.now(dt.UTC))
    fire = utc(fire_time)
    session.add(DigestRun(digest_id=digest_id, fire_time=fire, status="claimed", claimed_at=now))
    try:
        session.commit()
        return True
    except IntegrityError:
        session.rollback()
    result = session.execute(
        update(DigestRun)
        .where(
            DigestRun.digest_id == digest_id,
            DigestRun.fire_time == fire,
            DigestRun.status == "claimed",
            DigestRun.claimed_at < now - stale_after,
            DigestRun.detail.is_(None),
        )
        .values(claimed_at=now, detail=RECLAIMED)
    )
    session.commit()
    return bool(getattr(result, "rowcount", 0))


def mark_run(
    session: Session, digest_id: str, fire_time: dt.datetime, status: str, detail: str | None = None
) -> None:
    """Record how a claimed run ended: posted, failed (with why) or skipped (nothing to say)."""
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}")
    run = session.scalars(
        select(DigestRun).where(
            DigestRun.digest_id == digest_id, DigestRun.fire_time == utc(fire_time)
        )
    ).one()
    run.status = status
    run.detail = detail
    session.commit()


def run_status(session: Session, digest_id: str, fire_time: dt.datetime) -> str | None:
    """The status of a run, or None when nobody has claimed it."""
    return session.scalar(
        select(DigestRun.status).where(
            DigestRun.digest_id == digest_id, DigestRun.fire_time == utc(fire_time)
        )
    )


def last_posted_fire_time(
    session: Session, digest_id: str, before: dt.datetime | None = None
) -> dt.datetime | None:
    """The latest fire time this digest was posted (or skipped as empty) for, before `before`.

    A skipped run counts: it looked at the figures and found nothing new, so the next digest
    need not look again. A failed run does not: its figures are still owed.
    """
    stmt = select(DigestRun.fire_time).where(
        DigestRun.digest_id == digest_id, DigestRun.status.in_(("posted", "skipped"))
    )
    if before is not None:
        stmt = stmt.where(DigestRun.fire_time < utc(before))
    found = session.scalar(stmt.order_by(DigestRun.fire_time.desc()).limit(1))
    return utc(found) if found is not None else None


# --- what changed ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangedFigure:
    """A figure reported anew for the same thing (category family, place, perpetrator) with a
    different value: both values, when each was reported, and who said it."""

    now: AnswerFigure  # citations: only the new articles
    before: AnswerFigure  # citations: only the articles known before
    now_reported: dt.date | None
    before_reported: dt.date | None

    @property
    def direction(self) -> str:
        if self.now.value is None or self.before.value is None:
            return "changed"
        return "up" if self.now.value > self.before.value else "down"


@dataclass(frozen=True, slots=True)
class DigestContent:
    """What one digest says: figures new in (since, until], and figures that changed."""

    question: str
    since: dt.datetime
    until: dt.datetime
    new: tuple[AnswerFigure, ...] = ()
    changed: tuple[ChangedFigure, ...] = ()
    omitted: int = 0  # items past max_items
    title: str | None = None  # the digest's name, set by whoever schedules it
    # The answer's events that the new articles report on: a digest leads with their lines.
    events: tuple[AnswerEvent, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.new and not self.changed


def ingested_at(session: Session, document_ids: Iterable[str]) -> dict[str, dt.datetime]:
    """When each document was (last) ingested, in UTC."""
    ids = sorted(set(document_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(Document.id, Document.ingested_at).where(Document.id.in_(ids))
    ).all()
    return {str(i): utc(at) for i, at in rows}


def _family(f: AnswerFigure) -> str:
    if f.category in _DEAD_FAMILY or (f.counts or "") in DEAD_NOUNS:
        return "dead"
    return f.category


def _key(f: AnswerFigure) -> tuple[str, str | None, str | None] | None:
    """What a figure is a total *of*, or None when it is a part (a period) or not a total."""
    if f.value is None or f.period or f.category in _NOT_TOTALS:
        return None
    return (_family(f), normalise(f.place) if f.place else None, f.perpetrator)


def _reported(f: AnswerFigure, when: dict[str, dt.datetime]) -> dt.date | None:
    """When a figure was reported: its articles' earliest date line, else when we ingested it."""
    published = [c.published for c in f.citations if c.published]
    if published:
        return min(published)
    ingested = [when[c.document] for c in f.citations if c.document in when]
    return min(ingested).date() if ingested else None


def _split(
    f: AnswerFigure, when: dict[str, dt.datetime], since: dt.datetime, until: dt.datetime
) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
    """A figure's citations known by `since` (old) and ingested in (since, until] (new)."""
    old = tuple(c for c in f.citations if c.document in when and when[c.document] <= since)
    new = tuple(c for c in f.citations if c.document in when and since < when[c.document] <= until)
    return old, new


def _merge_same(figures: list[AnswerFigure]) -> list[AnswerFigure]:
    """One entry per total and value: the answer keeps "at least 128" and "128 persons" apart
    (different surface texts), but a digest line says "128" once, citing both."""
    merged: dict[object, AnswerFigure] = {}
    for f in figures:
        key = _key(f)
        slot: object = (key, f.value) if key is not None else id(f)
        first = merged.get(slot)
        if first is None:
            merged[slot] = f
        else:
            extra = tuple(c for c in f.citations if c not in first.citations)
            merged[slot] = replace(first, citations=first.citations + extra)
    return list(merged.values())


def digest_content(
    store: FactStore,
    question: str,
    since: dt.datetime,
    until: dt.datetime,
    max_items: int = 10,
) -> DigestContent:
    """Figures answering `question` that articles ingested in (since, until] brought.

    The question goes through `FactStore.ask`, the same path as a chat question, so a digest
    never says something `/fact` would not; each figure's citations are then split by when
    their article was ingested. A figure only the new articles report is *new*; a new figure
    for the same thing as an older one, with another value, is *changed*. A figure the store
    already had, merely cited again, is neither.
    """
    since, until = utc(since), utc(until)
    answer = store.ask(question)
    with store.sessions() as session:
        cited = [*answer.figures, *(f for e in answer.events for f in e.figures)]
        when = ingested_at(session, (c.document for f in cited for c in f.citations))

    fresh: list[AnswerFigure] = []
    known: dict[tuple[str, str | None, str | None], list[AnswerFigure]] = defaultdict(list)
    for f in answer.figures:  # in the answer's rank order, best first
        old, new = _split(f, when, since, until)
        if old:
            key = _key(f)
            if key is not None:
                known[key].append(replace(f, citations=old))
        elif new:
            fresh.append(replace(f, citations=new))
    fresh = _merge_same(fresh)

    items: list[AnswerFigure | ChangedFigure] = []
    for f in fresh:
        key = _key(f)
        rivals = [b for b in known.get(key, []) if b.value != f.value] if key else []
        if not rivals:
            items.append(f)
            continue
        # The latest earlier report is what the news said until now; ties keep the rank order.
        before = max(
            rivals,
            key=lambda b: (_reported(b, when) or dt.date.min, -rivals.index(b)),
        )
        items.append(ChangedFigure(f, before, _reported(f, when), _reported(before, when)))
    # Changes lead: "now 128, up from 80" is the news; new figures follow in rank order.
    items.sort(key=lambda item: 0 if isinstance(item, ChangedFigure) else 1)
    shown = items[: max(max_items, 0)]
    return DigestContent(
        question=question,
        since=since,
        until=until,
        new=tuple(i for i in shown if isinstance(i, AnswerFigure)),
        changed=tuple(i for i in shown if isinstance(i, ChangedFigure)),
        omitted=len(items) - len(shown),
        events=tuple(e for e in answer.events if _reported_on(e, when, since, until)),
    )


def _reported_on(
    event: AnswerEvent, when: dict[str, dt.datetime], since: dt.datetime, until: dt.datetime
) -> bool:
    """Whether an article ingested in (since, until] gives a figure of `event`."""
    return any(
        since < when[c.document] <= until
        for f in event.figures
        for c in f.citations
        if c.document in when
    )


# --- subscriptions --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubscriptionInfo:
    """A digest created from chat, as plain data (sessions closed, nothing lazy)."""

    id: str
    platform: str
    channel: str
    question: str
    schedule: str
    timezone: str
    created_by: str | None


def _info(row: Subscription) -> SubscriptionInfo:
    return SubscriptionInfo(
        id=row.id,
        platform=row.platform,
        channel=row.channel,
        question=row.question,
        schedule=row.schedule,
        timezone=row.timezone,
        created_by=row.created_by,
    )


def add_subscription(session: Session, sub: SubscriptionInfo) -> bool:
    """Store a subscription; False when its id is taken."""
    session.add(
        Subscription(
            id=sub.id,
            platform=sub.platform,
            channel=sub.channel,
            question=sub.question,
            schedule=sub.schedule,
            timezone=sub.timezone,
            created_by=sub.created_by,
        )
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def remove_subscription(session: Session, subscription_id: str) -> bool:
    """Remove a subscription; False when there was none."""
    result = session.execute(delete(Subscription).where(Subscription.id == subscription_id))
    session.commit()
    return bool(getattr(result, "rowcount", 0))


def list_subscriptions(
    session: Session, platform: str | None = None, channels: Sequence[str] | None = None
) -> list[SubscriptionInfo]:
    """Subscriptions, by id; optionally only one platform's, or only some channels'."""
    stmt = select(Subscription).order_by(Subscription.id)
    if platform is not None:
        stmt = stmt.where(Subscription.platform == platform)
    if channels is not None:
        stmt = stmt.where(Subscription.channel.in_(list(channels)))
    return [_info(row) for row in session.scalars(stmt)]
