"""Gathering articles into events, one article at a time, as they are ingested.

A later article about the same occurrence joins its event when what a reporter would check
agrees: the same place, and either a person both name (a victim or suspect named with an age),
or dates that meet (the article's own "on Saturday", resolved against its publication day).
Another occurrence in the same city is another event: different dates, or different people
named. An article with no place, or only a country, stays alone unless it names someone an
event already holds. Incremental and idempotent: an article is assigned once per version.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, and_, false, insert, or_, select, update
from sqlalchemy.orm import Session

from store.events.signals import EventSignals
from store.models import Document, Event, EventPlace
from store.names import normalise

_EVENTS: Table = Event.__table__  # type: ignore[assignment]
_DOCUMENTS: Table = Document.__table__  # type: ignore[assignment]
_PLACES: Table = EventPlace.__table__  # type: ignore[assignment]
# How far apart an article's dates and its event's may be and still meet. An article the
# text does not date is placed by its publication day, a day or two after the event.
SAME_DAY = dt.timedelta(days=1)
UNDATED_SLACK = dt.timedelta(days=1)
# A follow-up naming the same victim joins weeks later ("the second victim died Friday").
FOLLOW_UP = dt.timedelta(days=120)
# A person or a venue named in both: a trial, a plea, an anniversary, years later.
NAMED_FOLLOW_UP = dt.timedelta(days=3 * 365)
MAX_SPAN = dt.timedelta(days=31)
# An arrest, a charge, a victim named: reported in the weeks after, the same toll at one place.
TOLL_FOLLOW_UP = dt.timedelta(days=31)
PEOPLE_ONLY = dt.timedelta(days=30)
# How far a later toll may exceed an earlier one and still be its update: "one dead" becomes
# "two dead" when a victim dies; "40" becomes "52" as bodies are found. 4 and 22 are two tolls.
UPDATE_RATIO = 1.5
UPDATE_STEP = 2.0  # people named alike join without a shared place
# A second event an article fits this well (a person or a venue both name, at one place) is
# the same occurrence, split while its reports arrived: the two are merged.
SAME_STORY = 10.0
# An article naming more places than this is a listing or a round-up of many events: it is
# an event of its own and no later article is matched through its places.
MAX_KEYS = 12


def _people(stored: str) -> set[str]:
    return {p for p in stored.split("|") if p}


def _dates_meet(signals: EventSignals, row: dict[str, object]) -> bool:
    start, end = row["start"], row["end"]
    if signals.start is None or start is None or end is None:
        return False
    assert isinstance(start, dt.date) and isinstance(end, dt.date)
    assert signals.end is not None
    slack = SAME_DAY if signals.dated else UNDATED_SLACK
    return signals.start <= end + slack and start - slack <= signals.end


def _compatible(ours: float | None, theirs: object) -> bool:
    """Whether two death tolls can be of one event: equal, or one a later count of the other
    (a victim who died since, bodies found since), not one a multiple of the other."""
    if ours is None or not isinstance(theirs, int | float):
        return True
    low, high = sorted((float(ours), float(theirs)))
    return high <= low * UPDATE_RATIO + UPDATE_STEP


def _is_place(key: str) -> bool:
    """A place's key, not a person's ("@", "#"), a venue's ("#") or a victim's ("&8 girl")."""
    return not key.startswith(("@", "#", "&"))


def _is_named(key: str) -> bool:
    """A person's key ("@" named with an age, "#" without) or a venue's ("#")."""
    return key.startswith(("@", "#"))


def _score(signals: EventSignals, row: dict[str, object], matched: set[str]) -> float | None:
    """How well an article fits a candidate event (one sharing a place, a person or a venue
    with it: `matched`); None when it must not join."""
    theirs = _people(str(row["people"] or ""))
    shared = signals.people & theirs
    named_places = sum(1 for k in matched if _is_place(k))
    named = sum(1 for k in matched if k.startswith("#"))
    described = sum(1 for k in matched if k.startswith("&"))
    if shared and named_places > 0:
        # The same person at the same place: a follow-up, weeks later perhaps.
        return 20.0 + len(shared) + named_places
    if shared and signals.start is not None and isinstance(row["start"], dt.date):
        # The same people, named with their ages, in reports a few weeks apart.
        apart = abs((signals.start - row["start"]).days)
        if apart <= PEOPLE_ONLY.days or len(shared) >= 2:
            return 15.0 + len(shared)
    if named_places <= 0:
        # The same venue or person the same days, placed by a suburb on one side and the
        # county on the other ("Heron Bay Drive" in Millbrook, in Pine County).
        if named and _dates_meet(signals, row) and _tolls_agree(signals, row):
            return 8.0 + named
        # Months later, where the report names no place: someone named in the story and the
        # victim described as the event's were ("the 8-year-old ... Dana Potter").
        if named and described and _tolls_agree(signals, row) and _not_before(signals, row):
            return 8.0 + named + described
        return None
    place = signals.place
    if (
        place is not None
        and place.region
        and row["region"]
        and place.region != row["region"]
        and normalise(place.name) == row["place_norm"]
    ):
        return None  # Franklin, Indiana is not Franklin, Tennessee
    tolls_agree = _tolls_agree(signals, row)
    if named and tolls_agree and _not_before(signals, row):
        # Someone named in the story, or the street or venue, at the same place: a follow-up
        # ("charged in the death of Darnell Ortiz", "the Magnolia Street bar shooting").
        return 10.0 + named + named_places
    if described and tolls_agree and _soon_after(signals, row):
        # The same victim described at the same place in the weeks after ("the 8-year-old
        # girl caught in crossfire"): the follow-up of that shooting, not of the month's others.
        return 4.5 + described + named_places
    if _same_toll(signals, row, matched) and _soon_after(signals, row):
        # The same distinctive toll at the same place in the weeks after: an arrest "in the
        # killing of three people at a Pine Hollow trailer" follows that shooting.
        return 4.0 + named_places
    if row["start"] is None or signals.start is None:
        # Undated on one side: the event at this place is the best guess, the largest first.
        if row["place_norm"] != (normalise(place.name) if place else None):
            return None
        return 1.0 + min(int(str(row["articles"])), 50) / 100
    if not _dates_meet(signals, row):
        return None
    if not tolls_agree:
        return None  # "4 killed" and "22 killed" the same day are two attacks, not one
    if signals.perpetrator and row["perpetrator"] and signals.perpetrator != row["perpetrator"]:
        return None
    start = row["start"]
    assert isinstance(start, dt.date) and signals.start is not None
    return 5.0 + named_places - min(abs((signals.start - start).days), 5) / 10


def _tolls_agree(signals: EventSignals, row: dict[str, object]) -> bool:
    return any(_compatible(v, row["killed"]) for v in signals.killed_values or {None})


def _same_toll(signals: EventSignals, row: dict[str, object], matched: set[str]) -> bool:
    """Whether the article leads with the event's own death toll, at its own place (one the
    event's reports name), and the toll tells the event from the month's other shootings
    there: two dead or more, or one dead beside as many wounded as the event's, two or more."""
    killed, injured = row["killed"], row["injured"]
    if not isinstance(killed, int | float) or signals.killed != killed:
        return False
    if not any(_is_place(k) for k in matched & signals.primary):
        return False  # its own place, not one it names in passing ("after the ambush in ...")
    if signals.perpetrator and row["perpetrator"] and signals.perpetrator != row["perpetrator"]:
        return False  # two tolls by different hands are two attacks
    if killed >= 2:
        return True
    return (
        killed >= 1
        and isinstance(injured, int | float)
        and injured >= 2
        and signals.injured == injured
    )


