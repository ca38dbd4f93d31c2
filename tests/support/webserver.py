"""The real site on a real socket: uvicorn in a thread, port 0."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from newsdesk.web.serve import build_app


@contextmanager
def running_site(settings: Settings, store: Store) -> Iterator[str]:
    """Serve the site for `store` (no background polling); yields its base URL."""
    with serving(build_app(settings.model_copy(update={"poll_every_seconds": 0}), store)) as base:
        yield base


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """Serve any ASGI app on a loopback port of its own; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
