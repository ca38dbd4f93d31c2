"""SQL the stories step writes: story rows, placements, merges, and each story's summary.

Batched per call (one read of the current rows and one flush for many articles or stories)
because the step places a whole chunk at once: per-article round trips were most of its time
outside the headline embedding. What the step reads and the site shows is in store/stories.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from newsdesk.store.models import Article
from newsdesk.store.models_stories import ArticleStory, Story
from newsdesk.store.stories import article_time, decode_vector, encode_vector, rank_score
from newsdesk.store.types import utcnow

_CHUNK = 500  # ids per IN (...) list


def ensure_story(session: Session, *, story_id: int, at: datetime) -> None:
    """A row for a story the step just started; `refresh_story` fills in the rest."""
    ensure_stories(session, starts={story_id: at})


def ensure_stories(session: Session, *, starts: dict[int, datetime]) -> None:
    """`ensure_story` for many stories (story id → its first article's time), one query."""
    ids = sorted(starts)
    existing: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        existing |= set(
            session.scalars(select(Story.id).where(Story.id.in_(ids[start : start + _CHUNK])))
        )
    for story_id in ids:
        if story_id not in existing:
            at = starts[story_id]
            session.add(
                Story(
                    id=story_id,
                    title="",
                    first_at=at,
                    latest_at=at,
                    article_count=0,
                    outlet_count=0,
                    score=0.0,
                )
            )
    session.flush()


@dataclass(frozen=True)
class NewPlacement:
    """Where an article goes (or why it goes nowhere): one row of `article_stories`."""

    article_id: int
    story_id: int | None
    similarity: float
    content_hash: str
    step_version: str
    vector: numpy.ndarray | None
    reason: str | None = None


def place(
    session: Session,
    *,
    article_id: int,
    story_id: int | None,
    similarity: float,
    content_hash: str,
    step_version: str,
    vector: numpy.ndarray | None,
    reason: str | None = None,
) -> None:
    """Record where an article went (or why it went nowhere), replacing any earlier row."""
    place_all(
        session,
        [
            NewPlacement(
                article_id, story_id, similarity, content_hash, step_version, vector, reason
            )
        ],
    )


def place_all(session: Session, placements: Sequence[NewPlacement]) -> None:
    """`place` for many articles: one read of their current rows and one flush, not one each."""
    ids = sorted({p.article_id for p in placements})
    rows: dict[int, ArticleStory] = {}
    for start in range(0, len(ids), _CHUNK):
        query = select(ArticleStory).where(ArticleStory.article_id.in_(ids[start : start + _CHUNK]))
        rows.update({row.article_id: row for row in session.scalars(query)})
    now = utcnow()
    for placement in placements:
        row = rows.get(placement.article_id)
        if row is None:
            row = rows[placement.article_id] = ArticleStory(article_id=placement.article_id)
            session.add(row)
        row.story_id = placement.story_id
        row.similarity = placement.similarity
        row.content_hash = placement.content_hash
        row.step_version = placement.step_version
        row.vector = None if placement.vector is None else encode_vector(placement.vector)
        row.reason = placement.reason
        row.joined_at = now
    session.flush()


def detach(session: Session, *, article_ids: Sequence[int]) -> set[int]:
    """Take articles out of their stories (their text changed); returns the stories touched."""
    touched = {
        story_id
        for story_id in session.scalars(
            select(ArticleStory.story_id).where(ArticleStory.article_id.in_(list(article_ids)))
        )
        if story_id is not None
    }
    session.execute(delete(ArticleStory).where(ArticleStory.article_id.in_(list(article_ids))))
    return touched


def repoint(session: Session, *, from_story: int, to_story: int) -> None:
    """Move every article of a merged-away story to the story that absorbed it."""
    session.execute(
        update(ArticleStory).where(ArticleStory.story_id == from_story).values(story_id=to_story)
    )


def refresh_story(session: Session, *, story_id: int, half_life_hours: float) -> None:
    """Recompute a story's title, lead, span, counts and score from its members."""
    refresh_stories(session, story_ids=[story_id], half_life_hours=half_life_hours)


def refresh_stories(session: Session, *, story_ids: Sequence[int], half_life_hours: float) -> None:
    """Recompute each story's title, lead, span, counts and score from its members, with one
    read of every member for the batch.

    The lead is the member closest to the story's centroid (the most representative
    headline), earliest first on a tie; a story left with no members is deleted.
    """
    ids = sorted(set(story_ids))
    members: dict[int, list[Any]] = {i: [] for i in ids}
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(
                Article.id,
                Article.title,
                Article.source_id,
                Article.published_at,
                Article.first_seen_at,
                ArticleStory.vector,
                ArticleStory.story_id,
            )
            .join(ArticleStory, ArticleStory.article_id == Article.id)
            .where(ArticleStory.story_id.in_(ids[start : start + _CHUNK]))
        )
        for row in session.execute(query):
            if row[6] is not None:
                members[row[6]].append(row)
    empty = [i for i in ids if not members[i]]
    for start in range(0, len(empty), _CHUNK):
        session.execute(delete(Story).where(Story.id.in_(empty[start : start + _CHUNK])))
    changes = [_summarise(i, rows, half_life_hours) for i, rows in members.items() if rows]
    if changes:
        session.execute(update(Story), changes)


def _summarise(story_id: int, rows: list[Any], half_life_hours: float) -> dict[str, Any]:
    """The stored fields of one story, from its members' rows (see `refresh_stories`)."""
    times = {row[0]: article_time(row[3], row[4]) for row in rows}
    with_vectors = [(row, row[5]) for row in rows if row[5] is not None]
    if with_vectors:
        matrix = numpy.vstack([decode_vector(blob) for _, blob in with_vectors])
        closeness = matrix @ matrix.sum(axis=0)
        ranked = zip([row for row, _ in with_vectors], closeness, strict=True)
        lead = max(
            ranked,
            key=lambda pair: (
                round(float(pair[1]), 6),
                -times[pair[0][0]].timestamp(),
                -pair[0][0],
            ),
        )[0]
    else:
        lead = min(rows, key=lambda row: (times[row[0]], row[0]))
    outlets = len({row[2] for row in rows if row[2] is not None})
    latest = max(times.values())
    return {
        "id": story_id,
        "title": lead[1] or "",
        "lead_article_id": lead[0],
        "first_at": min(times.values()),
        "latest_at": latest,
        "article_count": len(rows),
        "outlet_count": outlets,
        "score": rank_score(outlets, latest, half_life_hours),
    }
