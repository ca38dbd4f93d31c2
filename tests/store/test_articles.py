"""Storing entries: one article whatever the route, updates in place, nothing doubled."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import func, select, text

from newsdesk.store.articles import ArticleData, count_articles, sightings_of, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed
from newsdesk.store.models import Sighting

BODY = " ".join(f"word{i}" for i in range(120))


def _data(**overrides: object) -> ArticleData:
    values: dict[str, object] = {
        "title": "Volcano erupts",
        "text": BODY,
        "html": f"<p>{BODY}</p>",
        "text_hash": hashlib.sha256(BODY.encode()).hexdigest(),
        "canonical_url": "https://news.example/volcano",
        "published_at": datetime(2024, 5, 1, 12, tzinfo=UTC),
    }
    values.update(overrides)
    return ArticleData(**values)  # type: ignore[arg-type]


def _feeds(store: Store) -> tuple[int, int]:
    with store.session() as session:
        one, _ = add_feed(session, url="https://news.example/feed.xml")
        two, _ = add_feed(session, url="https://other.example/rss")
        return one.id, two.id


def test_same_entry_twice_is_unchanged_and_keeps_one_row(store: Store) -> None:
    feed, _ = _feeds(store)
    with store.session() as session:
        first = store_entry(
            session,
            feed_id=feed,
            source_id=None,
            guid="g1",
            entry_url=None,
            entry_hash="h",
            data=_data(),
        )
    with store.session() as session:
        second = store_entry(
            session,
            feed_id=feed,
            source_id=None,
            guid="g1",
            entry_url=None,
            entry_hash="h",
            data=_data(),
        )
    assert first.outcome == "new"
    assert second.outcome == "unchanged"
    assert second.article_id == first.article_id
    with store.session() as session:
        assert count_articles(session) == 1
        assert session.scalar(select(func.count(Sighting.id))) == 1


def test_updated_entry_is_updated_in_place_and_keeps_its_id(store: Store) -> None:
    feed, _ = _feeds(store)
    with store.session() as session:
        first = store_entry(
            session,
            feed_id=feed,
            source_id=None,
            guid="g1",
            entry_url=None,
            entry_hash="h1",
            data=_data(),
        )
    with store.session() as session:
        second = store_entry(
            session,
            feed_id=feed,
            source_id=None,
            guid="g1",
            entry_url=None,
            entry_hash="h2",
            data=_data(title="Volcano erupts again"),
        )
    assert second.outcome == "updated"
    assert second.article_id == first.article_id
    with store.session() as session:
        title = session.execute(text("SELECT title FROM articles")).scalar_one()
    assert title == "Volcano erupts again"


def test_same_canonical_url_from_another_feed_is_a_sighting(store: Store) -> None:
    one, two = _feeds(store)
    with store.session() as session:
        first = store_entry(
            session,
            feed_id=one,
            source_id=None,
            guid="a",
            entry_url=None,
            entry_hash="h",
            data=_data(),
        )
        second = store_entry(
            session,
            feed_id=two,
            source_id=None,
            guid="b",
            entry_url=None,
            entry_hash="h",
            data=_data(text_hash="other"),
        )
    assert (first.outcome, second.outcome) == ("new", "sighting")
    assert second.article_id == first.article_id
    with store.session() as session:
        assert len(sightings_of(session, article_id=first.article_id)) == 2


def test_same_text_under_another_url_is_a_sighting(store: Store) -> None:
    one, two = _feeds(store)
    with store.session() as session:
        first = store_entry(
            session,
            feed_id=one,
            source_id=None,
            guid="a",
            entry_url=None,
            entry_hash="h",
            data=_data(),
        )
        second = store_entry(
            session,
            feed_id=two,
            source_id=None,
            guid="b",
            entry_url=None,
            entry_hash="h",
            data=_data(canonical_url="https://other.example/x"),
        )
    assert second.outcome == "sighting"
    assert second.article_id == first.article_id


def test_short_texts_are_not_folded_on_text_alone(store: Store) -> None:
    one, two = _feeds(store)
    short = "Photo of the day"
    common = {"text": short, "html": short, "text_hash": "same"}
    with store.session() as session:
        first = store_entry(
            session,
            feed_id=one,
            source_id=None,
            guid="a",
            entry_url=None,
            entry_hash="h",
            data=_data(**common, canonical_url="https://a.example/1"),
        )
        second = store_entry(
            session,
            feed_id=two,
            source_id=None,
            guid="b",
            entry_url=None,
            entry_hash="h",
            data=_data(**common, canonical_url="https://b.example/2"),
        )
    assert second.outcome == "new"
    assert second.article_id != first.article_id


def test_page_body_upgrades_a_stored_teaser(store: Store) -> None:
    one, two = _feeds(store)
    with store.session() as session:
        store_entry(
            session,
            feed_id=one,
            source_id=None,
            guid="a",
            entry_url=None,
            entry_hash="h",
            data=_data(body_source="feed"),
        )
        result = store_entry(
            session,
            feed_id=two,
            source_id=None,
            guid="b",
            entry_url=None,
            entry_hash="h",
            data=_data(body_source="page", title="Full"),
        )
    assert result.outcome == "sighting"
    with store.session() as session:
        row = session.execute(text("SELECT title, body_source FROM articles")).one()
    assert tuple(row) == ("Full", "page")


def test_timestamps_come_back_aware_utc(store: Store) -> None:
    feed, _ = _feeds(store)
    with store.session() as session:
        result = store_entry(
            session,
            feed_id=feed,
            source_id=None,
            guid="g",
            entry_url=None,
            entry_hash="h",
            data=_data(),
        )
    from newsdesk.store.articles import get_article

    with store.session() as session:
        article = get_article(session, article_id=result.article_id)
        assert article is not None
        assert article.published_at == datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_full_text_index_finds_stored_article(store: Store) -> None:
    feed, _ = _feeds(store)
    with store.session() as session:
        store_entry(
            session,
            feed_id=feed,
            source_id=None,
            guid="g",
            entry_url=None,
            entry_hash="h",
            data=_data(title="Eyjafjallajökull ash cloud"),
        )
    with store.session() as session:
        if store.dialect == "sqlite":
            query = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'ash'"
        else:
            query = "SELECT id FROM articles WHERE search @@ plainto_tsquery('simple', 'ash')"
        assert len(session.execute(text(query)).all()) == 1


def test_article_belongs_to_the_publisher_its_canonical_url_names(store: Store) -> None:
    """A republisher pointing rel=canonical at the original may arrive first."""
    with store.session() as session:
        original, _ = add_feed(session, url="https://news.example/feed.xml")
        copier, _ = add_feed(session, url="https://copies.example/rss")
        first = store_entry(
            session,
            feed_id=copier.id,
            source_id=copier.source_id,
            guid="c",
            entry_url=None,
            entry_hash="h",
            data=_data(body_source="page", title="Copy"),
        )
        second = store_entry(
            session,
            feed_id=original.id,
            source_id=original.source_id,
            guid="o",
            entry_url=None,
            entry_hash="h",
            data=_data(body_source="page", title="Original"),
        )
        original_source = original.source_id
    assert (first.outcome, second.outcome) == ("new", "sighting")
    with store.session() as session:
        row = session.execute(text("SELECT source_id, title FROM articles")).one()
    assert tuple(row) == (original_source, "Original")
