"""SQL of the generate stage: sentence vectors, generated output, and the article text it reads.

The `article_stories` table belongs to the stories step and may be absent from a build; the
story query then answers as if the article were in no story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, Source
from newsdesk.store.models_generate import Generated, SentenceVectors
from newsdesk.store.models_stories import Story
from newsdesk.store.types import utcnow


@dataclass(frozen=True)
class ArticleText:
    """What generation reads of an article."""

    id: int
    title: str
    text: str
    content_hash: str
    language: str | None
    outlet: str | None


@dataclass(frozen=True)
class StoredVectors:
    content_hash: str
    rows: int
    vectors: bytes


@dataclass(frozen=True)
class StoredOutput:
    method_version: str
    content_hash: str
    payload: dict[str, Any]


def article_texts(session: Session, *, article_ids: Sequence[int]) -> list[ArticleText]:
    """The articles' title, text and hash with their outlet's name, in the order asked.

    Only these columns are read (not whole Article rows): this runs on every question.
    """
    if not article_ids:
        return []
    query = (
        select(
            Article.id,
            Article.title,
            Article.text,
            Article.content_hash,
            Article.language,
            Article.sitename,
            Source.name,
        )
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.id.in_(list(article_ids)))
    )
    found = {
        row.id: ArticleText(
            id=row.id,
            title=row.title,
            text=row.text,
            content_hash=row.content_hash,
            language=row.language,
            outlet=row.name or row.sitename,
        )
        for row in session.execute(query)
    }
    return [found[i] for i in article_ids if i in found]


def article_ids_since(
    session: Session, *, since: datetime | None, after_id: int = 0, limit: int = 1000
) -> list[int]:
    """Ids of articles first seen at or after `since` (all when None), in id order, paged."""
    query = select(Article.id).where(Article.id > after_id).order_by(Article.id).limit(limit)
    if since is not None:
        query = query.where(Article.first_seen_at >= since)
    return [int(i) for i in session.scalars(query)]


def get_sentence_vectors(session: Session, *, article_id: int, model: str) -> StoredVectors | None:
    query = select(
        SentenceVectors.content_hash, SentenceVectors.rows, SentenceVectors.vectors
    ).where(SentenceVectors.article_id == article_id, SentenceVectors.model == model)
    row = session.execute(query).first()
    if row is None:
        return None
    return StoredVectors(row.content_hash, row.rows, bytes(row.vectors))


def save_sentence_vectors(
    session: Session, *, article_id: int, model: str, content_hash: str, rows: int, vectors: bytes
) -> None:
    """Insert or replace the article's sentence vectors under `model`."""
    row = session.get(SentenceVectors, (article_id, model))
    if row is None:
        session.add(
            SentenceVectors(
                article_id=article_id,
                model=model,
                content_hash=content_hash,
                rows=rows,
                vectors=vectors,
                created_at=utcnow(),
            )
        )
    else:
        row.content_hash, row.rows, row.vectors = content_hash, rows, vectors
        row.created_at = utcnow()
    session.flush()


def get_generated(session: Session, *, article_id: int, kind: str) -> StoredOutput | None:
    row = session.get(Generated, (article_id, kind))
    if row is None:
        return None
    return StoredOutput(row.method_version, row.content_hash, dict(row.payload))


def save_generated(
    session: Session,
    *,
    article_id: int,
    kind: str,
    method_version: str,
    content_hash: str,
    payload: dict[str, Any],
) -> bool:
    """Insert or replace one output; returns False (and writes nothing) when it is unchanged."""
    row = session.get(Generated, (article_id, kind))
    if row is None:
        session.add(
            Generated(
                article_id=article_id,
                kind=kind,
                method_version=method_version,
                content_hash=content_hash,
                payload=payload,
                created_at=utcnow(),
            )
        )
    elif (row.method_version, row.content_hash, row.payload) == (
        method_version,
        content_hash,
        payload,
    ):
        return False
    else:
        row.method_version, row.content_hash, row.payload = method_version, content_hash, payload
        row.created_at = utcnow()
    session.flush()
    return True


def story_article_ids(session: Session, *, article_id: int, limit: int = 20) -> list[int]:
    """The other articles of this article's story (stories step), newest id first."""
    if not inspect(session.connection()).has_table("article_stories"):
        return []
    query = text(
        "SELECT b.article_id FROM article_stories a JOIN article_stories b "
        "ON a.story_id = b.story_id WHERE a.article_id = :id AND b.article_id != :id "
        "ORDER BY b.article_id DESC LIMIT :limit"
    )
    return [int(r[0]) for r in session.execute(query, {"id": article_id, "limit": limit})]


def articles_of_story(session: Session, *, story_id: int) -> list[int]:
    """Every article of one story (empty when the stories step is not in this build)."""
    if not inspect(session.connection()).has_table("article_stories"):
        return []
    query = text("SELECT article_id FROM article_stories WHERE story_id = :id ORDER BY article_id")
    return [int(r[0]) for r in session.execute(query, {"id": story_id})]


def shared_story_ids(
    session: Session, *, since: datetime | None, after_id: int = 0, limit: int = 500
) -> list[int]:
    """Ids of stories two or more outlets cover (latest article at or after `since`), paged.

    Empty when the stories step is not in this build.
    """
    if not inspect(session.connection()).has_table("stories"):
        return []
    query = (
        select(Story.id)
        .where(Story.outlet_count >= 2, Story.id > after_id)
        .order_by(Story.id)
        .limit(limit)
    )
    if since is not None:
        query = query.where(Story.latest_at >= since)
    return [int(i) for i in session.scalars(query)]
