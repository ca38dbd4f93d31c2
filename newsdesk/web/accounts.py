"""Account pages: sign up, sign in and out, settings, API tokens, password reset, deletion."""

from __future__ import annotations

import logging
import re

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from newsdesk.community import accounts
from newsdesk.community.mail import mail_configured, send_mail
from newsdesk.config import Settings
from newsdesk.errors import CommunityError, MailError
from newsdesk.store import accounts as accounts_db
from newsdesk.web.reader import (
    FORM_CSRF,
    Id,
    clear_session_cookie,
    current_reader,
    form_fields,
    problem_page,
    set_session_cookie,
)
from newsdesk.web.render import render, settings_of, store_of

router = APIRouter(prefix="/account", include_in_schema=False)
log = logging.getLogger(__name__)
CSRF = FORM_CSRF
_SAFE_NEXT = re.compile(r"^/(?![/\\])[A-Za-z0-9/_\-.~%?=&#]*$")
RESET_SENT = "If an account uses that address, a link to choose a new password is on its way."


def _next(value: str | None) -> str:
    """Where to go after signing in: a path on this site only (no //host, no scheme)."""
    return value if value and _SAFE_NEXT.match(value) else "/"


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request, next: str | None = None) -> Response:
    return render(request, "community/signup.html", next=_next(next), email="", display_name="")


@router.post("/signup", dependencies=CSRF)
async def signup(request: Request) -> Response:
    fields = await form_fields(request)
    try:
        signed_in = await run_in_threadpool(
            accounts.sign_up,
            settings_of(request),
            store_of(request),
            email=fields.get("email", ""),
            password=fields.get("password", ""),
            display_name=fields.get("name", ""),
            address=_address(request),
        )
    except CommunityError as error:
        return problem_page(
            request,
            error,
            form="community/signup_fields.html",
            next=_next(fields.get("next")),
            email=fields.get("email", "")[:254],
            display_name=fields.get("name", "")[:80],
        )
    response = RedirectResponse(_next(fields.get("next")), status_code=303)
    set_session_cookie(request, response, signed_in)
    return response


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str | None = None) -> Response:
    return render(request, "community/signin.html", next=_next(next), email="")


@router.post("/signin", dependencies=CSRF)
async def signin(request: Request) -> Response:
    fields = await form_fields(request)
    try:
        signed_in = await run_in_threadpool(
            accounts.sign_in,
            settings_of(request),
            store_of(request),
            email=fields.get("email", ""),
            password=fields.get("password", ""),
            address=_address(request),
        )
    except CommunityError as error:
        return problem_page(
            request,
            error,
            form="community/signin_fields.html",
            next=_next(fields.get("next")),
            email=fields.get("email", "")[:254],
        )
    old = getattr(request.state, "session_id", None)
    if old:  # signing in again from a signed-in browser: the old session ends (rotation)
        await run_in_threadpool(accounts.sign_out, store_of(request), session_id=old)
    response = RedirectResponse(_next(fields.get("next")), status_code=303)
    set_session_cookie(request, response, signed_in)
    return response


@router.post("/signout", dependencies=CSRF)
def signout(request: Request) -> Response:
    session_id = getattr(request.state, "session_id", None)
    if session_id and getattr(request.state, "auth", None) == "cookie":
        accounts.sign_out(store_of(request), session_id=session_id)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(request, response)
    return response


def _settings_page(request: Request, code: int = 200, **context: object) -> Response:
    reader = current_reader(request)
    if reader is None:
        return RedirectResponse("/account/signin?next=/account", status_code=303)
    with store_of(request).session() as session:
        tokens = accounts_db.api_tokens(session, account_id=reader.id)
    return render(request, "community/account.html", code, reader=reader, tokens=tokens, **context)


@router.get("", response_class=HTMLResponse)
def account_page(request: Request) -> Response:
    return _settings_page(request)


@router.post("/password", dependencies=CSRF)
async def change_password(request: Request) -> Response:
    fields = await form_fields(request)
    reader = current_reader(request)
    if reader is None:
        return RedirectResponse("/account/signin?next=/account", status_code=303)
    try:
        signed_in = await run_in_threadpool(
            accounts.change_password,
            settings_of(request),
            store_of(request),
            account=reader,
            current=fields.get("current", ""),
            new=fields.get("new", ""),
        )
    except CommunityError as error:
        return _settings_page(request, error.status, error=str(error))
    response = _settings_page(request, notice="Password changed; every other session ended.")
    set_session_cookie(request, response, signed_in)
    return response


