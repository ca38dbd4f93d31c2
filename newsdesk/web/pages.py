"""The HTML pages a reader navigates: front page and article page."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from newsdesk.store.blocks import ArticleDetail, article_page, sections_present, top_story_cards
from newsdesk.store.generated import article_texts
from newsdesk.store.reading import latest_cards
from newsdesk.web.anchors import anchor_sentences
from newsdesk.web.ask import ai_panel_context
from newsdesk.web.comments import comments_context
from newsdesk.web.images import proxied_detail
from newsdesk.web.jsonld import news_article, script_json
from newsdesk.web.render import MAX_ID, PAGE_SIZE, render, settings_of, slugify, store_of

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request, before: int | None = Query(default=None, ge=1, le=MAX_ID)
) -> HTMLResponse:
    with store_of(request).session() as session:
        cards = latest_cards(session, limit=PAGE_SIZE, before_id=before)
        stories = top_story_cards(session) if before is None else []
        sections = sections_present(session)
    next_cursor = cards[-1].id if len(cards) == PAGE_SIZE else None
    return render(
        request,
        "index.html",
        cards=cards,
        next_cursor=next_cursor,
        stories=stories,
        sections=sections,
        before=before,
        page_path="/",
        nav="latest",
    )


@router.get("/article/{article_id}")
@router.get("/article/{article_id}/{slug}", response_class=HTMLResponse)
def article(request: Request, article_id: int, slug: str | None = None) -> Response:
    if not 1 <= article_id <= MAX_ID:
        raise HTTPException(404, "No such article")
    with store_of(request).session() as session:
        detail = anchored_article(session, article_id=article_id)
    if detail is None:
        raise HTTPException(404, "No such article")
    wanted = slugify(detail.card.title)
    if slug != wanted:
        return RedirectResponse(f"/article/{article_id}/{wanted}", status_code=301)
    page_url = str(request.url.replace(query="", fragment=""))
    json_ld = script_json(news_article(detail, page_url=page_url))
    return render(
        request,
        "article.html",
        a=proxied_detail(detail, settings_of(request)),
        json_ld=json_ld,
        **ai_panel_context(request, article_id),  # generate: the AI panel
        community=comments_context(request, article_id),  # community: the comments block
    )


def anchored_article(session: Session, *, article_id: int) -> ArticleDetail | None:
    """The article with each sentence a citation can point at in its anchor (web/anchors.py),
    for the page and its JSON twin alike: an API client's citations need the same targets."""
    detail = article_page(session, article_id=article_id)
    texts = article_texts(session, article_ids=[article_id]) if detail else []
    if detail is None or not texts:
        return detail
    return replace(detail, html=anchor_sentences(detail.html, texts[0].text))


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
