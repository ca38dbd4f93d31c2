"""SQL for articles and their sightings: where "stored once, whatever the route" is enforced.

An entry is matched to a stored article by, in order: the same GUID in the same feed (an
update of what that feed told us before), the same canonical URL, or the same normalised text
(a copy reached by another route). A match adds a sighting instead of a second article.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cached_property
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, Feed, Sighting, Source
from newsdesk.store.sightings import find_sighting
from newsdesk.store.sightings import sightings_of as sightings_of  # public since the split
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

    @cached_property
    def word_count(self) -> int:
        """Counted once (folding asks for it several times); `text` is not changed after."""
        return len(self.text.split())

    def content_hash(self) -> str:
        """A hash of everything a reader would see: equal hashes mean nothing changed."""
        payload = {f.name: getattr(self, f.name) for f in fields(self)}  # flat: no deep copy
        for name in ("published_at", "updated_at"):
            value = payload[name]
            payload[name] = value.isoformat() if value else None
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class StoreResult:
    article_id: int
    outcome: Outcome


def find_article_by_url(session: Session, *, canonical_url: str) -> Article | None:
    return session.scalar(select(Article).where(Article.canonical_url == canonical_url))


def find_article_by_text(session: Session, *, text_hash: str) -> Article | None:
    return session.scalar(
        select(Article).where(Article.text_hash == text_hash).order_by(Article.id).limit(1)
    )


def article_columns(data: ArticleData, content_hash: str, now: datetime) -> dict[str, Any]:
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
    for name, value in article_columns(data, content_hash, now).items():
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
    if long_enough_to_fold(data):
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


def long_enough_to_fold(data: ArticleData) -> bool:
    """Whether the text is specific enough to fold copies on it alone."""
    return data.word_count >= MIN_WORDS_FOR_TEXT_MATCH


def articles_by_ids(session: Session, *, article_ids: list[int]) -> list[Article]:
    """The stored articles among `article_ids`, in id order (missing ids are skipped)."""
    ids = sorted(set(article_ids))
    found: list[Article] = []
    for start in range(0, len(ids), 500):
        query = select(Article).where(Article.id.in_(ids[start : start + 500]))
        found.extend(session.scalars(query.order_by(Article.id)))
    return found
