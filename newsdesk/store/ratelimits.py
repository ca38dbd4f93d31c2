"""Rate-limit events: counted rows in the database, so a limit holds across web processes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from newsdesk.store.models_community import RateEvent


def count_events(session: Session, *, bucket: str, since: datetime) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(RateEvent)
            .where(RateEvent.bucket == bucket, RateEvent.created_at > since)
        )
        or 0
    )


def add_event(session: Session, *, bucket: str) -> None:
    session.add(RateEvent(bucket=bucket))
    session.flush()


def clear_events(session: Session, *, bucket: str) -> None:
    session.execute(delete(RateEvent).where(RateEvent.bucket == bucket))


def prune_events(session: Session, *, before: datetime) -> int:
    done = session.execute(delete(RateEvent).where(RateEvent.created_at < before))
    return int(done.rowcount)  # type: ignore[attr-defined]


def lock_bucket(session: Session, *, bucket: str) -> None:
    """Serialise check-then-record on one bucket across processes (PostgreSQL: an advisory
    lock held to the end of the transaction; SQLite already has one writer at a time)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:bucket))"), {"bucket": bucket})
