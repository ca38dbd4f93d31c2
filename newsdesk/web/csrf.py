"""CSRF protection for every state-changing form: a signed double-submit token.

Each browser gets a random `nd_csrf` cookie (HttpOnly, SameSite=Lax); forms carry
`csrf_token` = HMAC(secret, cookie value [+ the signed-in session id]), and htmx/fetch calls
send it as the `X-CSRF-Token` header. An attacker's page can neither read the cookie nor
compute the HMAC, and binding to the session id means a token stolen before sign-in is
useless after it. The check is a dependency (`require_csrf`) on each POST route, so a route
without it is visible in review.
"""

from __future__ import annotations

import secrets

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk.secret import secret_key, sign, verify
from newsdesk.web.render import settings_of

COOKIE = "nd_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
PURPOSE = "csrf"


def _session_part(request: Request) -> str:
    """The signed-in session's id when there is one (set by the accounts code on request.state)."""
    return str(getattr(request.state, "session_id", "") or "")


def browser_token(request: Request) -> str:
    """This browser's random token: from its cookie, or the one minted for this response."""
    token = request.cookies.get(COOKIE) or getattr(request.state, "new_csrf_cookie", None)
    if not token or len(token) > 128:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf_cookie = token
    return token


def csrf_token(request: Request) -> str:
    """The value a form must send back; templates call it as `csrf_token(request)`."""
    key = secret_key(settings_of(request))
    return sign(key, PURPOSE, f"{browser_token(request)}:{_session_part(request)}")


async def require_csrf(request: Request) -> None:
    """Refuse (403) a state-changing request whose token is missing or does not match."""
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    cookie = request.cookies.get(COOKIE)
    if not sent or not cookie:
        raise HTTPException(
            403,
            "This form has expired or was not sent from this site; reload the page and try again.",
        )
    key = secret_key(settings_of(request))
    if not verify(key, PURPOSE, f"{cookie}:{_session_part(request)}", sent):
        raise HTTPException(
            403,
            "This form has expired or was not sent from this site; reload the page and try again.",
        )


class CSRFCookieMiddleware:
    """Sets the `nd_csrf` cookie on the response when a page minted a new browser token."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})

        async def send_with_cookie(message: Message) -> None:
            token = state.get("new_csrf_cookie")
            if message["type"] == "http.response.start" and token:
                secure = "; Secure" if scope.get("scheme") == "https" else ""
                cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"
                message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
            await send(message)

        await self.app(scope, receive, send_with_cookie)
