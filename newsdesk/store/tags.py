"""SQL for sections, entities and hashtags: what the tags steps write and the site reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store import copies
from newsdesk.store.models import Article
from newsdesk.store.models_tags import (
    ArticleEntity,
    ArticleHashtag,
    ArticleSection,
    ArticleTagging,
    Entity,
    Hashtag,
)


@dataclass(frozen=True)
class ArticleText:
    id: int
    title: str
    text: str
    language: str | None


@dataclass(frozen=True)
class EntityLink:
    name: str
    slug: str
    kind: str
    salience: float
    mentions: int


@dataclass(frozen=True)
class HashtagLink:
    tag: str
    label: str
    rank: int
    score: float


@dataclass(frozen=True)
class ArticleRef:
    id: int
    title: str
    published_at: datetime | None
    first_seen_at: datetime


@dataclass(frozen=True)
class Page:
    """A page of articles, newest first; `next_cursor` is None on the last page."""

    articles: list[ArticleRef]
    next_cursor: str | None


def article_texts(session: Session, *, article_ids: Sequence[int]) -> list[ArticleText]:
    rows = session.execute(
        select(Article.id, Article.title, Article.text, Article.language)
        .where(Article.id.in_(list(article_ids)))
        .order_by(Article.id)
    )
    return [ArticleText(r.id, r.title or "", r.text or "", r.language) for r in rows]


def set_section(
    session: Session,
    *,
    article_id: int,
    section: str | None,
    confidence: float,
    reason: str | None,
    version: str,
) -> None:
    row = session.get(ArticleSection, article_id)
    if row is None:
        row = ArticleSection(article_id=article_id)
        session.add(row)
    row.section, row.confidence, row.reason, row.step_version = (
        section,
        confidence,
        reason,
        version,
    )
    session.flush()


def sections_of(session: Session, *, article_ids: Sequence[int]) -> dict[int, str | None]:
    rows = session.execute(
        select(ArticleSection.article_id, ArticleSection.section).where(
            ArticleSection.article_id.in_(list(article_ids))
        )
    )
    return {r.article_id: r.section for r in rows}


def _entity(session: Session, *, name: str, slug: str, kind: str) -> int:
    found = session.scalar(select(Entity.id).where(Entity.slug == slug))
    if found is not None:
        return found
    try:
        with session.begin_nested():
            entity = Entity(name=name, slug=slug, kind=kind)
            session.add(entity)
        return entity.id
    except IntegrityError:  # another process added it meanwhile
        return session.scalars(select(Entity.id).where(Entity.slug == slug)).one()


def _hashtag(session: Session, *, tag: str, label: str) -> int:
    key = tag.lower()
    found = session.scalar(select(Hashtag.id).where(func.lower(Hashtag.tag) == key))
    if found is not None:
        return found
    try:
        with session.begin_nested():
            hashtag = Hashtag(tag=tag, label=label)
            session.add(hashtag)
        return hashtag.id
    except IntegrityError:
        return session.scalars(select(Hashtag.id).where(func.lower(Hashtag.tag) == key)).one()


def known_full_names(session: Session, *, kind: str, last_word: str) -> list[tuple[str, int]]:
    """Stored multi-word names of `kind` ending in `last_word`, most linked first.

    Lets an article that only says "Obama" join the entity other articles spelt in full.
    """
    suffix = "-" + last_word.lower()
    links = func.count(ArticleEntity.article_id)
    rows = session.execute(
        select(Entity.name, links)
        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(Entity.kind == kind, Entity.slug.like(f"%{suffix}"))
        .group_by(Entity.id, Entity.name)
        .order_by(links.desc(), Entity.name)
        .limit(5)
    )
    return [(r[0], int(r[1])) for r in rows if r[0].lower().endswith(" " + last_word.lower())]


def linked_elsewhere(session: Session, *, slugs: Sequence[str], article_id: int) -> set[str]:
    """The slugs among `slugs` that other stored stories also name: people readers follow.

    Copies of the article (republications the duplicates step found) are the same story, so
    they do not count: a syndicated story would otherwise make all its people followed.
    """
    if not slugs:
        return set()
    original = copies.original_of(session, article_id=article_id)
    group = {
        article_id,
        original,
        *copies.copies_of(session, original_ids=[original]).get(original, []),
    }
    rows = session.execute(
        select(Entity.slug)
        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(Entity.slug.in_(list(slugs)), ArticleEntity.article_id.not_in(group))
        .distinct()
    )
    return {row[0] for row in rows}


def _entity_ids(session: Session, links: Sequence[EntityLink]) -> dict[str, int]:
    """slug → id for all `links`, adding the missing entities in one statement."""
    wanted = {link.slug: link for link in links}
    query = select(Entity.slug, Entity.id).where(Entity.slug.in_(list(wanted)))
    found: dict[str, int] = {row.slug: row.id for row in session.execute(query)}
    missing = [link for slug, link in wanted.items() if slug not in found]
    if not missing:
        return found
    try:
        with session.begin_nested():
            session.execute(
                insert(Entity), [{"name": m.name, "slug": m.slug, "kind": m.kind} for m in missing]
            )
    except IntegrityError:  # another writer added some of them: one at a time, then
        for link in missing:
            _entity(session, name=link.name, slug=link.slug, kind=link.kind)
    return {row.slug: row.id for row in session.execute(query)}


def _hashtag_ids(session: Session, links: Sequence[HashtagLink]) -> dict[str, int]:
    """lower-cased tag → id for all `links`, adding the missing hashtags in one statement."""
    wanted = {link.tag.lower(): link for link in links}
    query = select(func.lower(Hashtag.tag), Hashtag.id).where(
        func.lower(Hashtag.tag).in_(list(wanted))
    )
    found: dict[str, int] = {row[0]: row[1] for row in session.execute(query)}
    missing = [link for key, link in wanted.items() if key not in found]
    if not missing:
        return found
    try:
        with session.begin_nested():
            session.execute(insert(Hashtag), [{"tag": m.tag, "label": m.label} for m in missing])
    except IntegrityError:
        for link in missing:
            _hashtag(session, tag=link.tag, label=link.label)
    return {row[0]: row[1] for row in session.execute(query)}


def replace_tags(
    session: Session,
    *,
    article_id: int,
    entities: Sequence[EntityLink],
    hashtags: Sequence[HashtagLink],
    version: str,
    reason: str | None,
) -> None:
    """Make the article's stored entities and hashtags exactly these (idempotent)."""
    session.execute(delete(ArticleEntity).where(ArticleEntity.article_id == article_id))
    session.execute(delete(ArticleHashtag).where(ArticleHashtag.article_id == article_id))
    if entities:
        ids = _entity_ids(session, entities)
        rows: dict[int, dict[str, object]] = {}
        for link in entities:  # the first (most salient) link of a slug wins
            rows.setdefault(
                ids[link.slug],
                {
                    "article_id": article_id,
                    "entity_id": ids[link.slug],
                    "salience": link.salience,
                    "mentions": link.mentions,
                },
            )
        session.execute(insert(ArticleEntity), list(rows.values()))
    if hashtags:
        tag_ids = _hashtag_ids(session, hashtags)
        tag_rows: dict[int, dict[str, object]] = {}
        for tag in hashtags:
            tag_rows.setdefault(
                tag_ids[tag.tag.lower()],
                {
                    "article_id": article_id,
                    "hashtag_id": tag_ids[tag.tag.lower()],
                    "rank": tag.rank,
                    "score": tag.score,
                },
            )
        session.execute(insert(ArticleHashtag), list(tag_rows.values()))
    record = session.get(ArticleTagging, article_id)
    if record is None:
        record = ArticleTagging(article_id=article_id)
        session.add(record)
    record.step_version, record.reason = version, reason
    session.flush()


