"""A publisher's page: its feeds, its latest articles, and how often it is the original."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsdesk.store.sourcepages import source_page
from newsdesk.web.pages import MAX_ID
from newsdesk.web.render import PAGE_SIZE, render, slugify, store_of

router = APIRouter(include_in_schema=False)


@router.get("/source/{source_id}")
@router.get("/source/{source_id}/{slug}", response_class=HTMLResponse)
def source(
    request: Request,
    source_id: int,
    slug: str | None = None,
    before: int | None = Query(default=None, ge=1, le=MAX_ID),
) -> Response:
    if not 1 <= source_id <= MAX_ID:
        raise HTTPException(404, "No such source")
    with store_of(request).session() as session:
        page = source_page(session, source_id=source_id, before_id=before, limit=PAGE_SIZE)
    if page is None:
        raise HTTPException(404, "No such source")
    wanted = slugify(page.name)
    if slug != wanted:
        query = f"?before={before}" if before else ""
        return RedirectResponse(f"/source/{source_id}/{wanted}{query}", status_code=301)
    next_cursor = page.cards[-1].id if len(page.cards) == PAGE_SIZE else None
    return render(
        request,
        "source.html",
        s=page,
        cards=page.cards,
        next_cursor=next_cursor,
        before=before,
        page_path=f"/source/{source_id}/{wanted}",
    )
