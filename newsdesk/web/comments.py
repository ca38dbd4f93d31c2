"""Comment pages: the block on the article page, and posting, replying, editing, deleting,
marking helpful and reporting as plain form POSTs that redirect back to the comment."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from newsdesk.community import comments, moderation
from newsdesk.community.render import comment_html
from newsdesk.errors import CommunityError
from newsdesk.store import comments as comments_db
from newsdesk.store.comments import CommentRow
from newsdesk.store.types import utcnow
from newsdesk.web.reader import FORM_CSRF, HONEYPOT, Id, current_reader, form_fields, problem_page
from newsdesk.web.render import render, settings_of, store_of

router = APIRouter(include_in_schema=False)
CSRF = FORM_CSRF


def comments_context(request: Request, article_id: int) -> dict[str, Any]:
    """Everything templates/community/comments.html needs; the article route calls this."""
    settings = settings_of(request)
    reader = current_reader(request)
    sort = request.query_params.get("csort", "oldest")
    if sort not in comments.SORTS:
        sort = "oldest"
    with store_of(request).session() as session:
        rows = comments_db.article_comments(session, article_id=article_id)
        closed = comments.closed_reason(settings, session, article_id=article_id)
        thread = comments.build_thread(rows, viewer=reader, sort=sort)  # type: ignore[arg-type]
        helped = (
            comments_db.reacted_ids(
                session, account_id=reader.id, comment_ids=[item.comment.id for item in thread]
            )
            if reader
            else set()
        )
    now = utcnow()
    return {
        "article_id": article_id,
        "items": thread,
        "count": sum(1 for row in rows if row.status == "visible"),
        "sort": sort,
        "sorts": comments.SORTS,
        "reader": reader,
        "closed": closed,
        "helped": helped,
        "html": comment_html,
        "editable": lambda row: (
            reader is not None
            and row.author_id == reader.id
            and row.status in ("visible", "held")
            and now <= comments.editable_until(settings, row)
        ),
        "honeypot": HONEYPOT,
        "max_chars": settings.comment_max_chars,
    }


def _back(comment: CommentRow) -> RedirectResponse:
    return RedirectResponse(f"/article/{comment.article_id}#c{comment.id}", status_code=303)


def _parent(fields: dict[str, str]) -> int | None:
    value = fields.get("parent_id", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise CommunityError("The comment you replied to does not exist.")
    return int(value)


@router.post("/article/{article_id}/comments", dependencies=CSRF)
async def post_comment(request: Request, article_id: Id) -> Response:
    reader = current_reader(request)
    if reader is None:
        return RedirectResponse(f"/account/signin?next=/article/{article_id}", status_code=303)
    body = ""
    fields: dict[str, str] = {}
    try:
        fields = await form_fields(request)
        body = fields.get("body", "")
        comment = await run_in_threadpool(
            comments.post_comment,
            settings_of(request),
            store_of(request),
            account=reader,
            article_id=article_id,
            body=body,
            parent_id=_parent(fields),
        )
    except CommunityError as error:
        return problem_page(
            request,
            error,
            form="community/comment_fields.html",
            action=f"/article/{article_id}/comments",
            body=body[: settings_of(request).comment_max_chars * 2],
            parent_id=(fields.get("parent_id", "") if body else "")[:18],
            back=f"/article/{article_id}#comments",
        )
    return _back(comment)


@router.get("/comments/{comment_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, comment_id: Id) -> Response:
    reader = current_reader(request)
    with store_of(request).session() as session:
        comment = comments_db.comment_by_id(session, comment_id=comment_id)
    if comment is None or reader is None or comment.author_id != reader.id:
        return problem_page(request, CommunityError("No such comment of yours."), code=404)
    return render(
        request,
        "community/comment_edit.html",
        action=f"/comments/{comment_id}/edit",
        body=comment.body,
        back=f"/article/{comment.article_id}#c{comment.id}",
    )


@router.post("/comments/{comment_id}/edit", dependencies=CSRF)
async def edit(request: Request, comment_id: Id) -> Response:
    reader = current_reader(request)
    body = ""
    try:
        if reader is None:
            raise CommunityError("Sign in first.")
        fields = await form_fields(request)
        body = fields.get("body", "")
        comment = await run_in_threadpool(
            comments.edit_comment,
            settings_of(request),
            store_of(request),
            account=reader,
            comment_id=comment_id,
            body=body,
        )
    except CommunityError as error:
        return problem_page(
            request,
            error,
            form="community/comment_fields.html",
            action=f"/comments/{comment_id}/edit",
            body=body[: settings_of(request).comment_max_chars * 2],
            back="/",
        )
    return _back(comment)


def _act(request: Request, comment_id: int, action: str, fields: dict[str, str]) -> int:
    """Do `action` and return the article to go back to (CommunityError when refused)."""
    reader = current_reader(request)
    if reader is None:
        raise CommunityError("Sign in first.")
    store = store_of(request)
    if action == "delete":
        return comments.delete_comment(store, account=reader, comment_id=comment_id).article_id
    if action == "helpful":
        comments.mark_helpful(store, account=reader, comment_id=comment_id)
    else:
        moderation.report_comment(
            settings_of(request),
            store,
            account=reader,
            comment_id=comment_id,
            reason=fields.get("reason", ""),
        )
    with store.session() as session:
        comment = comments_db.comment_by_id(session, comment_id=comment_id)
    return comment.article_id if comment else 0


async def _simple(request: Request, comment_id: int, action: str) -> Response:
    try:
        fields = await form_fields(request)
        article_id = await run_in_threadpool(_act, request, comment_id, action, fields)
    except CommunityError as error:
        return problem_page(request, error)
    if action == "report":
        return render(
            request, "community/message.html", message="Thank you; a moderator will look at it."
        )
    return RedirectResponse(f"/article/{article_id}#c{comment_id}", status_code=303)


@router.post("/comments/{comment_id}/delete", dependencies=CSRF)
async def delete(request: Request, comment_id: Id) -> Response:
    return await _simple(request, comment_id, "delete")


@router.post("/comments/{comment_id}/helpful", dependencies=CSRF)
async def helpful(request: Request, comment_id: Id) -> Response:
    return await _simple(request, comment_id, "helpful")


@router.post("/comments/{comment_id}/report", dependencies=CSRF)
async def report(request: Request, comment_id: Id) -> Response:
    return await _simple(request, comment_id, "report")
