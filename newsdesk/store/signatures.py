"""SQL for article_signatures: the duplicates step's per-article record and its LSH source."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.store.models_copies import ArticleSignature
from newsdesk.store.types import utcnow


@dataclass(frozen=True)
class StoredSignature:
    article_id: int
    signature: bytes
    lede_key: int
    computed_at: datetime


def signature_states(session: Session, *, article_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """article id → (content hash, step version) it was last analysed with."""
    found: dict[int, tuple[str, str]] = {}
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), 500):
        query = select(
            ArticleSignature.article_id,
            ArticleSignature.content_hash,
            ArticleSignature.step_version,
        ).where(ArticleSignature.article_id.in_(ids[start : start + 500]))
        found.update(
            {row.article_id: (row.content_hash, row.step_version) for row in session.execute(query)}
        )
    return found


def save_signature(
    session: Session,
    *,
    article_id: int,
    content_hash: str,
    step_version: str,
    signature: bytes | None,
    lede_key: int | None,
    shingles: int,
    reason: str | None,
    now: datetime | None = None,
) -> None:
    """Record what the step made of an article (a signature, or the reason it has none)."""
    row = session.get(ArticleSignature, article_id)
    if row is None:
        row = ArticleSignature(article_id=article_id)
        session.add(row)
    row.content_hash = content_hash
    row.step_version = step_version
    row.signature = signature
    row.lede_key = lede_key
    row.shingles = shingles
    row.reason = reason
    row.computed_at = now or utcnow()
    session.flush()


def signature_reason(session: Session, *, article_id: int) -> str | None:
    """Why the step could not sign this article (None when it could, or has not run)."""
    return session.scalar(
        select(ArticleSignature.reason).where(ArticleSignature.article_id == article_id)
    )


def signatures_since(
    session: Session, *, since: datetime | None, batch: int = 5000
) -> Iterator[StoredSignature]:
    """Every stored signature computed at or after `since` (all when None), oldest first."""
    query = (
        select(
            ArticleSignature.article_id,
            ArticleSignature.signature,
            ArticleSignature.lede_key,
            ArticleSignature.computed_at,
        )
        .where(ArticleSignature.signature.is_not(None))
        .order_by(ArticleSignature.computed_at, ArticleSignature.article_id)
        .execution_options(yield_per=batch)
    )
    if since is not None:
        query = query.where(ArticleSignature.computed_at >= since)
    for row in session.execute(query):
        yield StoredSignature(
            row.article_id, bytes(row.signature), int(row.lede_key or 0), row.computed_at
        )
