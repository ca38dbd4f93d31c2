"""The site over real HTTP: the article list, the article page, JSON twins, calm errors."""

from __future__ import annotations

import hashlib
import json

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
    # The body as stored, each sentence in its citation anchor (web/anchors.py).
    assert '<p><span id="s-0-0" class="sentence">The council approved' in page.text
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
    # The same citation anchors as the page, so an API client can follow the AI panel's cites.
    assert '<p><span id="s-0-0" class="sentence">The council approved' in detail["html"]
    assert feeds[0]["url"] == "https://news.example/feed.xml"
    assert "/api/v1/articles/{article_id}" in schema["paths"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        pytest.param("/article/999999/none", 404, id="missing-article"),
        pytest.param("/article/not-a-number", 404, id="bad-id"),
        pytest.param("/article/99999999999999999999999/x", 404, id="huge-id"),
        pytest.param("/article/-1/x", 404, id="negative-id"),
        pytest.param("/source/999999/none", 404, id="missing-source"),
        pytest.param("/source/abc", 404, id="bad-source-id"),
        pytest.param("/nowhere", 404, id="unknown-page"),
        pytest.param("/?before=-3", 400, id="bad-cursor"),
        pytest.param("/?before=99999999999999999999999", 400, id="huge-cursor"),
        pytest.param("/?before=1%27%20OR%201=1", 400, id="injected-cursor"),
        pytest.param("/search?q=harbour&page=999999999", 400, id="huge-page"),
        pytest.param("/search?q=harbour&page=-1", 400, id="negative-page"),
        pytest.param("/search?q=harbour&since=yesterday", 400, id="bad-date"),
        pytest.param("/search?q=harbour&source=1;DROP", 400, id="bad-source"),
        pytest.param("/search?q=harbour&sort=%3Cscript%3E", 400, id="bad-sort"),
        pytest.param("/admin", 404, id="admin-without-token"),
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


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("", id="empty"),
        pytest.param("q=", id="empty-q"),
        pytest.param("q=" + "%F0%9F%92%A5junk!" * 200, id="2000-chars-of-junk"),
        pytest.param('q="harbour', id="unbalanced-quote"),
        pytest.param("q=NEAR(harbour council, 2)", id="near"),
        pytest.param("q=harbour*+-council+(a OR b)", id="fts-operators"),
        pytest.param("q=%27;DROP TABLE articles;--", id="sql-injection"),
        pytest.param("q=%3Cscript%3Ealert(1)%3C/script%3E", id="script"),
        pytest.param("q=harbour&page=500", id="last-page"),
        pytest.param("q=harbour&source=&since=&until=&sort=", id="empty-filters"),
        pytest.param("q=harbour&q=other&unknown=1", id="repeated-and-unknown"),
    ],
)
def test_junk_searches_get_a_normal_page(settings: Settings, store: Store, query: str) -> None:
    _article(store, "Harbour story", 1)
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/search?{query}")
        api = httpx.get(f"{base}/api/v1/search?{query}")
    assert page.status_code == 200, page.text[:300]
    assert "<script>alert" not in page.text
    assert api.status_code == 200


def test_search_finds_and_marks_words(settings: Settings, store: Store) -> None:
    article_id = _article(store, "Harbour story", 1)
    other_id = _article(store, "Other story", 2)
    with running_site(settings, store) as base:
        page = httpx.get(base + "/search", params={"q": 'Harbour "story" <>'})
        api = httpx.get(base + "/api/v1/search", params={"q": "other council"}).json()
    assert page.status_code == 200
    assert f'href="/article/{article_id}/harbour-story"' in page.text
    assert "<mark>Harbour</mark> <mark>story</mark>" in page.text
    assert 'value="Harbour &#34;story&#34; &lt;&gt;"' in page.text
    assert api["terms"] == ["other", "council"]
    assert [hit["article"]["id"] for hit in api["results"]] == [other_id]
    assert "<mark>council</mark>" in api["results"][0]["snippet_html"]
    assert api["results"][0]["title_html"] == "<mark>Other</mark> story"


def test_source_page_lists_feeds_and_articles(settings: Settings, store: Store) -> None:
    article_id = _article(store, "Harbour story", 1)
    with running_site(settings, store) as base:
        source_id = httpx.get(f"{base}/api/v1/articles/{article_id}").json()["source_id"]
        page = httpx.get(f"{base}/source/{source_id}", follow_redirects=True)
        api = httpx.get(f"{base}/api/v1/sources/{source_id}").json()
    assert str(page.url).endswith(f"/source/{source_id}/news-example")
    assert "https://news.example/feed.xml" in page.text
    assert "Harbour story" in page.text
    assert api["name"] == "News Example"
    assert [a["id"] for a in api["articles"]] == [article_id]
    assert api["feeds"][0]["url"] == "https://news.example/feed.xml"


def test_article_page_carries_metadata(settings: Settings, store: Store) -> None:
    article_id = _article(store, "Harbour </script><script>x()</script> story", 1)
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/article/{article_id}", follow_redirects=True).text
    ld = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(ld)
    assert data["@type"] == "NewsArticle"
    assert data["headline"].startswith("Harbour </script>")
    assert data["publisher"]["name"] == "News Example"
    assert data["author"] == [{"@type": "Person", "name": "A. Writer"}]
    assert '<meta property="og:url" content="https://news.example/1">' in page
    # Blocks without data are not shown at all.
    for heading in ("Where this article comes from", "Part of a story", "Hashtags", "Related"):
        assert heading not in page
