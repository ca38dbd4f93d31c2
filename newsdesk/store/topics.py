"""Queries behind the pages that gather articles around one thing: a story, a hashtag, an
entity, a section. Each builds on its stage's own query module (stories, tags, copies) and
turns article references into cards with `reading.card_query`, so every listing shows the
same source, time, title and snippet, and the HTML page and its JSON twin share one function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from newsdesk.store.blocks import section_story_cards, sections_present
from newsdesk.store.copies import originals_of
from newsdesk.store.models import Article
from newsdesk.store.models_tags import (
    ArticleEntity,
    ArticleHashtag,
    ArticleSection,
    Entity,
    Hashtag,
)
from newsdesk.store.reading import (
    ArticleCard,
    SectionTab,
    StoryCard,
    card_from_row,
    card_query,
    kind_name,
)
from newsdesk.store.stories import StoryArticle, StorySummary, story_page
from newsdesk.store.tags import find_hashtag

# --- story ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """One article of a story, with the republications of it folded underneath."""

    article: StoryArticle
    copies: list[StoryArticle] = field(default_factory=list)


@dataclass(frozen=True)
class OutletCoverage:
    source_id: int | None
    name: str
    articles: list[Coverage]


@dataclass(frozen=True)
class TimelineEntry:
    article: StoryArticle
    copy_of: int | None  # the original's id when this article republishes another


@dataclass(frozen=True)
class StoryView:
    story: StorySummary
    outlets: list[OutletCoverage]
    timeline: list[TimelineEntry]

    @property
    def republications(self) -> int:
        return sum(1 for entry in self.timeline if entry.copy_of is not None)

    def as_json(self) -> dict[str, Any]:
        s = self.story
        return {
            "id": s.id,
            "title": s.title,
            "lead_article_id": s.lead_article_id,
            "first_at": s.first_at.isoformat(),
            "latest_at": s.latest_at.isoformat(),
            "article_count": s.article_count,
            "outlet_count": s.outlet_count,
            "outlets": [
                {
                    "source_id": o.source_id,
                    "name": o.name,
                    "articles": [
                        {**_article_json(c.article), "copies": [_article_json(x) for x in c.copies]}
                        for c in o.articles
                    ],
                }
                for o in self.outlets
            ],
            "timeline": [
                {**_article_json(entry.article), "copy_of": entry.copy_of}
                for entry in self.timeline
            ],
        }


def _article_json(article: StoryArticle) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source_id": article.source_id,
        "source": article.source_name,
        "canonical_url": article.canonical_url,
        "at": article.at.isoformat(),
    }


def story_view(session: Session, *, story_id: int) -> StoryView | None:
    """A story's coverage by outlet, earliest first, republications under their original.

    A copy whose original is in the same story is shown under it (and under no outlet of
    its own); a copy of an article outside the story stays a piece of coverage in its own
    right. The timeline lists every article, copies marked.
    """
    page = story_page(session, story_id=story_id)
    if page is None:
        return None
    members = {article.id for article in page.timeline}
    copy_of = originals_of(session, article_ids=sorted(members))
    folded: dict[int, list[StoryArticle]] = {}
    for article in page.timeline:  # earliest first, so copies come in time order
        original = copy_of.get(article.id)
        if original in members:
            folded.setdefault(original, []).append(article)
    by_outlet: dict[int | None, OutletCoverage] = {}
    for article in page.timeline:
        if copy_of.get(article.id) in members:
            continue
        outlet = by_outlet.get(article.source_id)
        if outlet is None:
            name = article.source_name or "an unnamed source"
            outlet = by_outlet[article.source_id] = OutletCoverage(article.source_id, name, [])
        outlet.articles.append(Coverage(article, folded.get(article.id, [])))
    timeline = [TimelineEntry(a, copy_of.get(a.id)) for a in page.timeline]
    return StoryView(page.story, list(by_outlet.values()), timeline)


# --- cards for a page of article references --------------------------------------------------


def cards_by_ids(session: Session, ids: Sequence[int]) -> list[ArticleCard]:
    """Cards for `ids`, in the order given (a keyset page's order)."""
    if not ids:
        return []
    rows = session.execute(card_query().where(Article.id.in_(list(ids))))
    found = {card.id: card for card in map(card_from_row, rows)}
    return [found[i] for i in ids if i in found]


def originals_only(session: Session, ids: Sequence[int]) -> list[int]:
    """`ids` less the republications whose original is among them: a list shows a text
    once, by its original publisher (the story page shows who republished it)."""
    present = set(ids)
    copy_of = originals_of(session, article_ids=list(ids))
    return [i for i in ids if copy_of.get(i) not in present]


@dataclass(frozen=True)
class EntityRef:
    name: str
    slug: str
    kind: str  # as stored: person, org, place

    @property
    def kind_label(self) -> str:
        return kind_name(self.kind)

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "slug": self.slug, "kind": self.kind_label}


# --- hashtag -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HashtagView:
    tag: str
    label: str
    article_count: int
    entity: EntityRef | None
    cards: list[ArticleCard]
    next_cursor: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "label": self.label,
            "article_count": self.article_count,
            "entity": self.entity.as_json() if self.entity else None,
            "articles": [card.as_json() for card in self.cards],
            "next": self.next_cursor,
        }


