"""Pages that gather articles around one thing: a story, a hashtag, an entity, a section.

Each reads one `store/topics.py` function, which the JSON twin in `api/v1.py` reads too.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsdesk.generate.story_summary import StoryDigest, story_digest
from newsdesk.store.topics import StoryView, entity_view, hashtag_view, section_view, story_view
from newsdesk.web.render import MAX_ID, PAGE_SIZE, render, settings_of, store_of

router = APIRouter(include_in_schema=False)

MAX_NAME = 200  # the longest hashtag or entity slug the tables hold


def plain_name(value: str) -> bool:
    """A hashtag or slug worth looking up: not over-long, no control characters (PostgreSQL
    refuses a NUL in a string, which would be a 500, not the 404 it deserves)."""
    return len(value) <= MAX_NAME and value.isprintable()


def _query(before: int | None) -> str:
    return f"?before={before}" if before else ""


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: int) -> Response:
    if not 1 <= story_id <= MAX_ID:
        raise HTTPException(404, "No such story")
    with store_of(request).session() as session:
        view = story_view(session, story_id=story_id)
    if view is None:
        raise HTTPException(404, "No such story")
    return render(request, "story.html", v=view, digest=_digest(request, view))


def _digest(request: Request, view: StoryView) -> StoryDigest | None:
    """The story's summary across outlets (the API's, stored and reused), made only where two
    or more outlets cover it: one outlet's article has nothing to be compared with."""
    if view.story.outlet_count < 2:
        return None
    return story_digest(settings_of(request), store_of(request), view.story.id)


@router.get("/hashtag/{tag}", response_class=HTMLResponse)
def hashtag(
    request: Request,
    tag: str,
    before: int | None = Query(default=None, ge=1, le=MAX_ID),
) -> Response:
    if not plain_name(tag):
        raise HTTPException(404, "No such hashtag")
    with store_of(request).session() as session:
        view = hashtag_view(session, tag=tag, before_id=before, limit=PAGE_SIZE)
    if view is None:
        raise HTTPException(404, "No such hashtag")
    if tag != view.tag:  # one address per hashtag, whatever case it was asked in
        return RedirectResponse(f"/hashtag/{quote(view.tag)}{_query(before)}", status_code=301)
    return render(
        request,
        "hashtag.html",
        h=view,
        cards=view.cards,
        next_cursor=view.next_cursor,
        before=before,
        page_path=f"/hashtag/{quote(view.tag)}",
    )


@router.get("/entity/{slug}", response_class=HTMLResponse)
def entity(
    request: Request,
    slug: str,
    before: int | None = Query(default=None, ge=1, le=MAX_ID),
) -> Response:
    if not plain_name(slug):
        raise HTTPException(404, "No such entity")
    with store_of(request).session() as session:
        # Entity slugs are lower case; /entity/Xi-Jinping is the same page.
        view = entity_view(session, slug=slug.lower(), before_id=before, limit=PAGE_SIZE)
    if view is None:
        raise HTTPException(404, "No such entity")
    if slug != view.entity.slug:
        return RedirectResponse(
            f"/entity/{quote(view.entity.slug)}{_query(before)}", status_code=301
        )
    return render(
        request,
        "entity.html",
        e=view,
        cards=view.cards,
        next_cursor=view.next_cursor,
        before=before,
        page_path=f"/entity/{quote(view.entity.slug)}",
    )


@router.get("/section/{slug}", response_class=HTMLResponse)
def section(
    request: Request,
    slug: str,
    before: int | None = Query(default=None, ge=1, le=MAX_ID),
) -> Response:
    if not plain_name(slug):
        raise HTTPException(404, "No such section")
    with store_of(request).session() as session:
        view = section_view(session, slug=slug, before_id=before, limit=PAGE_SIZE)
    if view is None:
        raise HTTPException(404, "No such section")
    return render(
        request,
        "section.html",
        sec=view,
        stories=view.stories,
        sections=view.sections,
        section=view.section.slug,
        cards=view.cards,
        next_cursor=view.cards[-1].id if len(view.cards) == PAGE_SIZE else None,
        before=before,
        page_path=f"/section/{view.section.slug}",
    )
