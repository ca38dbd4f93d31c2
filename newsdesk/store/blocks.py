"""Fill the article page's blocks from what the analyze stage stored.

`reading.article_detail` reads the article itself; this module adds what later stages wrote
(provenance from duplicates, the story, hashtags, related articles) and the front page's top
stories and section tabs, each from the stage's own query module, so the page and its JSON
twin get them from one place.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.store.copies import provenance
from newsdesk.store.models import Article, Source
from newsdesk.store.models_stories import ArticleStory
from newsdesk.store.models_tags import ArticleSection
from newsdesk.store.reading import (
    CARD_TEXT_CHARS,
    ArticleCard,
    ArticleDetail,
    Hashtag,
    Provenance,
    SectionTab,
    SourceMention,
    StoryCard,
    StoryLink,
    article_detail,
    kind_name,
    make_snippet,
)
from newsdesk.store.related import related_articles
from newsdesk.store.stories import StorySummary, story_of_article
from newsdesk.store.stories import top_stories as ranked_stories
from newsdesk.store.tags import entities_of_article, hashtags_of_article, sections_of


def section_slug(name: str) -> str:
    return "-".join(name.lower().replace("and", " ").split())


def card_of(article: Article, source_name: str | None) -> ArticleCard:
    return ArticleCard(
        id=article.id,
        title=article.title,
        canonical_url=article.canonical_url,
        source_name=source_name,
        published_at=article.published_at,
        first_seen_at=article.first_seen_at,
        snippet=make_snippet(article.dek or article.text[:CARD_TEXT_CHARS]),
        source_id=article.source_id,
        image_url=article.image_url,
    )


def _source_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Source.id, Source.name).where(Source.id.in_(ids))).all())


def article_page(session: Session, *, article_id: int) -> ArticleDetail | None:
    """The article page's data, every block filled from its stage's tables."""
    detail = article_detail(session, article_id=article_id)
    return None if detail is None else with_blocks(session, detail)


def with_blocks(session: Session, detail: ArticleDetail) -> ArticleDetail:
    """`detail` with provenance, story, hashtags and related filled where they exist."""
    article_id = detail.card.id
    found = provenance(session, article_id=article_id)
    prov = None
    if found.republications:
        prov = Provenance(
            original=_mention(found.original),
            republishers=[_mention(item) for item in found.republications],
        )
    story = story_of_article(session, article_id=article_id)
    link = None
    if story is not None and story.article_count > 1:
        link = StoryLink(story.id, story.title, story.outlet_count, story.article_count)
    tags = _hashtags_with_kinds(session, article_id=article_id)
    pairs = related_articles(session, article_id=article_id)
    names = _source_names(session, {a.source_id for a, _ in pairs if a.source_id is not None})
    related = [card_of(a, names.get(a.source_id or 0)) for a, _ in pairs]
    return replace(detail, provenance=prov, story=link, hashtags=tags, related=related)


def _hashtags_with_kinds(session: Session, *, article_id: int) -> list[Hashtag]:
    """The article's hashtags; one made from a person's, organisation's or place's name
    carries that kind and the entity's slug, so the page can say what it names."""
    entities = {
        e.name.lower(): e
        for e in entities_of_article(session, article_id=article_id)
        if e.kind != "topic"
    }
    tags = []
    for h in hashtags_of_article(session, article_id=article_id):
        entity = entities.get(h.label.lower())
        if entity is None:
            tags.append(Hashtag(tag=h.tag, label=h.label))
        else:
            kind = kind_name(entity.kind)
            tags.append(Hashtag(tag=h.tag, label=h.label, kind=kind, entity=entity.slug))
    return tags


def _mention(item: object) -> SourceMention:
    return SourceMention(
        name=getattr(item, "source_name", None) or "an unnamed source",
        source_id=getattr(item, "source_id", None),
        url=getattr(item, "url", None),
        published_at=getattr(item, "date", None),
    )


def top_story_cards(session: Session, *, limit: int = 6) -> list[StoryCard]:
    """Stories by breadth × freshness, each with its lead article and outlets' names."""
    cards = []
    for story in ranked_stories(session, limit=limit, min_articles=2):
        card = _story_card(session, story)
        if card is not None:
            cards.append(card)
    return cards


# How far down the overall rank a section's top stories are looked for: a bounded read, so
# a section page costs what the front page does however small the section is.
SECTION_STORY_DEPTH = 60


def section_story_cards(session: Session, *, section: str, limit: int = 3) -> list[StoryCard]:
    """The best-ranked stories whose lead article is in `section`."""
    ranked = ranked_stories(session, limit=SECTION_STORY_DEPTH, min_articles=2)
    leads = [s.lead_article_id for s in ranked if s.lead_article_id is not None]
    in_section = {
        i for i, name in sections_of(session, article_ids=leads).items() if name == section
    }
    cards = []
    for story in ranked:
        if story.lead_article_id not in in_section:
            continue
        card = _story_card(session, story)
        if card is not None:
            cards.append(card)
        if len(cards) == limit:
            break
    return cards


def _story_card(session: Session, story: StorySummary) -> StoryCard | None:
    if story.lead_article_id is None:
        return None
    lead = session.get(Article, story.lead_article_id)
    if lead is None:
        return None
    outlet_rows = session.execute(
        select(Source.name)
        .join(Article, Article.source_id == Source.id)
        .join(ArticleStory, ArticleStory.article_id == Article.id)
        .where(ArticleStory.story_id == story.id)
        .distinct()
        .limit(6)
    ).scalars()
    names = _source_names(session, {lead.source_id} if lead.source_id else set())
    tags = hashtags_of_article(session, article_id=lead.id)[:4]
    return StoryCard(
        id=story.id,
        title=story.title,
        lead=card_of(lead, names.get(lead.source_id or 0)),
        outlets=list(outlet_rows),
        outlet_count=story.outlet_count,
        hashtags=[Hashtag(tag=h.tag, label=h.label) for h in tags],
    )


def sections_present(session: Session) -> list[SectionTab]:
    """Section tabs for the sections that have articles, biggest first."""
    rows = session.execute(
        select(ArticleSection.section, func.count())
        .group_by(ArticleSection.section)
        .order_by(func.count().desc())
    ).all()
    return [SectionTab(slug=section_slug(name), name=name) for name, _ in rows if name]
