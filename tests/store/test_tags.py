"""The tags tables: one hashtag whatever its case, pages newest first, entity pages."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from newsdesk.store import tags as tag_store
from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed


def _articles(store: Store, n: int) -> list[int]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    ids = []
    with store.session() as session:
        feed, _ = add_feed(session, url="https://news.example/feed.xml")
        for i in range(n):
            data = ArticleData(
                title=f"Article {i}",
                text=f"text {i}",
                html="",
                text_hash=hashlib.sha256(str(i).encode()).hexdigest(),
                canonical_url=f"https://news.example/{i}",
            )
            result = store_entry(
                session,
                feed_id=feed.id,
                source_id=None,
                guid=str(i),
                entry_url=None,
                entry_hash=str(i),
                data=data,
                now=start + timedelta(hours=i),
            )
            ids.append(result.article_id)
    return ids


def _tag(store: Store, article_id: int, *tags: str) -> None:
    with store.session() as session:
        tag_store.replace_tags(
            session,
            article_id=article_id,
            entities=[tag_store.EntityLink("Xi Jinping", "xi-jinping", "person", 2.0, 3)],
            hashtags=[tag_store.HashtagLink(t, t, rank, 1.0) for rank, t in enumerate(tags, 1)],
            version="1",
            reason=None,
        )


def test_a_hashtag_is_one_row_whatever_its_case(store: Store) -> None:
    one, two = _articles(store, 2)
    _tag(store, one, "RareEarths")
    _tag(store, two, "rareearths", "China")
    with store.session() as session:
        assert [h.tag for h in tag_store.hashtags_of_article(session, article_id=two)] == [
            "RareEarths",
            "China",
        ]
        page = tag_store.articles_of_hashtag(session, tag="RAREEARTHS")
        assert {a.id for a in page.articles} == {one, two}


def test_replacing_tags_twice_stores_the_same_rows(store: Store) -> None:
    (one,) = _articles(store, 1)
    _tag(store, one, "China", "XiJinping")
    _tag(store, one, "China", "XiJinping")
    with store.session() as session:
        assert [h.rank for h in tag_store.hashtags_of_article(session, article_id=one)] == [1, 2]
        assert len(tag_store.entities_of_article(session, article_id=one)) == 1


def test_articles_of_a_hashtag_page_newest_first_with_a_cursor(store: Store) -> None:
    ids = _articles(store, 5)
    for article_id in ids:
        _tag(store, article_id, "China")
    seen: list[int] = []
    cursor = None
    with store.session() as session:
        while True:
            page = tag_store.articles_of_hashtag(session, tag="china", cursor=cursor, limit=2)
            seen.extend(a.id for a in page.articles)
            cursor = page.next_cursor
            if cursor is None:
                break
        assert seen == list(reversed(ids))
        bad = tag_store.articles_of_hashtag(session, tag="china", cursor="not|a cursor")
        assert len(bad.articles) == 5


def test_entity_page_counts_its_articles(store: Store) -> None:
    ids = _articles(store, 3)
    for article_id in ids:
        _tag(store, article_id, "China")
    with store.session() as session:
        page = tag_store.entity_page(session, slug="xi-jinping", limit=2)
        assert page is not None
        assert (page.name, page.kind, page.article_count) == ("Xi Jinping", "person", 3)
        assert [a.id for a in page.articles.articles] == [ids[2], ids[1]]
        assert tag_store.entity_page(session, slug="nobody") is None


def test_a_lone_surname_finds_the_full_name_most_articles_use(store: Store) -> None:
    (one,) = _articles(store, 1)
    _tag(store, one, "China")
    with store.session() as session:
        assert tag_store.known_full_names(session, kind="person", last_word="Jinping") == [
            ("Xi Jinping", 1)
        ]
        assert tag_store.known_full_names(session, kind="person", last_word="Xi") == []
