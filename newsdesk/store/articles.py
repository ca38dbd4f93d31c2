"""SQL for articles and their sightings: where "stored once, whatever the route" is enforced.

An entry is matched to a stored article by, in order: the same GUID in the same feed (an
update of what that feed told us before), the same canonical URL, or the same normalised text
(a copy reached by another route). A match adds a sighting instead of a second article.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, Feed, Sighting, Source
from newsdesk.store.sources import host_key
from newsdesk.store.types import utcnow

Outcome = Literal["new", "updated", "unchanged", "sighting"]

# Bodies shorter than this are too generic ("Photo of the day") to fold on text alone.
MIN_WORDS_FOR_TEXT_MATCH = 40


@dataclass
class ArticleData:
    """What the pipeline knows about one article, ready to store."""

    title: str
    text: str
    html: str
    text_hash: str
    canonical_url: str | None = None
    guid: str | None = None
    dek: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    language: str | None = None
    image_url: str | None = None
    sitename: str | None = None
    attribution: str | None = None
    body_source: str = "feed"
    extraction_status: str = "feed_only"
    extraction_reason: str | None = None

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def content_hash(self) -> str:
        """A hash of everything a reader would see: equal hashes mean nothing changed."""
        payload = asdict(self)
        for name in ("published_at", "updated_at"):
            value = payload[name]
            payload[name] = value.isoformat() if value else None
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class StoreResult:
    article_id: int
    outcome: Outcome


def find_sighting(session: Session, *, feed_id: int, guid: str) -> Sighting | None:
    return session.scalar(
        select(Sighting).where(Sighting.feed_id == feed_id, Sighting.guid == guid)
    )


def known_entry_hashes(session: Session, *, feed_id: int, guids: list[str]) -> dict[str, str]:
    """guid → entry hash for the entries of this feed already seen, in one query."""
    found: dict[str, str] = {}
    for start in range(0, len(guids), 500):
        chunk = guids[start : start + 500]
        rows = session.execute(
            select(Sighting.guid, Sighting.entry_hash).where(
                Sighting.feed_id == feed_id, Sighting.guid.in_(chunk)
            )
        )
        found.update({guid: entry_hash for guid, entry_hash in rows})
    return found


def feed_entry_hashes(session: Session, *, feed_id: int) -> dict[str, str]:
    """guid → entry hash of everything this feed has given us (to skip unchanged entries)."""
    rows = session.execute(
        select(Sighting.guid, Sighting.entry_hash).where(Sighting.feed_id == feed_id)
    )
    return {guid: entry_hash for guid, entry_hash in rows}


def touch_sightings(session: Session, *, feed_id: int, guids: list[str], now: datetime) -> None:
    """Mark entries still present in the feed as seen now (for retention and health)."""
    for start in range(0, len(guids), 500):
        chunk = guids[start : start + 500]
        for sighting in session.scalars(
            select(Sighting).where(Sighting.feed_id == feed_id, Sighting.guid.in_(chunk))
        ):
            sighting.last_seen_at = now


def find_article_by_url(session: Session, *, canonical_url: str) -> Article | None:
    return session.scalar(select(Article).where(Article.canonical_url == canonical_url))


def find_article_by_text(session: Session, *, text_hash: str) -> Article | None:
    return session.scalar(
        select(Article).where(Article.text_hash == text_hash).order_by(Article.id).limit(1)
    )


def _columns(data: ArticleData, content_hash: str, now: datetime) -> dict[str, Any]:
    """The article columns an entry sets, as one mapping for both the ORM and bulk inserts."""
    return {
        "title": data.title,
        "text": data.text,
        "html": data.html,
        "text_hash": data.text_hash,
        "dek": data.dek,
        "authors": list(data.authors),
        "published_at": data.published_at,
        "updated_at": data.updated_at,
        "language": data.language,
        "image_url": data.image_url,
        "sitename": data.sitename,
        "attribution": data.attribution,
        "body_source": data.body_source,
        "extraction_status": data.extraction_status,
        "extraction_reason": data.extraction_reason,
        "word_count": data.word_count,
        "content_hash": content_hash,
        "modified_at": now,
    }


def _apply(article: Article, data: ArticleData, content_hash: str, now: datetime) -> None:
    for name, value in _columns(data, content_hash, now).items():
        setattr(article, name, value)
    if data.canonical_url and not article.canonical_url:
        article.canonical_url = data.canonical_url
    if data.guid and not article.guid:
        article.guid = data.guid


def _match(session: Session, data: ArticleData) -> Article | None:
    if data.canonical_url:
        found = find_article_by_url(session, canonical_url=data.canonical_url)
        if found is not None:
            return found
    if _long(data):
        return find_article_by_text(session, text_hash=data.text_hash)
    return None


def _is_better(new: ArticleData, old: Article) -> bool:
    """A later route may bring the full page where the first only had the feed's teaser."""
    return new.body_source == "page" and old.body_source != "page"


