"""The operator's pages: feed health, add a feed, OPML in and out, re-fetch one feed.

Who may enter is decided in one place, `admin_allowed`, so accounts can extend it (admins by
role) without touching the routes. Until then the key is NEWSDESK_ADMIN_TOKEN, sent as the
`X-Admin-Token` header (scripts) or typed once into the sign-in form, which sets a signed,
HttpOnly cookie that expires and dies with the token. With no token set there is no admin:
every admin URL is a 404. Every form is CSRF-checked; the actions reuse ingest's own code.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsdesk.errors import NewsdeskError
from newsdesk.ingest.rounds import fetch_round
from newsdesk.ingest.subscribe import export_opml, import_opml, subscribe
from newsdesk.secret import secret_key, sign, verify
from newsdesk.store.feeds import feed_health, get_feed
from newsdesk.web.csrf import require_csrf
from newsdesk.web.render import render, settings_of, store_of

router = APIRouter(prefix="/admin", include_in_schema=False)

COOKIE = "nd_admin"
HEADER = "x-admin-token"
PURPOSE = "admin"
COOKIE_DAYS = 7
MAX_OPML_BYTES = 5 * 1024 * 1024
# Outcomes shown after a redirect: fixed strings, so nothing from the request is reflected.
NOTICES = {
    "added": "Feed added; it is read in the next round.",
    "exists": "That feed was already subscribed.",
    "imported": "OPML imported; the new feeds are read in the next round.",
    "refetched": "Feed fetched.",
    "signed-out": "Signed out.",
}


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _cookie_value(request: Request, token: str, issued: int) -> str:
    key = secret_key(settings_of(request))
    return f"{issued}.{sign(key, PURPOSE, f'{issued}:{_token_digest(token)}')}"


def admin_allowed(request: Request) -> bool:
    """Whether this request may use the admin pages: the one check every admin route makes.

    A signed-in admin account may; until accounts exist, so may NEWSDESK_ADMIN_TOKEN.
    """
    reader = getattr(request.state, "reader", None)
    if reader is not None and getattr(reader, "role", None) == "admin":
        return True
    token = settings_of(request).admin_token
    if not token:
        return False
    sent = request.headers.get(HEADER)
    if sent is not None:
        return hmac.compare_digest(sent.encode(), token.encode())
    cookie = request.cookies.get(COOKIE, "")
    issued, _, signature = cookie.partition(".")
    if not issued.isdigit() or len(issued) > 12 or not signature:
        return False
    if time.time() - int(issued) > COOKIE_DAYS * 86400:
        return False
    key = secret_key(settings_of(request))
    return verify(key, PURPOSE, f"{issued}:{_token_digest(token)}", signature)


def require_admin(request: Request) -> None:
    if not settings_of(request).admin_token:
        raise HTTPException(404, "Not Found")
    if not admin_allowed(request):
        raise HTTPException(403, "Sign in to the admin pages first.")


def _admin_page(request: Request, code: int = 200, error: str | None = None) -> HTMLResponse:
    with store_of(request).session() as session:
        feeds = feed_health(session)
    notice = NOTICES.get(request.query_params.get("done", ""))
    return render(request, "admin.html", code, feeds=feeds, notice=notice, error=error)


def _back(done: str) -> RedirectResponse:
    return RedirectResponse(f"/admin?done={done}", status_code=303)


@router.get("", response_class=HTMLResponse)
def admin_home(request: Request) -> HTMLResponse:
    if not settings_of(request).admin_token:
        raise HTTPException(404, "Not Found")
    if not admin_allowed(request):
        return render(request, "admin_signin.html", 401, error=None)
    return _admin_page(request)


@router.post("/sign-in", dependencies=[Depends(require_csrf)], response_model=None)
def sign_in(request: Request, token: str = Form(default="")) -> Response:
    expected = settings_of(request).admin_token
    if not expected:
        raise HTTPException(404, "Not Found")
    if not hmac.compare_digest(token.encode(), expected.encode()):
        return render(request, "admin_signin.html", 401, error="That token is not the right one.")
    response = RedirectResponse("/admin", status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(
        COOKIE,
        _cookie_value(request, expected, int(time.time())),
        max_age=COOKIE_DAYS * 86400,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/admin",
    )
    return response


@router.post("/sign-out", dependencies=[Depends(require_csrf)])
def sign_out() -> RedirectResponse:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/admin")
    return response


@router.post(
    "/feeds", dependencies=[Depends(require_admin), Depends(require_csrf)], response_model=None
)
async def add_feed_form(
    request: Request, url: str = Form(default=""), category: str = Form(default="")
) -> Response:
    if not url.strip() or len(url) > 2000:
        return _admin_page(request, 400, "Give the address of a feed or of a page that has one.")
    try:
        added = await subscribe(
            settings_of(request), store_of(request), url.strip(), category=category.strip() or None
        )
    except NewsdeskError as exc:
        return _admin_page(request, 400, f"Could not add {url.strip()[:200]}: {exc}")
    return _back("added" if added.created else "exists")


@router.post(
    "/opml", dependencies=[Depends(require_admin), Depends(require_csrf)], response_model=None
)
async def import_opml_form(request: Request, file: UploadFile) -> Response:
    body = await file.read(MAX_OPML_BYTES + 1)
    if len(body) > MAX_OPML_BYTES:
        return _admin_page(request, 400, "That OPML file is larger than 5 MB.")
    try:
        import_opml(settings_of(request), store_of(request), body)
    except NewsdeskError as exc:
        return _admin_page(request, 400, f"Could not import that file: {exc}")
    return _back("imported")


@router.get("/opml", dependencies=[Depends(require_admin)])
def export_opml_file(request: Request) -> Response:
    return Response(
        export_opml(store_of(request)),
        media_type="text/x-opml; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="newsdesk-subscriptions.opml"'},
    )


@router.post(
    "/feeds/{feed_id}/refetch", dependencies=[Depends(require_admin), Depends(require_csrf)]
)
async def refetch(request: Request, feed_id: int) -> RedirectResponse:
    with store_of(request).session() as session:
        if get_feed(session, feed_id=feed_id) is None:
            raise HTTPException(404, "No such feed")
    # One feed: its pages are extracted in a thread, not a process pool started for it.
    await fetch_round(settings_of(request), store_of(request), feed_ids=[feed_id], cpu_workers=0)
    return _back("refetched")
