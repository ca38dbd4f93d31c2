"""Queries behind the reader's pages and their JSON twins: one function per view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, Feed, Sighting, Source

SNIPPET_CHARS = 240
EXCERPT_WORDS = 60  # what an excerpt-only source's article shows, at most


@dataclass(frozen=True)
class ArticleCard:
    id: int
    title: str
    canonical_url: str | None
    source_name: str | None
    published_at: datetime | None
    first_seen_at: datetime
    snippet: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "canonical_url": self.canonical_url,
            "source": self.source_name,
            "published": self.published_at.isoformat() if self.published_at else None,
            "first_seen": self.first_seen_at.isoformat(),
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class ArticleDetail:
    card: ArticleCard
    dek: str | None
    authors: list[str]
    html: str
    language: str | None
    image_url: str | None
    attribution: str | None
    source_notice: str | None
    extraction_status: str
    extraction_reason: str | None
    word_count: int
    feeds: list[str]
    # The source allows only an excerpt: `html` holds it, and pages link to the original.
    excerpt_only: bool = False

    def as_json(self) -> dict[str, Any]:
        data = self.card.as_json()
        data.update(
            dek=self.dek,
            authors=self.authors,
            html=self.html,
            language=self.language,
            image_url=self.image_url,
            attribution=self.attribution,
            source_notice=self.source_notice,
            extraction_status=self.extraction_status,
            extraction_reason=self.extraction_reason,
            word_count=self.word_count,
            feeds=self.feeds,
            display="excerpt" if self.excerpt_only else "full",
        )
        return data


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    return flat[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _excerpt_html(article: Article) -> str:
    """The feed's summary when it has one, else the start of the text; ~60 words at most."""
    words = (article.dek or article.text).split()
    excerpt = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")
    return f"<p>{escape(excerpt)}</p>" if excerpt else ""


def _card(article: Article, source: Source | None) -> ArticleCard:
    return ArticleCard(
        id=article.id,
        title=article.title,
        canonical_url=article.canonical_url,
        source_name=source.name if source else None,
        published_at=article.published_at,
        first_seen_at=article.first_seen_at,
        snippet=_snippet(article.dek or article.text),
    )


def latest_cards(
    session: Session, *, limit: int = 30, before_id: int | None = None
) -> list[ArticleCard]:
    """Latest articles, newest stored first; `before_id` is a stable cursor."""
    query = (
        select(Article, Source)
        .outerjoin(Source, Source.id == Article.source_id)
        .order_by(Article.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(Article.id < before_id)
    return [_card(article, source) for article, source in session.execute(query)]


def article_detail(session: Session, *, article_id: int) -> ArticleDetail | None:
    row = session.execute(
        select(Article, Source)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.id == article_id)
    ).first()
    if row is None:
        return None
    article, source = row
    excerpt_only = source is not None and source.display_policy == "excerpt"
    feeds = list(
        session.scalars(
            select(func.coalesce(Feed.title, Feed.url))
            .join(Sighting, Sighting.feed_id == Feed.id)
            .where(Sighting.article_id == article_id)
            .order_by(Sighting.id)
        )
    )
    return ArticleDetail(
        card=_card(article, source),
        dek=article.dek,
        authors=list(article.authors or []),
        html=_excerpt_html(article) if excerpt_only else article.html,
        language=article.language,
        image_url=article.image_url,
        attribution=article.attribution,
        source_notice=source.notice if source else None,
        extraction_status=article.extraction_status,
        extraction_reason=article.extraction_reason,
        word_count=article.word_count,
        feeds=feeds,
        excerpt_only=excerpt_only,
    )