def _soon_after(signals: EventSignals, row: dict[str, object]) -> bool:
    """Whether the article appeared in the weeks after the event began, not before it."""
    start = row["start"]
    if signals.start is None or signals.end is None or not isinstance(start, dt.date):
        return False
    return start - SAME_DAY <= signals.end and signals.start <= start + TOLL_FOLLOW_UP


def _not_before(signals: EventSignals, row: dict[str, object]) -> bool:
    """Whether the article's event is not clearly before the candidate's: a follow-up tells of
    its event after it, and where one side is dated only by its publication, either may be
    the first report, days before the other, never a month."""
    start = row["start"]
    if signals.end is None or not isinstance(start, dt.date):
        return True
    if signals.end < start - MAX_SPAN:
        return False
    return signals.end >= start - SAME_DAY or not row["dated"] or not signals.dated


def _candidates(
    session: Session, signals: EventSignals
) -> list[tuple[dict[str, object], set[str]]]:
    """Events sharing a place, a person or a venue with the article, with the keys they share
    (and the victims both describe), whose dates are near enough for a follow-up: months for a
    place, years for a person or a venue named in both."""
    matched: dict[int, set[str]] = {}
    # One side's own place (or person) among the other's: the article's own in anything the
    # event's articles name, or anything the article names among the event's own. A victim
    # described ("&8 girl") is too common to look events up by: it is compared below.
    for near, kinds in ((FOLLOW_UP, _is_place), (NAMED_FOLLOW_UP, _is_named)):
        keys = sorted(k for k in signals.places if kinds(k))
        own = sorted(k for k in signals.primary if kinds(k))
        if not keys and not own:
            continue
        query = (
            select(_PLACES.c.event_id, _PLACES.c.norm)
            .join(_EVENTS, _EVENTS.c.id == _PLACES.c.event_id)
            .where(
                or_(
                    and_(_PLACES.c.norm.in_(keys), _PLACES.c.own.is_(True)) if keys else false(),
                    _PLACES.c.norm.in_(own) if own else false(),
                )
            )
        )
        if signals.start is not None and signals.end is not None:
            query = query.where(
                or_(
                    _EVENTS.c.start.is_(None),
                    and_(
                        _EVENTS.c.start <= signals.end + near,
                        _EVENTS.c.end >= signals.start - near,
                    ),
                )
            )
        for event_id, norm in session.execute(query):
            matched.setdefault(int(event_id), set()).add(str(norm))
    if not matched:
        return []
    # Everything each of those shares with the article, and the victims both describe.
    keys = sorted(k for k in signals.places if not k.startswith("&"))
    own = sorted(k for k in signals.primary if not k.startswith("&"))
    described = sorted(k for k in signals.places if k.startswith("&"))
    for event_id, norm in session.execute(
        select(_PLACES.c.event_id, _PLACES.c.norm).where(
            _PLACES.c.event_id.in_(sorted(matched)),
            or_(
                and_(_PLACES.c.norm.in_(keys), _PLACES.c.own.is_(True)),
                _PLACES.c.norm.in_(own + described),
            ),
        )
    ):
        matched[int(event_id)].add(str(norm))
    rows = session.execute(select(_EVENTS).where(_EVENTS.c.id.in_(sorted(matched))))
    return [(dict(r._mapping), matched[int(r.id)]) for r in rows]


