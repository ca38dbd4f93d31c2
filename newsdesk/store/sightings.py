"""SQL for sightings: which feed carried which article, under which GUID, seen when.

A sighting's entry hash is what lets a poll skip the entries a feed repeats unchanged, so the
reads here run on every poll and are kept to one statement each.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from newsdesk.store.models import Sighting

CHUNK = 500  # bound parameters per IN list, well under every driver's limit


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def find_sighting(session: Session, *, feed_id: int, guid: str) -> Sighting | None:
    return session.scalar(
        select(Sighting).where(Sighting.feed_id == feed_id, Sighting.guid == guid)
    )


def known_entry_hashes(session: Session, *, feed_id: int, guids: list[str]) -> dict[str, str]:
    """guid → entry hash for the entries of this feed already seen, in one query per chunk."""
    found: dict[str, str] = {}
    for chunk in _chunks(guids):
        rows = session.execute(
            select(Sighting.guid, Sighting.entry_hash).where(
                Sighting.feed_id == feed_id, Sighting.guid.in_(chunk)
            )
        )
        found.update({guid: entry_hash for guid, entry_hash in rows})
    return found


# Built once: these run on every poll, and building a statement costs more than running it.
_SIGHTINGS = Sighting.metadata.tables["sightings"]
_FEED_HASHES = select(_SIGHTINGS.c.guid, _SIGHTINGS.c.entry_hash).where(
    _SIGHTINGS.c.feed_id == bindparam("feed_id")
)
_TOUCH = (
    update(_SIGHTINGS)
    .where(
        _SIGHTINGS.c.feed_id == bindparam("feed_id_"),
        _SIGHTINGS.c.guid.in_(bindparam("guids", expanding=True)),
    )
    .values(last_seen_at=bindparam("now"))
)


def feed_entry_hashes(session: Session, *, feed_id: int) -> dict[str, str]:
    """guid → entry hash of everything this feed has given us (to skip unchanged entries)."""
    rows = session.connection().execute(_FEED_HASHES, {"feed_id": feed_id})
    return {guid: entry_hash for guid, entry_hash in rows}


def touch_sightings(session: Session, *, feed_id: int, guids: list[str], now: datetime) -> None:
    """Mark entries still present in the feed as seen now (for retention and health).

    One UPDATE per chunk, without loading the rows.
    """
    for chunk in _chunks(guids):
        session.connection().execute(_TOUCH, {"feed_id_": feed_id, "guids": chunk, "now": now})


def sightings_of(session: Session, *, article_id: int) -> list[Sighting]:
    return list(
        session.scalars(
            select(Sighting).where(Sighting.article_id == article_id).order_by(Sighting.id)
        )
    )
