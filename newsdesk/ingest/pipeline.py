"""One feed, end to end: fetch → parse → (page fetch → extract) → clean → store → schedule.

The steps are named calls in order, so this file reads as the pipeline. Two tasks carry it:
`fetch_feed` polls a feed and stores the entries whose feed text is enough; each entry that
needs its page becomes a `fetch_article` task (network, then extraction in the CPU pool), so
a slow publisher page never holds up the feed round. Every failure is recorded on the feed or
the article it belongs to; nothing raised here stops other feeds.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import datetime
from typing import Any

from newsdesk.errors import (
    FetchError,
    HTTPStatusError,
    NewsdeskError,
    ParseError,
    RobotsDisallowedError,
)
from newsdesk.ingest import feedstate
from newsdesk.ingest.assemble import (
    assemble_article,
    entry_from_json,
    entry_hash,
)
from newsdesk.ingest.discover import discover_feeds
from newsdesk.ingest.extract import ExtractedPage, extract_page
from newsdesk.ingest.fetch import FetchResult, fetch
from newsdesk.ingest.pagemeta import FeedKnows
from newsdesk.ingest.parse import NotAFeedError, ParsedEntry
from newsdesk.ingest.prepare import PreparedFeed, prepare_feed
from newsdesk.ingest.robots import robots_gate
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.registry import task
from newsdesk.store.entry_batches import EntryToStore, store_entries
from newsdesk.store.feeds import FeedPoll, get_feed_by_url, get_feed_poll
from newsdesk.store.sightings import feed_entry_hashes, touch_sightings
from newsdesk.store.types import utcnow

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"
)
log = logging.getLogger(__name__)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


@task("fetch_feed")
async def fetch_feed(ctx: JobContext, *, feed_id: int) -> None:
    """Poll one feed; queue a `fetch_article` for each entry that needs its page."""
    with ctx.stages.timed("schedule"):
        feed = _snapshot(ctx, feed_id)
    if feed is None:
        return
    started, clock = utcnow(), time.monotonic()
    try:
        with ctx.stages.timed("fetch"):
            result = await fetch(
                ctx.http,
                feed.url,
                settings=ctx.settings,
                etag=feed.etag,
                last_modified=feed.last_modified,
                accept=FEED_ACCEPT,
            )
        if result.not_modified:
            with ctx.stages.timed("schedule"):
                feedstate.record_not_modified(ctx, feed, result, started, clock)
            return
        feed, result, prepared, known = await _prepare_or_discover(ctx, feed, result)
        _store_and_queue(ctx, feed, result, prepared, known, (started, clock))
    except NewsdeskError as exc:
        feedstate.record_failure(ctx, feed.id, exc, started, clock, _status_of(exc))
    except Exception as exc:  # a bug of ours or a library's must still land on the feed
        log.exception("feed %s: unexpected error", feed.url)
        feedstate.record_failure(ctx, feed.id, _internal(exc), started, clock, None)


@task("fetch_article")
async def fetch_article(ctx: JobContext, *, feed_id: int, entry: dict[str, Any]) -> None:
    """Fetch and extract the page behind one entry, then store the article."""
    parsed_entry = entry_from_json(entry)
    page: ExtractedPage | None = None
    error: str | None = None
    refused = False
    try:
        page = await _fetch_page(ctx, parsed_entry)
    except RobotsDisallowedError as exc:  # the feed's text stands, with the reason
        error, refused = str(exc), True
    except NewsdeskError as exc:
        error = str(exc)
    except Exception as exc:  # keep the feed's text and say so, whatever broke
        log.exception("page %s: unexpected error", parsed_entry.url)
        error = str(_internal(exc))
    feed = _snapshot(ctx, feed_id)
    if feed is None:
        return
    data = assemble_article(
        entry=parsed_entry, feed=None, page=page, page_error=error, fetched_page=True
    )
    if refused:
        data.extraction_status = "robots_disallowed"
    # The batch path with one entry: the same rows as store_entry (tests/store holds them to
    # it) from prebuilt Core statements, ~1.7 ms instead of ~3.6 ms of this process's CPU.
    stored = EntryToStore(parsed_entry.guid, parsed_entry.url, entry_hash(parsed_entry), data)
    with ctx.stages.timed("store"), ctx.store.session() as session:
        store_entries(session, feed_id=feed.id, source_id=feed.source_id, entries=[stored])


def _snapshot(ctx: JobContext, feed_id: int) -> FeedPoll | None:
    """The feed row as it was when the poll began (sessions are short; tasks are long)."""
    with ctx.store.connection() as connection:
        return get_feed_poll(connection, feed_id=feed_id)


async def _prepare_or_discover(
    ctx: JobContext, feed: FeedPoll, result: FetchResult
) -> tuple[FeedPoll, FetchResult, PreparedFeed, dict[str, str]]:
    """Parse the body; when it is a web page, follow its advertised feed once, as readers do."""
    try:
        return feed, result, *await _prepare(ctx, feed, result)
    except NotAFeedError:
        found = discover_feeds(result.body, base_url=result.url)
        if not found:
            raise
    target = found[0].url
    with ctx.store.session() as session:
        other = get_feed_by_url(session, url=target)
        if other is not None and other.id != feed.id:
            raise ParseError(f"this is a web page whose feed {target} is already subscribed")
    result = await fetch(ctx.http, target, settings=ctx.settings, accept=FEED_ACCEPT)
    prepared, known = await _prepare(ctx, feed, result)
    feedstate.move_feed(ctx, feed.id, target)
    moved = replace(feed, url=target, etag=None, last_modified=None)
    return moved, result, prepared, known


async def _prepare(
    ctx: JobContext, feed: FeedPoll, result: FetchResult
) -> tuple[PreparedFeed, dict[str, str]]:
    """Parse in the CPU pool, skipping what the feed gave before (`known`: guid → hash)."""
    with ctx.stages.timed("store"), ctx.store.session() as session:
        known = feed_entry_hashes(session, feed_id=feed.id)
    with ctx.stages.timed("parse"):
        prepared = await ctx.run_cpu(
            prepare_feed,
            result.body,
            url=result.url,
            content_type=result.content_type,
            known=known,
            full_text=feed.full_text,
        )
    return prepared, known


def _store_and_queue(
    ctx: JobContext,
    feed: FeedPoll,
    result: FetchResult,
    prepared: PreparedFeed,
    known: dict[str, str],
    times: tuple[datetime, float],
) -> None:
    """Store the entries that carry their text and the feed's new state in one transaction;
    then queue a page fetch for the rest."""
    now = utcnow()
    with ctx.stages.timed("store"), ctx.store.session() as session:
        still_there = [guid for guid in prepared.guids if guid in known]
        touch_sightings(session, feed_id=feed.id, guids=still_there, now=now)
        stored = store_entries(
            session,
            feed_id=feed.id,
            source_id=feed.source_id,
            entries=prepared.to_store,
            now=now,
            seen=known.keys(),
        )
        new_count = len(prepared.to_fetch) + sum(r.outcome in ("new", "updated") for r in stored)
        with ctx.stages.timed("schedule"):
            feedstate.record_success(
                session, ctx.settings, feed, result, prepared, times, new_count
            )
    for entry in prepared.to_fetch:
        ctx.enqueue("fetch_article", feed_id=feed.id, entry=entry)


async def _fetch_page(ctx: JobContext, entry: ParsedEntry) -> ExtractedPage:
    assert entry.url is not None
    gate = robots_gate(ctx.http, ctx.settings, ctx.store)
    with ctx.stages.timed("fetch"):
        result = await fetch(
            ctx.http, entry.url, settings=ctx.settings, accept=PAGE_ACCEPT, gate=gate
        )
    kind = (result.content_type or "text/html").lower()
    if "html" not in kind and "xml" not in kind:
        raise FetchError(f"page is not HTML ({kind})")
    with ctx.stages.timed("extract"):
        # The page's title, byline and date are looked for only where the feed lacks them.
        knows = FeedKnows(
            title=bool(entry.title), authors=bool(entry.authors), date=entry.published is not None
        )
        return await ctx.run_cpu(extract_page, result.body, url=result.url, knows=knows)


def _internal(exc: Exception) -> NewsdeskError:
    return NewsdeskError(f"internal error ({type(exc).__name__}); the log has the details")


def _status_of(exc: BaseException) -> int | None:
    return exc.status_code if isinstance(exc, HTTPStatusError) else None
