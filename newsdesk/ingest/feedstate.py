"""Record the outcome of one poll on the feed: health, conditional-GET validators, schedule.

Every poll writes one fetch-log row and moves `next_poll_at`, success or not, so the health
table always says what happened last and when the next try is.
"""

from __future__ import annotations

import time
from datetime import datetime

from sqlalchemy.orm import Session

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
    ctx: JobContext, feed_id: int, result: FetchResult, started: datetime, clock: float
) -> None:
    now = utcnow()
    with ctx.store.session() as session:
        feed = _load(session, feed_id)
        plan = plan_after_success(
            settings=ctx.settings,
            now=now,
            entry_times=[],
            previous_minutes=feed.poll_interval_minutes,
            had_new_entries=False,
            max_age_seconds=result.max_age,
        )
        _mark_healthy(feed, now)
        feed.etag = result.etag or feed.etag
        feed.last_modified = result.last_modified or feed.last_modified
        _finish(
            session, feed, plan, started, clock, outcome="not_modified", http_status=result.status
        )


def record_success(
    ctx: JobContext,
    feed_id: int,
    result: FetchResult,
    prepared: PreparedFeed,
    started: datetime,
    clock: float,
    new_count: int,
) -> None:
    now = utcnow()
    parsed = prepared.feed
    with ctx.store.session() as session:
        feed = _load(session, feed_id)
        plan = plan_after_success(
            settings=ctx.settings,
            now=now,
            entry_times=prepared.entry_times,
            previous_minutes=feed.poll_interval_minutes,
            had_new_entries=new_count > 0,
            ttl_minutes=parsed.ttl_minutes,
            max_age_seconds=result.max_age,
        )
        _mark_healthy(feed, now)
        feed.last_error = _skipped_note(parsed.skipped_entries)
        if new_count:
            feed.last_new_entry_at = now
        feed.etag = result.etag
        feed.last_modified = result.last_modified
        feed.title = feed.title or parsed.title
        if parsed.site_url and not feed.site_url:
            feed.site_url = parsed.site_url
            source = get_or_create_source(session, url=parsed.site_url, name=parsed.title)
            feed.source_id = source.id
        _finish(
            session,
            feed,
            plan,
            started,
            clock,
            outcome="ok",
            http_status=result.status,
            entries=len(prepared.guids),
            new_articles=new_count,
        )


def _finish(
    session: Session,
    feed: Feed,
    plan: PollPlan,
    started: datetime,
    clock: float,
    *,
    outcome: str,
    http_status: int | None,
    entries: int = 0,
    new_articles: int = 0,
) -> None:
    """Every poll ends the same way: the next poll scheduled and one fetch-log row."""
    feed.poll_interval_minutes = plan.interval_minutes
    feed.next_poll_at = plan.next_poll_at
    add_fetch_log(
        session,
        feed_id=feed.id,
        started_at=started,
        duration_ms=_elapsed_ms(clock),
        outcome=outcome,
        http_status=http_status,
        error=feed.last_error,
        entries=entries,
        new_articles=new_articles,
    )


def _skipped_note(skipped: int) -> str | None:
    """Why a feed that was read fine still has a line on it: it was longer than we read."""
    if not skipped:
        return None
    return f"read only the newest {MAX_ENTRIES} entries; {skipped} older ones were skipped"


def _mark_healthy(feed: Feed, now: datetime) -> None:
    feed.status = "ok"
    feed.last_fetched_at = now
    feed.last_success_at = now
    feed.last_error = None
    feed.error_count = 0
    feed.failing_since = None


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
        feed.last_fetched_at = now
        feed.last_error = str(error)[:1000]
        feed.error_count += 1
        feed.failing_since = feed.failing_since or now
        plan = plan_after_failure(
            settings=ctx.settings,
            now=now,
            error_count=feed.error_count,
            retry_after_seconds=retry_after,
        )
        if http_status in GONE_STATUSES:
            feed.status = "gone"
        elif should_disable(settings=ctx.settings, now=now, failing_since=feed.failing_since):
            feed.status = "disabled"
        else:
            feed.status = "error"
        _finish(session, feed, plan, started, clock, outcome="error", http_status=http_status)


def move_feed(ctx: JobContext, feed_id: int, new_url: str) -> None:
    """The feed's URL was a web page: subscribe to the feed it advertises instead."""
    with ctx.store.session() as session:
        feed = _load(session, feed_id)
        feed.url = new_url
        feed.etag = None
        feed.last_modified = None
