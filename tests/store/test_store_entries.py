"""Storing a feed's entries in one batch gives the same rows as storing them one by one."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import text

from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.entry_batches import EntryToStore, store_entries
from newsdesk.store.feeds import add_feed


def _entry(n: int, *, url: str | None = None, body: str | None = None) -> EntryToStore:
    body = body or " ".join(f"word{n}-{i}" for i in range(60))
    data = ArticleData(
        title=f"Title {n}",
        text=body,
        html=f"<p>{body}</p>",
        text_hash=hashlib.sha256(body.encode()).hexdigest(),
        canonical_url=url if url is not None else f"https://news.example/{n}",
        guid=f"g{n}",
    )
    return EntryToStore(guid=f"g{n}", entry_url=data.canonical_url, entry_hash="h", data=data)


def _feed(store: Store, url: str = "https://news.example/feed") -> tuple[int, int | None]:
    with store.session() as session:
        feed, _ = add_feed(session, url=url)
        return feed.id, feed.source_id


def _dump(store: Store) -> list[tuple[Any, ...]]:
    with store.session() as session:
        rows = session.execute(
            text(
                "SELECT a.canonical_url, a.title, a.text_hash, a.source_id, s.feed_id, s.guid "
                "FROM sightings s JOIN articles a ON a.id = s.article_id ORDER BY s.guid"
            )
        )
        return [tuple(row) for row in rows]


def test_new_entries_are_stored_in_bulk_with_their_sightings(store: Store) -> None:
    feed, source = _feed(store)
    with store.session() as session:
        results = store_entries(
            session, feed_id=feed, source_id=source, entries=[_entry(n) for n in range(5)]
        )
    assert [r.outcome for r in results] == ["new"] * 5
    assert len({r.article_id for r in results}) == 5
    assert [row[5] for row in _dump(store)] == [f"g{n}" for n in range(5)]


def test_storing_the_same_batch_again_changes_nothing(store: Store) -> None:
    feed, source = _feed(store)
    batch = [_entry(n) for n in range(3)]
    with store.session() as session:
        store_entries(session, feed_id=feed, source_id=source, entries=batch)
    before = _dump(store)
    with store.session() as session:
        again = store_entries(session, feed_id=feed, source_id=source, entries=batch)
    assert [r.outcome for r in again] == ["unchanged"] * 3
    assert _dump(store) == before


def test_copies_inside_one_batch_fold_into_one_article(store: Store) -> None:
    feed, source = _feed(store)
    same_url = [
        _entry(1, url="https://news.example/same"),
        _entry(2, url="https://news.example/same"),
    ]
    same_text = [_entry(3, body="x " * 80), _entry(4, body="x " * 80)]
    with store.session() as session:
        results = store_entries(
            session, feed_id=feed, source_id=source, entries=same_url + same_text
        )
    assert sorted(r.outcome for r in results) == ["new", "new", "sighting", "sighting"]
    assert len({r.article_id for r in results}) == 2


def test_batch_and_single_paths_give_the_same_rows(store: Store) -> None:
    one, source_one = _feed(store, "https://news.example/a")
    two, source_two = _feed(store, "https://other.example/b")
    entries = [_entry(n) for n in range(4)] + [_entry(9, url="https://news.example/1")]
    with store.session() as session:
        store_entries(session, feed_id=one, source_id=source_one, entries=entries)
        store_entries(session, feed_id=two, source_id=source_two, entries=entries[:2])
    batched = _dump(store)
    with store.session() as session:
        session.execute(text("DELETE FROM sightings"))
        session.execute(text("DELETE FROM articles"))
    with store.session() as session:
        for feed, source, batch in ((one, source_one, entries), (two, source_two, entries[:2])):
            for e in batch:
                store_entry(
                    session,
                    feed_id=feed,
                    source_id=source,
                    guid=e.guid,
                    entry_url=e.entry_url,
                    entry_hash=e.entry_hash,
                    data=e.data,
                )
    assert _dump(store) == batched
