"""SQL for stories: what the stories step reads, and what the site shows (writes: story_writes).

The front-page rank is breadth × freshness, outlets × 2^(-age / half-life), with age measured
from the story's latest article. Stored as log2(outlets) + latest / half-life it orders the
same at every moment, so it is written once per change and read with an index, never
recomputed per request.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy
from sqlalchemy import bindparam, func, inspect, select, text
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, Source
from newsdesk.store.models_stories import ArticleStory, Story

# A published date more than this after we first saw the article is not believed.
FUTURE_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class ArticleToPlace:
    id: int
    title: str
    text: str
    language: str | None
    source_id: int | None
    at: datetime
    content_hash: str


@dataclass(frozen=True)
class Placement:
    story_id: int | None
    content_hash: str
    step_version: str


@dataclass(frozen=True)
class StoredMember:
    """A placed article as clustering needs it again: its vector, headline and time."""

    article_id: int
    vector: numpy.ndarray
    title: str
    at: datetime


@dataclass
class OpenStory:
    """A stored story still accepting articles, with its members."""

    id: int
    first_at: datetime
    latest_at: datetime
    members: list[StoredMember] = field(default_factory=list)


@dataclass(frozen=True)
class StoryArticle:
    id: int
    title: str
    source_id: int | None
    source_name: str | None
    canonical_url: str | None
    at: datetime


@dataclass(frozen=True)
class Outlet:
    source_id: int | None
    name: str
    articles: list[StoryArticle]


@dataclass(frozen=True)
class StorySummary:
    id: int
    title: str
    lead_article_id: int | None
    first_at: datetime
    latest_at: datetime
    article_count: int
    outlet_count: int


@dataclass(frozen=True)
class StoryPage:
    story: StorySummary
    outlets: list[Outlet]
    timeline: list[StoryArticle]


def article_time(published_at: datetime | None, first_seen_at: datetime) -> datetime:
    """When an article happened for clustering: its published date unless that is not credible."""
    if published_at is None or published_at > first_seen_at + FUTURE_SLACK:
        return first_seen_at
    return published_at


def encode_vector(vector: numpy.ndarray) -> bytes:
    return numpy.asarray(vector, dtype="<f4").tobytes()


def decode_vector(blob: bytes) -> numpy.ndarray:
    return numpy.frombuffer(blob, dtype="<f4").astype(numpy.float32)


def rank_score(outlet_count: int, latest_at: datetime, half_life_hours: float) -> float:
    """log2 of outlets × 2^(-age/half-life) plus a constant: the same order at any moment."""
    return math.log2(max(outlet_count, 1)) + latest_at.timestamp() / 3600.0 / half_life_hours


def freshness_weight(
    outlet_count: int, latest_at: datetime, *, now: datetime, half_life_hours: float
) -> float:
    """outlets × 2^(-age / half-life): the figure the rank orders by, for display and tests."""
    age_hours = max((now - latest_at).total_seconds() / 3600.0, 0.0)
    return max(outlet_count, 1) * 2.0 ** (-age_hours / half_life_hours)


# --- what the step reads -------------------------------------------------------------------


def articles_to_place(session: Session, *, article_ids: Sequence[int]) -> list[ArticleToPlace]:
    """The articles named, oldest first, with the time clustering should use for each."""
    rows = session.execute(
        select(
            Article.id,
            Article.title,
            func.substr(Article.text, 1, 2000),
            Article.language,
            Article.source_id,
            Article.published_at,
            Article.first_seen_at,
            Article.content_hash,
        ).where(Article.id.in_(list(article_ids)))
    ).all()
    found = [
        ArticleToPlace(
            id=row[0],
            title=row[1] or "",
            text=row[2] or "",
            language=row[3],
            source_id=row[4],
            at=article_time(row[5], row[6]),
            content_hash=row[7],
        )
        for row in rows
    ]
    return sorted(found, key=lambda article: (article.at, article.id))


def placements(session: Session, *, article_ids: Sequence[int]) -> dict[int, Placement]:
    rows = session.execute(
        select(
            ArticleStory.article_id,
            ArticleStory.story_id,
            ArticleStory.content_hash,
            ArticleStory.step_version,
        ).where(ArticleStory.article_id.in_(list(article_ids)))
    ).all()
    return {row[0]: Placement(row[1], row[2], row[3]) for row in rows}


def _has_table(session: Session, name: str) -> bool:
    return inspect(session.connection()).has_table(name)


def copy_originals(session: Session, *, article_ids: Sequence[int]) -> dict[int, int]:
    """copy id → original id for the articles named, when the duplicates step has run."""
    if not article_ids or not _has_table(session, "copies"):
        return {}
    query = text("SELECT copy_id, original_id FROM copies WHERE copy_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    rows = session.execute(query, {"ids": list(article_ids)})
    return {int(row[0]): int(row[1]) for row in rows}


def entity_terms(session: Session, *, article_ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """Each article's entities as terms, when the tags step has run; else nothing."""
    if not article_ids or not _has_table(session, "article_entities"):
        return {}
    terms: dict[int, set[str]] = defaultdict(set)
    query = text(
        "SELECT article_id, entity_id FROM article_entities WHERE article_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    for article_id, entity_id in session.execute(query, {"ids": list(article_ids)}):
        terms[int(article_id)].add(f"entity:{entity_id}")
    return {key: frozenset(value) for key, value in terms.items()}


def open_stories(session: Session, *, since: datetime, until: datetime) -> list[OpenStory]:
    """Stories with an article in [since, until], with their members' vectors and headlines."""
    stories = {
        row[0]: OpenStory(id=row[0], first_at=row[1], latest_at=row[2])
        for row in session.execute(
            select(Story.id, Story.first_at, Story.latest_at).where(
                Story.latest_at >= since, Story.first_at <= until
            )
        )
    }
    if not stories:
        return []
    members = session.execute(
        select(
            ArticleStory.story_id,
            ArticleStory.article_id,
            ArticleStory.vector,
            Article.title,
            Article.published_at,
            Article.first_seen_at,
        )
        .join(Article, Article.id == ArticleStory.article_id)
        .where(ArticleStory.story_id.in_(list(stories)), ArticleStory.vector.is_not(None))
        .order_by(ArticleStory.article_id)
    )
    for story_id, article_id, blob, title, published_at, first_seen_at in members:
        if story_id is not None and blob is not None:
            stories[story_id].members.append(
                StoredMember(
                    article_id=article_id,
                    vector=decode_vector(blob),
                    title=title or "",
                    at=article_time(published_at, first_seen_at),
                )
            )
    return [story for story in stories.values() if story.members]


def next_story_id(session: Session) -> int:
    return int(session.scalar(select(func.max(Story.id))) or 0) + 1


# --- what the site reads -------------------------------------------------------------------


def _summary(story: Story) -> StorySummary:
    return StorySummary(
        id=story.id,
        title=story.title,
        lead_article_id=story.lead_article_id,
        first_at=story.first_at,
        latest_at=story.latest_at,
        article_count=story.article_count,
        outlet_count=story.outlet_count,
    )


def top_stories(session: Session, *, limit: int = 20, min_articles: int = 1) -> list[StorySummary]:
    """The front page: stories by breadth × freshness (the stored rank), best first."""
    stories = session.scalars(
        select(Story)
        .where(Story.article_count >= min_articles)
        .order_by(Story.score.desc(), Story.id.desc())
        .limit(limit)
    )
    return [_summary(story) for story in stories]


def story_page(session: Session, *, story_id: int) -> StoryPage | None:
    """A story with its articles grouped by outlet (earliest outlet first) and a timeline."""
    story = session.get(Story, story_id)
    if story is None:
        return None
    rows = session.execute(
        select(
            Article.id,
            Article.title,
            Article.source_id,
            Source.name,
            Article.canonical_url,
            Article.published_at,
            Article.first_seen_at,
        )
        .join(ArticleStory, ArticleStory.article_id == Article.id)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(ArticleStory.story_id == story_id)
    ).all()
    timeline = sorted(
        (
            StoryArticle(
                id=row[0],
                title=row[1],
                source_id=row[2],
                source_name=row[3],
                canonical_url=row[4],
                at=article_time(row[5], row[6]),
            )
            for row in rows
        ),
        key=lambda article: (article.at, article.id),
    )
    grouped: dict[int | None, list[StoryArticle]] = defaultdict(list)
    for article in timeline:
        grouped[article.source_id].append(article)
    outlets = [
        Outlet(source_id=source_id, name=articles[0].source_name or "unknown", articles=articles)
        for source_id, articles in grouped.items()
    ]
    return StoryPage(story=_summary(story), outlets=outlets, timeline=timeline)


def story_of_article(session: Session, *, article_id: int) -> StorySummary | None:
    """The story an article is part of, with its outlet count ("covered by N outlets")."""
    story = session.scalar(
        select(Story)
        .join(ArticleStory, ArticleStory.story_id == Story.id)
        .where(ArticleStory.article_id == article_id)
    )
    return None if story is None else _summary(story)