def assign_event(session: Session, document_id: str, signals: EventSignals) -> int:
    """Attach the article to the event it reports, creating one if none fits; its id."""
    place = signals.place
    place_norm = normalise(place.name) if place else None
    listing = signals.round_up or sum(map(_is_place, signals.places)) > MAX_KEYS
    joinable = not listing and (place is None or place.level != "country")
    rows = _candidates(session, signals) if joinable else []
    scored = sorted(
        (
            (score, int(str(row["id"])), row)
            for row, matched in rows
            if (score := _score(signals, row, matched)) is not None
        ),
        key=lambda item: (item[0], -item[1]),
        reverse=True,
    )
    if not scored:
        event_id = _create(session, signals, place_norm)
    else:
        _best, event_id, row = scored[0]
        # Two events the article ties by the people or the venue both name are one: their
        # first reports reached the store before the one that names what they share.
        for score, other_id, other in scored[1:]:
            killed = row["killed"]
            ours = float(killed) if isinstance(killed, int | float) else None
            if score >= SAME_STORY and _compatible(ours, other["killed"]):
                row = _absorb(session, event_id, row, other_id, other)
        _merge(session, event_id, signals, row)
    if not listing:
        _remember_places(session, event_id, signals)
    session.execute(
        update(_DOCUMENTS).where(_DOCUMENTS.c.id == document_id).values(event_id=event_id)
    )
    return event_id


