"""JSON API v1 (documented in the OpenAPI schema at /api/docs)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Path, Query, Request

from newsdesk.store.feeds import feed_health
from newsdesk.store.reading import article_detail, latest_cards
from newsdesk.web.render import PAGE_SIZE, store_of

# Ids above the databases' 64-bit integers are a 422, not an OverflowError 500 (found by the
# schemathesis run in tests/security/test_community_schemathesis.py).
MAX_ID = 2**63 - 1
router = APIRouter(prefix="/api/v1")


@router.get("/articles")
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


@router.get("/articles/{article_id}")
def api_article(request: Request, article_id: int = Path(ge=1, le=MAX_ID)) -> dict[str, Any]:
    """One article with its sanitised body, attribution and the feeds that carried it."""
    with store_of(request).session() as session:
        detail = article_detail(session, article_id=article_id)
    if detail is None:
        raise HTTPException(404, "No such article")
    return detail.as_json()


@router.get("/feeds")
def api_feeds(request: Request) -> list[dict[str, Any]]:
    """The feeds' health: status, last fetch, last error, next poll."""
    with store_of(request).session() as session:
        return [row.as_json() for row in feed_health(session)]
