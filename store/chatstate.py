"""What the chat bots keep in the store between restarts: reply snapshots (a previewed reply,
to share exactly as seen or page through) and small named values (the command set's hash).

Plain data in and out; `store.factstore.FactStore` is the only caller, so bot/ never opens a
session.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from store.models import BotState, ReplySnapshot

SNAPSHOT_DAYS = 30  # a share or "More" button older than this says the reply has expired
SWEEP_SECONDS = 3600.0  # how often a process deletes expired snapshots (on its next save)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A stored reply: the adapter's own JSON payload, and who shared it (None: not yet)."""

    key: str
    platform: str
    payload: dict[str, Any]
    shared_by: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _cutoff() -> dt.datetime:
    return _now() - dt.timedelta(days=SNAPSHOT_DAYS)


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything here is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def save_snapshot(
    session: Session, key: str, platform: str, payload: dict[str, Any], *, sweep: bool = False
) -> None:
    """Store a reply under `key`; with `sweep`, also delete those past SNAPSHOT_DAYS (they
    are already treated as gone: this only reclaims the space)."""
    if sweep:
        session.execute(delete(ReplySnapshot).where(ReplySnapshot.created_at < _cutoff()))
    session.add(
        ReplySnapshot(
            key=key,
            platform=platform,
            payload=json.dumps(payload, ensure_ascii=False),
            created_at=_now(),
        )
    )
    session.commit()


def load_snapshot(session: Session, key: str) -> Snapshot | None:
    """The reply kept under `key`; None when there is none or it is past SNAPSHOT_DAYS."""
    row = session.get(ReplySnapshot, key)
    if row is None or _aware(row.created_at) < _cutoff():
        return None
    return Snapshot(row.key, row.platform, json.loads(row.payload), row.shared_by)


def claim_share(session: Session, key: str, user: str) -> bool:
    """Mark the snapshot shared by `user`; False when it was shared already (or is gone).

    One conditional UPDATE: two clicks at once, even on two replicas, share it once.
    """
    result = session.execute(
        update(ReplySnapshot)
        .where(
            ReplySnapshot.key == key,
            ReplySnapshot.shared_by.is_(None),
            ReplySnapshot.created_at >= _cutoff(),
        )
        .values(shared_by=user, shared_at=_now())
    )
    session.commit()
    return bool(getattr(result, "rowcount", 0))


def get_state(session: Session, name: str) -> str | None:
    return session.scalar(select(BotState.value).where(BotState.name == name))


def set_state(session: Session, name: str, value: str) -> None:
    row = session.get(BotState, name)
    if row is None:
        session.add(BotState(name=name, value=value, updated_at=_now()))
    else:
        row.value, row.updated_at = value, _now()
    session.commit()
