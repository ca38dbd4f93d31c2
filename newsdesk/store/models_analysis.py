"""Tables of the analysis runner: what each step did to each article, vectors, related lists.

Kept apart from models.py so the analysis stage adds its tables without touching the
foundation's; both import the one `Base`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.store.models import Base, IdType
from newsdesk.store.types import utcnow


class ArticleAnalysis(Base):
    """One step's verdict on one article, and which text and code it was for.

    A row is stale when the article's `content_hash` or the step's `version` (its
    STEP_VERSION plus the embedding model) moved on; the runner re-runs exactly those.
    """

    __tablename__ = "article_analysis"

    article_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[str] = mapped_column(String(30), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(10))  # ok | skipped | failed
    reason: Mapped[str | None] = mapped_column(Text)
    analyzed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleVector(Base):
    """An article's embedding (title + lede) under one model, as little-endian float16."""

    __tablename__ = "article_vectors"

    article_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    model: Mapped[str] = mapped_column(String(120), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_article_vectors_model_updated", ArticleVector.model, ArticleVector.updated_at)


class RelatedArticle(Base):
    """One entry of an article's related list (rank 1 is shown first)."""

    __tablename__ = "related_articles"

    article_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    related_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)


Index("ix_related_articles_related", RelatedArticle.related_id)
