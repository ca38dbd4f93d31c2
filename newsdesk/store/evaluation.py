"""Read-only SQL the eval kinds need from tables other analysis steps own.

Those tables may be absent from a build (a step not merged yet); each query then answers as
if the step had found nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, inspect, select, text
from sqlalchemy.orm import Session

from newsdesk.store.models import Sighting

_CHUNK = 500


def _has_table(session: Session, name: str) -> bool:
    return inspect(session.connection()).has_table(name)


def articles_by_guid(session: Session, *, feed_id: int) -> dict[str, int]:
    """guid → article id for every entry a feed gave (how the eval maps lines to articles)."""
    query = select(Sighting.guid, Sighting.article_id).where(Sighting.feed_id == feed_id)
    return {guid: int(article_id) for guid, article_id in session.execute(query)}


def story_of_articles(session: Session, *, article_ids: Sequence[int]) -> dict[int, int]:
    """article id → story id from the stories step's `article_stories(article_id, story_id)`."""
    if not article_ids or not _has_table(session, "article_stories"):
        return {}
    query = text(
        "SELECT article_id, story_id FROM article_stories WHERE article_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    found: dict[int, int] = {}
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(query, {"ids": ids[start : start + _CHUNK]})
        # A skipped article has a row with no story: it is then a story of its own.
        found.update({int(a): int(s) for a, s in rows if s is not None})
    return found
