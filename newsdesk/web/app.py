"""The ASGI app: mounts the routers and answers every error in the site's own style."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk.api import community as community_api
from newsdesk.api import generate as api_generate
from newsdesk.api import v1
from newsdesk.config import Settings
from newsdesk.errors import CommunityError
from newsdesk.store.engine import Store
from newsdesk.web import (
    accounts,
    admin,
    ask,
    comments,
    images,
    moderation,
    pages,
    search,
    sources,
    topics,
)
from newsdesk.web.assets import HashedStaticFiles
from newsdesk.web.csrf import CSRFCookieMiddleware, csrf_token
from newsdesk.web.reader import ReaderMiddleware, community_error
from newsdesk.web.render import HERE, make_templates, render


def create_app(settings: Settings, store: Store) -> FastAPI:
    app = FastAPI(title="newsdesk", version="0.1.0", docs_url="/api/docs", redoc_url=None)
    app.state.settings = settings
    app.state.store = store
    static = HashedStaticFiles(directory=HERE / "static")
    app.state.templates = make_templates(static)
    app.state.templates.env.globals["csrf_token"] = csrf_token
    app.add_middleware(CSRFCookieMiddleware)
    app.mount("/static", static, name="static")
    app.include_router(pages.router)
    app.include_router(v1.router)
    app.include_router(images.router)
    app.include_router(api_generate.router)
    app.include_router(ask.router)
    app.include_router(search.router)
    app.include_router(sources.router)
    app.include_router(topics.router)
    app.include_router(admin.router)
    app.add_middleware(ReaderMiddleware)  # community: who is signed in; body cap on its routes
    app.include_router(accounts.router)
    app.include_router(comments.router)
    app.include_router(moderation.router)
    app.include_router(community_api.router)
    install_error_pages(app)
    app.add_exception_handler(CommunityError, community_error)
    return app


def install_error_pages(app: FastAPI) -> None:
    """JSON errors under /api/, the site's own error page elsewhere; never a traceback."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return render(
            request, "error.html", exc.status_code, status=exc.status_code, message=exc.detail
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        in_path = any(error.get("loc", ("",))[0] == "path" for error in exc.errors())
        if in_path:
            return render(request, "error.html", 404, status=404, message="No such page")
        return render(request, "error.html", 400, status=400, message="That request made no sense")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "internal error"}, status_code=500)
        return render(request, "error.html", 500, status=500, message="Something went wrong")
