"""The stories step on real databases: joining, windows, merges, copies, re-runs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from newsdesk.analyze.stories import analyze_stories
from newsdesk.config import Settings
from newsdesk.store import stories as store_stories
from newsdesk.store.copies import record_copy
from newsdesk.store.engine import Store
from newsdesk.store.models_stories import ArticleStory, Story
from tests.analyze.storyworld import add_article, story_ctx


def _story_of(store: Store, article_id: int) -> int | None:
    with store.session() as session:
        return session.scalar(
            select(ArticleStory.story_id).where(ArticleStory.article_id == article_id)
        )


def _snapshot(store: Store) -> tuple[list[Any], list[Any]]:
    with store.session() as session:
        stories = session.execute(select(Story.__table__).order_by(Story.id)).all()
        placed = session.execute(
            select(ArticleStory.__table__).order_by(ArticleStory.article_id)
        ).all()
        return [tuple(row) for row in stories], [tuple(row) for row in placed]


def test_articles_on_one_event_join_one_story(settings: Settings, store: Store) -> None:
    ids = [
        add_article(store, "Quake hits the coast", outlet="one.example"),
        add_article(store, "Strong quake shakes city", outlet="two.example", hours=2),
        add_article(store, "Election called", outlet="one.example", hours=3),
    ]
    analyze_stories(story_ctx(settings, store), ids)
    assert _story_of(store, ids[0]) == _story_of(store, ids[1]) != _story_of(store, ids[2])


def test_article_outside_the_window_starts_a_new_story(settings: Settings, store: Store) -> None:
    first = add_article(store, "Quake hits the coast")
    later = add_article(store, "Another quake", hours=24 * settings.story_window_days + 1)
    analyze_stories(story_ctx(settings, store), [first, later])
    assert _story_of(store, first) != _story_of(store, later)


def test_later_runs_continue_open_stories(settings: Settings, store: Store) -> None:
    ctx = story_ctx(settings, store)
    first = add_article(store, "Quake hits the coast")
    analyze_stories(ctx, [first])
    second = add_article(store, "Quake toll rises", outlet="two.example", hours=5)
    analyze_stories(ctx, [second])
    assert _story_of(store, first) == _story_of(store, second)


def test_converging_stories_merge_and_their_articles_are_repointed(
    settings: Settings, store: Store
) -> None:
    ctx = story_ctx(settings, store)
    quake = add_article(store, "Quake hits the coast")
    flood = add_article(store, "Flood warning issued", outlet="two.example", hours=1)
    analyze_stories(ctx, [quake, flood])
    assert _story_of(store, quake) != _story_of(store, flood)
    bridges = [
        add_article(store, f"Quake then flood, report {n}", outlet=f"o{n}.example", hours=2 + n)
        for n in range(8)
    ]
    analyze_stories(ctx, bridges)
    assert {_story_of(store, i) for i in [quake, flood, *bridges]} == {_story_of(store, quake)}
    with store.session() as session:
        assert session.scalars(select(Story.article_count)).all() == [10]


def test_re_running_changes_nothing(settings: Settings, store: Store) -> None:
    ctx = story_ctx(settings, store)
    ids = [
        add_article(store, "Quake hits the coast"),
        add_article(store, "Quake toll rises", outlet="two.example", hours=1),
        add_article(store, "Eclipse tonight", hours=2),
    ]
    analyze_stories(ctx, ids)
    before = _snapshot(store)
    analyze_stories(ctx, ids)
    analyze_stories(ctx, list(reversed(ids)))
    assert _snapshot(store) == before


def test_a_copy_joins_its_originals_story(settings: Settings, store: Store) -> None:
    original = add_article(store, "Quake hits the coast", outlet="one.example")
    # Republished under a headline that alone would start a story of its own.
    copy = add_article(store, "Eclipse of the week", outlet="two.example", hours=1)
    with store.session() as session:
        record_copy(session, copy_id=copy, original_id=original, method="test", score=1.0)
    analyze_stories(story_ctx(settings, store), [copy, original])
    assert _story_of(store, copy) == _story_of(store, original) is not None
    with store.session() as session:
        story = store_stories.story_of_article(session, article_id=copy)
    assert story is not None and story.outlet_count == 2


def test_outlet_count_counts_distinct_sources(settings: Settings, store: Store) -> None:
    ids = [
        add_article(store, "Quake hits the coast", outlet="one.example"),
        add_article(store, "Quake: the latest", outlet="one.example", hours=1),
        add_article(store, "Quake toll rises", outlet="two.example", hours=2),
    ]
    analyze_stories(story_ctx(settings, store), ids)
    with store.session() as session:
        story = store_stories.story_of_article(session, article_id=ids[0])
    assert story is not None
    assert (story.article_count, story.outlet_count) == (3, 2)


def test_unusable_articles_get_a_reason_and_the_rest_are_placed(
    settings: Settings, store: Store
) -> None:
    empty = add_article(store, "", text="")
    french = add_article(store, "Séisme sur la côte", language="fr")
    fine = add_article(store, "Quake hits the coast", hours=1)
    huge = add_article(store, "Quake aftershocks", text="quake " * 200_000, hours=2)
    analyze_stories(story_ctx(settings, store), [empty, french, fine, huge])
    with store.session() as session:
        rows = {r.article_id: r for r in session.scalars(select(ArticleStory))}
    assert rows[empty].story_id is None and rows[empty].reason == "no title or text"
    assert rows[french].story_id is None and rows[french].reason == "not English (fr)"
    assert rows[fine].story_id is not None and rows[fine].story_id == rows[huge].story_id


def test_placing_in_batches_gives_the_stories_of_one_run(settings: Settings, store: Store) -> None:
    topics = ["quake", "election", "eclipse", "strike", "flood", "summit"]
    ids = [
        add_article(
            store,
            f"{topics[n % 6]} {topics[(n * 5) % 6] if n % 4 == 0 else ''} update {n}",
            outlet=f"o{n % 5}.example",
            hours=n * 1.5,
        )
        for n in range(36)
    ]
    analyze_stories(story_ctx(settings, store), ids)
    at_once = {i: _story_of(store, i) for i in ids}
    with store.session() as session:
        session.execute(ArticleStory.__table__.delete())
        session.execute(Story.__table__.delete())
    for start in range(0, len(ids), 7):
        analyze_stories(story_ctx(settings, store), ids[start : start + 7])
    in_batches = {i: _story_of(store, i) for i in ids}
    assert len(set(at_once.values())) > 1
    assert _partition(at_once) == _partition(in_batches)


def _partition(assigned: dict[int, int | None]) -> set[frozenset[int]]:
    groups: dict[int | None, set[int]] = {}
    for article, story in assigned.items():
        groups.setdefault(story, set()).add(article)
    return {frozenset(group) for group in groups.values()}
