"""Tables of the stories step: one row per story, one per article placed in a story.

Kept apart from models.py so the analysis stage adds its tables without touching the
foundation's; both import the one `Base`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.store.models import Base, IdType
from newsdesk.store.types import utcnow


class Story(Base):
    """One event covered by one or more outlets.

    `score` is the front-page rank in a form that does not go stale: log2(outlets) plus the
    latest article's time in half-lives, so ORDER BY score equals ordering by
    outlets × 2^(-age / half-life) at any moment (see store/stories.py).
    """

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text, default="")
    lead_article_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="SET NULL")
    )
    first_at: Mapped[datetime]
    latest_at: Mapped[datetime] = mapped_column(index=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    outlet_count: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float] = mapped_column(Float, default=0.0, index=True)


class ArticleStory(Base):
    """Where the stories step put one article, or why it could not place it.

    `vector` is the float32 vector the article was clustered with (NULL for copies, which
    follow their original, and for skipped articles), kept so that later runs can continue
    open stories without re-embedding their members; `content_hash` and `step_version` say
    which article text and which code placed it, so a re-run skips what has not changed.
    """

    __tablename__ = "article_stories"

    article_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("stories.id", ondelete="SET NULL")
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    similarity: Mapped[float] = mapped_column(Float, default=0.0)
    content_hash: Mapped[str] = mapped_column(String(64))
    step_version: Mapped[str] = mapped_column(String(20))
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    reason: Mapped[str | None] = mapped_column(Text)


Index("ix_article_stories_story", ArticleStory.story_id)
