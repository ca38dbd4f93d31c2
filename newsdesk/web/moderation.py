"""The moderators' pages: the queue (reported and held comments), actions, bans, the log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from newsdesk.community import moderation
from newsdesk.community.render import comment_html
from newsdesk.errors import CommunityError
from newsdesk.web.reader import FORM_CSRF, Id, current_reader, form_fields, problem_page
from newsdesk.web.render import render, store_of

router = APIRouter(prefix="/moderation", include_in_schema=False)
CSRF = FORM_CSRF


@router.get("", response_class=HTMLResponse)
def queue_page(request: Request) -> Response:
    try:
        queue = moderation.queue(store_of(request), moderator=current_reader(request))
    except CommunityError as error:
        return problem_page(request, error)
    return render(request, "community/moderation.html", queue=queue, html=comment_html)


@router.get("/log", response_class=HTMLResponse)
def log_page(request: Request) -> Response:
    try:
        rows = moderation.audit_log(store_of(request), moderator=current_reader(request))
    except CommunityError as error:
        return problem_page(request, error)
    return render(request, "community/moderation_log.html", rows=rows)


@router.post("/comments/{comment_id}/{action}", dependencies=CSRF)
async def comment_action(request: Request, comment_id: Id, action: str) -> Response:
    try:
        await form_fields(request)
        await run_in_threadpool(
            moderation.act_on_comment,
            store_of(request),
            moderator=current_reader(request),
            comment_id=comment_id,
            action=action,
        )
    except CommunityError as error:
        return problem_page(request, error)
    return RedirectResponse("/moderation", status_code=303)


def _days(value: str) -> int | None:
    if value in ("", "forever"):
        return None
    if not value.isdigit() or len(value) > 6:
        raise CommunityError("Give the ban's length in days, or choose for good.")
    return int(value)


@router.post("/accounts/{account_id}/ban", dependencies=CSRF)
async def ban(request: Request, account_id: Id) -> Response:
    try:
        fields = await form_fields(request)
        await run_in_threadpool(
            moderation.ban,
            store_of(request),
            moderator=current_reader(request),
            account_id=account_id,
            days=_days(fields.get("days", "")),
            reason=fields.get("reason", ""),
        )
    except CommunityError as error:
        return problem_page(request, error)
    return RedirectResponse("/moderation", status_code=303)


@router.post("/accounts/{account_id}/unban", dependencies=CSRF)
async def unban(request: Request, account_id: Id) -> Response:
    try:
        await form_fields(request)
        await run_in_threadpool(
            moderation.unban,
            store_of(request),
            moderator=current_reader(request),
            account_id=account_id,
        )
    except CommunityError as error:
        return problem_page(request, error)
    return RedirectResponse("/moderation/log", status_code=303)


@router.post("/articles/{article_id}/{state}", dependencies=CSRF)
async def close_or_open(request: Request, article_id: Id, state: str) -> Response:
    try:
        await form_fields(request)
        if state not in ("close", "open"):
            raise CommunityError("Choose close or open.")
        await run_in_threadpool(
            moderation.set_closed,
            store_of(request),
            moderator=current_reader(request),
            article_id=article_id,
            closed=state == "close",
        )
    except CommunityError as error:
        return problem_page(request, error)
    return RedirectResponse(f"/article/{article_id}#comments", status_code=303)