def _seen_from_source(session: Session, article_id: int, source_id: int) -> bool:
    query = (
        select(Sighting.id)
        .join(Feed, Feed.id == Sighting.feed_id)
        .where(Sighting.article_id == article_id, Feed.source_id == source_id)
        .limit(1)
    )
    return session.scalar(query) is not None


def _owner_source_id(session: Session, canonical_url: str | None) -> int | None:
    """The stored publisher whose site the canonical URL is on, if we know it.

    A republisher whose page points rel=canonical at the original may reach us before the
    original's own feed does; the article still belongs to the original's publisher.
    """
    if not canonical_url:
        return None
    return session.scalar(select(Source.id).where(Source.host == host_key(canonical_url)))


def store_entry(
    session: Session,
    *,
    feed_id: int,
    source_id: int | None,
    guid: str,
    entry_url: str | None,
    entry_hash: str,
    data: ArticleData,
    now: datetime | None = None,
) -> StoreResult:
    """Store one feed entry: a new article, an update in place, or a new sighting.

    Runs inside a savepoint and retries once on a unique-key race, so two workers storing the
    same article at the same moment end with one article and two sightings.
    """
    now = now or utcnow()
    for attempt in range(2):
        try:
            with session.begin_nested():
                return _store_entry(
                    session, feed_id, source_id, guid, entry_url, entry_hash, data, now
                )
        except IntegrityError:
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


def _store_entry(
    session: Session,
    feed_id: int,
    source_id: int | None,
    guid: str,
    entry_url: str | None,
    entry_hash: str,
    data: ArticleData,
    now: datetime,
) -> StoreResult:
    content_hash = data.content_hash()
    sighting = find_sighting(session, feed_id=feed_id, guid=guid)
    if sighting is not None:
        sighting.last_seen_at = now
        sighting.entry_hash = entry_hash
        sighting.entry_url = entry_url
        article = sighting.article
        if article.content_hash == content_hash:
            return StoreResult(article.id, "unchanged")
        if data.canonical_url and data.canonical_url != article.canonical_url:
            clash = find_article_by_url(session, canonical_url=data.canonical_url)
            if clash is not None and clash.id != article.id:
                data.canonical_url = article.canonical_url
        _apply(article, data, content_hash, now)
        session.flush()
        return StoreResult(article.id, "updated")

    match = _match(session, data)
    outcome: Outcome = "sighting"
    if match is None:
        owner = _owner_source_id(session, data.canonical_url) or source_id
        article = Article(source_id=owner, first_seen_at=now)
        _apply(article, data, content_hash, now)
        session.add(article)
        session.flush()
        outcome = "new"
    else:
        article = match
        owner = _owner_source_id(session, article.canonical_url)
        from_owner = (
            source_id is not None
            and owner == source_id
            and not _seen_from_source(session, article.id, source_id)
        )
        if from_owner:
            article.source_id = source_id
        if from_owner or _is_better(data, article):
            data.canonical_url = article.canonical_url or data.canonical_url
            _apply(article, data, content_hash, now)
    session.add(
        Sighting(
            article_id=article.id,
            feed_id=feed_id,
            guid=guid,
            entry_url=entry_url,
            entry_hash=entry_hash,
            first_seen_at=now,
            last_seen_at=now,
        )
    )
    session.flush()
    return StoreResult(article.id, outcome)