def entity_named(session: Session, *, name: str) -> EntityRef | None:
    """The person, organisation or place a hashtag names (hashtags are made from entities'
    names; a topic hashtag names none)."""
    row = session.execute(
        select(Entity.name, Entity.slug, Entity.kind)
        .where(func.lower(Entity.name) == name.lower(), Entity.kind != "topic")
        .order_by(Entity.id)
        .limit(1)
    ).first()
    return EntityRef(row[0], row[1], row[2]) if row else None


def linked_page(
    session: Session,
    article_id: InstrumentedAttribute[int],
    condition: ColumnElement[bool],
    *,
    before_id: int | None,
    limit: int,
) -> tuple[list[int], int | None]:
    """Ids of a link table's articles, newest stored first, and the next page's `before`.

    The id order is the front page's; it is read from the link table alone (its index),
    so a page costs the same for a hashtag on 30 articles or on 30,000. Ordering by
    first_seen_at, as tags.articles_of_hashtag does, has to fetch and sort every linked
    article first: 18 ms CPU a page for a hashtag on 3,400 of 10,000 articles (SQLite).
    """
    query = select(article_id).where(condition)
    if before_id is not None:
        query = query.where(article_id < before_id)
    ids = list(session.scalars(query.order_by(article_id.desc()).limit(limit + 1)))
    return ids[:limit], (ids[limit - 1] if len(ids) > limit else None)


def hashtag_view(
    session: Session, *, tag: str, before_id: int | None = None, limit: int = 30
) -> HashtagView | None:
    """A hashtag (any case) with a page of its articles as cards, newest first."""
    found = find_hashtag(session, tag=tag)
    if found is None:
        return None
    hashtag_id = select(Hashtag.id).where(func.lower(Hashtag.tag) == found.tag.lower())
    linked = ArticleHashtag.hashtag_id == hashtag_id.scalar_subquery()
    ids, next_cursor = linked_page(
        session, ArticleHashtag.article_id, linked, before_id=before_id, limit=limit
    )
    count = session.scalar(select(func.count()).select_from(ArticleHashtag).where(linked))
    return HashtagView(
        tag=found.tag,
        label=found.label,
        article_count=int(count or 0),
        entity=entity_named(session, name=found.label),
        cards=cards_by_ids(session, originals_only(session, ids)),
        next_cursor=next_cursor,
    )


# --- entity --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityView:
    entity: EntityRef
    article_count: int
    hashtag: str | None  # the hashtag of the same name, when there is one
    cards: list[ArticleCard]
    next_cursor: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            **self.entity.as_json(),
            "article_count": self.article_count,
            "hashtag": self.hashtag,
            "articles": [card.as_json() for card in self.cards],
            "next": self.next_cursor,
        }


def entity_view(
    session: Session, *, slug: str, before_id: int | None = None, limit: int = 30
) -> EntityView | None:
    """A person, organisation or place with a page of the articles naming it, newest first."""
    entity = session.scalar(select(Entity).where(Entity.slug == slug))
    if entity is None:
        return None
    linked = ArticleEntity.entity_id == entity.id
    ids, next_cursor = linked_page(
        session, ArticleEntity.article_id, linked, before_id=before_id, limit=limit
    )
    count = session.scalar(select(func.count()).select_from(ArticleEntity).where(linked))
    hashtag = session.scalar(
        select(Hashtag.tag).where(func.lower(Hashtag.label) == entity.name.lower()).limit(1)
    )
    return EntityView(
        entity=EntityRef(entity.name, entity.slug, entity.kind),
        article_count=int(count or 0),
        hashtag=hashtag,
        cards=cards_by_ids(session, originals_only(session, ids)),
        next_cursor=next_cursor,
    )


# --- section -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionView:
    section: SectionTab
    sections: list[SectionTab]  # every section, for the tabs
    stories: list[StoryCard]
    cards: list[ArticleCard]

    def as_json(self, *, next_cursor: int | None) -> dict[str, Any]:
        return {
            "slug": self.section.slug,
            "name": self.section.name,
            "stories": [story.as_json() for story in self.stories],
            "articles": [card.as_json() for card in self.cards],
            "next": next_cursor,
        }


def section_cards(
    session: Session, *, section: str, before_id: int | None = None, limit: int = 30
) -> list[ArticleCard]:
    """The section's latest articles, newest stored first; `before_id` is a stable cursor."""
    query = (
        card_query()
        .join(ArticleSection, ArticleSection.article_id == Article.id)
        .where(ArticleSection.section == section)
        # article_sections' own id, not articles.id: the section index is walked in order
        # (0.7 ms a page at 10k articles on SQLite) instead of sorting the whole section (18).
        .order_by(ArticleSection.article_id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(ArticleSection.article_id < before_id)
    return [card_from_row(row) for row in session.execute(query)]


def section_view(
    session: Session, *, slug: str, before_id: int | None = None, limit: int = 30
) -> SectionView | None:
    """The front page for one section: its top stories (first page only), then its latest."""
    tabs = sections_present(session)
    tab = next((t for t in tabs if t.slug == slug), None)
    if tab is None:
        return None
    stories = section_story_cards(session, section=tab.name) if before_id is None else []
    cards = section_cards(session, section=tab.name, before_id=before_id, limit=limit)
    return SectionView(tab, tabs, stories, cards)
