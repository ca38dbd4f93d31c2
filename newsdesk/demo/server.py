"""A small static file server for the demo site, behaving like a well-run publisher's server.

The pipeline's fetcher should meet what it meets in the wild: proper feed media types,
validators it can send back (ETag, Last-Modified) and 304s when nothing changed, gzip when
asked for. It must also be safe to leave running: files outside the root, hidden files and
directory listings are never served, whatever the encoding of the path.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import socket
import socketserver
import threading
from datetime import UTC
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

from newsdesk.errors import UserError

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json",
    ".xml": "application/xml; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
_COMPRESSIBLE = ("text/", "application/rss+xml", "application/atom+xml", "application/feed+json")
_MIN_GZIP_BYTES = 256


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a client's idle keep-alive connection must not hang close()

    def __init__(self, address: tuple[str, int], root: Path, family: socket.AddressFamily):
        self.address_family = family
        self.root = root
        super().__init__(address, _StaticHandler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse-DNS lookup of the host, which can stall offline."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)


class _StaticHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "newsdesk-demo"
    sys_version = ""
    timeout = 30  # seconds an idle keep-alive connection is kept
    disable_nagle_algorithm = True  # headers and body go out as separate writes

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _serve(self, *, with_body: bool) -> None:
        target = resolve_request_path(self.server.root, self.path)
        if target is None:
            self._not_found(with_body=with_body)
            return
        try:
            body = target.read_bytes()
            modified = int(target.stat().st_mtime)
        except OSError:
            self._not_found(with_body=with_body)
            return
        content_type = CONTENT_TYPES.get(target.suffix.lower(), "application/octet-stream")
        use_gzip = (
            content_type.startswith(_COMPRESSIBLE)
            and len(body) >= _MIN_GZIP_BYTES
            and accepts_gzip(self.headers.get("Accept-Encoding", ""))
        )
        digest = hashlib.sha256(body).hexdigest()[:24]
        etag = f'"{digest}-gzip"' if use_gzip else f'"{digest}"'
        headers = {
            "ETag": etag,
            "Last-Modified": formatdate(modified, usegmt=True),
            "Cache-Control": "max-age=60",
            "Vary": "Accept-Encoding",
        }
        if self._not_modified(digest, modified):
            self._send(HTTPStatus.NOT_MODIFIED, headers, b"", with_body=False)
            return
        if use_gzip:
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        headers["Content-Type"] = content_type
        self._send(HTTPStatus.OK, headers, body, with_body=with_body)

    def _not_modified(self, digest: str, modified: int) -> bool:
        """RFC 9110: If-None-Match wins over If-Modified-Since when both are sent."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag_matches(if_none_match, digest)
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return modified <= when.timestamp()

    def _not_found(self, *, with_body: bool) -> None:
        body = b"Not found\n"
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        self._send(HTTPStatus.NOT_FOUND, headers, body, with_body=with_body)

    def _send(
        self, status: HTTPStatus, headers: dict[str, str], body: bytes, *, with_body: bool
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body and body:
            self.wfile.write(body)


def resolve_request_path(root: Path, request_target: str) -> Path | None:
    """The file a request names inside `root`, or None: never outside, never hidden, never a dir.

    `root` must already be resolved. The path is percent-decoded once (as the request means
    it), then any `..`, `.`, hidden segment, NUL or backslash refuses the request outright,
    and the resolved file (symlinks followed) must still lie under root.
    """
    try:
        decoded = unquote(urlsplit(request_target).path, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part]
    if any(part.startswith(".") for part in parts):
        return None
    try:
        target = root.joinpath(*parts).resolve(strict=True)
        if target.is_dir():
            target = (target / "index.html").resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (an explicit q=0 refuses it)."""
    wildcard: bool | None = None
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        name = name.strip().lower()
        allowed = _q_value(params) > 0
        if name in ("gzip", "x-gzip"):
            return allowed
        if name == "*":
            wildcard = allowed
    return bool(wildcard)


def _q_value(params: str) -> float:
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def etag_matches(if_none_match: str, digest: str) -> bool:
    """Weak comparison, so the gzip and identity variants of one file validate each other."""
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*":
            return True
        tag = tag.removeprefix("W/").strip('"').removesuffix("-gzip")
        if tag == digest:
            return True
    return False


class DemoServer:
    """A running demo server; close it (or use `with`) to stop it."""

    def __init__(self, httpd: _Server, thread: threading.Thread) -> None:
        self._httpd = httpd
        self._thread = thread
        host = httpd.server_name
        shown = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{shown}:{httpd.server_port}"
        self.root = httpd.root

    def url(self, path: str) -> str:
        """Absolute URL of a root-relative path ("/opml.xml")."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def join(self, timeout: float | None = None) -> None:
        """Block until the server stops: how the CLI serves in the foreground."""
        self._thread.join(timeout)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def serve_directory(root: Path, *, host: str = "127.0.0.1", port: int = 0) -> DemoServer:
    """Serve `root` over HTTP from a background thread; port 0 picks a free port."""
    if not root.is_dir():
        raise UserError(f"cannot serve {root}: not a directory")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        httpd = _Server((host, port), root.resolve(), family)
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    name = f"demo-server-{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, name=name, daemon=True)
    thread.start()
    return DemoServer(httpd, thread)
