"""The stories step: place each article in the story of its event, or start one.

Articles are taken oldest first (published date, else first seen) and clustered online
against the stories still open around them (analyze/clustering.py); a copy of another
article (the duplicates step's `copies` table) follows its original into the original's
story instead of being clustered again. Merges re-point the absorbed story's articles. An
article already placed from the same text by the same step version is left alone, so a
re-run changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import numpy
from sqlalchemy.orm import Session

from newsdesk.analyze.clustering import Clusterer, Item, Params, Story, title_words
from newsdesk.analyze.context import AnalyzeContext
from newsdesk.config import Settings
from newsdesk.store import stories as store_stories
from newsdesk.store import story_writes
from newsdesk.store.stories import ArticleToPlace
from newsdesk.store.story_writes import NewPlacement

STEP_VERSION = "2"

# Enough of the body to say what happened (the lede), never the 1 MB an article may carry.
LEDE_CHARS = 400


def story_text(title: str, text: str) -> str:
    """The text an article is clustered by: its headline, or the start of its lede without one.

    Headlines alone separated events better than headline + lede on Wikinews (B-cubed
    precision 0.50 vs 0.42 at the same threshold: ledes share a topic's stock phrases), and
    they are all a feed-only article has, so every article is compared on the same footing.
    """
    if title.strip():
        return title.strip()
    return " ".join(text[: LEDE_CHARS * 2].split())[:LEDE_CHARS]


def story_terms(title: str, entities: frozenset[str]) -> frozenset[str]:
    """What an article shares with a story besides its vector: the tags step's entities and
    the content words of its headline (every article has one; IDF decides which count)."""
    return entities | title_words(title)


def skip_reason(article: ArticleToPlace) -> str | None:
    """Why an article cannot be placed in a story, or None when it can."""
    if not article.title.strip() and not article.text.strip():
        return "no title or text"
    language = (article.language or "").lower()
    if language and not language.startswith("en"):
        return f"not English ({language[:20]})"
    return None


def params_for(settings: Settings) -> Params:
    return Params(window=timedelta(days=settings.story_window_days))


def analyze_stories(ctx: AnalyzeContext, article_ids: Sequence[int]) -> None:
    """Place the named articles in stories (new, stale or unchanged: unchanged are skipped)."""
    if not article_ids:
        return
    with ctx.store.session() as session:
        _place_all(ctx, session, article_ids)


def _is_current(placement: store_stories.Placement | None, article: ArticleToPlace) -> bool:
    return (
        placement is not None
        and placement.content_hash == article.content_hash
        and placement.step_version == STEP_VERSION
    )


def _place_all(ctx: AnalyzeContext, session: Session, article_ids: Sequence[int]) -> None:
    articles = store_stories.articles_to_place(session, article_ids=article_ids)
    placed = store_stories.placements(session, article_ids=[a.id for a in articles])
    todo = [a for a in articles if not _is_current(placed.get(a.id), a)]
    if not todo:
        return
    touched = story_writes.detach(session, article_ids=[a.id for a in todo if a.id in placed])
    originals = store_stories.copy_originals(session, article_ids=[a.id for a in todo])
    originals = {copy: original for copy, original in originals.items() if copy != original}
    skipped = []
    for article in todo:
        reason = skip_reason(article)
        if reason is not None:
            ctx.skip(article.id, reason)
            skipped.append(
                NewPlacement(
                    article.id, None, 0.0, article.content_hash, STEP_VERSION, None, reason
                )
            )
    story_writes.place_all(session, skipped)
    todo = [a for a in todo if skip_reason(a) is None]
    touched |= _cluster(ctx, session, [a for a in todo if a.id not in originals])
    copies = [a for a in todo if a.id in originals]
    followed, orphans = _follow_originals(session, copies, originals)
    touched |= followed | _cluster(ctx, session, orphans)
    story_writes.refresh_stories(
        session, story_ids=sorted(touched), half_life_hours=ctx.settings.story_half_life_hours
    )


def _cluster(ctx: AnalyzeContext, session: Session, articles: list[ArticleToPlace]) -> set[int]:
    """Cluster fresh articles into the open stories; returns every story id it changed."""
    if not articles:
        return set()
    params = params_for(ctx.settings)
    vectors = ctx.embedder.embed([story_text(a.title, a.text) for a in articles])
    since = min(a.at for a in articles) - params.window
    until = max(a.at for a in articles) + params.window
    stored = store_stories.open_stories(session, since=since, until=until)
    entities = store_stories.entity_terms(
        session,
        article_ids=[a.id for a in articles] + [m.article_id for s in stored for m in s.members],
    )
    clusterer = Clusterer(params, next_id=store_stories.next_story_id(session))
    for open_story in stored:
        clusterer.seed(_stored_story(open_story, entities))
    items = [
        Item(
            key=a.id,
            at=a.at,
            vector=numpy.asarray(vector),
            terms=story_terms(a.title, entities.get(a.id, frozenset())),
        )
        for a, vector in zip(articles, vectors, strict=True)
    ]
    similarity: dict[int, float] = {}
    for article, item in zip(articles, items, strict=True):
        story = clusterer.stories[clusterer.add(item)]
        similarity[article.id] = story.similarities[story.keys.index(article.id)]
    final = clusterer.assignments()
    story_writes.ensure_stories(
        session, starts={i: clusterer.stories[i].first_at for i in sorted(set(final.values()))}
    )
    for gone, kept in sorted(clusterer.merged.items()):
        story_writes.repoint(session, from_story=gone, to_story=_resolve(clusterer.merged, kept))
    story_writes.place_all(
        session,
        [
            NewPlacement(
                a.id, final[a.id], similarity[a.id], a.content_hash, STEP_VERSION, item.vector
            )
            for a, item in zip(articles, items, strict=True)
        ],
    )
    return set(final.values()) | set(clusterer.merged)


def _stored_story(stored: store_stories.OpenStory, entities: dict[int, frozenset[str]]) -> Story:
    """A stored story as the clusterer's seed, its members' terms included (their words and
    entities feed the shared-term score and its word frequencies, as fresh articles do)."""
    story = Story(id=stored.id, first_at=stored.first_at, latest_at=stored.latest_at)
    for member in stored.members:
        terms = story_terms(member.title, entities.get(member.article_id, frozenset()))
        story.add(Item(key=member.article_id, at=member.at, vector=member.vector, terms=terms), 1.0)
    story.first_at, story.latest_at = stored.first_at, stored.latest_at
    return story


def _resolve(merged: dict[int, int], story_id: int) -> int:
    while story_id in merged:
        story_id = merged[story_id]
    return story_id


def _follow_originals(
    session: Session, copies: list[ArticleToPlace], originals: dict[int, int]
) -> tuple[set[int], list[ArticleToPlace]]:
    """Put each copy in its original's story; copies whose original has none are returned."""
    placed = store_stories.placements(session, article_ids=sorted(set(originals.values())))
    touched: set[int] = set()
    orphans: list[ArticleToPlace] = []
    followers = []
    for copy in copies:
        placement = placed.get(originals[copy.id])
        if placement is None or placement.story_id is None:
            orphans.append(copy)
            continue
        followers.append(
            NewPlacement(copy.id, placement.story_id, 1.0, copy.content_hash, STEP_VERSION, None)
        )
        touched.add(placement.story_id)
    story_writes.place_all(session, followers)
    return touched, orphans
