"""Adding feeds: by URL (with autodiscovery when the URL is a web page) and by OPML."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsdesk.config import Settings
from newsdesk.errors import ParseError, UserError
from newsdesk.ingest.discover import discover_feeds
from newsdesk.ingest.fetch import fetch, make_client
from newsdesk.ingest.opml import OpmlOutline, parse_opml, write_opml
from newsdesk.ingest.parse import NotAFeedError, parse_feed
from newsdesk.ingest.pipeline import FEED_ACCEPT
from newsdesk.ingest.urls import canonical_url
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed, all_feeds


@dataclass(frozen=True)
class Subscription:
    feed_id: int
    url: str
    title: str | None
    created: bool


async def resolve_feed_url(settings: Settings, url: str) -> tuple[str, str | None]:
    """Fetch `url`; if it is a web page, return the first feed it advertises instead.

    Checking at subscribe time tells a person at once that a URL is wrong, instead of a
    failing feed discovered on the next round.
    """
    async with make_client(settings) as client:
        result = await fetch(client, url, settings=settings, accept=FEED_ACCEPT)
        try:
            parsed = parse_feed(result.body, url=result.url, content_type=result.content_type)
            return canonical_url(result.url), parsed.title
        except NotAFeedError:
            found = discover_feeds(result.body, base_url=result.url)
            if not found:
                raise UserError(f"{url} is a web page that advertises no feed") from None
        result = await fetch(client, found[0].url, settings=settings, accept=FEED_ACCEPT)
        try:
            parsed = parse_feed(result.body, url=result.url, content_type=result.content_type)
        except ParseError as exc:
            raise UserError(f"the feed advertised by {url} is unreadable: {exc}") from None
        return canonical_url(result.url), parsed.title or found[0].title


async def subscribe(
    settings: Settings,
    store: Store,
    url: str,
    *,
    category: str | None = None,
    full_text: str | None = None,
    check: bool = True,
) -> Subscription:
    """Subscribe to a feed URL (or the feed a page advertises)."""
    feed_url, title = (
        await resolve_feed_url(settings, canonical_url(url))
        if check
        else (canonical_url(url), None)
    )
    with store.session() as session:
        feed, created = add_feed(
            session,
            url=feed_url,
            title=title,
            category=category,
            full_text=full_text or settings.full_text,
        )
        return Subscription(feed.id, feed.url, feed.title, created)


def import_opml(settings: Settings, store: Store, body: bytes) -> tuple[int, int]:
    """Subscribe to every feed in an OPML file; folders become categories.

    Returns (added, already there). Feeds are not fetched here: an import of thousands must
    be quick, and the next round fetches them and records any error on each.
    """
    outlines = parse_opml(body)
    added = existing = 0
    with store.session() as session:
        for outline in outlines:
            try:
                url = canonical_url(outline.url)
            except UserError:
                continue
            _, created = add_feed(
                session,
                url=url,
                title=outline.title,
                category=outline.category,
                site_url=outline.site_url,
                full_text=settings.full_text,
            )
            added += created
            existing += not created
    return added, existing


def export_opml(store: Store) -> bytes:
    with store.session() as session:
        outlines: Iterable[OpmlOutline] = [
            OpmlOutline(url=f.url, title=f.title, site_url=f.site_url, category=f.category)
            for f in all_feeds(session)
        ]
        return write_opml(outlines)
