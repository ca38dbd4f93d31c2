"""Abuse limits, counted in the database so they hold across every web process.

Each limit is a bucket name ("signin:account:<email>") and a number of events allowed in a
window; checking and recording are separate so that failed sign-ins can be recorded in a unit
of work of their own (the request's own one rolls back when it refuses).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from newsdesk.errors import RateLimitedError
from newsdesk.store.ratelimits import add_event, count_events, lock_bucket, prune_events
from newsdesk.store.types import utcnow

SIGNIN_WINDOW = timedelta(minutes=15)
SIGNUP_WINDOW = timedelta(hours=1)
COMMENT_WINDOW = timedelta(minutes=10)
REPORT_WINDOW = timedelta(hours=1)
RESET_WINDOW = timedelta(hours=1)
KEEP = timedelta(days=1)


def check(session: Session, *, bucket: str, limit: int, window: timedelta) -> None:
    """Refuse when `bucket` already holds `limit` events within `window`."""
    if count_events(session, bucket=bucket, since=utcnow() - window) >= limit:
        minutes = max(1, int(window.total_seconds() // 60))
        raise RateLimitedError(
            f"Too many attempts; please wait up to {minutes} minutes and try again."
        )


def record(session: Session, *, bucket: str) -> None:
    add_event(session, bucket=bucket)


def hit(session: Session, *, bucket: str, limit: int, window: timedelta) -> None:
    """Check, then count this attempt (for limits on actions that succeed)."""
    lock_bucket(session, bucket=bucket)
    check(session, bucket=bucket, limit=limit, window=window)
    record(session, bucket=bucket)


def prune(session: Session) -> int:
    """Forget events older than any window (called now and then, e.g. on sign-up)."""
    return prune_events(session, before=utcnow() - KEEP)
