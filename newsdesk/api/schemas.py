"""Response models for the JSON API, so the OpenAPI schema shows what each endpoint returns."""

from __future__ import annotations

from pydantic import BaseModel


class Card(BaseModel):
    id: int
    title: str
    canonical_url: str | None
    source: str | None
    source_id: int | None
    published: str | None
    first_seen: str
    snippet: str
    image_url: str | None


class ArticleList(BaseModel):
    articles: list[Card]
    next: int | None  # pass back as `before` for the next page


class SearchHit(BaseModel):
    article: Card
    title_html: str  # the title, escaped, matched words in <mark>
    snippet_html: str  # a window of the text around the first match, escaped, marked


class SearchPage(BaseModel):
    query: str
    terms: list[str]
    total: int
    total_capped: bool  # true: more than 1,000 matched and `total` is not exact
    page: int
    next_page: int | None
    results: list[SearchHit]


class SourceFeed(BaseModel):
    id: int
    url: str
    title: str | None
    status: str
    last_success_at: str | None


class OriginCounts(BaseModel):
    original: int
    republished: int


class SourcePage(BaseModel):
    id: int
    name: str
    host: str
    site_url: str | None
    notice: str | None
    feeds: list[SourceFeed]
    articles: list[Card]
    origin: OriginCounts | None
    next: int | None


class HashtagRef(BaseModel):
    tag: str
    label: str
    kind: str  # person, organisation, place or topic
    entity: str | None = None  # the entity page's slug, when the hashtag names one


class StoryCard(BaseModel):
    id: int
    title: str
    lead: Card
    outlets: list[str]  # up to six outlets' names
    outlet_count: int
    hashtags: list[HashtagRef]


class StoryArticle(BaseModel):
    id: int
    title: str
    source_id: int | None
    source: str | None
    canonical_url: str | None
    at: str  # when it was published (or first seen, when its date is not credible)


class StoryCoverage(StoryArticle):
    copies: list[StoryArticle]  # republications of this article, folded under it


class StoryOutlet(BaseModel):
    source_id: int | None
    name: str
    articles: list[StoryCoverage]


class StoryTimelineEntry(StoryArticle):
    copy_of: int | None  # the original's id when this article republishes another


class StoryPage(BaseModel):
    id: int
    title: str
    lead_article_id: int | None
    first_at: str
    latest_at: str
    article_count: int
    outlet_count: int
    outlets: list[StoryOutlet]  # earliest outlet first
    timeline: list[StoryTimelineEntry]  # earliest first


class EntityRef(BaseModel):
    name: str
    slug: str
    kind: str  # person, organisation or place


class HashtagPage(BaseModel):
    tag: str
    label: str
    article_count: int
    entity: EntityRef | None  # the person, organisation or place it names
    articles: list[Card]
    next: int | None  # pass back as `before` for the next page


class EntityPage(EntityRef):
    article_count: int
    hashtag: str | None
    articles: list[Card]
    next: int | None  # pass back as `before` for the next page


class SectionPage(BaseModel):
    slug: str
    name: str
    stories: list[StoryCard]  # first page only
    articles: list[Card]
    next: int | None  # pass back as `before` for the next page
