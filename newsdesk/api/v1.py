"""JSON API v1 (documented in the OpenAPI schema at /api/docs).

Every HTML page has its twin here, answered by the same query functions.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from newsdesk.api import schemas
from newsdesk.store.blocks import sections_present, top_story_cards
from newsdesk.store.feeds import feed_health
from newsdesk.store.reading import latest_cards
from newsdesk.store.sourcepages import source_page
from newsdesk.store.topics import entity_view, hashtag_view, section_view, story_view
from newsdesk.web.highlight import mark, snippet
from newsdesk.web.images import proxied_detail
from newsdesk.web.pages import MAX_ID, anchored_article
from newsdesk.web.render import PAGE_SIZE, settings_of, store_of
from newsdesk.web.search import SearchParams
from newsdesk.web.topics import plain_name

router = APIRouter(prefix="/api/v1")


@router.get("/articles", response_model=schemas.ArticleList)
def api_articles(
    request: Request,
    before: int | None = Query(default=None, ge=1, le=MAX_ID),
    limit: int = Query(default=PAGE_SIZE, ge=1, le=100),
) -> dict[str, Any]:
    """Latest articles, newest first; pass `next` back as `before` for the next page."""
    with store_of(request).session() as session:
        cards = latest_cards(session, limit=limit, before_id=before)
    return {
        "articles": [card.as_json() for card in cards],
        "next": cards[-1].id if len(cards) == limit else None,
    }


@router.get("/front")
def api_front(request: Request) -> dict[str, Any]:
    """The front page: top stories (with lead article and outlets), section tabs, latest."""
    with store_of(request).session() as session:
        stories = top_story_cards(session)
        sections = sections_present(session)
        cards = latest_cards(session, limit=PAGE_SIZE)
    return {
        "stories": [story.as_json() for story in stories],
        "sections": [{"slug": tab.slug, "name": tab.name} for tab in sections],
        "latest": [card.as_json() for card in cards],
        "next": cards[-1].id if len(cards) == PAGE_SIZE else None,
    }


@router.get("/articles/{article_id}")
def api_article(request: Request, article_id: int) -> dict[str, Any]:
    """One article with its sanitised body (each citable sentence in its `s-P-S` anchor, which
    the AI panel's citations name), attribution, the feeds that carried it, and the
    blocks other stages add when they have data (provenance, story, hashtags, ai, related)."""
    if not 1 <= article_id <= MAX_ID:
        raise HTTPException(404, "No such article")
    with store_of(request).session() as session:
        detail = anchored_article(session, article_id=article_id)
    if detail is None:
        raise HTTPException(404, "No such article")
    return proxied_detail(detail, settings_of(request)).as_json()


@router.get("/search", response_model=schemas.SearchPage)
def api_search(
    request: Request,
    q: str = Query(default="", description="Words; every one must occur. Syntax is ignored."),
    source: str = Query(default="", description="A source id."),
    since: str = Query(default="", description="Earliest day, YYYY-MM-DD."),
    until: str = Query(default="", description="Latest day, YYYY-MM-DD."),
    sort: str = Query(default="relevance", description="relevance or date"),
    page: str = Query(default="1", description="1 to 500"),
) -> dict[str, Any]:
    """Full-text search over titles and bodies, the same as the search page."""
    params = SearchParams.parse(q, source, since, until, sort, page)
    with store_of(request).session() as session:
        results = params.run(session)
    return {
        "query": params.query,
        "terms": results.terms,
        "total": min(results.total, 1000),
        "total_capped": results.total_capped,
        "page": results.page,
        "next_page": results.page + 1 if results.has_next else None,
        "results": [
            {
                "article": hit.card.as_json(),
                "title_html": str(mark(hit.card.title, results.terms)),
                "snippet_html": str(snippet(hit.text, results.terms)),
            }
            for hit in results.hits
        ],
    }


@router.get("/sources/{source_id}", response_model=schemas.SourcePage)
def api_source(
    request: Request,
    source_id: int,
    before: int | None = Query(default=None, ge=1, le=MAX_ID),
) -> dict[str, Any]:
    """A publisher: its feeds, its latest articles (cursor `before`), original/republisher
    counts once duplicate detection provides them."""
    if not 1 <= source_id <= MAX_ID:
        raise HTTPException(404, "No such source")
    with store_of(request).session() as session:
        page = source_page(session, source_id=source_id, before_id=before, limit=PAGE_SIZE)
    if page is None:
        raise HTTPException(404, "No such source")
    data = page.as_json()
    data["next"] = page.cards[-1].id if len(page.cards) == PAGE_SIZE else None
    return data


@router.get("/stories/{story_id}", response_model=schemas.StoryPage)
def api_story(request: Request, story_id: int) -> dict[str, Any]:
    """All coverage of one event: by outlet, earliest first, republications folded under
    their original; and a timeline of every article."""
    if not 1 <= story_id <= MAX_ID:
        raise HTTPException(404, "No such story")
    with store_of(request).session() as session:
        view = story_view(session, story_id=story_id)
    if view is None:
        raise HTTPException(404, "No such story")
    return view.as_json()


Cursor = Query(default=None, ge=1, le=MAX_ID, description="`next` of the last page")


@router.get("/hashtags/{tag}", response_model=schemas.HashtagPage)
def api_hashtag(request: Request, tag: str, before: int | None = Cursor) -> dict[str, Any]:
    """A hashtag (any case) and its articles, newest first."""
    with store_of(request).session() as session:
        view = (
            hashtag_view(session, tag=tag, before_id=before, limit=PAGE_SIZE)
            if plain_name(tag)
            else None
        )
    if view is None:
        raise HTTPException(404, "No such hashtag")
    return view.as_json()


@router.get("/entities/{slug}", response_model=schemas.EntityPage)
def api_entity(request: Request, slug: str, before: int | None = Cursor) -> dict[str, Any]:
    """A person, organisation or place and the articles naming it, newest first."""
    with store_of(request).session() as session:
        view = (
            entity_view(session, slug=slug.lower(), before_id=before, limit=PAGE_SIZE)
            if plain_name(slug)
            else None
        )
    if view is None:
        raise HTTPException(404, "No such entity")
    return view.as_json()


@router.get("/sections/{slug}", response_model=schemas.SectionPage)
def api_section(request: Request, slug: str, before: int | None = Cursor) -> dict[str, Any]:
    """One section's front page: its top stories (first page only) and latest articles."""
    with store_of(request).session() as session:
        view = section_view(session, slug=slug, before_id=before, limit=PAGE_SIZE)
    if view is None:
        raise HTTPException(404, "No such section")
    return view.as_json(next_cursor=view.cards[-1].id if len(view.cards) == PAGE_SIZE else None)


@router.get("/feeds")
def api_feeds(request: Request) -> list[dict[str, Any]]:
    """The feeds' health: status, last fetch, last error, next poll."""
    with store_of(request).session() as session:
        return [row.as_json() for row in feed_health(session)]