@router.post("/tokens", dependencies=CSRF)
async def new_token(request: Request) -> Response:
    fields = await form_fields(request)
    reader = current_reader(request)
    if reader is None:
        return RedirectResponse("/account/signin?next=/account", status_code=303)
    try:
        token = await run_in_threadpool(
            accounts.create_api_token,
            store_of(request),
            account=reader,
            label=fields.get("label", ""),
        )
    except CommunityError as error:
        return _settings_page(request, error.status, error=str(error))
    return _settings_page(request, new_token=token)


@router.post("/tokens/{token_id}/revoke", dependencies=CSRF)
def revoke_token(request: Request, token_id: Id) -> Response:
    reader = current_reader(request)
    if reader is None:
        return RedirectResponse("/account/signin?next=/account", status_code=303)
    with store_of(request).session() as session:
        found = accounts_db.revoke_api_token(session, account_id=reader.id, token_id=token_id)
    if not found:
        return _settings_page(request, 404, error="No such token.")
    return RedirectResponse("/account", status_code=303)


@router.post("/delete", dependencies=CSRF)
async def delete_account(request: Request) -> Response:
    fields = await form_fields(request)
    reader = current_reader(request)
    if reader is None:
        return RedirectResponse("/account/signin?next=/account", status_code=303)
    try:
        await run_in_threadpool(
            accounts.delete_account,
            store_of(request),
            account=reader,
            password=fields.get("password", ""),
            remove_comments=fields.get("comments") == "remove",
        )
    except CommunityError as error:
        return _settings_page(request, error.status, error=str(error))
    response = render(request, "community/message.html", message="Your account was deleted.")
    clear_session_cookie(request, response)
    return response


@router.get("/reset", response_class=HTMLResponse)
def reset_form(request: Request) -> Response:
    return render(
        request, "community/reset_request.html", mail=mail_configured(settings_of(request))
    )


def _mail_reset(settings: Settings, email: str, link: str) -> None:
    body = (
        "Someone (we hope you) asked to choose a new password for your newsdesk account.\n\n"
        f"Open this link within {settings.reset_token_minutes} minutes to do so:\n\n{link}\n\n"
        "It works once. If you did not ask, ignore this message; your password is unchanged.\n"
    )
    try:
        send_mail(settings, to=email, subject="Choose a new newsdesk password", body=body)
    except MailError as error:
        log.warning("password reset mail not sent: %s", error)


@router.post("/reset", dependencies=CSRF)
async def reset_request(request: Request, background: BackgroundTasks) -> Response:
    """The same answer whether or not the address has an account; the mail goes out after
    the response, so its timing tells nothing either."""
    fields = await form_fields(request)
    settings = settings_of(request)
    try:
        found = await run_in_threadpool(
            accounts.request_reset,
            settings,
            store_of(request),
            email=fields.get("email", ""),
            address=_address(request),
        )
    except CommunityError as error:
        return problem_page(request, error)
    if found is not None:
        email, token = found
        base = (settings.public_url or str(request.base_url)).rstrip("/")
        background.add_task(_mail_reset, settings, email, f"{base}/account/reset/{token}")
    return render(request, "community/message.html", message=RESET_SENT)


@router.get("/reset/{token}", response_class=HTMLResponse)
def reset_page(request: Request, token: str) -> Response:
    live = accounts.reset_link_is_live(store_of(request), token=token)
    response = render(request, "community/reset.html", 200 if live else 404, token=token, live=live)
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in this page's URL
    return response


@router.post("/reset/{token}", dependencies=CSRF)
async def reset_password(request: Request, token: str) -> Response:
    fields = await form_fields(request)
    try:
        await run_in_threadpool(
            accounts.complete_reset, store_of(request), token=token, new=fields.get("new", "")
        )
    except CommunityError as error:
        return problem_page(request, error)
    return render(
        request,
        "community/message.html",
        message="Your password was changed and every session ended; sign in with it now.",
        link=("/account/signin", "Sign in"),
    )
