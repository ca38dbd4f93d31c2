"""Record the outcome of one poll on the feed: health, conditional-GET validators, schedule.

Every poll writes one fetch-log row and moves `next_poll_at`, success or not, so the health
table always says what happened last and when the next try is.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.errors import HTTPStatusError, NewsdeskError
from newsdesk.ingest.fetch import FetchResult
from newsdesk.ingest.parsed import MAX_ENTRIES
from newsdesk.ingest.prepare import PreparedFeed
from newsdesk.ingest.schedule import (
    PollPlan,
    plan_after_failure,
    plan_after_success,
    should_disable,
)
from newsdesk.jobs.context import JobContext
from newsdesk.store.feeds import FeedPoll, set_feed_columns
from newsdesk.store.fetchlog import add_fetch_log
from newsdesk.store.models import Feed
from newsdesk.store.sources import get_or_create_source
from newsdesk.store.types import utcnow

GONE_STATUSES = (410,)


def _elapsed_ms(clock: float) -> int:
    return int((time.monotonic() - clock) * 1000)


def _load(session: Session, feed_id: int) -> Feed:
    feed = session.get(Feed, feed_id)
    if feed is None:
        raise LookupError(f"feed {feed_id} vanished during its poll")
    return feed


def record_not_modified(
    ctx: JobContext, feed: FeedPoll, result: FetchResult, started: datetime, clock: float
) -> None:
    """A 304: the cheapest poll there is, so one UPDATE and one INSERT from what we read."""
    now = utcnow()
    plan = plan_after_success(
        settings=ctx.settings,
        now=now,
        entry_times=[],
        previous_minutes=feed.poll_interval_minutes,
        had_new_entries=False,
        max_age_seconds=result.max_age,
    )
    values = _healthy(now)
    values["etag"] = result.etag or feed.etag
    values["last_modified"] = result.last_modified or feed.last_modified
    with ctx.store.connection() as connection:
        _finish(connection, feed.id, plan, values, started, clock, "not_modified", result.status)


def record_success(
    session: Session,
    settings: Settings,
    feed: FeedPoll,
    result: FetchResult,
    prepared: PreparedFeed,
    times: tuple[datetime, float],
    new_count: int,
) -> None:
    """In the caller's session, so the entries and the feed's new state commit together."""
    now = utcnow()
    parsed = prepared.feed
    plan = plan_after_success(
        settings=settings,
        now=now,
        entry_times=prepared.entry_times,
        previous_minutes=feed.poll_interval_minutes,
        had_new_entries=new_count > 0,
        ttl_minutes=parsed.ttl_minutes,
        max_age_seconds=result.max_age,
    )
    values = _healthy(now)
    values["last_error"] = _skipped_note(parsed.skipped_entries)
    if new_count:
        values["last_new_entry_at"] = now
    values["etag"] = result.etag
    values["last_modified"] = result.last_modified
    if not feed.title:
        values["title"] = parsed.title
    if parsed.site_url and not feed.site_url:
        values["site_url"] = parsed.site_url
        source = get_or_create_source(session, url=parsed.site_url, name=parsed.title)
        values["source_id"] = source.id
    started, clock = times
    _finish(
        session,
        feed.id,
        plan,
        values,
        started,
        clock,
        "ok",
        result.status,
        entries=len(prepared.guids),
        new_articles=new_count,
    )


def _finish(
    session: Session | Connection,
    feed_id: int,
    plan: PollPlan,
    values: dict[str, Any],
    started: datetime,
    clock: float,
    outcome: str,
    http_status: int | None,
    *,
    entries: int = 0,
    new_articles: int = 0,
) -> None:
    """Every poll ends the same way: the feed's new state, the next poll, one fetch-log row."""
    values["poll_interval_minutes"] = plan.interval_minutes
    values["next_poll_at"] = plan.next_poll_at
    set_feed_columns(session, feed_id=feed_id, values=values)
    add_fetch_log(
        session,
        feed_id=feed_id,
        started_at=started,
        duration_ms=_elapsed_ms(clock),
        outcome=outcome,
        http_status=http_status,
        error=values.get("last_error"),
        entries=entries,
        new_articles=new_articles,
    )


def _skipped_note(skipped: int) -> str | None:
    """Why a feed that was read fine still has a line on it: it was longer than we read."""
    if not skipped:
        return None
    return f"read only the newest {MAX_ENTRIES} entries; {skipped} older ones were skipped"


def _healthy(now: datetime) -> dict[str, Any]:
    return {
        "status": "ok",
        "last_fetched_at": now,
        "last_success_at": now,
        "last_error": None,
        "error_count": 0,
        "failing_since": None,
    }


def record_failure(
    ctx: JobContext,
    feed_id: int,
    error: NewsdeskError,
    started: datetime,
    clock: float,
    http_status: int | None,
) -> None:
    """Back off, or stop: a 410 means the publisher removed the feed for good."""
    now = utcnow()
    retry_after = error.retry_after if isinstance(error, HTTPStatusError) else None
    with ctx.store.session() as session:
        feed = _load(session, feed_id)
        error_count = feed.error_count + 1
        failing_since = feed.failing_since or now
        plan = plan_after_failure(
            settings=ctx.settings,
            now=now,
            error_count=error_count,
            retry_after_seconds=retry_after,
        )
        if http_status in GONE_STATUSES:
            status = "gone"
        elif should_disable(settings=ctx.settings, now=now, failing_since=failing_since):
            status = "disabled"
        else:
            status = "error"
        values = {
            "status": status,
            "last_fetched_at": now,
            "last_error": str(error)[:1000],
            "error_count": error_count,
            "failing_since": failing_since,
        }
        _finish(session, feed_id, plan, values, started, clock, "error", http_status)


def move_feed(ctx: JobContext, feed_id: int, new_url: str) -> None:
    """The feed's URL was a web page: subscribe to the feed it advertises instead."""
    with ctx.store.session() as session:
        feed = _load(session, feed_id)
        feed.url = new_url
        feed.etag = None
        feed.last_modified = None
