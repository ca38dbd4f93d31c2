"""SQL for the feeds table: subscriptions, their health and their schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store.engine import core
from newsdesk.store.models import Feed, Sighting
from newsdesk.store.sources import get_or_create_source

POLLABLE = ("new", "ok", "error")


@dataclass(frozen=True)
class FeedHealth:
    """One row of the health table (`newsdesk feeds`, the admin page, the JSON API)."""

    id: int
    url: str
    title: str | None
    category: str | None
    status: str
    articles: int
    last_fetched_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    error_count: int
    next_poll_at: datetime | None
    full_text: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "category": self.category,
            "status": self.status,
            "articles": self.articles,
            "last_fetched_at": _iso(self.last_fetched_at),
            "last_success_at": _iso(self.last_success_at),
            "last_error": self.last_error,
            "error_count": self.error_count,
            "next_poll_at": _iso(self.next_poll_at),
            "full_text": self.full_text,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def add_feed(
    session: Session,
    *,
    url: str,
    title: str | None = None,
    category: str | None = None,
    site_url: str | None = None,
    full_text: str = "auto",
) -> tuple[Feed, bool]:
    """Subscribe to `url` (already canonical); returns the feed and whether it is new.

    Adding a feed twice is not an error: the second call fills in a missing title or
    category and returns the existing row, so OPML imports can be repeated.
    """
    existing = get_feed_by_url(session, url=url)
    if existing is not None:
        existing.title = existing.title or title
        existing.category = existing.category or category
        return existing, False
    source = get_or_create_source(session, url=site_url or url, name=None)
    feed = Feed(
        url=url,
        title=title,
        category=category,
        site_url=site_url,
        full_text=full_text,
        source_id=source.id,
        status="new",
    )
    try:
        with session.begin_nested():
            session.add(feed)
    except IntegrityError:
        found = get_feed_by_url(session, url=url)
        assert found is not None
        return found, False
    return feed, True


def get_feed(session: Session, *, feed_id: int) -> Feed | None:
    return session.get(Feed, feed_id)


@dataclass(frozen=True)
class FeedPoll:
    """The feed columns a poll reads, in one statement at its start (tasks outlive sessions)."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    full_text: str
    source_id: int | None
    title: str | None
    site_url: str | None
    poll_interval_minutes: int


# The statements every poll runs, built once: building a SQLAlchemy statement costs more than
# SQLite takes to run it (a 9-column select: ~110 µs to build, ~40 µs to run).
_FEEDS = Feed.metadata.tables["feeds"]
_POLL_COLUMNS = [
    _FEEDS.c[name]
    for name in (
        "id",
        "url",
        "etag",
        "last_modified",
        "full_text",
        "source_id",
        "title",
        "site_url",
        "poll_interval_minutes",
    )
]
_READ_POLL = select(*_POLL_COLUMNS).where(_FEEDS.c.id == bindparam("feed_id_"))
_UPDATE_FEED = update(_FEEDS).where(_FEEDS.c.id == bindparam("feed_id_"))


def get_feed_poll(session: Session | Connection, *, feed_id: int) -> FeedPoll | None:
    row = core(session).execute(_READ_POLL, {"feed_id_": feed_id}).one_or_none()
    return FeedPoll(*row) if row is not None else None


def set_feed_columns(
    session: Session | Connection, *, feed_id: int, values: dict[str, Any]
) -> None:
    """One UPDATE of the given columns, without loading the row (the per-poll write)."""
    unknown = set(values) - set(_FEEDS.c.keys())
    if unknown:
        raise AttributeError(f"feeds has no columns {sorted(unknown)}")
    core(session).execute(_UPDATE_FEED, {"feed_id_": feed_id, **values})


def get_feed_by_url(session: Session, *, url: str) -> Feed | None:
    return session.scalar(select(Feed).where(Feed.url == url))


def all_feeds(session: Session) -> list[Feed]:
    return list(session.scalars(select(Feed).order_by(Feed.category, Feed.title, Feed.id)))


def due_feed_ids(session: Session, *, now: datetime, limit: int | None = None) -> list[int]:
    """Feeds whose next poll has come, most overdue first; disabled and gone ones never."""
    query = (
        select(Feed.id)
        .where(Feed.status.in_(POLLABLE))
        .where(or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
        .order_by(Feed.next_poll_at.is_not(None), Feed.next_poll_at, Feed.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def update_feed(session: Session, *, feed_id: int, **values: Any) -> None:
    """Set columns on one feed; unknown names are a programming error and raise."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        raise LookupError(f"no feed {feed_id}")
    for name, value in values.items():
        if not hasattr(Feed, name):
            raise AttributeError(f"feeds has no column {name!r}")
        setattr(feed, name, value)


def feed_health(session: Session) -> list[FeedHealth]:
    counts = (
        select(Sighting.feed_id, func.count(func.distinct(Sighting.article_id)).label("n"))
        .group_by(Sighting.feed_id)
        .subquery()
    )
    query = (
        select(Feed, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.feed_id == Feed.id)
        .order_by(Feed.category, Feed.title, Feed.id)
    )
    return [
        FeedHealth(
            id=feed.id,
            url=feed.url,
            title=feed.title,
            category=feed.category,
            status=feed.status,
            articles=int(n),
            last_fetched_at=feed.last_fetched_at,
            last_success_at=feed.last_success_at,
            last_error=feed.last_error,
            error_count=feed.error_count,
            next_poll_at=feed.next_poll_at,
            full_text=feed.full_text,
        )
        for feed, n in session.execute(query)
    ]
