"""Queries behind a publisher's page: who it is, its feeds, its latest articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.store.models import Feed, Source
from newsdesk.store.reading import ArticleCard, latest_cards


@dataclass(frozen=True)
class SourceFeed:
    id: int
    url: str
    title: str | None
    status: str
    last_success_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "status": self.status,
            "last_success_at": self.last_success_at.isoformat() if self.last_success_at else None,
        }


@dataclass(frozen=True)
class OriginCounts:
    """How often this publisher is the original of an article vs a republisher of another's."""

    original: int
    republished: int


@dataclass(frozen=True)
class SourcePage:
    id: int
    name: str
    host: str
    site_url: str | None
    notice: str | None
    feeds: list[SourceFeed]
    cards: list[ArticleCard]
    origin: OriginCounts | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "host": self.host,
            "site_url": self.site_url,
            "notice": self.notice,
            "feeds": [feed.as_json() for feed in self.feeds],
            "articles": [card.as_json() for card in self.cards],
            "origin": (
                {"original": self.origin.original, "republished": self.origin.republished}
                if self.origin
                else None
            ),
        }


def source_page(
    session: Session, *, source_id: int, before_id: int | None = None, limit: int = 30
) -> SourcePage | None:
    source = session.get(Source, source_id)
    if source is None:
        return None
    return SourcePage(
        id=source.id,
        name=source.name,
        host=source.host,
        site_url=source.site_url,
        notice=source.notice,
        feeds=source_feeds(session, source_id=source_id),
        cards=latest_cards(session, limit=limit, before_id=before_id, source_id=source_id),
        origin=origin_counts(session, source_id=source_id),
    )


def source_feeds(session: Session, *, source_id: int) -> list[SourceFeed]:
    # No per-feed counts: at 100k articles counting a feed's entries cost 20 ms a page view;
    # the admin's health table has them.
    rows = session.execute(
        select(Feed.id, Feed.url, Feed.title, Feed.status, Feed.last_success_at)
        .where(Feed.source_id == source_id)
        .order_by(Feed.title, Feed.id)
    )
    return [SourceFeed(*row) for row in rows]


def origin_counts(session: Session, *, source_id: int) -> OriginCounts | None:
    """None until duplicate detection records which copy is the original (the analyze stage)."""
    return None


def source_choices(session: Session, *, limit: int = 500) -> list[tuple[int, str]]:
    """Publishers by name: the search page's source filter.

    All of them, not only those with articles: articles.source_id has no index, so asking
    each publisher whether it has any would scan the table once per empty one.
    """
    rows = session.execute(select(Source.id, Source.name).order_by(Source.name).limit(limit))
    return [(row[0], row[1]) for row in rows]
