"""SQL for related articles, and for what relatedness must respect: copies and shared entities.

The copies and entities tables belong to other analysis steps (duplicates, tags) that may not
be installed in every build; their queries check that the table exists and otherwise answer
"nothing known", so related articles work with whichever steps are present.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, inspect, select, text
from sqlalchemy.orm import Session

from newsdesk.store.models import Article
from newsdesk.store.models_analysis import RelatedArticle

_CHUNK = 500


@dataclass(frozen=True)
class Candidate:
    """What ranking needs of an article that may be related to another."""

    id: int
    published_at: datetime | None
    first_seen_at: datetime
    text_hash: str
    canonical_url: str | None

    @property
    def when(self) -> datetime:
        return self.published_at or self.first_seen_at


def _has_table(session: Session, name: str) -> bool:
    return inspect(session.connection()).has_table(name)


def candidates(session: Session, *, article_ids: Sequence[int]) -> dict[int, Candidate]:
    found: dict[int, Candidate] = {}
    columns = (
        Article.id,
        Article.published_at,
        Article.first_seen_at,
        Article.text_hash,
        Article.canonical_url,
    )
    ids = list(article_ids)
    for start in range(0, len(ids), _CHUNK):
        for row in session.execute(
            select(*columns).where(Article.id.in_(ids[start : start + _CHUNK]))
        ):
            found[row.id] = Candidate(*row)
    return found


def copy_groups(session: Session, *, article_ids: Sequence[int]) -> dict[int, set[int]]:
    """For each article, every article known to be the same text: its original and copies.

    From the duplicates step's `copies(copy_id, original_id)` when it exists; a copy of a
    copy is followed to the end of the chain.
    """
    groups: dict[int, set[int]] = {i: {i} for i in article_ids}
    if not article_ids or not _has_table(session, "copies"):
        return groups
    ups = text("SELECT copy_id, original_id FROM copies WHERE copy_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    downs = text("SELECT copy_id, original_id FROM copies WHERE original_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    for article_id in article_ids:
        group, frontier = {article_id}, {article_id}
        while frontier:
            ids = sorted(frontier)
            linked = {n for row in session.execute(ups, {"ids": ids}) for n in row}
            linked |= {n for row in session.execute(downs, {"ids": ids}) for n in row}
            frontier = linked - group
            group |= linked
        groups[article_id] = group
    return groups


def originals_of(session: Session, *, article_ids: Sequence[int]) -> dict[int, int]:
    """copy id → original id for those of `article_ids` the duplicates step marked as copies."""
    if not article_ids or not _has_table(session, "copies"):
        return {}
    query = text("SELECT copy_id, original_id FROM copies WHERE copy_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    return {int(c): int(o) for c, o in session.execute(query, {"ids": list(article_ids)})}


def shared_entity_weights(
    session: Session, *, article_id: int, candidate_ids: Sequence[int]
) -> dict[int, float]:
    """Candidate id → overlap in [0, 1] of its entities with the article's (salience-weighted).

    HOOK for the tags step's `article_entities(article_id, entity_id, salience)`: empty when
    the table is absent or the article has no entities.
    """
    if not candidate_ids or not _has_table(session, "article_entities"):
        return {}
    rows = session.execute(
        text("SELECT entity_id, salience FROM article_entities WHERE article_id = :a"),
        {"a": article_id},
    )
    mine = {int(entity): float(salience) for entity, salience in rows}
    total = sum(mine.values())
    if not mine or total <= 0:
        return {}
    query = text(
        "SELECT article_id, entity_id, salience FROM article_entities "
        "WHERE article_id IN :ids AND entity_id IN :mine"
    ).bindparams(bindparam("ids", expanding=True), bindparam("mine", expanding=True))
    weights: dict[int, float] = {}
    found = session.execute(query, {"ids": list(candidate_ids), "mine": list(mine)})
    for other, entity, salience in found:
        weights[other] = weights.get(other, 0.0) + min(mine[entity], float(salience))
    return {other: min(1.0, w / total) for other, w in weights.items()}


def related_rows(session: Session, *, article_id: int) -> list[tuple[int, float]]:
    """The stored list, best first: (related id, score)."""
    query = (
        select(RelatedArticle.related_id, RelatedArticle.score)
        .where(RelatedArticle.article_id == article_id)
        .order_by(RelatedArticle.rank)
    )
    return [(int(i), float(s)) for i, s in session.execute(query)]


def replace_related(
    session: Session, *, article_id: int, items: Sequence[tuple[int, float]]
) -> bool:
    """Store the list (best first) unless it equals the stored one; returns whether it wrote."""
    rounded = [(i, round(s, 6)) for i, s in items]
    if [(i, round(s, 6)) for i, s in related_rows(session, article_id=article_id)] == rounded:
        return False
    session.execute(delete(RelatedArticle).where(RelatedArticle.article_id == article_id))
    session.add_all(
        RelatedArticle(article_id=article_id, related_id=i, score=s, rank=rank)
        for rank, (i, s) in enumerate(rounded, start=1)
    )
    session.flush()
    return True


def related_articles(session: Session, *, article_id: int) -> list[tuple[Article, float]]:
    """The related list with the articles themselves, for pages and the API."""
    query = (
        select(Article, RelatedArticle.score)
        .join(RelatedArticle, RelatedArticle.related_id == Article.id)
        .where(RelatedArticle.article_id == article_id)
        .order_by(RelatedArticle.rank)
    )
    return [(article, float(score)) for article, score in session.execute(query)]
