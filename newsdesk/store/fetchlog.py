"""SQL for the fetch log: one row per poll, the history behind the health table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert
from sqlalchemy.orm import Session

from newsdesk.store.engine import core
from newsdesk.store.models import FetchLog

_INSERT = insert(FetchLog.metadata.tables["fetch_log"])


def add_fetch_log(
    session: Session | Connection,
    *,
    feed_id: int,
    started_at: datetime,
    duration_ms: int,
    outcome: str,
    http_status: int | None = None,
    error: str | None = None,
    entries: int = 0,
    new_articles: int = 0,
) -> None:
    """One INSERT of a statement built once: every poll writes one and nothing reads it back."""
    core(session).execute(
        _INSERT,
        {
            "feed_id": feed_id,
            "started_at": started_at,
            "duration_ms": duration_ms,
            "outcome": outcome,
            "http_status": http_status,
            "error": error,
            "entries": entries,
            "new_articles": new_articles,
        },
    )
