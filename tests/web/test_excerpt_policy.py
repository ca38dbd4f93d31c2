"""A source whose articles may only be excerpted: pages and the API show an excerpt and link
out, while the full text stays stored."""

from __future__ import annotations

import hashlib

import httpx
from sqlalchemy import text

from newsdesk.config import Settings
from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed
from newsdesk.store.sources import set_display_policy, set_source_details
from tests.support.webserver import running_site

WORDS = [f"word{n}" for n in range(200)]
BODY = " ".join(WORDS)


def _article(store: Store, *, dek: str | None = None) -> int:
    with store.session() as session:
        feed, _ = add_feed(session, url="https://strict.example/feed.xml")
        set_source_details(session, url="https://strict.example/", name="Strict Times")
        return store_entry(
            session,
            feed_id=feed.id,
            source_id=feed.source_id,
            guid="g1",
            entry_url=None,
            entry_hash="h",
            data=ArticleData(
                title="Strict story",
                text=BODY,
                html=f"<p>{BODY}</p>",
                dek=dek,
                text_hash=hashlib.sha256(BODY.encode()).hexdigest(),
                canonical_url="https://strict.example/story",
            ),
        ).article_id


def _set(store: Store, policy: str) -> None:
    with store.session() as session:
        set_display_policy(session, host="https://strict.example/", policy=policy)


def test_an_excerpt_source_shows_sixty_words_and_links_out(
    settings: Settings, store: Store
) -> None:
    article_id = _article(store)
    _set(store, "excerpt")
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/article/{article_id}", follow_redirects=True).text
        api = httpx.get(f"{base}/api/v1/articles/{article_id}").json()
    assert "word59" in page and "word60" not in page
    assert 'href="https://strict.example/story"' in page
    assert "Read the full article at Strict Times" in page
    assert api["display"] == "excerpt" and "word60" not in api["html"]
    with store.session() as session:  # still stored whole, for analysis
        assert session.scalar(text("SELECT text FROM articles")) == BODY


def test_the_feed_summary_is_the_excerpt_when_there_is_one(
    settings: Settings, store: Store
) -> None:
    article_id = _article(store, dek="The council & the harbour: a summary.")
    _set(store, "excerpt")
    with running_site(settings, store) as base:
        api = httpx.get(f"{base}/api/v1/articles/{article_id}").json()
    assert api["html"] == "<p>The council &amp; the harbour: a summary.</p>"


def test_a_full_source_shows_everything(settings: Settings, store: Store) -> None:
    article_id = _article(store)
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/article/{article_id}", follow_redirects=True).text
        api = httpx.get(f"{base}/api/v1/articles/{article_id}").json()
    assert "word199" in page and "Read the full article at" not in page
    assert api["display"] == "full" and "word199" in api["html"]
