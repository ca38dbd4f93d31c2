"""Fetch one URL from the hostile internet, within limits, and say plainly what happened.

Everything that talks HTTP to the outside goes through `make_client` (the one client factory:
guarded transport, User-Agent, timeouts, no automatic redirects) and `fetch` (one GET with
conditional headers, redirects followed by hand, a size cap, a deadline). A 304 is a result;
every failure is a `newsdesk.errors.FetchError` subclass with a one-line message, never an
httpx exception, so the pipeline can record it on the feed and move on.

Each request takes a turn at its host (ingest/pacing.py: per-host concurrency and delay);
time spent waiting for a turn does not count against the fetch's deadline. A `gate` (robots.txt
for article pages) is asked before every request, redirects included.

Bodies are decompressed here rather than by httpx: httpx inflates each network read in one go,
so a 64 KiB read of a gzip bomb becomes ~64 MiB in memory before anyone can count it. Our
decoders (ingest/decoding.py) hand out at most `PIECE` bytes at a time and the cap is checked
after each piece.
"""

from __future__ import annotations

import functools
import math
import ssl
import time
import zlib
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from weakref import WeakKeyDictionary

import anyio
import brotli
import httpcore
import httpx

from newsdesk.config import Settings
from newsdesk.errors import (
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    TooLargeError,
    TooManyRedirectsError,
)
from newsdesk.ingest.addresses import GuardedBackend, Resolver
from newsdesk.ingest.connecting import OneConnectPerHost
from newsdesk.ingest.decoding import Brotli, Chain, Zlib
from newsdesk.ingest.httppool import LeanConnectionPool
from newsdesk.ingest.pacing import HostPacing, Turn

ACCEPT_ENCODING = "gzip, deflate, br"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_MAX_CODINGS = 3
_PACING: WeakKeyDictionary[httpx.AsyncClient, HostPacing] = WeakKeyDictionary()

# Called with each URL about to be requested; raises a FetchError to refuse it.
Gate = Callable[[httpx.URL], Awaitable[None]]


@dataclass(frozen=True)
class FetchResult:
    """What one fetch produced; validators and freshness are ready to store on the feed."""

    url: str  # final URL, after redirects
    status: int
    not_modified: bool  # a 304: keep what you have
    body: bytes  # decoded (decompressed); b"" on 304
    content_type: str | None  # media type only, lower case, e.g. "application/rss+xml"
    charset: str | None  # charset parameter of Content-Type, lower case
    etag: str | None  # from the response, else the one we sent (so it can always be stored)
    last_modified: str | None  # likewise
    max_age: int | None  # Cache-Control max-age in seconds (0 for no-cache/no-store)
    expires: datetime | None  # Expires header, aware UTC
    retry_after: float | None  # Retry-After in seconds, if a successful response sent one
    elapsed: float  # seconds for the whole fetch, redirects included
    redirects: list[str] = field(default_factory=list)  # URLs that answered with a redirect
    moved_permanently: bool = False  # every redirect was 301/308: the caller may update its URL


