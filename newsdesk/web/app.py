"""The ASGI app: server-rendered pages and their JSON twins from the same query functions."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from newsdesk.store.feeds import feed_health
from newsdesk.store.reading import article_detail, latest_cards

HERE = Path(__file__).parent
PAGE_SIZE = 30


def slugify(title: str) -> str:
    """A readable URL slug; the id in the URL is what counts, so a lossy slug is fine."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-") or "article"


def _ago(value: datetime | None) -> str:
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


def create_app(settings: Settings, store: Store) -> FastAPI:
    app = FastAPI(title="newsdesk", version="0.1.0", docs_url="/api/docs", redoc_url=None)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["ago"] = _ago
    templates.env.filters["slug"] = slugify
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=code)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, before: int | None = Query(default=None, ge=1)) -> HTMLResponse:
        with store.session() as session:
            cards = latest_cards(session, limit=PAGE_SIZE, before_id=before)
        next_cursor = cards[-1].id if len(cards) == PAGE_SIZE else None
        return page(request, "index.html", cards=cards, next_cursor=next_cursor)

    @app.get("/article/{article_id}", include_in_schema=False)
    @app.get("/article/{article_id}/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, article_id: int, slug: str | None = None) -> Response:
        with store.session() as session:
            detail = article_detail(session, article_id=article_id)
        if detail is None:
            raise HTTPException(404, "No such article")
        wanted = slugify(detail.card.title)
        if slug != wanted:
            return RedirectResponse(f"/article/{article_id}/{wanted}", status_code=301)
        return page(request, "article.html", a=detail)

    @app.get("/api/v1/articles")
    def api_articles(
        before: int | None = Query(default=None, ge=1),
        limit: int = Query(default=PAGE_SIZE, ge=1, le=100),
    ) -> dict[str, Any]:
        """Latest articles, newest first; pass `next` back as `before` for the next page."""
        with store.session() as session:
            cards = latest_cards(session, limit=limit, before_id=before)
        return {
            "articles": [card.as_json() for card in cards],
            "next": cards[-1].id if len(cards) == limit else None,
        }

    @app.get("/api/v1/articles/{article_id}")
    def api_article(article_id: int) -> dict[str, Any]:
        """One article with its sanitised body, attribution and the feeds that carried it."""
        with store.session() as session:
            detail = article_detail(session, article_id=article_id)
        if detail is None:
            raise HTTPException(404, "No such article")
        return detail.as_json()

    @app.get("/api/v1/feeds")
    def api_feeds() -> list[dict[str, Any]]:
        """The feeds' health: status, last fetch, last error, next poll."""
        with store.session() as session:
            return [row.as_json() for row in feed_health(session)]

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page(
            request, "error.html", exc.status_code, status=exc.status_code, message=exc.detail
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        in_path = any(error.get("loc", ("",))[0] == "path" for error in exc.errors())
        if in_path:
            return page(request, "error.html", 404, status=404, message="No such page")
        return page(request, "error.html", 400, status=400, message="That request made no sense")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "internal error"}, status_code=500)
        return page(request, "error.html", 500, status=500, message="Something went wrong")

    return app
