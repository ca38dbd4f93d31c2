"""A real HTTP/1.1 server on loopback for the tests: routes, files, redirects, drips, a log.

Tests talk to it over real sockets, so the whole client stack (guard, pool, decoding) runs as
in production. Each server binds port 0 in its own thread, so tests run in parallel under
xdist. Use the fixtures:

    def test_x(http_server):
        http_server.route("/feed", static(body, content_type="application/rss+xml", etag='"1"'))
        url = http_server.url("/feed")
        ...
        assert http_server.requests_to("/feed")[0].headers["if-none-match"] == '"1"'

A route is a `Response` (served every time) or a function of the `RecordedRequest` that
returns one (for conditional GETs, sequences, anything stateful). Unknown paths get 404.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import socket
import sys
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest


@dataclass(frozen=True)
class Response:
    """What the server sends. ``delay`` waits before the status line; ``drip`` waits between
    body chunks of ``chunk_size`` bytes; ``send_length=False`` omits Content-Length and ends
    the body by closing the connection."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] | Sequence[tuple[str, str]] = ()
    delay: float = 0.0
    drip: float = 0.0
    chunk_size: int = 64 * 1024
    send_length: bool = True

    def header_items(self) -> list[tuple[str, str]]:
        items = self.headers.items() if isinstance(self.headers, Mapping) else self.headers
        return list(items)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it; header names are lower case."""

    method: str
    path: str  # the request target as sent: path and query
    headers: Mapping[str, str]
    body: bytes
    client: tuple[str, int]

    @property
    def route(self) -> str:
        return self.path.split("?", 1)[0]


Handler = Callable[[RecordedRequest], Response]
Route = Response | Handler


def redirect(
    location: str, status: int = 302, *, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(status=status, headers={"Location": location, **(headers or {})})


def compress(body: bytes, coding: str) -> bytes:
    """``body`` in a content coding: gzip, deflate (zlib-wrapped), raw-deflate or br."""
    if coding == "gzip":
        return gzip.compress(body)
    if coding == "deflate":
        return zlib.compress(body)
    if coding == "raw-deflate":
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return packer.compress(body) + packer.flush()
    if coding == "br":
        return bytes(brotli.compress(body))
    raise ValueError(f"unknown coding {coding}")


def compressed(body: bytes, coding: str, *, content_type: str = "text/plain") -> Response:
    """A response whose body is sent in ``coding`` (raw-deflate is labelled deflate)."""
    label = "deflate" if coding == "raw-deflate" else coding
    headers = {"Content-Type": content_type, "Content-Encoding": label}
    return Response(body=compress(body, coding), headers=headers)


def static(
    body: bytes,
    *,
    content_type: str = "application/octet-stream",
    etag: str | None = None,
    last_modified: datetime | None = None,
    headers: Mapping[str, str] | None = None,
) -> Handler:
    """A resource that honours If-None-Match and If-Modified-Since with 304, as servers do."""
    validators: dict[str, str] = {}
    if etag is not None:
        validators["ETag"] = etag
    if last_modified is not None:
        validators["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
    full = {"Content-Type": content_type, **validators, **(headers or {})}

    def handle(request: RecordedRequest) -> Response:
        if _not_modified(request, etag, last_modified):
            return Response(status=304, headers={**validators, **(headers or {})})
        return Response(body=body, headers=full)

    return handle


def sequence(*responses: Response) -> Handler:
    """Each request gets the next response; the last one repeats."""
    served = iter(responses)
    lock = threading.Lock()

    def handle(request: RecordedRequest) -> Response:
        with lock:
            return next(served, responses[-1])

    return handle


def _not_modified(request: RecordedRequest, etag: str | None, modified: datetime | None) -> bool:
    if "if-none-match" in request.headers:
        wanted = [
            tag.strip().removeprefix("W/") for tag in request.headers["if-none-match"].split(",")
        ]
        return etag is not None and ("*" in wanted or etag.removeprefix("W/") in wanted)
    since = request.headers.get("if-modified-since")
    if since is None or modified is None:
        return False
    try:
        return modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class TestServer:
    """A threaded HTTP/1.1 server on ``host`` (127.0.0.1 unless told); port 0 lets the OS pick."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._routes: dict[str, Route] = {}
        self._directories: list[tuple[str, Path]] = []
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd = _HTTPServer((host, port), _RequestHandler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, route: Route) -> None:
        """Serve ``route`` at ``path`` (the query string is ignored when matching)."""
        with self._lock:
            self._routes[path] = route

    def serve_directory(self, prefix: str, directory: Path) -> None:
        """Serve files under ``directory`` at ``prefix``, with ETag, Last-Modified and 304s."""
        with self._lock:
            self._directories.append((prefix.rstrip("/") + "/", directory.resolve()))

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.route == path]

    def start(self) -> TestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # wakes handlers that are sleeping in a delay or a drip
        if self._thread.is_alive():
            self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _respond(self, request: RecordedRequest) -> Response:
        with self._lock:
            self._requests.append(request)
            route = self._routes.get(request.route)
            directories = list(self._directories)
        if route is None:
            route = _file_route(request.route, directories)
        if route is None:
            return Response(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
        return route if isinstance(route, Response) else route(request)


def _file_route(path: str, directories: list[tuple[str, Path]]) -> Handler | None:
    for prefix, directory in directories:
        if not path.startswith(prefix):
            continue
        candidate = (directory / path[len(prefix) :]).resolve()
        if candidate.is_file() and candidate.is_relative_to(directory):
            data = candidate.read_bytes()
            return static(
                data,
                content_type=mimetypes.guess_type(candidate.name)[0] or "application/octet-stream",
                etag='"' + hashlib.sha256(data).hexdigest()[:16] + '"',
                last_modified=datetime.fromtimestamp(int(candidate.stat().st_mtime), UTC),
            )
    return None


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: TestServer

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up is normal
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # idle keep-alive connections end on their own
    server: _HTTPServer

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean; the request log is on the server

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        request = RecordedRequest(
            method=self.command,
            path=self.path,
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
            client=(str(self.client_address[0]), int(self.client_address[1])),
        )
        owner = self.server.owner
        response = owner._respond(request)
        if response.delay and owner.stopping.wait(response.delay):
            return
        try:
            self._send(response, owner.stopping)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client hung up: that is its right

    def _send(self, response: Response, stopping: threading.Event) -> None:
        self.send_response(response.status)
        for name, value in response.header_items():
            self.send_header(name, value)
        if response.send_length:
            self.send_header("Content-Length", str(len(response.body)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD" or response.status in (204, 304):
            return
        body = response.body
        for start in range(0, len(body), max(response.chunk_size, 1)):
            if start and response.drip and stopping.wait(response.drip):
                self.close_connection = True
                return
            self.wfile.write(body[start : start + response.chunk_size])
            self.wfile.flush()


@contextmanager
def unaccepting_port(host: str = "127.0.0.1") -> Iterator[int]:
    """A port whose connect never completes: its accept queue is full and never drained.

    Linux drops further SYNs while a listener's queue is full, so a client waits until its own
    connect timeout; the way to provoke a connect timeout without leaving loopback.
    """
    with socket.socket() as listener, socket.socket() as filler:
        listener.bind((host, 0))
        listener.listen(0)
        filler.connect(listener.getsockname())
        yield int(listener.getsockname()[1])


@pytest.fixture
def http_server() -> Iterator[TestServer]:
    """A running server on 127.0.0.1."""
    with TestServer() as server:
        yield server


@pytest.fixture
def http_server_factory() -> Iterator[Callable[..., TestServer]]:
    """Start more servers (``factory(host="127.0.0.2")``); all are stopped after the test."""
    started: list[TestServer] = []

    def start(host: str = "127.0.0.1", port: int = 0) -> TestServer:
        server = TestServer(host, port).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


__all__ = [
    "RecordedRequest",
    "Response",
    "Route",
    "TestServer",
    "compress",
    "compressed",
    "redirect",
    "sequence",
    "static",
    "unaccepting_port",
]
