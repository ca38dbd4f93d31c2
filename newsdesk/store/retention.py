"""SQL for retention: which articles `newsdesk purge` may delete, and deleting them in batches.

An article goes when it is older than `keep_days` (first stored before the cutoff and not seen
in any feed since) or beyond `keep_per_feed` in every feed that carries it (ranked by when the
feed last listed it, so entries still in a feed rank first), and never when it is protected:
starred, or referred to by a comment or a star. Deleting an article deletes its sightings and
its full-text row (SQLite's trigger; PostgreSQL's column goes with the row). Each batch is its
own transaction, so a long purge never holds the database for long; running it again deletes
nothing more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, exists, func, inspect, select, text
from sqlalchemy.orm import Session

from newsdesk.store.engine import Store
from newsdesk.store.models import Article, Sighting

BATCH = 500
# Tables of other stages whose rows keep an article (they may not exist yet): table → column.
PROTECTING_TABLES = {"comments": "article_id", "stars": "article_id"}


@dataclass(frozen=True)
class PurgeReport:
    old: int  # articles past keep_days
    beyond_count: int  # articles past keep_per_feed in every feed that carries them
    protected: int  # of those, kept because starred or commented
    to_delete: int  # the rest
    deleted: int  # 0 on a dry run


def protected_article_ids(session: Session, *, among: list[int]) -> set[int]:
    """Those of `among` purge must keep: starred here, or referred to from a table another
    stage owns (`comments`, `stars`), looked up in the live schema so it counts them once
    they land."""
    ids: set[int] = set()
    schema = inspect(session.connection())
    tables = set(schema.get_table_names())
    for batch in _batches(among):
        starred = select(Article.id).where(Article.starred.is_(True), Article.id.in_(batch))
        ids.update(session.scalars(starred))
        for table, column in PROTECTING_TABLES.items():
            if table in tables and column in {c["name"] for c in schema.get_columns(table)}:
                query = text(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IN :ids")
                query = query.bindparams(bindparam("ids", expanding=True))
                ids.update(int(value) for value in session.scalars(query, {"ids": batch}))
    return ids


def old_article_ids(session: Session, *, keep_days: int, now: datetime) -> set[int]:
    """Articles first stored more than `keep_days` ago that no feed has listed since."""
    if keep_days <= 0:
        return set()
    cutoff = now - timedelta(days=keep_days)
    seen_since = exists().where(Sighting.article_id == Article.id, Sighting.last_seen_at >= cutoff)
    query = select(Article.id).where(Article.first_seen_at < cutoff, ~seen_since)
    return set(session.scalars(query))


def beyond_count_article_ids(session: Session, *, keep_per_feed: int) -> set[int]:
    """Articles ranked past `keep_per_feed` in every feed that carries them."""
    if keep_per_feed <= 0:
        return set()
    rank = (
        func.row_number()
        .over(
            partition_by=Sighting.feed_id,
            order_by=(Sighting.last_seen_at.desc(), Sighting.article_id.desc()),
        )
        .label("rank")
    )
    ranked = select(Sighting.article_id, rank).subquery()
    kept = select(ranked.c.article_id).where(ranked.c.rank <= keep_per_feed)
    query = select(Sighting.article_id).where(Sighting.article_id.not_in(kept)).distinct()
    return set(session.scalars(query))


def delete_articles(session: Session, *, ids: list[int]) -> int:
    """Delete these articles and their sightings (one batch; the caller commits)."""
    session.execute(delete(Sighting).where(Sighting.article_id.in_(ids)))
    result = session.execute(delete(Article).where(Article.id.in_(ids)))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def purge_articles(
    store: Store, *, keep_days: int, keep_per_feed: int, now: datetime, dry_run: bool = False
) -> PurgeReport:
    """Apply the retention settings once; with `dry_run`, only count."""
    with store.session() as session:
        old = old_article_ids(session, keep_days=keep_days, now=now)
        beyond = beyond_count_article_ids(session, keep_per_feed=keep_per_feed)
        candidates = sorted(old | beyond)
        protected = protected_article_ids(session, among=candidates)
    doomed = [i for i in candidates if i not in protected]
    deleted = 0
    if not dry_run:
        for batch in _batches(doomed):
            with store.session() as session:
                # Asked again per batch: a reader may star or comment while we purge.
                keep = protected_article_ids(session, among=batch)
                deleted += delete_articles(session, ids=[i for i in batch if i not in keep])
    return PurgeReport(len(old), len(beyond), len(protected), len(doomed), deleted)


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]
