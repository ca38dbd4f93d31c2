"""Who is asking: the signed-in reader on every request, and the guards routes put in front.

`ReaderMiddleware` reads the session cookie (or, for the JSON API, an `Authorization: Bearer`
token), looks the token's hash up in the database and puts the account on
`request.state.reader` and the session's id on `request.state.session_id` (which the CSRF
token is bound to). A bearer call is marked `request.state.auth = "bearer"`: it carries no
ambient credential a foreign page could ride on, so it needs no CSRF token.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import Depends, HTTPException, Path, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk.community.accounts import SignedIn, reader_for_token
from newsdesk.errors import CommunityError
from newsdesk.store.accounts import AccountRow
from newsdesk.web.csrf import require_csrf
from newsdesk.web.render import render

# An id in a path: beyond 64-bit integers it is "no such page", never an OverflowError.
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
SESSION_COOKIE = "nd_session"
HONEYPOT = "website"  # a field people never see; bots fill it in
MAX_BODY = 256 * 1024  # community forms and JSON: far above the longest comment allowed
LIMITED_PREFIXES = (
    "/account",
    "/comments",
    "/moderation",
    "/article/",
    "/api/v1/comments",
    "/api/v1/articles/",
    "/api/v1/me",
    "/api/v1/moderation",
)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                found, _, cookie = part.strip().partition("=")
                if found == name:
                    return cookie
    return None


def _bearer(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer":
                return token.strip()
    return None


class ReaderMiddleware:
    """Resolves the reader once per request (static files skipped) and caps request bodies."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        store = scope["app"].state.store
        bearer = _bearer(scope) if scope["path"].startswith("/api/") else None
        token, kind = (
            (bearer, "api") if bearer is not None else (_cookie(scope, SESSION_COOKIE), "web")
        )
        found = await run_in_threadpool(reader_for_token, store, token=token or "", kind=kind)
        if found is not None:
            state["session_id"], state["reader"] = found
            state["auth"] = "bearer" if kind == "api" else "cookie"
        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE") and scope["path"].startswith(
            LIMITED_PREFIXES
        ):
            await self._limited(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse bodies over MAX_BODY with 413, by Content-Length or by counting the stream."""
        for key, value in scope.get("headers", []):
            if key == b"content-length" and value.isdigit() and int(value) > MAX_BODY:
                await _too_large(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise HTTPException(413, "That request is too large.")
            return message

        await self.app(scope, counted, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": "That request is too large."}, status_code=413)
    await response(scope, receive, send)


def current_reader(request: Request) -> AccountRow | None:
    reader: AccountRow | None = getattr(request.state, "reader", None)
    return reader


def require_reader(request: Request) -> AccountRow:
    reader = current_reader(request)
    if reader is None:
        raise HTTPException(401, "Sign in first.")
    return reader


async def cache_body(request: Request) -> None:
    """Read the body once before the CSRF check parses it, so form_fields can see the bytes."""
    await request.body()


FORM_CSRF = [Depends(cache_body), Depends(require_csrf)]


async def api_csrf(request: Request) -> None:
    """CSRF for JSON calls authenticated by cookie; bearer-token calls are exempt."""
    if getattr(request.state, "auth", None) == "bearer":
        return
    await require_csrf(request)


async def form_fields(request: Request) -> dict[str, str]:
    """The posted form, refusing what a browser would never send: non-UTF-8 text, repeats of
    a field, a filled-in honeypot. Starlette would decode bad bytes silently; we say so."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raise CommunityError("Send this form as a normal web form.")
    raw = await request.body()
    try:
        pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise CommunityError("The text sent could not be read as UTF-8.") from exc
    fields: dict[str, str] = {}
    for name, value in pairs:
        if name in fields:
            raise CommunityError("The form sent a field twice.")
        fields[name] = value
    if fields.get(HONEYPOT):
        raise CommunityError("This form was filled in by a program, not a person.")
    return fields


def set_session_cookie(request: Request, response: Response, signed_in: SignedIn) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure when the site is served over HTTPS."""
    settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        signed_in.token,
        max_age=settings.session_days * 86400,
        path="/",
        httponly=True,
        secure=request.url.scheme == "https",
        samesite="lax",
    )
    request.state.session_id = signed_in.session_id
    request.state.reader = signed_in.account


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, secure=request.url.scheme == "https"
    )


def problem_page(
    request: Request, error: CommunityError, code: int | None = None, **context: object
) -> Response:
    """A refused action in the site's own page, with the reason and the right status."""
    return render(
        request, "community/problem.html", code or error.status, message=str(error), **context
    )


async def community_error(request: Request, exc: Exception) -> Response:
    """A refused community action: a JSON error under /api/, the site's page elsewhere."""
    assert isinstance(exc, CommunityError)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)
    return problem_page(request, exc)
