"""SQL for the robots_txt table: each origin's robots.txt as last fetched, with its expiry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store.models_crawl import RobotsTxt


def get_robots(session: Session, *, origin: str) -> RobotsTxt | None:
    return session.scalar(select(RobotsTxt).where(RobotsTxt.origin == origin))


def save_robots(
    session: Session,
    *,
    origin: str,
    state: str,
    body: str,
    reason: str | None,
    fetched_at: datetime,
    expires_at: datetime,
) -> None:
    """Insert or replace the origin's row (two workers fetching it at once: the last wins)."""
    values = {
        "state": state,
        "body": body,
        "reason": reason,
        "fetched_at": fetched_at,
        "expires_at": expires_at,
    }
    row = get_robots(session, origin=origin)
    if row is None:
        try:
            with session.begin_nested():
                session.add(RobotsTxt(origin=origin, **values))
            return
        except IntegrityError:
            row = get_robots(session, origin=origin)
            assert row is not None
    for name, value in values.items():
        setattr(row, name, value)
