"""Story, hashtag, entity and section pages over real HTTP, with their JSON twins.

The world: a quake story covered by three outlets (one of them republishing another's
article), stored through the store's write path and clustered by the real stories step;
hashtags, entities and sections written by the tags store functions the tags step uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from newsdesk.analyze.stories import analyze_stories
from newsdesk.config import Settings
from newsdesk.store import tags as tag_store
from newsdesk.store.copies import record_copy
from newsdesk.store.engine import Store
from newsdesk.store.stories import story_of_article
from newsdesk.store.topics import hashtag_view
from tests.analyze.storyworld import add_article, story_ctx
from tests.support.webserver import running_site

TIMEOUT = 60  # seconds: the suite runs in parallel on two shared cores


@dataclass(frozen=True)
class World:
    story_id: int
    first: int  # early.example's report, the original
    copy: int  # copier.example's republication of it
    late: int  # late.example's own report
    other: int  # an eclipse article, in no story with the others


AGENCY = "Japan Meteorological Agency"
QUAKE_TEXT = "The quake shook the coast at dawn; quake damage is still being counted."


def _world(settings: Settings, store: Store) -> World:
    first = add_article(store, "Quake hits the coast", outlet="early.example", text=QUAKE_TEXT)
    copy = add_article(
        store, "Quake hits the coast", outlet="copier.example", hours=2, text=QUAKE_TEXT
    )
    late = add_article(store, "Quake toll rises", outlet="late.example", hours=5, text="quake")
    other = add_article(store, "Eclipse seen from the hills", outlet="late.example", hours=6)
    analyze_stories(story_ctx(settings, store), [first, copy, late, other])
    with store.session() as session:
        record_copy(session, copy_id=copy, original_id=first, method="exact", score=1.0)
        quake = [
            tag_store.HashtagLink("Quake", "quake", 0, 1.0),
            tag_store.HashtagLink("JapanMeteorologicalAgency", AGENCY, 1, 0.8),
        ]
        agency = tag_store.EntityLink(AGENCY, "japan-meteorological-agency", "org", 0.9, 2)
        for article_id in (first, copy, late):
            tag_store.replace_tags(
                session,
                article_id=article_id,
                entities=[agency],
                hashtags=quake,
                version="test",
                reason=None,
            )
            tag_store.set_section(
                session,
                article_id=article_id,
                section="Disasters and accidents",
                confidence=0.9,
                reason=None,
                version="test",
            )
        tag_store.set_section(
            session,
            article_id=other,
            section="Science and technology",
            confidence=0.9,
            reason=None,
            version="test",
        )
        story = story_of_article(session, article_id=first)
    assert story is not None
    return World(story.id, first, copy, late, other)


def test_story_page_groups_by_outlet_with_copies_folded_and_a_timeline(
    settings: Settings, store: Store
) -> None:
    world = _world(settings, store)
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/story/{world.story_id}", timeout=TIMEOUT)
        api = httpx.get(f"{base}/api/v1/stories/{world.story_id}", timeout=TIMEOUT).json()
    assert page.status_code == 200
    assert "Covered by 3 outlets in 3 articles (1 of them republication)" in page.text
    assert page.text.index("early.example") < page.text.index("late.example")
    assert "Republished by" in page.text and "Timeline" in page.text
    assert api["outlet_count"] == 3 and api["article_count"] == 3
    assert [o["name"] for o in api["outlets"]] == ["early.example", "late.example"]
    original = api["outlets"][0]["articles"][0]
    assert original["id"] == world.first
    assert [c["id"] for c in original["copies"]] == [world.copy]
    assert [e["id"] for e in api["timeline"]] == [world.first, world.copy, world.late]
    assert [e["copy_of"] for e in api["timeline"]] == [None, world.first, None]
    assert api["first_at"] < api["latest_at"]


def test_article_page_links_its_story_and_hashtags_to_pages_that_exist(
    settings: Settings, store: Store
) -> None:
    world = _world(settings, store)
    with running_site(settings, store) as base:
        article = httpx.get(f"{base}/article/{world.late}", follow_redirects=True, timeout=TIMEOUT)
        assert f'href="/story/{world.story_id}"' in article.text
        assert 'href="/hashtag/JapanMeteorologicalAgency" title="organisation"' in article.text
        story = httpx.get(f"{base}/story/{world.story_id}", timeout=TIMEOUT)
        tag = httpx.get(f"{base}/hashtag/JapanMeteorologicalAgency", timeout=TIMEOUT)
    assert story.status_code == 200 and tag.status_code == 200


def test_hashtag_page_lists_cards_case_insensitively_and_links_its_entity(
    settings: Settings, store: Store
) -> None:
    world = _world(settings, store)
    with running_site(settings, store) as base:
        redirect = httpx.get(f"{base}/hashtag/japanmeteorologicalagency", timeout=TIMEOUT)
        page = httpx.get(f"{base}/hashtag/JapanMeteorologicalAgency", timeout=TIMEOUT)
        api = httpx.get(f"{base}/api/v1/hashtags/JAPANMETEOROLOGICALAGENCY", timeout=TIMEOUT).json()
        topic = httpx.get(f"{base}/api/v1/hashtags/quake", timeout=TIMEOUT).json()
    assert redirect.status_code == 301
    assert redirect.headers["location"] == "/hashtag/JapanMeteorologicalAgency"
    assert page.status_code == 200
    assert "3 articles tagged Japan Meteorological Agency" in page.text
    assert 'href="/entity/japan-meteorological-agency"' in page.text
    assert page.text.count('class="card"') == 2  # the republication shows once, as the original
    assert 'class="source" href="/source/' in page.text  # cards carry their source
    assert set(api) >= {"tag", "label", "article_count", "entity", "articles", "next"}
    assert api["entity"] == {
        "name": "Japan Meteorological Agency",
        "slug": "japan-meteorological-agency",
        "kind": "organisation",
    }
    assert sorted(a["id"] for a in api["articles"]) == sorted([world.first, world.late])
    assert api["article_count"] == 3
    assert api["articles"][0]["snippet"]
    assert topic["entity"] is None and topic["tag"] == "Quake"


def test_entity_page_shows_kind_count_and_articles(settings: Settings, store: Store) -> None:
    world = _world(settings, store)
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/entity/japan-meteorological-agency", timeout=TIMEOUT)
        upper = httpx.get(f"{base}/entity/Japan-Meteorological-Agency", timeout=TIMEOUT)
        api = httpx.get(
            f"{base}/api/v1/entities/japan-meteorological-agency", timeout=TIMEOUT
        ).json()
    assert page.status_code == 200
    assert "Organisation" in page.text and "Named in 3 articles" in page.text
    assert 'href="/hashtag/JapanMeteorologicalAgency"' in page.text
    assert upper.status_code == 301
    assert set(api) >= {"name", "slug", "kind", "article_count", "hashtag", "articles", "next"}
    assert api["kind"] == "organisation" and api["article_count"] == 3
    assert world.late in [a["id"] for a in api["articles"]]


def test_section_page_is_the_front_page_of_one_section(settings: Settings, store: Store) -> None:
    world = _world(settings, store)
    with running_site(settings, store) as base:
        front = httpx.get(base + "/", timeout=TIMEOUT)
        page = httpx.get(f"{base}/section/disasters-accidents", timeout=TIMEOUT)
        api = httpx.get(f"{base}/api/v1/sections/disasters-accidents", timeout=TIMEOUT).json()
        science = httpx.get(f"{base}/api/v1/sections/science-technology", timeout=TIMEOUT).json()
    assert 'href="/section/disasters-accidents"' in front.text
    assert page.status_code == 200
    assert 'href="/section/disasters-accidents" aria-current="page"' in page.text
    assert "Eclipse seen from the hills" not in page.text.split("Latest in", 1)[1]
    assert set(api) >= {"slug", "name", "stories", "articles", "next"}
    assert api["name"] == "Disasters and accidents"
    assert sorted(a["id"] for a in api["articles"]) == sorted([world.first, world.copy, world.late])
    assert [s["id"] for s in api["stories"]] == [world.story_id]
    assert [a["id"] for a in science["articles"]] == [world.other] and science["stories"] == []


def test_keyset_pages_follow_on_without_repeats(settings: Settings, store: Store) -> None:
    world = _world(settings, store)
    seen: list[int] = []
    cursor = None
    with store.session() as session:
        while True:
            page = hashtag_view(session, tag="quake", before_id=cursor, limit=1)
            assert page is not None
            seen += [card.id for card in page.cards]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    # Newest first, the republication left out where its original is on the same page only.
    assert seen == [world.late, world.copy, world.first]
    with running_site(settings, store) as base:
        html = httpx.get(f"{base}/hashtag/Quake", params={"before": cursor}, timeout=TIMEOUT)
        api = httpx.get(
            f"{base}/api/v1/hashtags/Quake", params={"before": cursor}, timeout=TIMEOUT
        ).json()
    assert html.status_code == 200 and "Quake hits the coast" in html.text
    assert [a["id"] for a in api["articles"]] == [world.first]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        pytest.param("/story/999999", 404, id="missing-story"),
        pytest.param("/story/99999999999999999999999", 404, id="huge-story"),
        pytest.param("/story/-4", 404, id="negative-story"),
        pytest.param("/story/abc", 404, id="bad-story"),
        pytest.param("/hashtag/NoSuchTagAnywhere", 404, id="missing-hashtag"),
        pytest.param("/hashtag/" + "x" * 500, 404, id="long-hashtag"),
        pytest.param("/entity/no-such-entity", 404, id="missing-entity"),
        pytest.param("/entity/a%00b", 404, id="nul-entity"),
        pytest.param("/hashtag/Quake%00", 404, id="nul-hashtag"),
        pytest.param("/hashtag/Quake?before=%C2%B2", 400, id="unicode-digit-cursor"),
        pytest.param("/section/no-such-section", 404, id="missing-section"),
        pytest.param("/section/disasters-accidents?before=-1", 400, id="bad-section-cursor"),
        pytest.param("/section/disasters-accidents?before=" + "9" * 30, 400, id="huge-cursor"),
        pytest.param("/hashtag/Quake?before=junk", 400, id="junk-hashtag-cursor"),
        pytest.param("/hashtag/Quake?before=" + "9" * 30, 400, id="huge-tag-cursor"),
        pytest.param("/hashtag/Quake?before=0", 400, id="zero-tag-cursor"),
        pytest.param("/entity/japan-meteorological-agency?before=x|1", 400, id="junk-cursor"),
    ],
)
def test_unknown_and_junk_addresses_get_the_site_pages(
    settings: Settings, store: Store, path: str, status: int
) -> None:
    _world(settings, store)
    with running_site(settings, store) as base:
        response = httpx.get(base + path, timeout=TIMEOUT)
    assert response.status_code == status
    assert "Back to the latest articles" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/stories/999999",
        "/api/v1/stories/99999999999999999999999",
        "/api/v1/hashtags/NoSuchTagAnywhere",
        "/api/v1/entities/no-such-entity",
        "/api/v1/hashtags/a%00b",
        "/api/v1/sections/no-such-section",
    ],
)
def test_api_twins_answer_unknown_with_json_404(
    settings: Settings, store: Store, path: str
) -> None:
    with running_site(settings, store) as base:
        response = httpx.get(base + path, timeout=TIMEOUT)
        schema = httpx.get(base + "/openapi.json", timeout=TIMEOUT).json()
    assert response.status_code == 404
    assert "detail" in response.json()
    for twin in ("stories/{story_id}", "hashtags/{tag}", "entities/{slug}", "sections/{slug}"):
        assert f"/api/v1/{twin}" in schema["paths"]