def _absorb(
    session: Session,
    event_id: int,
    row: dict[str, object],
    other_id: int,
    other: dict[str, object],
) -> dict[str, object]:
    """Move the other event's articles and keys into the event, and drop it; the event's row
    as it now stands."""
    session.execute(
        update(_DOCUMENTS).where(_DOCUMENTS.c.event_id == other_id).values(event_id=event_id)
    )
    known = dict(
        session.execute(
            select(_PLACES.c.norm, _PLACES.c.own).where(_PLACES.c.event_id == event_id)
        ).all()
    )
    theirs = dict(
        session.execute(
            select(_PLACES.c.norm, _PLACES.c.own).where(_PLACES.c.event_id == other_id)
        ).all()
    )
    added = [
        {"event_id": event_id, "norm": norm, "own": own}
        for norm, own in sorted(theirs.items())
        if norm not in known
    ]
    if added:
        session.execute(insert(_PLACES), added)
    promoted = sorted(n for n, own in theirs.items() if own and known.get(n) is False)
    if promoted:
        session.execute(
            update(_PLACES)
            .where(_PLACES.c.event_id == event_id, _PLACES.c.norm.in_(promoted))
            .values(own=True)
        )
    session.execute(_PLACES.delete().where(_PLACES.c.event_id == other_id))
    session.execute(_EVENTS.delete().where(_EVENTS.c.id == other_id))
    values: dict[str, object] = {
        "articles": int(str(row["articles"])) + int(str(other["articles"])),
        "dated": bool(row["dated"]) or bool(other["dated"]),
        "people": "|".join(
            sorted(_people(str(row["people"] or "")) | _people(str(other["people"] or "")))
        ),
    }
    starts = [d for d in (row["start"], other["start"]) if isinstance(d, dt.date)]
    ends = [d for d in (row["end"], other["end"]) if isinstance(d, dt.date)]
    if starts and ends:
        # the first report's days; a follow-up's later day widens it within MAX_SPAN only
        start, end = min(starts), max(ends)
        values["start"] = start
        values["end"] = end if end - start <= MAX_SPAN else min(ends)
    if isinstance(other["stated_start"], dt.date) and isinstance(other["stated_end"], dt.date):
        values.update(_stated_span(row, other["stated_start"], other["stated_end"]))
    reports = [d for d in (row["last_reported"], other["last_reported"]) if isinstance(d, dt.date)]
    if reports:
        values["last_reported"] = max(reports)
    for key in ("place", "place_norm", "region", "region_norm", "country", "level"):
        if row[key] is None and other[key] is not None:
            values[key] = other[key]
    for key in ("harm", "perpetrator"):
        if row[key] is None and other[key] is not None:
            values[key] = other[key]
    for key in ("killed", "injured"):
        counts = [float(str(v)) for v in (row[key], other[key]) if v is not None]
        if counts:
            values[key] = max(counts)
    session.execute(update(_EVENTS).where(_EVENTS.c.id == event_id).values(**values))
    return {**row, **values}


def _remember_places(session: Session, event_id: int, signals: EventSignals) -> None:
    """Add the article's places (and people) to its event's; its own ones as own."""
    known = dict(
        session.execute(
            select(_PLACES.c.norm, _PLACES.c.own).where(_PLACES.c.event_id == event_id)
        ).all()
    )
    rows = [
        {"event_id": event_id, "norm": norm[:200], "own": norm in signals.primary}
        for norm in sorted(signals.places | signals.primary)
        if norm[:200] not in known
    ]
    if rows:
        session.execute(insert(_PLACES), rows)
    promoted = sorted(n[:200] for n in signals.primary if known.get(n[:200]) is False)
    if promoted:
        session.execute(
            update(_PLACES)
            .where(_PLACES.c.event_id == event_id, _PLACES.c.norm.in_(promoted))
            .values(own=True)
        )


def _create(session: Session, signals: EventSignals, place_norm: str | None) -> int:
    place = signals.place
    values = {
        "place": place.name if place else None,
        "place_norm": place_norm,
        "region": signals.region,
        "region_norm": normalise(signals.region) if signals.region else None,
        "country": place.country if place else None,
        "level": place.level if place else None,
        "start": signals.start,
        "end": signals.end,
        "last_reported": signals.published or signals.end,
        "stated_start": signals.start if signals.dated else None,
        "stated_end": signals.end if signals.dated else None,
        "harm": signals.harm,
        "perpetrator": signals.perpetrator,
        "people": "|".join(sorted(signals.people)),
        "killed": signals.killed,
        "injured": signals.injured,
        "articles": 1,
        "dated": signals.dated,
    }
    result = session.execute(insert(_EVENTS).values(**values).returning(_EVENTS.c.id))
    return int(result.scalar_one())


