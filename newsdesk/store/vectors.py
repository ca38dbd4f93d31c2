"""SQL for article vectors: float16 bytes per (article, model), and what changed since when."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.store.models_analysis import ArticleVector
from newsdesk.store.types import utcnow

_CHUNK = 500


def save_vectors(session: Session, *, model: str, vectors: Sequence[tuple[int, bytes]]) -> int:
    """Insert or update vectors; an unchanged vector is left alone (its timestamp too).

    Returns how many rows were written, so a re-run that computes the same vectors writes none
    and the look-up index sees nothing new.
    """
    written = 0
    now = utcnow()
    for start in range(0, len(vectors), _CHUNK):
        chunk = dict(vectors[start : start + _CHUNK])
        stored = {
            row.article_id: row
            for row in session.scalars(
                select(ArticleVector).where(
                    ArticleVector.model == model, ArticleVector.article_id.in_(list(chunk))
                )
            )
        }
        for article_id, blob in chunk.items():
            row = stored.get(article_id)
            if row is None:
                session.add(
                    ArticleVector(article_id=article_id, model=model, vector=blob, updated_at=now)
                )
            elif row.vector != blob:
                row.vector, row.updated_at = blob, now
            else:
                continue
            written += 1
    session.flush()
    return written


def get_vector(session: Session, *, article_id: int, model: str | None = None) -> bytes | None:
    """The article's vector under `model`, or under the model that wrote last."""
    query = select(ArticleVector.vector).where(ArticleVector.article_id == article_id)
    if model is not None:
        query = query.where(ArticleVector.model == model)
    return session.scalar(query.order_by(ArticleVector.updated_at.desc()).limit(1))


def vectors_of(session: Session, *, model: str, article_ids: Sequence[int]) -> dict[int, bytes]:
    """article id → its vector under `model`, for those of `article_ids` that have one."""
    found: dict[int, bytes] = {}
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), _CHUNK):
        query = select(ArticleVector.article_id, ArticleVector.vector).where(
            ArticleVector.model == model, ArticleVector.article_id.in_(ids[start : start + _CHUNK])
        )
        found.update({int(i): bytes(v) for i, v in session.execute(query)})
    return found


def vector_stamp(session: Session, *, model: str) -> tuple[int, datetime | None]:
    """(row count, newest update) for one model: equal stamps mean nothing changed."""
    count, newest = session.execute(
        select(func.count(), func.max(ArticleVector.updated_at)).where(ArticleVector.model == model)
    ).one()
    if isinstance(newest, str):  # SQLite's max() bypasses the column type
        from newsdesk.store.types import UTCDateTime

        newest = UTCDateTime().process_result_value(newest, session.get_bind().dialect)
    return int(count), newest


def vectors_since(
    session: Session, *, model: str, since: datetime | None, batch: int = 20_000
) -> Iterator[tuple[int, bytes, datetime]]:
    """Rows of `model` updated at or after `since` (all when None), in pages."""
    last_id = 0
    while True:
        query = select(ArticleVector.article_id, ArticleVector.vector, ArticleVector.updated_at)
        query = query.where(ArticleVector.model == model, ArticleVector.article_id > last_id)
        if since is not None:
            query = query.where(ArticleVector.updated_at >= since)
        rows = session.execute(query.order_by(ArticleVector.article_id).limit(batch)).all()
        if not rows:
            return
        yield from ((int(r[0]), bytes(r[1]), r[2]) for r in rows)
        last_id = int(rows[-1][0])
