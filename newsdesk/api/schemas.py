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
