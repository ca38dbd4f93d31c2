"""JSON API for comments and the signed-in reader (part of /api/v1, in the OpenAPI schema).

Authenticate with the session cookie (then send the CSRF token as X-CSRF-Token on every
change) or with `Authorization: Bearer <API token>` from the account page (no CSRF token
needed: a foreign page cannot make a browser send it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from newsdesk.community import comments, moderation
from newsdesk.community.render import comment_html
from newsdesk.errors import NotFoundError
from newsdesk.store import comments as comments_db
from newsdesk.store.accounts import AccountRow
from newsdesk.store.comments import CommentRow
from newsdesk.web.reader import api_csrf, current_reader, require_reader
from newsdesk.web.render import settings_of, store_of

MAX_ID = 2**53
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class ApiError(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ApiError} for code in (400, 401, 403, 404, 413, 429)
}
router = APIRouter(prefix="/api/v1", tags=["community"], responses=ERRORS)
Reader = Annotated[AccountRow, Depends(require_reader)]
CSRF = [Depends(api_csrf)]


class CommentOut(BaseModel):
    id: int
    article_id: int
    parent_id: int | None
    author: str | None
    status: str
    body: str
    html: str
    helpful: int
    created: datetime
    edited: datetime | None


class CommentList(BaseModel):
    count: int
    comments: list[CommentOut]


class NewComment(BaseModel):
    body: str
    parent_id: Annotated[int, Path(ge=1, le=MAX_ID)] | None = None


class EditComment(BaseModel):
    body: str


class NewReport(BaseModel):
    reason: str


class Done(BaseModel):
    changed: bool


class Me(BaseModel):
    id: int
    display_name: str
    role: str


def _out(row: CommentRow, *, placeholder: bool = False) -> CommentOut:
    hidden = placeholder or row.status == "deleted"
    return CommentOut(
        id=row.id,
        article_id=row.article_id,
        parent_id=row.parent_id,
        author=None if hidden else row.author_name,
        status=row.status,
        body="" if hidden else row.body,
        html="" if hidden else str(comment_html(row.body)),
        helpful=row.helpful_count,
        created=row.created_at,
        edited=row.edited_at,
    )


@router.get("/articles/{article_id}/comments", response_model=CommentList)
def list_comments(
    request: Request,
    article_id: Id,
    sort: Literal["oldest", "newest", "top"] = Query(default="oldest"),
) -> CommentList:
    """An article's comments in reading order (replies after their parent)."""
    with store_of(request).session() as session:
        if comments_db.article_first_seen(session, article_id=article_id) is None:
            raise NotFoundError("No such article.")
        rows = comments_db.article_comments(session, article_id=article_id)
    thread = comments.build_thread(rows, viewer=current_reader(request), sort=sort)
    return CommentList(
        count=sum(1 for row in rows if row.status == "visible"),
        comments=[_out(item.comment, placeholder=item.shown != "full") for item in thread],
    )


@router.post(
    "/articles/{article_id}/comments",
    response_model=CommentOut,
    status_code=201,
    dependencies=CSRF,
)
async def create_comment(
    request: Request, article_id: Id, reader: Reader, data: NewComment
) -> CommentOut:
    """Post a comment, or a reply when `parent_id` is given."""
    row = await run_in_threadpool(
        comments.post_comment,
        settings_of(request),
        store_of(request),
        account=reader,
        article_id=article_id,
        body=data.body,
        parent_id=data.parent_id,
    )
    return _out(row)


@router.patch("/comments/{comment_id}", response_model=CommentOut, dependencies=CSRF)
async def edit_comment(
    request: Request, comment_id: Id, reader: Reader, data: EditComment
) -> CommentOut:
    """Edit your own comment within the edit window."""
    row = await run_in_threadpool(
        comments.edit_comment,
        settings_of(request),
        store_of(request),
        account=reader,
        comment_id=comment_id,
        body=data.body,
    )
    return _out(row)


@router.delete("/comments/{comment_id}", status_code=204, dependencies=CSRF)
async def delete_comment(request: Request, comment_id: Id, reader: Reader) -> Response:
    """Delete your own comment (replies to it stay, under a placeholder)."""
    await run_in_threadpool(
        comments.delete_comment, store_of(request), account=reader, comment_id=comment_id
    )
    return Response(status_code=204)


@router.post("/comments/{comment_id}/helpful", response_model=Done, dependencies=CSRF)
async def mark_helpful(request: Request, comment_id: Id, reader: Reader) -> Done:
    """Mark a comment helpful (once per reader; `changed` is false the second time)."""
    added = await run_in_threadpool(
        comments.mark_helpful, store_of(request), account=reader, comment_id=comment_id
    )
    return Done(changed=added)


@router.post("/comments/{comment_id}/reports", response_model=Done, dependencies=CSRF)
async def report_comment(request: Request, comment_id: Id, reader: Reader, data: NewReport) -> Done:
    """Report a comment to the moderators, with a reason."""
    filed = await run_in_threadpool(
        moderation.report_comment,
        settings_of(request),
        store_of(request),
        account=reader,
        comment_id=comment_id,
        reason=data.reason,
    )
    return Done(changed=filed)


@router.post(
    "/moderation/comments/{comment_id}/{action}", response_model=CommentOut, dependencies=CSRF
)
async def moderate_comment(
    request: Request,
    comment_id: Id,
    action: Literal["hide", "restore", "approve", "dismiss"],
    reader: Reader,
) -> CommentOut:
    """Moderators: hide, restore or approve a comment, or dismiss its reports."""
    row = await run_in_threadpool(
        moderation.act_on_comment,
        store_of(request),
        moderator=reader,
        comment_id=comment_id,
        action=action,
    )
    return _out(row)


@router.get("/me", response_model=Me)
def me(reader: Reader) -> Me:
    """The signed-in reader."""
    return Me(id=reader.id, display_name=reader.display_name, role=reader.role)
