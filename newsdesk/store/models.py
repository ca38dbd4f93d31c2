"""The tables, as SQLAlchemy 2 typed models.

Only `store/` imports these; other stages call the query modules beside this file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from newsdesk.store.types import UTCDateTime, utcnow

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
IdType = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Source(Base):
    """A publisher: every feed and article belongs to one, keyed by its web host."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    host: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    site_url: Mapped[str | None] = mapped_column(Text)
    # A credit line shown under every article of this source (a licence, a syndication note).
    notice: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "full" or "excerpt": some publishers only allow an excerpt and a link (migration 0002).
    display_policy: Mapped[str] = mapped_column(String(10), default="full", server_default="full")

    feeds: Mapped[list[Feed]] = relationship(back_populates="source")


class Feed(Base):
    """A subscription, with everything the scheduler needs to poll it politely."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    title: Mapped[str | None] = mapped_column(Text)
    site_url: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(300))
    full_text: Mapped[str] = mapped_column(String(10), default="auto")
    status: Mapped[str] = mapped_column(String(20), default="new")
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_fetched_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_new_entry_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    failing_since: Mapped[datetime | None]
    next_poll_at: Mapped[datetime | None] = mapped_column(index=True)
    poll_interval_minutes: Mapped[int] = mapped_column(Integer, default=60)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    source: Mapped[Source | None] = relationship(back_populates="feeds")


class Article(Base):
    """One article, stored once whatever route it arrived by."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    canonical_url: Mapped[str | None] = mapped_column(Text, unique=True)
    guid: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    dek: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    updated_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(20))
    html: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    image_url: Mapped[str | None] = mapped_column(Text)
    sitename: Mapped[str | None] = mapped_column(Text)
    attribution: Mapped[str | None] = mapped_column(Text)
    body_source: Mapped[str] = mapped_column(String(10), default="feed")
    extraction_status: Mapped[str] = mapped_column(String(30), default="feed_only")
    extraction_reason: Mapped[str | None] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    modified_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Kept by `newsdesk purge` whatever its age (migration 0002).
    starred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    sightings: Mapped[list[Sighting]] = relationship(back_populates="article")


class Sighting(Base):
    """A feed carrying an article: the same article seen in three feeds has three rows."""

    __tablename__ = "sightings"
    __table_args__ = (UniqueConstraint("feed_id", "guid", name="uq_sightings_feed_guid"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(Text)
    entry_url: Mapped[str | None] = mapped_column(Text)
    entry_hash: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="sightings")


Index("ix_sightings_article", Sighting.article_id)


class FetchLog(Base):
    """One row per poll of a feed: the health table and the scheduler's history read it."""

    __tablename__ = "fetch_log"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    http_status: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    new_articles: Mapped[int] = mapped_column(Integer, default=0)
