"""SQL for related articles, and for what relatedness must respect: copies and shared entities.

The copies and entities tables belong to other analysis steps (duplicates, tags) that may not
be installed in every build; their queries check that the table exists and otherwise answer
"nothing known", so related articles work with whichever steps are present.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, inspect, select, text
from sqlalchemy.orm import Session

from newsdesk.store.articles import MIN_WORDS_FOR_TEXT_MATCH
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
    word_count: int = MIN_WORDS_FOR_TEXT_MATCH

    @property
    def text_key(self) -> str | None:
        """The text hash when the text is long enough to identify the article (ingest folds
        copies on the same rule); None for headline-only or short texts, whose hashes say
        nothing (every article without a body shares the empty text's hash)."""
        return self.text_hash if self.word_count >= MIN_WORDS_FOR_TEXT_MATCH else None

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
        Article.word_count,
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
    copy is followed to the end of the chain. One query per link of the longest chain for the
    whole batch (not per article); each group is then the article's connected part of the
    links found.
    """
    groups: dict[int, set[int]] = {i: {i} for i in article_ids}
    if not article_ids or not _has_table(session, "copies"):
        return groups
    links: dict[int, set[int]] = {}
    seen, frontier = set(groups), set(groups)
    while frontier:
        found: set[int] = set()
        for copy_id, original_id in _links_touching(session, sorted(frontier)):
            links.setdefault(copy_id, set()).add(original_id)
            links.setdefault(original_id, set()).add(copy_id)
            found |= {copy_id, original_id}
        frontier = found - seen
        seen |= found
    for article_id in groups:
        if article_id in links and len(groups[article_id]) == 1:
            group, todo = {article_id}, [article_id]
            while todo:
                for other in links.get(todo.pop(), ()):
                    if other not in group:
                        group.add(other)
                        todo.append(other)
            for member in group & groups.keys():
                groups[member] = group
    return groups


def _links_touching(session: Session, ids: list[int]) -> list[tuple[int, int]]:
    query = text(
        "SELECT copy_id, original_id FROM copies WHERE copy_id IN :ids OR original_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    rows: list[tuple[int, int]] = []
    for start in range(0, len(ids), _CHUNK):
        found = session.execute(query, {"ids": ids[start : start + _CHUNK]})
        rows.extend((int(c), int(o)) for c, o in found)
    return rows


def originals_of(session: Session, *, article_ids: Sequence[int]) -> dict[int, int]:
    """copy id → original id for those of `article_ids` the duplicates step marked as copies."""
    if not article_ids or not _has_table(session, "copies"):
        return {}
    from newsdesk.store.copies import originals_of as marked

    return marked(session, article_ids=article_ids)


def shared_entity_weights(
    session: Session, *, candidate_ids: Mapping[int, Sequence[int]]
) -> dict[int, dict[int, float]]:
    """For each article, candidate id → overlap in [0, 1] of the candidate's entities with the
    article's (salience-weighted), from two queries for the whole batch.

    HOOK for the tags step's `article_entities(article_id, entity_id, salience)`: empty when
    the table is absent or an article has no entities.
    """
    weights: dict[int, dict[int, float]] = {i: {} for i in candidate_ids}
    if not candidate_ids or not _has_table(session, "article_entities"):
        return weights
    mine = _entities(session, list(candidate_ids), None)
    wanted = sorted({e for entities in mine.values() for e in entities})
    others = sorted({c for i, cands in candidate_ids.items() if mine.get(i) for c in cands})
    theirs = _entities(session, others, wanted) if wanted and others else {}
    for article_id, cands in candidate_ids.items():
        own = mine.get(article_id, {})
        total = sum(own.values())
        if not own or total <= 0:
            continue
        for other in cands:
            shared = [min(own[e], s) for e, s in theirs.get(other, {}).items() if e in own]
            if shared:
                weights[article_id][other] = min(1.0, sum(shared) / total)
    return weights


def _entities(
    session: Session, article_ids: list[int], entity_ids: list[int] | None
) -> dict[int, dict[int, float]]:
    """article id → {entity id: salience}, optionally only for the entities named."""
    sql = "SELECT article_id, entity_id, salience FROM article_entities WHERE article_id IN :ids"
    query = text(sql + (" AND entity_id IN :entities" if entity_ids is not None else ""))
    query = query.bindparams(bindparam("ids", expanding=True))
    if entity_ids is not None:
        query = query.bindparams(bindparam("entities", expanding=True))
    found: dict[int, dict[int, float]] = {}
    for start in range(0, len(article_ids), _CHUNK):
        params: dict[str, object] = {"ids": article_ids[start : start + _CHUNK]}
        if entity_ids is not None:
            params["entities"] = entity_ids
        for article_id, entity_id, salience in session.execute(query, params):
            found.setdefault(int(article_id), {})[int(entity_id)] = float(salience)
    return found


def related_rows(session: Session, *, article_id: int) -> list[tuple[int, float]]:
    """The stored list, best first: (related id, score)."""
    return related_lists(session, article_ids=[article_id])[article_id]


def related_lists(
    session: Session, *, article_ids: Sequence[int]
) -> dict[int, list[tuple[int, float]]]:
    """The stored lists of many articles, each best first (empty for an article with none)."""
    lists: dict[int, list[tuple[int, float]]] = {i: [] for i in article_ids}
    ids = sorted(lists)
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(RelatedArticle.article_id, RelatedArticle.related_id, RelatedArticle.score)
            .where(RelatedArticle.article_id.in_(ids[start : start + _CHUNK]))
            .order_by(RelatedArticle.article_id, RelatedArticle.rank)
        )
        for article_id, related_id, score in session.execute(query):
            lists[int(article_id)].append((int(related_id), float(score)))
    return lists


def replace_related(session: Session, *, lists: Mapping[int, Sequence[tuple[int, float]]]) -> None:
    """Store these lists (each best first) in place of the articles' current ones."""
    ids = sorted(lists)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        session.execute(delete(RelatedArticle).where(RelatedArticle.article_id.in_(chunk)))
    rows = [
        {"article_id": a, "related_id": i, "score": round(s, 6), "rank": rank}
        for a in ids
        for rank, (i, s) in enumerate(lists[a], start=1)
    ]
    if rows:
        session.execute(insert(RelatedArticle), rows)
    session.flush()


def related_articles(session: Session, *, article_id: int) -> list[tuple[Article, float]]:
    """The related list with the articles themselves, for pages and the API."""
    query = (
        select(Article, RelatedArticle.score)
        .join(RelatedArticle, RelatedArticle.related_id == Article.id)
        .where(RelatedArticle.article_id == article_id)
        .order_by(RelatedArticle.rank)
    )
    return [(article, float(score)) for article, score in session.execute(query)]
