"""The site over real HTTP: the article list, the article page, JSON twins, calm errors."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from newsdesk.config import Settings
from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed
from newsdesk.store.sources import set_source_details
from tests.support.webserver import running_site

BODY = "The council approved the harbour budget on Tuesday after a long debate."


def _article(store: Store, title: str, n: int) -> int:
    with store.session() as session:
        feed, _ = add_feed(session, url="https://news.example/feed.xml")
        set_source_details(
            session, url="https://news.example/", name="News Example", notice="Licensed CC BY 2.5"
        )
        result = store_entry(
            session,
            feed_id=feed.id,
            source_id=feed.source_id,
            guid=f"g{n}",
            entry_url=None,
            entry_hash="h",
            data=ArticleData(
                title=title,
                text=f"{BODY} {n}",
                html=f"<p>{BODY} {n}</p><p>Second.</p>",
                text_hash=hashlib.sha256(f"{n}".encode()).hexdigest(),
                canonical_url=f"https://news.example/{n}",
                authors=["A. Writer"],
                attribution="Originally published by Example Wire.",
            ),
        )
        return result.article_id


def test_front_page_lists_articles_and_links_to_them(settings: Settings, store: Store) -> None:
    ids = [_article(store, f"Harbour story {n}", n) for n in range(3)]
    with running_site(settings, store) as base:
        front = httpx.get(base + "/")
        assert front.status_code == 200
        for n in range(3):
            assert f"Harbour story {n}" in front.text
        page = httpx.get(f"{base}/article/{ids[0]}", follow_redirects=True)
    assert page.status_code == 200
    assert str(page.url).endswith(f"/article/{ids[0]}/harbour-story-0")
    assert "<p>The council approved" in page.text
    assert "Originally published by Example Wire." in page.text
    assert "Licensed CC BY 2.5" in page.text
    assert '<link rel="canonical" href="https://news.example/0">' in page.text


def test_json_twins_carry_the_same_data(settings: Settings, store: Store) -> None:
    article_id = _article(store, "Harbour story", 1)
    with running_site(settings, store) as base:
        listing = httpx.get(base + "/api/v1/articles").json()
        detail = httpx.get(f"{base}/api/v1/articles/{article_id}").json()
        feeds = httpx.get(base + "/api/v1/feeds").json()
        schema = httpx.get(base + "/openapi.json").json()
    assert [a["id"] for a in listing["articles"]] == [article_id]
    assert detail["title"] == "Harbour story"
    assert detail["source"] == "News Example"
    assert detail["authors"] == ["A. Writer"]
    assert feeds[0]["url"] == "https://news.example/feed.xml"
    assert "/api/v1/articles/{article_id}" in schema["paths"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        pytest.param("/article/999999/none", 404, id="missing-article"),
        pytest.param("/article/not-a-number", 404, id="bad-id"),
        pytest.param("/nowhere", 404, id="unknown-page"),
        pytest.param("/?before=-3", 400, id="bad-cursor"),
    ],
)
def test_bad_requests_get_a_page_in_the_site_style(
    settings: Settings, store: Store, path: str, status: int
) -> None:
    with running_site(settings, store) as base:
        response = httpx.get(base + path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "Back to the latest articles" in response.text
    assert "Traceback" not in response.text


def test_api_errors_are_json(settings: Settings, store: Store) -> None:
    with running_site(settings, store) as base:
        missing = httpx.get(base + "/api/v1/articles/999999")
        bad = httpx.get(base + "/api/v1/articles?limit=100000")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No such article"}
    assert bad.status_code == 422
