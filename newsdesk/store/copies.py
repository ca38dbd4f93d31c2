"""SQL for copies, and provenance: who published an article first and who republished it.

Provenance has two layers. Exact copies were folded at ingest: one article, seen in the feeds
of several sources (sightings). Near copies arrived as separate articles and the duplicates
step recorded each as a copy of the group's original. `provenance` reads both, and gives the
same answer whichever member of a group it is asked about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, Feed, Sighting, Source
from newsdesk.store.models_copies import Copy
from newsdesk.store.types import utcnow


@dataclass(frozen=True)
class Appearance:
    """One publication of an article: by whom, where, when."""

    article_id: int
    source_id: int | None
    source_name: str | None
    url: str | None
    date: datetime | None


@dataclass(frozen=True)
class Provenance:
    """The original of an article's group and every republication, oldest first."""

    original: Appearance
    republications: list[Appearance] = field(default_factory=list)

    @property
    def republished(self) -> bool:
        return bool(self.republications)


def original_of(session: Session, *, article_id: int) -> int:
    """The id of the original of the article's group (the article itself when not a copy)."""
    found = session.scalar(select(Copy.original_id).where(Copy.copy_id == article_id))
    return article_id if found is None else int(found)


def originals_of(session: Session, *, article_ids: Sequence[int]) -> dict[int, int]:
    """copy id → original id for those of `article_ids` that are copies."""
    found: dict[int, int] = {}
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), 500):
        query = select(Copy.copy_id, Copy.original_id).where(
            Copy.copy_id.in_(ids[start : start + 500])
        )
        found.update({row.copy_id: row.original_id for row in session.execute(query)})
    return found


def copies_of(session: Session, *, original_ids: Sequence[int]) -> dict[int, list[int]]:
    """original id → ids of its copies, for each of `original_ids` that has any."""
    found: dict[int, list[int]] = {}
    ids = sorted(set(original_ids))
    for start in range(0, len(ids), 500):
        query = (
            select(Copy.original_id, Copy.copy_id)
            .where(Copy.original_id.in_(ids[start : start + 500]))
            .order_by(Copy.copy_id)
        )
        for row in session.execute(query):
            found.setdefault(row.original_id, []).append(row.copy_id)
    return found


def copy_ids(session: Session) -> set[int]:
    """Every article that is a copy of another: lists elsewhere show only the original."""
    return set(session.scalars(select(Copy.copy_id)))


def is_copy(session: Session, *, article_id: int) -> bool:
    return session.get(Copy, article_id) is not None


def record_copy(
    session: Session,
    *,
    copy_id: int,
    original_id: int,
    method: str,
    score: float,
    now: datetime | None = None,
) -> bool:
    """Record (or correct) that `copy_id` republishes `original_id`; True when a row changed.

    An unchanged finding keeps its row and its detection time, so a re-run writes nothing.
    """
    if copy_id == original_id:
        raise ValueError("an article cannot be a copy of itself")
    score = round(float(score), 4)
    row = session.get(Copy, copy_id)
    if row is None:
        session.add(
            Copy(
                copy_id=copy_id,
                original_id=original_id,
                method=method,
                score=score,
                detected_at=now or utcnow(),
            )
        )
        session.flush()
        return True
    if (row.original_id, row.method, row.score) == (original_id, method, score):
        return False
    row.original_id, row.method, row.score = original_id, method, score
    row.detected_at = now or utcnow()
    session.flush()
    return True


def forget_copy(session: Session, *, article_id: int) -> None:
    """The article is (no longer) a copy of anything."""
    session.execute(delete(Copy).where(Copy.copy_id == article_id))


def copy_finding(session: Session, *, article_id: int) -> tuple[str, float] | None:
    """(method, score) of the article's copy row, if it has one."""
    row = session.get(Copy, article_id)
    return None if row is None else (row.method, row.score)


def provenance(session: Session, *, article_id: int) -> Provenance:
    """The original and the republications of the group the article belongs to.

    Republications are the group's other articles plus every feed of another source that
    carried one of them (an exact copy folded at ingest), one entry per source, oldest first.
    """
    root = original_of(session, article_id=article_id)
    members = [root, *copies_of(session, original_ids=[root]).get(root, [])]
    articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(members)))}
    if root not in articles:
        raise LookupError(f"no article {article_id}")
    names = _source_names(session, [a.source_id for a in articles.values()])
    original = _appearance(articles[root], names)
    seen: set[object] = {original.source_id} if original.source_id is not None else set()
    found: list[Appearance] = []
    for member in members[1:]:
        if member in articles:
            found.append(_appearance(articles[member], names))
    found.extend(_sighted_elsewhere(session, articles))
    republications = []
    for item in sorted(found, key=_when):
        key = item.source_id if item.source_id is not None else ("article", item.article_id)
        if key in seen:
            continue
        seen.add(key)
        republications.append(item)
    return Provenance(original, republications)


def _when(item: Appearance) -> tuple[bool, datetime | None, int]:
    return (item.date is None, item.date, item.article_id)


def _appearance(article: Article, names: dict[int, str]) -> Appearance:
    return Appearance(
        article_id=article.id,
        source_id=article.source_id,
        source_name=names.get(article.source_id) if article.source_id is not None else None,
        url=article.canonical_url,
        date=article.published_at or article.first_seen_at,
    )


def _source_names(session: Session, source_ids: Sequence[int | None]) -> dict[int, str]:
    ids = sorted({i for i in source_ids if i is not None})
    if not ids:
        return {}
    return {
        row.id: row.name
        for row in session.execute(select(Source.id, Source.name).where(Source.id.in_(ids)))
    }


def _sighted_elsewhere(session: Session, articles: dict[int, Article]) -> list[Appearance]:
    """Sightings of the group's articles in feeds of sources other than the article's own."""
    query = (
        select(
            Sighting.article_id,
            Sighting.entry_url,
            Sighting.first_seen_at,
            Source.id.label("source_id"),
            Source.name,
        )
        .join(Feed, Feed.id == Sighting.feed_id)
        .join(Source, Source.id == Feed.source_id)
        .where(Sighting.article_id.in_(sorted(articles)))
        .order_by(Sighting.first_seen_at, Sighting.id)
    )
    found = []
    for row in session.execute(query):
        if row.source_id == articles[row.article_id].source_id:
            continue
        found.append(
            Appearance(row.article_id, row.source_id, row.name, row.entry_url, row.first_seen_at)
        )
    return found
