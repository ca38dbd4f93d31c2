"""One feed, end to end: fetch → parse → (page fetch → extract) → clean → store → schedule.

The steps are named calls in order, so this file reads as the pipeline. Two tasks carry it:
`fetch_feed` polls a feed and stores the entries whose feed text is enough; each entry that
needs its page becomes a `fetch_article` task (network, then extraction in the CPU pool), so
a slow publisher page never holds up the feed round. Every failure is recorded on the feed or
the article it belongs to; nothing raised here stops other feeds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsdesk.errors import FetchError, HTTPStatusError, NewsdeskError, ParseError
from newsdesk.ingest import feedstate
from newsdesk.ingest.assemble import (
    assemble_article,
    entry_from_json,
    entry_hash,
    entry_to_json,
    feed_body_html,
)
from newsdesk.ingest.clean import html_to_text
from newsdesk.ingest.discover import discover_feeds
from newsdesk.ingest.extract import ExtractedPage, extract_page, is_teaser
from newsdesk.ingest.fetch import FetchResult, fetch
from newsdesk.ingest.parse import NotAFeedError, ParsedEntry, ParsedFeed, parse_feed
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.registry import task
from newsdesk.store.articles import known_entry_hashes, store_entry, touch_sightings
from newsdesk.store.feeds import get_feed, get_feed_by_url
from newsdesk.store.types import utcnow

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


@dataclass(frozen=True)
class FeedSnapshot:
    """The feed row as it was when the poll began (sessions are short; tasks are long)."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    full_text: str
    source_id: int | None


@task("fetch_feed")
async def fetch_feed(ctx: JobContext, *, feed_id: int) -> None:
    """Poll one feed; queue a `fetch_article` for each entry that needs its page."""
    feed = _snapshot(ctx, feed_id)
    if feed is None:
        return
    started, clock = utcnow(), time.monotonic()
    try:
        result = await fetch(
            ctx.http,
            feed.url,
            settings=ctx.settings,
            etag=feed.etag,
            last_modified=feed.last_modified,
            accept=FEED_ACCEPT,
        )
        if result.not_modified:
            feedstate.record_not_modified(ctx, feed.id, result, started, clock)
            return
        feed, result, parsed = await _parse_or_discover(ctx, feed, result)
        new_count, entries = _store_or_queue(ctx, feed, parsed)
    except NewsdeskError as exc:
        feedstate.record_failure(ctx, feed.id, exc, started, clock, _status_of(exc))
        return
    feedstate.record_success(ctx, feed.id, result, parsed, started, clock, new_count, entries)


@task("fetch_article")
async def fetch_article(ctx: JobContext, *, feed_id: int, entry: dict[str, Any]) -> None:
    """Fetch and extract the page behind one entry, then store the article."""
    parsed_entry = entry_from_json(entry)
    page: ExtractedPage | None = None
    error: str | None = None
    try:
        page = await _fetch_page(ctx, parsed_entry)
    except NewsdeskError as exc:
        error = str(exc)
    feed = _snapshot(ctx, feed_id)
    if feed is None:
        return
    data = assemble_article(
        entry=parsed_entry, feed=None, page=page, page_error=error, fetched_page=True
    )
    with ctx.store.session() as session:
        store_entry(
            session,
            feed_id=feed.id,
            source_id=feed.source_id,
            guid=parsed_entry.guid,
            entry_url=parsed_entry.url,
            entry_hash=entry_hash(parsed_entry),
            data=data,
        )


def _snapshot(ctx: JobContext, feed_id: int) -> FeedSnapshot | None:
    with ctx.store.session() as session:
        row = get_feed(session, feed_id=feed_id)
        if row is None:
            return None
        return FeedSnapshot(
            id=row.id,
            url=row.url,
            etag=row.etag,
            last_modified=row.last_modified,
            full_text=row.full_text,
            source_id=row.source_id,
        )


async def _parse_or_discover(
    ctx: JobContext, feed: FeedSnapshot, result: FetchResult
) -> tuple[FeedSnapshot, FetchResult, ParsedFeed]:
    """Parse the body; when it is a web page, follow its advertised feed once, as readers do."""
    try:
        return feed, result, await _parse(ctx, result)
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
    parsed = await _parse(ctx, result)
    feedstate.move_feed(ctx, feed.id, target)
    moved = FeedSnapshot(feed.id, target, None, None, feed.full_text, feed.source_id)
    return moved, result, parsed


async def _parse(ctx: JobContext, result: FetchResult) -> ParsedFeed:
    return await ctx.run_cpu(
        parse_feed, result.body, url=result.url, content_type=result.content_type
    )


def needs_page(full_text: str, entry: ParsedEntry) -> bool:
    """Whether to fetch the entry's page: per the feed's mode, or when it is only a teaser."""
    if not entry.url or full_text == "never":
        return False
    if full_text == "always":
        return True
    return is_teaser(html_to_text(feed_body_html(entry)))


def _store_or_queue(
    ctx: JobContext, feed: FeedSnapshot, parsed: ParsedFeed
) -> tuple[int, list[ParsedEntry]]:
    """Store new or changed entries that carry their text; queue the rest for their page."""
    entries = _unique_entries(parsed.entries)
    now = utcnow()
    with ctx.store.session() as session:
        known = known_entry_hashes(session, feed_id=feed.id, guids=[e.guid for e in entries])
        touch_sightings(session, feed_id=feed.id, guids=list(known), now=now)
        fresh = [e for e in entries if known.get(e.guid) != entry_hash(e)]
        new_count = 0
        for entry in fresh:
            if needs_page(feed.full_text, entry):
                ctx.enqueue("fetch_article", feed_id=feed.id, entry=entry_to_json(entry))
                new_count += 1
                continue
            data = assemble_article(
                entry=entry, feed=parsed, page=None, page_error=None, fetched_page=False
            )
            stored = store_entry(
                session,
                feed_id=feed.id,
                source_id=feed.source_id,
                guid=entry.guid,
                entry_url=entry.url,
                entry_hash=entry_hash(entry),
                data=data,
                now=now,
            )
            new_count += stored.outcome in ("new", "updated")
    return new_count, entries


def _unique_entries(entries: list[ParsedEntry]) -> list[ParsedEntry]:
    """A feed that repeats a GUID means one entry; keep its first appearance."""
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.guid not in seen:
            seen.add(entry.guid)
            unique.append(entry)
    return unique


async def _fetch_page(ctx: JobContext, entry: ParsedEntry) -> ExtractedPage:
    assert entry.url is not None
    result = await fetch(ctx.http, entry.url, settings=ctx.settings, accept=PAGE_ACCEPT)
    kind = (result.content_type or "text/html").lower()
    if "html" not in kind and "xml" not in kind:
        raise FetchError(f"page is not HTML ({kind})")
    return await ctx.run_cpu(extract_page, result.body, url=result.url)


def _status_of(exc: BaseException) -> int | None:
    return exc.status_code if isinstance(exc, HTTPStatusError) else None


def entry_times(parsed: ParsedFeed) -> list[datetime | None]:
    return [e.published or e.updated for e in parsed.entries]
