"""Queries behind the reader's pages and their JSON twins: one function per view.

The article page shows blocks whose data other stages produce (provenance, stories, hashtags and
related from analyze, filled by store/blocks.py; the AI panel and comments come from their own
context functions). `ArticleDetail` carries a field for each, empty until
its stage lands, so wiring a stage in is filling a field; the page renders a block only when
its field has data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from html import escape
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, Feed, Sighting, Source

SNIPPET_CHARS = 240
# Cards need only the start of the text for a snippet; reading whole bodies is the slow part.
CARD_TEXT_CHARS = 600
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
    source_id: int | None = None
    image_url: str | None = None

    @property
    def shown_at(self) -> datetime:
        """The time a reader is told: publication when known, else when we first saw it."""
        return self.published_at or self.first_seen_at

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "canonical_url": self.canonical_url,
            "source": self.source_name,
            "source_id": self.source_id,
            "published": _iso(self.published_at),
            "first_seen": self.first_seen_at.isoformat(),
            "snippet": self.snippet,
            "image_url": self.image_url,
        }


@dataclass(frozen=True)
class SourceMention:
    """A publisher named in a block (provenance, story outlets)."""

    name: str
    source_id: int | None = None
    url: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class Provenance:
    """Where this text first appeared, and who else carried it (from duplicate detection)."""

    original: SourceMention
    republishers: list[SourceMention] = field(default_factory=list)


@dataclass(frozen=True)
class StoryLink:
    """The story (one event's coverage) this article belongs to."""

    id: int
    title: str
    outlets: int
    articles: int


# What a reader is told an entity is (the tags step stores organisations as "org").
KIND_NAMES = {"person": "person", "org": "organisation", "place": "place", "topic": "topic"}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


@dataclass(frozen=True)
class Hashtag:
    tag: str
    label: str
    kind: str = "topic"  # person, place, organisation or topic
    entity: str | None = None  # the entity page's slug, when the hashtag names one


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
    updated_at: datetime | None = None
    source_site_url: str | None = None
    provenance: Provenance | None = None
    story: StoryLink | None = None
    hashtags: list[Hashtag] = field(default_factory=list)
    related: list[ArticleCard] = field(default_factory=list)
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
            updated=_iso(self.updated_at),
            provenance=_plain(self.provenance),
            story=_plain(self.story),
            hashtags=[_plain(tag) for tag in self.hashtags],
            related=[card.as_json() for card in self.related],
            display="excerpt" if self.excerpt_only else "full",
        )
        return data


@dataclass(frozen=True)
class StoryCard:
    """A top story on the front page: its lead article and how widely it is covered."""

    id: int
    title: str
    lead: ArticleCard
    outlets: list[str]
    outlet_count: int
    hashtags: list[Hashtag] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "lead": self.lead.as_json(),
            "outlets": self.outlets,
            "outlet_count": self.outlet_count,
            "hashtags": [_plain(tag) for tag in self.hashtags],
        }


@dataclass(frozen=True)
class SectionTab:
    slug: str
    name: str


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _plain(value: Any) -> Any:
    """A block's dataclass as JSON-ready data (datetimes as ISO strings)."""
    if value is None:
        return None
    data = asdict(value)

    def convert(item: Any) -> Any:
        if isinstance(item, datetime):
            return item.isoformat()
        if isinstance(item, dict):
            return {key: convert(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [convert(inner) for inner in item]
        return item

    return convert(data)


def make_snippet(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    return flat[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def card_query() -> Select[*tuple[Any, ...]]:
    """The columns a card needs (not whole bodies), for every listing to build on."""
    return select(
        Article.id,
        Article.title,
        Article.canonical_url,
        Source.name,
        Article.published_at,
        Article.first_seen_at,
        func.coalesce(Article.dek, func.substr(Article.text, 1, CARD_TEXT_CHARS)),
        Article.source_id,
        Article.image_url,
    ).outerjoin(Source, Source.id == Article.source_id)


def card_from_row(row: Any) -> ArticleCard:
    return ArticleCard(
        id=row[0],
        title=row[1],
        canonical_url=row[2],
        source_name=row[3],
        published_at=row[4],
        first_seen_at=row[5],
        snippet=make_snippet(row[6] or ""),
        source_id=row[7],
        image_url=row[8],
    )


def latest_cards(
    session: Session,
    *,
    limit: int = 30,
    before_id: int | None = None,
    source_id: int | None = None,
) -> list[ArticleCard]:
    """Latest articles, newest stored first; `before_id` is a stable cursor."""
    query = card_query().order_by(Article.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(Article.id < before_id)
    if source_id is not None:
        query = query.where(Article.source_id == source_id)
    return [card_from_row(row) for row in session.execute(query)]


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
    card = ArticleCard(
        id=article.id,
        title=article.title,
        canonical_url=article.canonical_url,
        source_name=source.name if source else None,
        published_at=article.published_at,
        first_seen_at=article.first_seen_at,
        snippet=make_snippet(article.dek or article.text[:CARD_TEXT_CHARS]),
        source_id=article.source_id,
        image_url=article.image_url,
    )
    return ArticleDetail(
        card=card,
        dek=article.dek,
        authors=list(article.authors or []),
        html=excerpt_html(article.dek or article.text) if excerpt_only else article.html,
        language=article.language,
        image_url=article.image_url,
        attribution=article.attribution,
        source_notice=source.notice if source else None,
        extraction_status=article.extraction_status,
        extraction_reason=article.extraction_reason,
        word_count=article.word_count,
        feeds=feeds,
        updated_at=article.updated_at,
        source_site_url=source.site_url if source else None,
        excerpt_only=excerpt_only,
    )


def excerpt_html(text: str) -> str:
    """The start of `text` (the feed's summary when there is one), ~60 words at most."""
    words = text.split()
    excerpt = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")
    return f"<p>{escape(excerpt)}</p>" if excerpt else ""