def make_client(
    settings: Settings, *, resolver: Resolver | None = None, polite: bool = True
) -> httpx.AsyncClient:
    """The project's one HTTP client: SSRF-guarded, identified, bounded, no auto-redirects.

    Proxies from the environment are ignored (``trust_env=False``): a proxy would connect on
    our behalf to addresses the guard never sees. Cookies are not kept between requests, so
    each fetch depends only on its URL and validators. ``polite`` paces fetches per host
    (settings.per_host_*); the image proxy turns it off, its fetches being a reader's own.
    """
    backend = OneConnectPerHost(GuardedBackend(settings.allowed_networks, resolver=resolver))
    limits = httpx.Limits(
        max_connections=None,  # callers bound concurrency (settings.fetch_concurrency)
        max_keepalive_connections=settings.fetch_concurrency,
        keepalive_expiry=30.0,
    )
    ssl_context = _ssl_context()
    transport = httpx.AsyncHTTPTransport(
        verify=ssl_context, http2=True, trust_env=False, limits=limits
    )
    # httpx 0.28 has no public hook for the network backend: swap in a pool that uses ours
    # (httppool.py: httpcore's, with linear bookkeeping), and fail loudly should a new httpx
    # move the pool, rather than run unguarded.
    if not isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):
        raise RuntimeError("this httpx has no transport._pool; the address guard cannot be fitted")
    transport._pool = LeanConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=True,
        network_backend=backend,
    )
    client = httpx.AsyncClient(
        transport=transport,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(settings.total_timeout, connect=settings.connect_timeout),
        follow_redirects=False,
        cookies=_no_cookies(),
        trust_env=False,
    )
    if polite:
        _PACING[client] = HostPacing(
            concurrency=settings.per_host_concurrency, delay=settings.per_host_delay_seconds
        )
    return client


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Built once per process: loading the CA bundle costs ~50 ms of CPU, and every round
    makes a client. Contexts are safe to share between clients and event loops."""
    return httpx.create_ssl_context(trust_env=False)


def pacing_of(client: httpx.AsyncClient) -> HostPacing | None:
    """The per-host pacing of a client from `make_client` (None when built with polite=False)."""
    return _PACING.get(client)


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str | None = None,
    gate: Gate | None = None,
) -> FetchResult:
    """GET ``url`` once (plus redirects) within ``settings.total_timeout``; never raises httpx.

    The deadline counts time on the network, not time spent waiting for the host's turn or
    in the gate (which may fetch robots.txt, under its own deadline).
    """
    headers = {"Accept": accept or "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    trail = _Trail(started=time.monotonic(), sent=(etag, last_modified))
    hop = _Hop(client, pacing_of(client), gate)
    try:
        with anyio.fail_after(settings.total_timeout) as scope:
            hop.scope = scope
            try:
                response = await _follow(hop, url, headers, settings.max_redirects, trail)
                try:
                    return await _result(response, settings.max_body_bytes, trail)
                finally:
                    await response.aclose()
            finally:
                hop.release()
    except TimeoutError:
        raise FetchTimeoutError(
            f"fetching {_short(url)} took longer than {settings.total_timeout:g} s"
        ) from None


@dataclass
class _Trail:
    """What one fetch has been through so far."""

    started: float
    sent: tuple[str | None, str | None]  # the validators we sent: etag, last_modified
    redirects: list[str] = field(default_factory=list)
    permanent: bool = True


@dataclass
class _Hop:
    """What each request of one fetch passes through: the gate, then a turn at its host."""

    client: httpx.AsyncClient
    pacing: HostPacing | None
    gate: Gate | None
    scope: anyio.CancelScope | None = None
    turn: Turn | None = None

    async def send(self, url: httpx.URL, headers: dict[str, str]) -> httpx.Response:
        self.release()
        with self._deadline_paused():
            if self.gate is not None:
                await self.gate(url)
            if self.pacing is not None:
                self.turn = await self.pacing.take_turn(str(url))
        with _translated(str(url)):
            request = self.client.build_request("GET", url, headers=headers)
            return await self.client.send(request, stream=True)

    @contextmanager
    def _deadline_paused(self) -> Iterator[None]:
        """Waiting for a turn (or robots.txt, fetched under its own deadline) is not the
        server's slowness: the fetch's clock stops meanwhile."""
        if self.scope is None:
            yield
            return
        remaining = self.scope.deadline - anyio.current_time()
        self.scope.deadline = math.inf
        try:
            yield
        finally:
            self.scope.deadline = anyio.current_time() + remaining

    def release(self) -> None:
        if self.turn is not None:
            self.turn.release()
            self.turn = None


async def _follow(
    hop: _Hop, url: str, headers: dict[str, str], most: int, trail: _Trail
) -> httpx.Response:
    """The first response that is not a redirect, still open, its body unread."""
    current = _checked_url(url, base=None)
    seen = {str(current)}
    while True:
        response = await hop.send(current, headers)
        if response.status_code not in _REDIRECTS:
            return response
        await response.aclose()
        location = response.headers.get("location")
        if not location:
            raise FetchError(f"{_short(current)} answered {response.status_code} without Location")
        target = _checked_url(location, base=current)
        trail.redirects.append(str(current))
        trail.permanent = trail.permanent and response.status_code in _PERMANENT
        if str(target) in seen:
            raise TooManyRedirectsError(
                f"redirect loop: {_short(current)} leads back to {_short(target)}"
            )
        if len(trail.redirects) > most:
            raise TooManyRedirectsError(f"more than {most} redirects starting at {_short(url)}")
        seen.add(str(target))
        current = target


async def _result(response: httpx.Response, cap: int, trail: _Trail) -> FetchResult:
    url, status, headers = str(response.request.url), response.status_code, response.headers
    retry_after = _retry_after(headers.get("retry-after"))
    if status != 304 and not 200 <= status < 300:
        raise HTTPStatusError(
            f"{_short(url)} answered HTTP {status} {response.reason_phrase}".rstrip(),
            status_code=status,
            retry_after=retry_after,
        )
    return FetchResult(
        url=url,
        status=status,
        not_modified=status == 304,
        body=await _read_body(response, url, cap) if status != 304 else await _end(response, url),
        content_type=_media_type(headers.get("content-type")),
        charset=response.charset_encoding,
        etag=headers.get("etag") or trail.sent[0],
        last_modified=headers.get("last-modified") or trail.sent[1],
        max_age=_max_age(headers.get("cache-control")),
        expires=_http_date(headers.get("expires")),
        retry_after=retry_after,
        elapsed=time.monotonic() - trail.started,
        redirects=trail.redirects,
        moved_permanently=trail.permanent and bool(trail.redirects),
    )


async def _end(response: httpx.Response, url: str) -> bytes:
    """Read a 304 to its end (it has no body): closed unread, its connection is not reused,
    and a re-poll of many feeds on one host then pays a new connection for every feed."""
    with _translated(url):
        async for _ in response.aiter_raw():
            pass
    return b""


async def _read_body(response: httpx.Response, url: str, cap: int) -> bytes:
    codings = _codings(response.headers.get("content-encoding", ""))
    declared = response.headers.get("content-length", "")
    if not codings and declared.isdigit() and int(declared) > cap:
        raise TooLargeError(f"{_short(url)} is {int(declared)} bytes, over the {cap}-byte cap")
    decoder = Chain([Brotli() if coding == "br" else Zlib(coding) for coding in codings])
    body = bytearray()
    try:
        with _translated(url):
            async for chunk in response.aiter_raw():
                _take(body, decoder.feed(chunk), cap, url)
            _take(body, decoder.flush(), cap, url)
    except (zlib.error, brotli.error) as exc:
        raise FetchError(f"{_short(url)} sent a body that does not decompress: {exc}") from None
    return bytes(body)


def _take(body: bytearray, pieces: Iterator[bytes], cap: int, url: str) -> None:
    for piece in pieces:
        if len(body) + len(piece) > cap:
            raise TooLargeError(
                f"{_short(url)} gave more than {cap} bytes (after decompression); stopped"
            )
        body += piece


def _codings(header: str) -> list[str]:
    """Content codings to undo, outermost first; unknown ones are passed through, as httpx does."""
    names = [part.strip().lower() for part in header.split(",")]
    known = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate", "br": "br"}
    codings = [known[name] for name in reversed(names) if name in known]
    if len(codings) > _MAX_CODINGS:
        raise FetchError(f"refused a body wrapped in {len(codings)} content codings")
    return codings


def _checked_url(value: str, *, base: httpx.URL | None) -> httpx.URL:
    """An absolute http(s) URL without fragment, or a FetchError saying what is wrong."""
    try:
        url = httpx.URL(value) if base is None else base.join(value)
        host = url.host  # decodes IDNA, so a malformed xn-- label fails here
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise FetchError(f"bad URL {_short(value)}: {_one_line(exc)}") from None
    if url.scheme not in ("http", "https"):
        raise FetchError(
            f"refused URL {_short(value)}: scheme {url.scheme or 'missing'!r}, "
            "only http and https are fetched"
        )
    if not host:
        raise FetchError(f"refused URL {_short(value)}: it names no host")
    return url.copy_with(fragment=None)


@contextmanager
def _translated(url: str) -> Iterator[None]:
    """httpx's exceptions turned into ours, with the URL and a one-line reason."""
    try:
        yield
    except httpx.ConnectTimeout:
        raise FetchTimeoutError(f"connecting for {_short(url)} timed out") from None
    except httpx.TimeoutException as exc:
        raise FetchTimeoutError(f"{_short(url)}: {_one_line(exc)} (timed out)") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect for {_short(url)}: {_one_line(exc)}") from None
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:  # ValueError: IDNA & co.
        raise FetchError(f"fetching {_short(url)} failed: {_one_line(exc)}") from None


def _media_type(content_type: str | None) -> str | None:
    media = (content_type or "").split(";")[0].strip().lower()
    return media or None


def _max_age(cache_control: str | None) -> int | None:
    directives: dict[str, str] = {}
    for part in (cache_control or "").split(","):
        name, _, argument = part.partition("=")
        directives[name.strip().lower()] = argument.strip().strip('"')
    if directives.get("no-store") == "" or directives.get("no-cache") == "":
        return 0
    value = directives.get("max-age", "")
    return min(int(value), 2**31 - 1) if value.isdigit() else None


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: either delta-seconds or an HTTP-date."""
    value = (value or "").strip()
    if value.isdigit():
        return float(min(int(value), 2**31 - 1))
    when = _http_date(value)
    if when is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _http_date(value: str | None) -> datetime | None:
    try:
        when = parsedate_to_datetime(value or "")
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _no_cookies() -> CookieJar:
    """A jar that accepts no cookie (passed as a jar: httpx.Cookies would copy it, policy lost)."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def _short(url: str | httpx.URL) -> str:
    """A URL fit for a one-line message: no line breaks, not endless."""
    text = " ".join(str(url).split())
    return text if len(text) <= 200 else text[:197] + "..."


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__
