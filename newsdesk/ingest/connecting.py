"""Open a host's new connections one at a time.

A burst of simultaneous connects to one host can overflow a small server's listen backlog
(Python's socketserver listens with a backlog of 5): the kernel then drops the surplus SYNs
and each of those connects waits for TCP's retransmit, a full second, before it even starts.
Serialising the connects to one host (host name and port, as the URL names them) costs one
handshake each, well under a millisecond nearby, and a host's other fetches still use the
connections already open. Connects to different hosts stay concurrent.

A connect that is slow (its SYN was dropped: TCP waits 1 s, then 3 s) must not hold the
host's other connects behind it until they all time out, so a connect waits for its turn at
most `PATIENCE` and then goes ahead, as it would have without this backend; the wait counts
against its connect timeout.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import anyio
import httpcore

# Far above a healthy connect (well under a millisecond nearby, a round trip far away), well
# below TCP's first SYN retransmit (1 s).
PATIENCE = 0.5


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
        waited = anyio.current_time()
        patience = PATIENCE if timeout is None else min(PATIENCE, timeout)
        held = False
        with anyio.move_on_after(patience):
            await lock.acquire()
            held = True
        try:
            left = None if timeout is None else max(0.0, timeout - (anyio.current_time() - waited))
            return await self._inner.connect_tcp(
                host,
                port,
                timeout=left,
                local_address=local_address,
                socket_options=socket_options,
            )
        finally:
            if held:
                lock.release()

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