def get_article(session: Session, *, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def count_articles(session: Session) -> int:
    return int(session.scalar(select(func.count(Article.id))) or 0)


def sightings_of(session: Session, *, article_id: int) -> list[Sighting]:
    return list(
        session.scalars(
            select(Sighting).where(Sighting.article_id == article_id).order_by(Sighting.id)
        )
    )


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


def _stored_matches(
    session: Session, entries: list[EntryToStore]
) -> tuple[dict[str, _Stored], dict[str, _Stored]]:
    """Stored articles sharing a canonical URL or a (long) text with any of `entries`."""
    columns = (Article.id, Article.canonical_url, Article.body_source, Article.text_hash)
    urls = sorted({u for e in entries if (u := e.data.canonical_url)})
    texts = sorted({e.data.text_hash for e in entries if _long(e.data)})
    by_url: dict[str, _Stored] = {}
    by_text: dict[str, _Stored] = {}
    for start in range(0, len(urls), 500):
        query = select(*columns).where(Article.canonical_url.in_(urls[start : start + 500]))
        for row in session.execute(query):
            by_url[row.canonical_url] = _Stored(row.id, row.canonical_url, row.body_source)
    for start in range(0, len(texts), 500):
        query = (
            select(*columns)
            .where(Article.text_hash.in_(texts[start : start + 500]))
            .order_by(Article.id.desc())
        )
        for row in session.execute(query):
            by_text[row.text_hash] = _Stored(row.id, row.canonical_url, row.body_source)
    return by_url, by_text


def _long(data: ArticleData) -> bool:
    return data.word_count >= MIN_WORDS_FOR_TEXT_MATCH


def _owners(session: Session, urls: list[str | None]) -> dict[str, int]:
    hosts = {host_key(url) for url in urls if url}
    if not hosts:
        return {}
    rows = session.execute(select(Source.host, Source.id).where(Source.host.in_(sorted(hosts))))
    return {host: source_id for host, source_id in rows}


def _seen_from(session: Session, article_ids: set[int], source_id: int | None) -> set[int]:
    if source_id is None or not article_ids:
        return set()
    query = (
        select(Sighting.article_id)
        .join(Feed, Feed.id == Sighting.feed_id)
        .where(Sighting.article_id.in_(sorted(article_ids)), Feed.source_id == source_id)
    )
    return set(session.scalars(query))


@dataclass
class _Plan:
    """How each entry of a batch will be stored."""

    new: list[EntryToStore] = field(default_factory=list)
    # (entry, stored article id) or (entry, -1 - index into `new`) for copies inside the batch
    copies: list[tuple[EntryToStore, int]] = field(default_factory=list)
    careful: list[EntryToStore] = field(default_factory=list)


def _plan(
    session: Session, feed_id: int, source_id: int | None, entries: list[EntryToStore]
) -> _Plan:
    """Sort entries into new articles, plain copies (a sighting), and the rest.

    "The rest" is whatever `store_entry` must judge: an entry this feed gave before (maybe
    updated), a copy that brings a better body than the stored one, or the publisher's own
    entry for an article a republisher brought first.
    """
    seen = set(known_entry_hashes(session, feed_id=feed_id, guids=[e.guid for e in entries]))
    by_url, by_text = _stored_matches(session, entries)
    owners = _owners(session, [m.canonical_url for m in (*by_url.values(), *by_text.values())])
    matched_ids = {m.id for m in (*by_url.values(), *by_text.values())}
    seen_from_us = _seen_from(session, matched_ids, source_id)
    plan = _Plan()
    batch_url: dict[str, int] = {}
    batch_text: dict[str, int] = {}
    for entry in entries:
        data, url = entry.data, entry.data.canonical_url
        if entry.guid in seen:
            plan.careful.append(entry)
            continue
        stored = (by_url.get(url) if url else None) or (
            by_text.get(data.text_hash) if _long(data) else None
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
        if index is None and _long(data):
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
        if _long(data):
            batch_text[data.text_hash] = len(plan.new) - 1
    return plan


def store_entries(
    session: Session,
    *,
    feed_id: int,
    source_id: int | None,
    entries: list[EntryToStore],
    now: datetime | None = None,
) -> list[StoreResult]:
    """Store many entries of one feed: new articles and plain copies in bulk, the rest singly.

    Gives the same rows as calling `store_entry` for each entry in order (a test holds it to
    that), in a handful of statements instead of several per entry. A unique-key race with
    another worker rolls the bulk part back and sends every entry through `store_entry`.
    """
    now = now or utcnow()
    plan = _plan(session, feed_id, source_id, entries)
    results: list[StoreResult] = []
    careful = plan.careful
    try:
        with session.begin_nested():
            new_ids = _insert_new(session, feed_id, source_id, plan.new, now)
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
    session: Session,
    feed_id: int,
    source_id: int | None,
    entries: list[EntryToStore],
    now: datetime,
) -> list[int]:
    if not entries:
        return []
    owners = _owners(session, [e.data.canonical_url for e in entries])
    rows = []
    for entry in entries:
        url = entry.data.canonical_url
        row = _columns(entry.data, entry.data.content_hash(), now)
        row.update(
            canonical_url=url,
            guid=entry.data.guid,
            source_id=owners.get(host_key(url), source_id) if url else source_id,
            first_seen_at=now,
        )
        rows.append(row)
    statement = insert(Article).returning(Article.id, sort_by_parameter_order=True)
    ids = list(session.scalars(statement, rows))
    _insert_sightings(session, feed_id, entries, ids, now)
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
    session.execute(
        insert(Sighting),
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


def articles_by_ids(session: Session, *, article_ids: list[int]) -> list[Article]:
    """The stored articles among `article_ids`, in id order (missing ids are skipped)."""
    ids = sorted(set(article_ids))
    found: list[Article] = []
    for start in range(0, len(ids), 500):
        query = select(Article).where(Article.id.in_(ids[start : start + 500]))
        found.extend(session.scalars(query.order_by(Article.id)))
    return found
