"""Shared pieces every router uses: the store and settings on app.state, and one renderer.

Routers live in their own modules (`web/pages.py`, `api/v1.py`, …) and are mounted by
`web/app.py`; they reach the store through `store_of(request)` rather than closures, so a
new page is a new module plus one `include_router` line.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Path as PathParam
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from newsdesk.web.anchors import cite_href
from newsdesk.web.assets import HashedStaticFiles

HERE = Path(__file__).parent
PAGE_SIZE = 30
# Ids past the databases' 64-bit integers are refused as bad input (422/404), never passed to
# SQL, where they would raise an overflow (found by schemathesis).
MAX_ID = 2**62
ArticleId = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def slugify(title: str) -> str:
    """A readable URL slug; the id in the URL is what counts, so a lossy slug is fine."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-") or "article"


def ago(value: datetime | None) -> str:
    """A relative time for server-side rendering (the page's script localises it further)."""
    if value is None:
        return ""
    seconds = (datetime.now(UTC) - value).total_seconds()
    if seconds > 30 * 86400 or seconds < 0:
        return f"{value.day} {value:%b %Y}"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count > 1 else ''} ago"
    return "just now"


def utc_title(value: datetime | None) -> str:
    """The absolute time shown on hover until the page's script puts it in the reader's zone."""
    return f"{value.astimezone(UTC):%d %B %Y, %H:%M} UTC" if value else ""


def utc_short(value: datetime | None) -> str:
    """Date and time, for lists where the hour matters (the page's script localises it)."""
    return f"{value.astimezone(UTC):%d %b %Y, %H:%M} UTC" if value else ""


_EAGER_IMG = re.compile(r"<img\b(?![^>]*\bloading=)", re.IGNORECASE)


def lazy_images(html: str) -> Markup:
    """Article HTML (sanitised at ingest) with its images loaded lazily, off the first paint."""
    return Markup(_EAGER_IMG.sub('<img loading="lazy" decoding="async"', html))


def http_url(value: str | None) -> str:
    """`value` if it is an http(s) URL, else "": outside URLs reach href/src only through here."""
    if not value:
        return ""
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in ("http", "https") else ""


def make_templates(static: HashedStaticFiles) -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["ago"] = ago
    templates.env.filters["slug"] = slugify
    templates.env.filters["utc_title"] = utc_title
    templates.env.filters["utc_short"] = utc_short
    templates.env.filters["lazy_images"] = lazy_images
    templates.env.filters["http_url"] = http_url
    templates.env.filters["cite_href"] = cite_href
    templates.env.globals["static_url"] = static.url_for
    return templates


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def render(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    """Render template `name`; every page goes through here so shared context stays in one place."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=code)
