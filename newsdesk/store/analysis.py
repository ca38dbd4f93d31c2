"""SQL for the analysis runner's bookkeeping: which step saw which article text, and how."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from newsdesk.store.models import Article
from newsdesk.store.models_analysis import ArticleAnalysis
from newsdesk.store.types import utcnow

_CHUNK = 500


@dataclass(frozen=True)
class ArticleInput:
    """What the runner's screening reads of an article (never the stored HTML)."""

    id: int
    title: str
    text: str
    language: str | None
    content_hash: str


@dataclass(frozen=True)
class StepResult:
    article_id: int
    status: str  # ok | skipped | failed
    reason: str | None = None


def _current(versions: dict[str, str]) -> object:
    """Rows that are up to date for one of the given steps (same text, same version)."""
    return or_(
        *(
            and_(ArticleAnalysis.step == step, ArticleAnalysis.version == version)
            for step, version in versions.items()
        )
    )


def pending_article_ids(
    session: Session,
    *,
    versions: dict[str, str],
    after_id: int = 0,
    limit: int = 500,
    since: datetime | None = None,
    everything: bool = False,
) -> list[int]:
    """Ids (ascending, above `after_id`) of articles some step has not analysed as they are now.

    `everything` ignores the bookkeeping (reanalyze); `since` keeps articles published or
    first seen at or after that time.
    """
    query = select(Article.id).where(Article.id > after_id)
    if since is not None:
        query = query.where(or_(Article.published_at >= since, Article.first_seen_at >= since))
    if not everything:
        done = (
            select(func.count())
            .select_from(ArticleAnalysis)
            .where(
                ArticleAnalysis.article_id == Article.id,
                ArticleAnalysis.content_hash == Article.content_hash,
                _current(versions),  # type: ignore[arg-type]
            )
            .scalar_subquery()
        )
        query = query.where(done < len(versions))
    return list(session.scalars(query.order_by(Article.id).limit(limit)))


def stale_for_step(
    session: Session, *, step: str, version: str, article_ids: Sequence[int]
) -> list[int]:
    """Those of `article_ids` whose row for `step` is missing or stale."""
    stale: list[int] = []
    for start in range(0, len(article_ids), _CHUNK):
        chunk = list(article_ids[start : start + _CHUNK])
        fresh = exists().where(
            ArticleAnalysis.article_id == Article.id,
            ArticleAnalysis.step == step,
            ArticleAnalysis.version == version,
            ArticleAnalysis.content_hash == Article.content_hash,
        )
        query = select(Article.id).where(Article.id.in_(chunk), ~fresh).order_by(Article.id)
        stale.extend(session.scalars(query))
    return stale


def article_inputs(session: Session, *, article_ids: Sequence[int]) -> list[ArticleInput]:
    rows: list[ArticleInput] = []
    for start in range(0, len(article_ids), _CHUNK):
        chunk = list(article_ids[start : start + _CHUNK])
        query = select(
            Article.id, Article.title, Article.text, Article.language, Article.content_hash
        ).where(Article.id.in_(chunk))
        rows.extend(ArticleInput(*row) for row in session.execute(query))
    return sorted(rows, key=lambda row: row.id)


def record_results(
    session: Session, *, step: str, version: str, results: Iterable[StepResult]
) -> None:
    """Write (replace) the step's row for each article, stamped with its current text hash."""
    results = list(results)
    ids = [r.article_id for r in results]
    hashes: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        query = select(Article.id, Article.content_hash).where(Article.id.in_(chunk))
        hashes.update({int(i): h for i, h in session.execute(query)})
        session.execute(
            delete(ArticleAnalysis).where(
                ArticleAnalysis.step == step, ArticleAnalysis.article_id.in_(chunk)
            )
        )
    now = utcnow()
    session.add_all(
        ArticleAnalysis(
            article_id=r.article_id,
            step=step,
            content_hash=hashes[r.article_id],
            version=version,
            status=r.status,
            reason=r.reason,
            analyzed_at=now,
        )
        for r in results
        if r.article_id in hashes  # an article deleted meanwhile has nothing to record
    )
    session.flush()


def analysis_of(session: Session, *, article_id: int) -> list[ArticleAnalysis]:
    query = select(ArticleAnalysis).where(ArticleAnalysis.article_id == article_id)
    return list(session.scalars(query.order_by(ArticleAnalysis.step)))


def status_counts(session: Session) -> dict[tuple[str, str], int]:
    """(step, status) → number of articles, for reports."""
    query = select(ArticleAnalysis.step, ArticleAnalysis.status, func.count()).group_by(
        ArticleAnalysis.step, ArticleAnalysis.status
    )
    return {(step, status): int(n) for step, status, n in session.execute(query)}