def hashtags_of_article(session: Session, *, article_id: int) -> list[HashtagLink]:
    rows = session.execute(
        select(Hashtag.tag, Hashtag.label, ArticleHashtag.rank, ArticleHashtag.score)
        .join(ArticleHashtag, ArticleHashtag.hashtag_id == Hashtag.id)
        .where(ArticleHashtag.article_id == article_id)
        .order_by(ArticleHashtag.rank)
    )
    return [HashtagLink(r.tag, r.label, r.rank, r.score) for r in rows]


def entities_of_article(session: Session, *, article_id: int) -> list[EntityLink]:
    rows = session.execute(
        select(
            Entity.name, Entity.slug, Entity.kind, ArticleEntity.salience, ArticleEntity.mentions
        )
        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(ArticleEntity.article_id == article_id)
        .order_by(ArticleEntity.salience.desc(), Entity.slug)
    )
    return [EntityLink(r.name, r.slug, r.kind, r.salience, r.mentions) for r in rows]


def find_hashtag(session: Session, *, tag: str) -> HashtagLink | None:
    row = session.execute(
        select(Hashtag.tag, Hashtag.label).where(func.lower(Hashtag.tag) == tag.lower())
    ).first()
    return HashtagLink(row.tag, row.label, 0, 0.0) if row else None


def _encode(article: ArticleRef) -> str:
    return f"{article.first_seen_at.isoformat()}|{article.id}"


def _page(session: Session, link_filter: object, *, cursor: str | None, limit: int) -> Page:
    """Articles matching `link_filter`, newest first (first_seen_at, id), keyset-paginated."""
    query = select(Article.id, Article.title, Article.published_at, Article.first_seen_at).where(
        link_filter  # type: ignore[arg-type]
    )
    if cursor:
        try:
            stamp, _, raw_id = cursor.partition("|")
            after = (datetime.fromisoformat(stamp), int(raw_id))
        except ValueError:
            after = None
        if after is not None:
            query = query.where(
                (Article.first_seen_at < after[0])
                | ((Article.first_seen_at == after[0]) & (Article.id < after[1]))
            )
    rows = session.execute(
        query.order_by(Article.first_seen_at.desc(), Article.id.desc()).limit(limit + 1)
    ).all()
    articles = [ArticleRef(r.id, r.title, r.published_at, r.first_seen_at) for r in rows[:limit]]
    next_cursor = _encode(articles[-1]) if len(rows) > limit and articles else None
    return Page(articles, next_cursor)


def articles_of_hashtag(
    session: Session, *, tag: str, cursor: str | None = None, limit: int = 20
) -> Page:
    linked = select(ArticleHashtag.article_id).join(
        Hashtag, Hashtag.id == ArticleHashtag.hashtag_id
    )
    linked = linked.where(func.lower(Hashtag.tag) == tag.lower())
    return _page(session, Article.id.in_(linked), cursor=cursor, limit=limit)


@dataclass(frozen=True)
class EntityPage:
    name: str
    slug: str
    kind: str
    article_count: int
    articles: Page


def entity_page(
    session: Session, *, slug: str, cursor: str | None = None, limit: int = 20
) -> EntityPage | None:
    entity = session.scalar(select(Entity).where(Entity.slug == slug))
    if entity is None:
        return None
    linked = select(ArticleEntity.article_id).where(ArticleEntity.entity_id == entity.id)
    count = session.scalar(select(func.count()).select_from(linked.subquery())) or 0
    page = _page(session, Article.id.in_(linked), cursor=cursor, limit=limit)
    return EntityPage(entity.name, entity.slug, entity.kind, int(count), page)
