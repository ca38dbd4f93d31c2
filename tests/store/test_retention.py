"""Retention on both databases: what purge deletes, what it keeps, and that it is idempotent."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from newsdesk.store.engine import Store
from newsdesk.store.models import Article, Feed, Sighting
from newsdesk.store.models_community import Comment
from newsdesk.store.retention import protected_article_ids, purge_articles
from newsdesk.store.types import utcnow

NOW = utcnow()


def _day(days_ago: float) -> datetime:
    return NOW - timedelta(days=days_ago)


class Library:
    """Feeds and articles written straight to the tables, with the dates a test needs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.feeds: dict[str, int] = {}
        self.articles: dict[str, int] = {}

    def feed(self, name: str) -> int:
        with self.store.session() as session:
            feed = Feed(url=f"http://example.test/{name}.xml", title=name)
            session.add(feed)
            session.flush()
            self.feeds[name] = feed.id
        return feed.id

    def article(
        self, name: str, *, stored: float, seen: dict[str, float], starred: bool = False
    ) -> int:
        """An article first stored `stored` days ago, last listed by each feed days ago."""
        with self.store.session() as session:
            article = Article(
                title=name,
                text=f"The {name} article body, about a harbour.",
                html=f"<p>The {name} article body.</p>",
                text_hash=name,
                content_hash=name,
                first_seen_at=_day(stored),
                starred=starred,
            )
            session.add(article)
            session.flush()
            for feed, days in seen.items():
                session.add(
                    Sighting(
                        article_id=article.id,
                        feed_id=self.feeds[feed],
                        guid=name,
                        entry_hash=name,
                        first_seen_at=_day(stored),
                        last_seen_at=_day(days),
                    )
                )
            self.articles[name] = article.id
        return article.id

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        with self.store.session() as session:
            return [tuple(row) for row in session.execute(text(query))]

    def titles(self) -> set[str]:
        return {row[0] for row in self.rows("SELECT title FROM articles")}


@pytest.fixture
def library(store: Store) -> Library:
    lib = Library(store)
    lib.feed("daily")
    lib.feed("weekly")
    return lib


def _purge(store: Store, days: int = 0, per_feed: int = 0, dry_run: bool = False) -> Any:
    return purge_articles(store, keep_days=days, keep_per_feed=per_feed, now=NOW, dry_run=dry_run)


def test_keep_days_deletes_old_articles_no_feed_lists_any_more(
    store: Store, library: Library
) -> None:
    library.article("old", stored=40, seen={"daily": 39})
    library.article("old-still-listed", stored=40, seen={"daily": 0.1})
    library.article("recent", stored=5, seen={"daily": 5})
    library.article("old-orphan", stored=50, seen={})
    report = _purge(store, days=30)
    assert library.titles() == {"old-still-listed", "recent"}
    assert (report.old, report.deleted) == (2, 2)
    assert library.rows("SELECT guid FROM sightings ORDER BY guid") == [
        ("old-still-listed",),
        ("recent",),
    ]


def test_the_search_index_loses_the_purged_articles(store: Store, library: Library) -> None:
    library.article("old", stored=40, seen={"daily": 40})
    library.article("recent", stored=1, seen={"daily": 1})
    _purge(store, days=30)
    if store.dialect == "sqlite":
        found = library.rows("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'harbour'")
    else:
        found = library.rows(
            "SELECT id FROM articles WHERE search @@ to_tsquery('simple', 'harbour')"
        )
    assert found == [(library.articles["recent"],)]


def test_keep_per_feed_keeps_the_most_recently_listed_of_each_feed(
    store: Store, library: Library
) -> None:
    for n in range(5):
        library.article(f"daily-{n}", stored=10, seen={"daily": 10 - n})
    # Past the limit in "daily", but among the newest of "weekly": kept.
    library.article("in-both", stored=20, seen={"daily": 20, "weekly": 1})
    report = _purge(store, per_feed=2)
    assert library.titles() == {"daily-4", "daily-3", "in-both"}
    assert (report.beyond_count, report.deleted) == (3, 3)


def test_starred_and_commented_articles_survive_and_nothing_else_is_touched(
    store: Store, library: Library
) -> None:
    library.article("old-starred", stored=90, seen={"daily": 90}, starred=True)
    library.article("old-commented", stored=90, seen={"daily": 90})
    library.article("old-liked", stored=90, seen={"daily": 90})
    library.article("old-plain", stored=90, seen={"daily": 90})
    library.article("recent", stored=1, seen={"daily": 1, "weekly": 1})
    with store.session() as session:  # a real comment; `stars` is a table no stage has yet
        session.add(Comment(article_id=library.articles["old-commented"], body="Well said."))
        session.execute(text("CREATE TABLE stars (user_id INTEGER, article_id BIGINT)"))
        session.execute(
            text("INSERT INTO stars (user_id, article_id) VALUES (7, :a)"),
            {"a": library.articles["old-liked"]},
        )
    keep = "SELECT * FROM articles WHERE title <> 'old-plain' ORDER BY id"
    keep_sightings = "SELECT * FROM sightings WHERE guid <> 'old-plain' ORDER BY id"
    before = library.rows(keep), library.rows(keep_sightings)
    report = _purge(store, days=30, per_feed=1)
    assert library.titles() == {"old-starred", "old-commented", "old-liked", "recent"}
    assert (library.rows(keep), library.rows(keep_sightings)) == before
    assert (report.protected, report.deleted) == (3, 1)


def test_protection_works_without_a_stars_table(store: Store, library: Library) -> None:
    starred = library.article("starred", stored=1, seen={}, starred=True)
    plain = library.article("plain", stored=1, seen={})
    with store.session() as session:
        assert protected_article_ids(session, among=[starred, plain]) == {starred}


def test_a_dry_run_counts_and_deletes_nothing(store: Store, library: Library) -> None:
    library.article("old", stored=40, seen={"daily": 40})
    library.article("recent", stored=1, seen={"daily": 1})
    report = _purge(store, days=30, dry_run=True)
    assert (report.to_delete, report.deleted) == (1, 0)
    assert library.titles() == {"old", "recent"}


def test_purging_again_deletes_nothing_more(store: Store, library: Library) -> None:
    for n in range(7):
        library.article(f"a-{n}", stored=39.5 - n, seen={"daily": 39.5 - n})
    first = _purge(store, days=35, per_feed=3)  # a-0..a-4 are old, a-0..a-3 past the count
    second = _purge(store, days=35, per_feed=3)
    assert first.deleted == 5 and second.to_delete == second.deleted == 0
    assert library.titles() == {"a-5", "a-6"}


def test_zero_settings_keep_everything(store: Store, library: Library) -> None:
    library.article("ancient", stored=4000, seen={"daily": 4000})
    assert _purge(store).deleted == 0
    assert library.titles() == {"ancient"}
