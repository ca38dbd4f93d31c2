"""Open a host's new connections one at a time.

A burst of simultaneous connects to one host can overflow a small server's listen backlog
(Python's socketserver listens with a backlog of 5): the kernel then drops the surplus SYNs
and each of those connects waits for TCP's retransmit, a full second, before it even starts.
Serialising the connects to one host (host name and port, as the URL names them) costs one
handshake each, well under a millisecond nearby, and a host's other fetches still use the
connections already open. Connects to different hosts stay concurrent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import anyio
import httpcore


class OneConnectPerHost(httpcore.AsyncNetworkBackend):
    """A network backend that lets at most one connect per (host, port) be in progress."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner
        self._opening: dict[tuple[str, int], anyio.Lock] = {}

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        lock = self._opening.setdefault((host, port), anyio.Lock())
        # Waiting for the host's previous connect is not part of this connect's timeout: with
        # many fetches queued on one slow host, counting it failed healthy feeds in a cascade.
        # The fetch's total timeout (fetch.py) still bounds the wait.
        async with lock:
            return await self._inner.connect_tcp(
                host,
                port,
                timeout=timeout,
                local_address=local_address,
                socket_options=socket_options,
            )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
