"""Tables of the sections and tags steps: what each article is about.

Entities and hashtags are shared across articles (one row per thing, one spelling); the link
tables carry what is per article (salience, rank). Each step also records, per article, the
step version it ran with and why it could not analyse the article, if it could not.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.store.models import Base, IdType


class Entity(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # person | org | place | topic


class ArticleEntity(Base):
    __tablename__ = "article_entities"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    salience: Mapped[float] = mapped_column(Float)
    mentions: Mapped[int] = mapped_column(Integer)


class Hashtag(Base):
    __tablename__ = "hashtags"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    tag: Mapped[str] = mapped_column(String(100))  # CamelCase, without '#'
    label: Mapped[str] = mapped_column(String(200))  # the human spelling


# One hashtag whatever its case: #RareEarths and #rareearths are the same page.
Index("uq_hashtags_tag_lower", func.lower(Hashtag.tag), unique=True)


class ArticleHashtag(Base):
    __tablename__ = "article_hashtags"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    hashtag_id: Mapped[int] = mapped_column(
        ForeignKey("hashtags.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)


class ArticleSection(Base):
    __tablename__ = "article_sections"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    section: Mapped[str | None] = mapped_column(String(40), index=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    step_version: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)


class ArticleTagging(Base):
    """The tags step's record per article: its version, and why it found nothing if so."""

    __tablename__ = "article_tagging"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    step_version: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
