"""The HTML pages a reader navigates: front page and article page."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsdesk.store.reading import article_detail, latest_cards
from newsdesk.web.comments import comments_context  # community (issue 8)
from newsdesk.web.render import PAGE_SIZE, render, slugify, store_of

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request, before: int | None = Query(default=None, ge=1, le=2**63 - 1)
) -> HTMLResponse:
    with store_of(request).session() as session:
        cards = latest_cards(session, limit=PAGE_SIZE, before_id=before)
    next_cursor = cards[-1].id if len(cards) == PAGE_SIZE else None
    return render(request, "index.html", cards=cards, next_cursor=next_cursor)


@router.get("/article/{article_id}")
@router.get("/article/{article_id}/{slug}", response_class=HTMLResponse)
def article(
    request: Request, article_id: int = Path(ge=1, le=2**63 - 1), slug: str | None = None
) -> Response:
    with store_of(request).session() as session:
        detail = article_detail(session, article_id=article_id)
    if detail is None:
        raise HTTPException(404, "No such article")
    wanted = slugify(detail.card.title)
    if slug != wanted:
        return RedirectResponse(f"/article/{article_id}/{wanted}", status_code=301)
    # community (issue 8): the comments block's context; article.html includes
    # community/comments.html, which reads it.
    return render(
        request, "article.html", a=detail, community=comments_context(request, article_id)
    )


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
