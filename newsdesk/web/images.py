"""The optional image proxy: article images served from this site, so readers' browsers never
call third-party hosts (who would learn what each reader reads).

At render time `proxy_images` rewrites every <img>/<source> src and srcset of the sanitised
article HTML to `/img/<token>`; the token is the image URL with an HMAC of it (secret.py), so
the route fetches only URLs this site put in its own pages and is no open proxy. It fetches
through our one client (SSRF guard, size cap, deadline), accepts raster images only (SVG is a
document that can carry script) and lets browsers cache the answer.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import replace
from html import escape, unescape

import httpx
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from newsdesk.config import Settings
from newsdesk.errors import FetchError
from newsdesk.ingest.clean import parse_srcset
from newsdesk.ingest.fetch import fetch, make_client
from newsdesk.secret import secret_key
from newsdesk.store.reading import ArticleDetail
from newsdesk.web.markup import sanitised_tokens
from newsdesk.web.render import settings_of

router = APIRouter(include_in_schema=False)

IMAGE_MAX_BYTES = 8 * 1024 * 1024
IMAGE_ACCEPT = "image/avif, image/webp, image/png, image/jpeg, image/gif, image/*;q=0.8"
CACHE_SECONDS = 7 * 86400
REFUSED_TYPES = frozenset({"image/svg+xml", "image/svg"})
_ATTRIBUTE = re.compile(r'(\s+)([^\s"=/>]+)(?:="([^"]*)")?')
_IMAGE_TAGS = frozenset({"img", "source"})


def image_token(url: str, key: bytes) -> str:
    return f"{_b64(_signature(url, key))}.{_b64(url.encode())}"


def url_of_token(token: str, key: bytes) -> str | None:
    """The image URL a token carries, or None when it was not signed with our key."""
    signature, _, encoded = token.partition(".")
    try:
        url = _unb64(encoded).decode()
        given = _unb64(signature)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not hmac.compare_digest(given, _signature(url, key)):
        return None
    return url


def proxy_images(html: str, key: bytes) -> str:
    """`html` (sanitised: nh3's serialisation) with image URLs pointing at /img/."""
    if "<img" not in html and "<source" not in html:
        return html
    out: list[str] = []
    for match in sanitised_tokens(html):
        tag = (match.group("tag") or "").lower()
        if tag in _IMAGE_TAGS and not match.group("end"):
            attrs = _ATTRIBUTE.sub(lambda m: _proxied_attribute(m, key), match.group("attrs"))
            out.append(f"<{match.group('tag')}{attrs}>")
        else:
            out.append(match.group(0))
    return "".join(out)


def proxied_detail(detail: ArticleDetail, settings: Settings) -> ArticleDetail:
    """The article as pages and the API show it when the image proxy is on."""
    if not settings.image_proxy:
        return detail
    key = secret_key(settings)
    image_url = detail.image_url
    if image_url and image_url.startswith(("http://", "https://")):
        image_url = "/img/" + image_token(image_url, key)
    return replace(detail, html=proxy_images(detail.html, key), image_url=image_url)


@router.get("/img/{token}")
async def image(request: Request, token: str) -> Response:
    settings = settings_of(request)
    if not settings.image_proxy:
        raise HTTPException(404, "No such page")
    url = url_of_token(token, secret_key(settings))
    if url is None:
        raise HTTPException(404, "No such image")
    capped = settings.model_copy(
        update={"max_body_bytes": min(settings.max_body_bytes, IMAGE_MAX_BYTES)}
    )
    try:
        result = await fetch(_client(request, settings), url, settings=capped, accept=IMAGE_ACCEPT)
    except FetchError:
        raise HTTPException(502, "The image could not be fetched") from None
    media = result.content_type or ""
    if not media.startswith("image/") or media in REFUSED_TYPES or "svg" in media:
        raise HTTPException(502, "That is not an image we pass on")
    return Response(
        result.body,
        media_type=media,
        headers={
            "Cache-Control": f"public, max-age={CACHE_SECONDS}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


def _client(request: Request, settings: Settings) -> httpx.AsyncClient:
    """One client per app (the app runs in one event loop), built on first use. Not paced:
    these fetches are a reader's own, one per image on the page being read."""
    client: httpx.AsyncClient | None = getattr(request.app.state, "image_client", None)
    if client is None:
        client = request.app.state.image_client = make_client(settings, polite=False)
    return client


def _proxied_attribute(match: re.Match[str], key: bytes) -> str:
    space, name, value = match.group(1), match.group(2), match.group(3)
    if value is None or name.lower() not in ("src", "srcset"):
        return match.group(0)
    raw = unescape(value)
    if name.lower() == "src":
        new = _proxied_url(raw, key)
    else:
        new = ", ".join(
            f"{_proxied_url(url, key)} {descriptor}".strip()
            for url, descriptor in parse_srcset(raw)
        )
    return f'{space}{name}="{escape(new, quote=True)}"'


def _proxied_url(url: str, key: bytes) -> str:
    """http(s) URLs go through the proxy; data: images (already inline) stay as they are."""
    if url.startswith(("http://", "https://")):
        return "/img/" + image_token(url, key)
    return url


def _signature(url: str, key: bytes) -> bytes:
    return hmac.new(key, url.encode(), hashlib.sha256).digest()[:18]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