def _merge(session: Session, event_id: int, signals: EventSignals, row: dict[str, object]) -> None:
    values: dict[str, object] = {"articles": int(str(row["articles"])) + 1}
    if signals.dated and not row["dated"]:
        values["dated"] = True
    start, end = row["start"], row["end"]
    if signals.start is not None and signals.end is not None:
        # A follow-up's own publication day is not when the event happened: only dates the
        # text gives, or the first report's, widen the span.
        if start is None or end is None:
            values["start"], values["end"] = signals.start, signals.end
        elif _dates_meet(signals, row):
            # Only an article whose dates meet the event's widens it, and never past
            # MAX_SPAN: a chain of follow-ups must not stretch one event over a season.
            assert isinstance(start, dt.date) and isinstance(end, dt.date)
            wide = _widened((start, end), (signals.start, signals.end))
            if wide is not None:
                values["start"], values["end"] = wide
        elif isinstance(start, dt.date) and isinstance(end, dt.date) and signals.end < start:
            # An earlier report of the event, joined by a person or a venue both name: the
            # event happened by then, not on the day a follow-up that reached the store first
            # dated ("a wounded man died Friday").
            undated = not row["dated"] and signals.dated
            values["start"] = signals.start
            values["end"] = signals.end if undated or end - signals.start > MAX_SPAN else end
        if signals.dated:
            values.update(_stated_span(row, signals.start, signals.end))
        last = row["last_reported"]
        reported = signals.published or signals.end
        if not isinstance(last, dt.date) or reported > last:
            values["last_reported"] = reported
    if signals.people:
        values["people"] = "|".join(sorted(_people(str(row["people"] or "")) | signals.people))
    if row["region"] is None and signals.region is not None:
        values["region"], values["region_norm"] = signals.region, normalise(signals.region)
    for key in ("harm", "perpetrator"):
        if row[key] is None and getattr(signals, key) is not None:
            values[key] = getattr(signals, key)
    for key in ("killed", "injured"):
        new = getattr(signals, key)
        if new is not None and (row[key] is None or new > float(str(row[key]))):
            values[key] = new
    session.execute(update(_EVENTS).where(_EVENTS.c.id == event_id).values(**values))


def _stated_span(row: dict[str, object], start: dt.date, end: dt.date) -> dict[str, dt.date]:
    """The event's stated days widened by the days a dated report gives, within MAX_SPAN (a
    report dating a much earlier or later day keeps the event's own)."""
    ours_start, ours_end = row["stated_start"], row["stated_end"]
    if not isinstance(ours_start, dt.date) or not isinstance(ours_end, dt.date):
        return {"stated_start": start, "stated_end": end}
    wide = _widened((ours_start, ours_end), (start, end))
    return {} if wide is None else {"stated_start": wide[0], "stated_end": wide[1]}


def _widened(
    span: tuple[dt.date, dt.date], other: tuple[dt.date, dt.date]
) -> tuple[dt.date, dt.date] | None:
    """The span taking in both, or None where it would be longer than MAX_SPAN: a chain of
    follow-ups must not stretch one event over a season."""
    start, end = min(span[0], other[0]), max(span[1], other[1])
    return (start, end) if end - start <= MAX_SPAN else None


def forget_documents(session: Session, document_ids: list[str]) -> None:
    """Before articles are replaced: take them out of their events, dropping emptied ones."""
    if not document_ids:
        return
    rows = session.execute(
        select(_DOCUMENTS.c.event_id).where(
            _DOCUMENTS.c.id.in_(document_ids), _DOCUMENTS.c.event_id.is_not(None)
        )
    ).all()
    for (event_id,) in rows:
        session.execute(
            update(_EVENTS).where(_EVENTS.c.id == event_id).values(articles=_EVENTS.c.articles - 1)
        )
    emptied = [r[0] for r in rows]
    if emptied:
        session.execute(_EVENTS.delete().where(_EVENTS.c.id.in_(emptied), _EVENTS.c.articles <= 0))
