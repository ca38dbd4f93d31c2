"""Story queries for the site: the front-page rank, the story page, an article's story."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.analyze.stories import analyze_stories
from newsdesk.config import Settings
from newsdesk.store import stories as store_stories
from newsdesk.store.engine import Store
from tests.analyze.storyworld import T0, add_article, story_ctx


def _story(store: Store, topic: str, outlets: int, hours: float) -> list[int]:
    return [
        add_article(store, f"{topic} news {n}", outlet=f"{topic}{n}.example", hours=hours)
        for n in range(outlets)
    ]


def test_top_stories_rank_by_breadth_times_freshness(settings: Settings, store: Store) -> None:
    # At T0+30h (half-life 12 h): strike 3 × 2^(-6/12) = 2.12, eclipse 1 × 1 = 1,
    # quake 4 × 2^(-30/12) = 0.71. Breadth alone would put quake first, recency alone eclipse.
    quake = _story(store, "quake", 4, hours=0)
    strike = _story(store, "strike", 3, hours=24)
    eclipse = _story(store, "eclipse", 1, hours=30)
    analyze_stories(story_ctx(settings, store), quake + strike + eclipse)
    with store.session() as session:
        top = store_stories.top_stories(session, limit=10)
    assert len(top) == 3
    assert all(
        s.lead_article_id in ids for s, ids in zip(top, [strike, eclipse, quake], strict=True)
    )
    now = T0 + timedelta(hours=30)
    weights = [
        store_stories.freshness_weight(
            s.outlet_count, s.latest_at, now=now, half_life_hours=settings.story_half_life_hours
        )
        for s in top
    ]
    assert weights == sorted(weights, reverse=True)
    assert weights[0] == pytest.approx(3 * 2**-0.5)


def test_story_page_groups_articles_by_outlet_earliest_first(
    settings: Settings, store: Store
) -> None:
    late = add_article(store, "Quake toll rises", outlet="late.example", hours=5)
    first = add_article(store, "Quake hits the coast", outlet="early.example", hours=0)
    again = add_article(store, "Quake: aftershocks", outlet="early.example", hours=8)
    analyze_stories(story_ctx(settings, store), [late, first, again])
    with store.session() as session:
        summary = store_stories.story_of_article(session, article_id=first)
        assert summary is not None
        page = store_stories.story_page(session, story_id=summary.id)
        missing = store_stories.story_page(session, story_id=summary.id + 1000)
    assert page is not None and missing is None
    assert [o.name for o in page.outlets] == ["early.example", "late.example"]
    assert [[a.id for a in o.articles] for o in page.outlets] == [[first, again], [late]]
    assert [a.id for a in page.timeline] == [first, late, again]
    assert (page.story.first_at, page.story.latest_at) == (
        T0,
        T0 + timedelta(hours=8),
    )


def test_an_article_in_no_story_has_none(settings: Settings, store: Store) -> None:
    lonely = add_article(store, "", text="")
    analyze_stories(story_ctx(settings, store), [lonely])
    with store.session() as session:
        assert store_stories.story_of_article(session, article_id=lonely) is None
