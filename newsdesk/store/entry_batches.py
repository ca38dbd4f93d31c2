"""SQL for storing a feed's new entries at once: the batch path beside `articles.store_entry`.

A feed poll brings tens of entries; most are new articles or plain copies of stored ones,
which need no judgement beyond "which article is this a copy of". Those are planned with a
few reads and written with one multi-row INSERT per table; the rest (updates, better bodies,
the publisher's own entry for an article a republisher brought first) go through
`store_entry` one by one. The statements are built once: they run on every changed feed, and
building a statement costs more than SQLite takes to run it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store.articles import (
    ArticleData,
    StoreResult,
    article_columns,
    long_enough_to_fold,
    store_entry,
)
from newsdesk.store.models import Base
from newsdesk.store.sightings import known_entry_hashes
from newsdesk.store.sources import host_key
from newsdesk.store.types import utcnow

CHUNK = 500  # bound parameters per IN list
_ARTICLES = Base.metadata.tables["articles"]
_SIGHTINGS = Base.metadata.tables["sightings"]
_SOURCES = Base.metadata.tables["sources"]
_FEEDS = Base.metadata.tables["feeds"]
_MATCH_COLUMNS = (
    _ARTICLES.c.id,
    _ARTICLES.c.canonical_url,
    _ARTICLES.c.body_source,
    _ARTICLES.c.text_hash,
)
_BY_URL = select(*_MATCH_COLUMNS).where(
    _ARTICLES.c.canonical_url.in_(bindparam("urls", expanding=True))
)
_BY_TEXT = (
    select(*_MATCH_COLUMNS)
    .where(_ARTICLES.c.text_hash.in_(bindparam("texts", expanding=True)))
    .order_by(_ARTICLES.c.id.desc())
)
_OWNERS = select(_SOURCES.c.host, _SOURCES.c.id).where(
    _SOURCES.c.host.in_(bindparam("hosts", expanding=True))
)
_SEEN_FROM = (
    select(_SIGHTINGS.c.article_id)
    .join(_FEEDS, _FEEDS.c.id == _SIGHTINGS.c.feed_id)
    .where(
        _SIGHTINGS.c.article_id.in_(bindparam("ids", expanding=True)),
        _FEEDS.c.source_id == bindparam("source_id_"),
    )
)
_INSERT_ARTICLES = insert(_ARTICLES).returning(_ARTICLES.c.id, sort_by_parameter_order=True)
_INSERT_SIGHTINGS = insert(_SIGHTINGS)


@dataclass(frozen=True)
class EntryToStore:
    """One feed entry with its assembled article, as `store_entries` takes it."""

    guid: str
    entry_url: str | None
    entry_hash: str
    data: ArticleData


@dataclass(frozen=True)
class _Stored:
    """What folding needs to know about a stored article another entry may be a copy of."""

    id: int
    canonical_url: str | None
    body_source: str


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _stored_matches(
    session: Session, entries: list[EntryToStore]
) -> tuple[dict[str, _Stored], dict[str, _Stored]]:
    """Stored articles sharing a canonical URL or a (long) text with any of `entries`."""
    connection = session.connection()
    urls = {u for e in entries if (u := e.data.canonical_url)}
    texts = {e.data.text_hash for e in entries if long_enough_to_fold(e.data)}
    by_url: dict[str, _Stored] = {}
    by_text: dict[str, _Stored] = {}
    for chunk in _chunks(urls):
        for row in connection.execute(_BY_URL, {"urls": chunk}):
            by_url[row.canonical_url] = _Stored(row.id, row.canonical_url, row.body_source)
    for chunk in _chunks(texts):
        for row in connection.execute(_BY_TEXT, {"texts": chunk}):  # lowest id wins
            by_text[row.text_hash] = _Stored(row.id, row.canonical_url, row.body_source)
    return by_url, by_text


def _owners(session: Session, urls: Iterable[str | None]) -> dict[str, int]:
    """host → source id of the stored publishers whose sites these URLs are on."""
    hosts = {host_key(url) for url in urls if url}
    owners: dict[str, int] = {}
    for chunk in _chunks(hosts):
        rows = session.connection().execute(_OWNERS, {"hosts": chunk})
        owners.update({host: source_id for host, source_id in rows})
    return owners


def _seen_from(session: Session, article_ids: set[int], source_id: int | None) -> set[int]:
    if source_id is None:
        return set()
    seen: set[int] = set()
    for chunk in _chunks(article_ids):
        rows = session.connection().execute(_SEEN_FROM, {"ids": chunk, "source_id_": source_id})
        seen.update(rows.scalars())
    return seen


@dataclass
class _Plan:
    """How each entry of a batch will be stored."""

    new: list[EntryToStore] = field(default_factory=list)
    # (entry, stored article id) or (entry, -1 - index into `new`) for copies inside the batch
    copies: list[tuple[EntryToStore, int]] = field(default_factory=list)
    careful: list[EntryToStore] = field(default_factory=list)
    owners: dict[str, int] = field(default_factory=dict)  # host → source id, for new rows


def _plan(
    session: Session,
    feed_id: int,
    source_id: int | None,
    entries: list[EntryToStore],
    seen: Collection[str] | None,
) -> _Plan:
    """Sort entries into new articles, plain copies (a sighting), and the rest.

    "The rest" is whatever `store_entry` must judge: an entry this feed gave before (maybe
    updated), a copy that brings a better body than the stored one, or the publisher's own
    entry for an article a republisher brought first.
    """
    if seen is None:
        seen = set(known_entry_hashes(session, feed_id=feed_id, guids=[e.guid for e in entries]))
    by_url, by_text = _stored_matches(session, entries)
    matched = (*by_url.values(), *by_text.values())
    # One read of the publishers for both the matched articles and the new ones.
    owners = _owners(
        session, [m.canonical_url for m in matched] + [e.data.canonical_url for e in entries]
    )
    seen_from_us = _seen_from(session, {m.id for m in matched}, source_id)
    plan = _Plan(owners=owners)
    batch_url: dict[str, int] = {}
    batch_text: dict[str, int] = {}
    for entry in entries:
        data, url = entry.data, entry.data.canonical_url
        if entry.guid in seen:
            plan.careful.append(entry)
            continue
        stored = (by_url.get(url) if url else None) or (
            by_text.get(data.text_hash) if long_enough_to_fold(data) else None
        )
        if stored is not None:
            owner = owners.get(host_key(stored.canonical_url)) if stored.canonical_url else None
            ours = source_id is not None and owner == source_id and stored.id not in seen_from_us
            better = data.body_source == "page" and stored.body_source != "page"
            if ours or better:
                plan.careful.append(entry)
            else:
                plan.copies.append((entry, stored.id))
            continue
        index = batch_url.get(url) if url else None
        if index is None and long_enough_to_fold(data):
            index = batch_text.get(data.text_hash)
        if index is not None:
            first = plan.new[index].data
            if data.body_source == "page" and first.body_source != "page":
                plan.careful.append(entry)
            else:
                plan.copies.append((entry, -1 - index))
            continue
        plan.new.append(entry)
        if url:
            batch_url[url] = len(plan.new) - 1
        if long_enough_to_fold(data):
            batch_text[data.text_hash] = len(plan.new) - 1
    return plan


def store_entries(
    session: Session,
    *,
    feed_id: int,
    source_id: int | None,
    entries: list[EntryToStore],
    now: datetime | None = None,
    seen: Collection[str] | None = None,
) -> list[StoreResult]:
    """Store many entries of one feed: new articles and plain copies in bulk, the rest singly.

    Gives the same rows as calling `store_entry` for each entry in order (a test holds it to
    that), in a handful of statements instead of several per entry. A unique-key race with
    another worker rolls the bulk part back and sends every entry through `store_entry`.
    `seen` (GUIDs this feed already has a sighting for) saves reading them again when the
    caller has just read them; stale is safe, as a GUID added since fails the bulk insert.
    """
    now = now or utcnow()
    if not entries:
        return []
    plan = _plan(session, feed_id, source_id, entries, seen)
    results: list[StoreResult] = []
    careful = plan.careful
    try:
        with session.begin_nested():
            new_ids = _insert_new(session, feed_id, source_id, plan, now)
            targets = [t if t >= 0 else new_ids[-1 - t] for _, t in plan.copies]
            _insert_sightings(session, feed_id, [e for e, _ in plan.copies], targets, now)
            results = [StoreResult(i, "new") for i in new_ids]
            results += [StoreResult(i, "sighting") for i in targets]
    except IntegrityError:
        results, careful = [], entries
    for entry in careful:
        results.append(
            store_entry(
                session,
                feed_id=feed_id,
                source_id=source_id,
                guid=entry.guid,
                entry_url=entry.entry_url,
                entry_hash=entry.entry_hash,
                data=entry.data,
                now=now,
            )
        )
    return results


def _insert_new(
    session: Session, feed_id: int, source_id: int | None, plan: _Plan, now: datetime
) -> list[int]:
    if not plan.new:
        return []
    rows = []
    for entry in plan.new:
        url = entry.data.canonical_url
        row = article_columns(entry.data, entry.data.content_hash(), now)
        row.update(
            canonical_url=url,
            guid=entry.data.guid,
            source_id=plan.owners.get(host_key(url), source_id) if url else source_id,
            first_seen_at=now,
        )
        rows.append(row)
    ids = list(session.connection().execute(_INSERT_ARTICLES, rows).scalars())
    _insert_sightings(session, feed_id, plan.new, ids, now)
    return ids


def _insert_sightings(
    session: Session,
    feed_id: int,
    entries: list[EntryToStore],
    article_ids: list[int],
    now: datetime,
) -> None:
    if not entries:
        return
    session.connection().execute(
        _INSERT_SIGHTINGS,
        [
            {
                "article_id": article_id,
                "feed_id": feed_id,
                "guid": entry.guid,
                "entry_url": entry.entry_url,
                "entry_hash": entry.entry_hash,
                "first_seen_at": now,
                "last_seen_at": now,
            }
            for article_id, entry in zip(article_ids, entries, strict=True)
        ],
    )
