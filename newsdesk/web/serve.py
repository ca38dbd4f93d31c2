"""Run the site with uvicorn, polling due feeds in the background while it serves.

With SQLite one process owns the database, so the poller lives beside the web app; with
PostgreSQL and distributed workers, set NEWSDESK_POLL_EVERY_SECONDS=0 here and let the
workers poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import uvicorn
from fastapi import FastAPI

from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError
from newsdesk.store.engine import Store, open_store
from newsdesk.web.app import create_app

log = logging.getLogger(__name__)


async def poll_forever(settings: Settings, store: Store) -> None:
    """A fetch round, then analysis, every `poll_every_seconds`; a failure is logged, not fatal."""
    from newsdesk.analyze.pipeline import analyze_pending
    from newsdesk.ingest.rounds import fetch_round

    while True:
        try:
            await fetch_round(settings, store)
        except (NewsdeskError, OSError):
            log.exception("background fetch round failed")
        try:  # what the round stored is analysed before the next one
            await asyncio.to_thread(analyze_pending, settings, store)
        except (NewsdeskError, OSError):
            log.exception("background analysis failed")
        await asyncio.sleep(settings.poll_every_seconds)


def build_app(settings: Settings, store: Store | None = None) -> FastAPI:
    store = store or open_store(settings)
    app = create_app(settings, store)
    if settings.poll_every_seconds > 0:

        @contextlib.asynccontextmanager
        async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
            poller = asyncio.create_task(poll_forever(settings, store))
            try:
                yield
            finally:
                poller.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await poller

        app.router.lifespan_context = lifespan
    return app


def serve(settings: Settings, *, host: str, port: int) -> None:
    app = build_app(settings)
    print(f"serving newsdesk at http://{host}:{port}/", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
