"""Provenance combines exact copies folded at ingest (sightings) and near copies (copies rows)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.copies import copy_ids, is_copy, provenance, record_copy
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed

BODY = " ".join(f"word{i}" for i in range(120))


def _store(store: Store, feed_url: str, url: str, text: str, day: int) -> int:
    data = ArticleData(
        title="Volcano erupts",
        text=text,
        html="",
        text_hash=hashlib.sha256(text.encode()).hexdigest(),
        canonical_url=url,
        published_at=datetime(2024, 5, day, tzinfo=UTC),
    )
    with store.session() as session:
        feed, _ = add_feed(session, url=feed_url)
        return store_entry(
            session,
            feed_id=feed.id,
            source_id=feed.source_id,
            guid=url,
            entry_url=url,
            entry_hash="h",
            data=data,
        ).article_id


def test_provenance_names_original_and_both_kinds_of_republication(store: Store) -> None:
    original = _store(store, "https://first.example/feed", "https://first.example/a", BODY, 1)
    exact = _store(store, "https://exact.example/feed", "https://exact.example/a", BODY, 2)
    near = _store(store, "https://near.example/feed", "https://near.example/a", BODY + " x", 3)
    assert exact == original  # folded at ingest: a sighting, not a second article
    with store.session() as session:
        record_copy(session, copy_id=near, original_id=original, method="near_duplicate", score=0.9)
    with store.session() as session:
        seen = [provenance(session, article_id=i) for i in (original, near)]
        assert is_copy(session, article_id=near) and not is_copy(session, article_id=original)
        assert copy_ids(session) == {near}
    assert seen[0] == seen[1]
    assert seen[0].original.source_name == "first.example"
    assert seen[0].original.url == "https://first.example/a"
    # an exact copy's date is when its feed carried it (now), the near copy's its own date
    assert [a.source_name for a in seen[0].republications] == ["near.example", "exact.example"]
    assert [a.url for a in seen[0].republications] == [
        "https://near.example/a",
        "https://exact.example/a",
    ]


def test_an_article_without_copies_is_its_own_original(store: Store) -> None:
    only = _store(store, "https://first.example/feed", "https://first.example/b", BODY, 1)
    with store.session() as session:
        found = provenance(session, article_id=only)
    assert found.original.article_id == only
    assert not found.republished


def test_recording_the_same_finding_twice_changes_nothing(store: Store) -> None:
    one = _store(store, "https://first.example/feed", "https://first.example/c", BODY, 1)
    two = _store(store, "https://near.example/feed", "https://near.example/c", BODY + " y", 2)
    with store.session() as session:
        assert record_copy(session, copy_id=two, original_id=one, method="contained", score=0.91)
    with store.session() as session:
        assert not record_copy(
            session, copy_id=two, original_id=one, method="contained", score=0.91
        )
