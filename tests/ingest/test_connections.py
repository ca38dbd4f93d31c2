"""How fetches open and reuse connections: one connect at a time per host, dead idle
connections never reused (ingest/connecting.py, ingest/httppool.py)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import pytest

from newsdesk.config import Settings
from newsdesk.ingest.connecting import OneConnectPerHost
from newsdesk.ingest.fetch import FetchResult, fetch, make_client
from tests.support.httpserver import TestServer

LOCAL = Settings(
    allowed_networks=["127.0.0.1/32"], total_timeout=10, connect_timeout=5, per_host_delay_seconds=0
)


class _Counting(httpcore.AsyncNetworkBackend):
    """httpcore's own backend, noting how many connects per host are in progress at once."""

    def __init__(self, first_hold: float = 0.01) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._holds = [first_hold]  # the first connect takes this long, the others 0.01 s
        self.now: dict[str, int] = {}
        self.most: dict[str, int] = {}
        self.overlapped_hosts = False

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.now[host] = self.now.get(host, 0) + 1
        self.most[host] = max(self.most.get(host, 0), self.now[host])
        self.overlapped_hosts |= sum(1 for n in self.now.values() if n) > 1
        try:
            await asyncio.sleep(self._holds.pop() if self._holds else 0.01)  # a handshake
            return await self._inner.connect_tcp("127.0.0.1", port, timeout=timeout)
        finally:
            self.now[host] -= 1


def test_connects_to_one_host_are_one_at_a_time_and_hosts_overlap(
    http_server: TestServer,
) -> None:
    counting = _Counting()
    backend = OneConnectPerHost(counting)

    async def run() -> None:
        streams = await asyncio.gather(
            *(
                backend.connect_tcp(host, http_server.port, timeout=5)
                for host in ["a.test"] * 5 + ["b.test"] * 5
            )
        )
        for stream in streams:
            await stream.aclose()

    asyncio.run(run())

    assert counting.most == {"a.test": 1, "b.test": 1}
    assert counting.overlapped_hosts


def test_a_stuck_connect_does_not_hold_the_hosts_other_connects(
    http_server: TestServer,
) -> None:
    backend = OneConnectPerHost(_Counting(first_hold=30.0))

    async def run() -> bool:
        stuck = asyncio.ensure_future(backend.connect_tcp("a.test", http_server.port, timeout=60))
        await asyncio.sleep(0.05)  # it holds the host's turn now
        try:
            stream = await backend.connect_tcp("a.test", http_server.port, timeout=5)
            await stream.aclose()
            return stuck.done()
        finally:
            stuck.cancel()
            await asyncio.gather(stuck, return_exceptions=True)

    assert asyncio.run(run()) is False  # the second got through while the first hung


@pytest.fixture
def hanging_up_server() -> Iterator[tuple[int, list[int]]]:
    """Answers one request per connection, advertising keep-alive, then closes it unasked."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    connections: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            connections.append(1)
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], connections
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def test_an_idle_connection_the_server_closed_is_not_reused(
    hanging_up_server: tuple[int, list[int]],
) -> None:
    port, connections = hanging_up_server
    url = f"http://127.0.0.1:{port}/"

    async def run() -> list[FetchResult]:
        results = []
        async with make_client(LOCAL) as client:
            for _ in range(3):
                results.append(await fetch(client, url, settings=LOCAL))
                await asyncio.sleep(0.2)  # the server's FIN arrives meanwhile
        return results

    results = asyncio.run(run())

    assert [r.body for r in results] == [b"ok", b"ok", b"ok"]
    assert len(connections) == 3
