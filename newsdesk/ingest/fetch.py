"""Fetch one URL from the hostile internet, within limits, and say plainly what happened.

Everything that talks HTTP to the outside goes through `make_client` (the one client factory:
guarded transport, User-Agent, timeouts, no automatic redirects) and `fetch` (one GET with
conditional headers, redirects followed by hand, a size cap, a deadline). A 304 is a result;
every failure is a `newsdesk.errors.FetchError` subclass with a one-line message, never an
httpx exception, so the pipeline can record it on the feed and move on.

Bodies are decompressed here rather than by httpx: httpx inflates each network read in one go,
so a 64 KiB read of a gzip bomb becomes ~64 MiB in memory before anyone can count it. Our
decoders hand out at most `_PIECE` bytes at a time and the cap is checked after each piece.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from itertools import chain
from typing import Protocol

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

ACCEPT_ENCODING = "gzip, deflate, br"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_PIECE = 64 * 1024
_MAX_CODINGS = 3


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


def make_client(settings: Settings, *, resolver: Resolver | None = None) -> httpx.AsyncClient:
    """The project's one HTTP client: SSRF-guarded, identified, bounded, no auto-redirects.

    Proxies from the environment are ignored (``trust_env=False``): a proxy would connect on
    our behalf to addresses the guard never sees. Cookies are not kept between requests, so
    each fetch depends only on its URL and validators.
    """
    backend = GuardedBackend(settings.allowed_networks, resolver=resolver)
    limits = httpx.Limits(
        max_connections=None,  # callers bound concurrency (settings.fetch_concurrency)
        max_keepalive_connections=settings.fetch_concurrency,
        keepalive_expiry=30.0,
    )
    ssl_context = httpx.create_ssl_context(trust_env=False)
    transport = httpx.AsyncHTTPTransport(
        verify=ssl_context, http2=True, trust_env=False, limits=limits
    )
    # httpx 0.28 has no public hook for the network backend: swap in a pool that uses ours,
    # and fail loudly should a new httpx move the pool, rather than run unguarded.
    if not isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):
        raise RuntimeError("this httpx has no transport._pool; the address guard cannot be fitted")
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=True,
        network_backend=backend,
    )
    return httpx.AsyncClient(
        transport=transport,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(settings.total_timeout, connect=settings.connect_timeout),
        follow_redirects=False,
        cookies=_no_cookies(),
        trust_env=False,
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str | None = None,
) -> FetchResult:
    """GET ``url`` once (plus redirects) within ``settings.total_timeout``; never raises httpx."""
    headers = {"Accept": accept or "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    trail = _Trail(started=time.monotonic(), sent=(etag, last_modified))
    try:
        with anyio.fail_after(settings.total_timeout):
            response = await _follow(client, url, headers, settings.max_redirects, trail)
            try:
                return await _result(response, settings.max_body_bytes, trail)
            finally:
                await response.aclose()
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


async def _follow(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], most: int, trail: _Trail
) -> httpx.Response:
    """The first response that is not a redirect, still open, its body unread."""
    current = _checked_url(url, base=None)
    seen = {str(current)}
    while True:
        with _translated(str(current)):
            request = client.build_request("GET", current, headers=headers)
            response = await client.send(request, stream=True)
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
    decoder = _Chain([_Brotli() if coding == "br" else _Zlib(coding) for coding in codings])
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


class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def flush(self) -> Iterator[bytes]: ...


class _Zlib:
    """gzip (every member) or deflate (zlib-wrapped or raw, told apart by the first two bytes)."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding == "gzip"
        self._wbits = zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(self._wbits)
        self._head: bytes | None = None if self._gzip else b""

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._head is not None:
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return
            self._head = None
            if (data[0] & 0x0F) != 8 or (data[0] << 8 | data[1]) % 31:
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, no header
        while True:
            if self._inflate.eof:
                data = self._inflate.unused_data + data
                if not (self._gzip and data.startswith(b"\x1f\x8b")):
                    return  # trailing bytes after the stream: ignored, as browsers do
                self._inflate = zlib.decompressobj(self._wbits)
            out = self._inflate.decompress(data, _PIECE)
            data = self._inflate.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < _PIECE:
                return

    def flush(self) -> Iterator[bytes]:
        data, self._head = self._head or b"", None  # a one-byte deflate body: zlib judges it
        yield from self.feed(data)


class _Brotli:
    def __init__(self) -> None:
        self._inflate = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        out = self._inflate.process(data, output_buffer_limit=_PIECE)
        while out:
            yield out
            out = self._inflate.process(b"", output_buffer_limit=_PIECE)

    def flush(self) -> Iterator[bytes]:
        yield from ()


class _Chain:
    """Decoders applied in turn, lazily, so every stage stays bounded by `_PIECE`; none at all
    passes network reads through as they come (httpcore reads at most 64 KiB at a time)."""

    def __init__(self, decoders: Sequence[_Decoder]) -> None:
        self._decoders = decoders

    def feed(self, data: bytes) -> Iterator[bytes]:
        stream: Iterable[bytes] = (data,)
        for decoder in self._decoders:
            stream = _through(decoder, stream)
        return iter(stream)

    def flush(self) -> Iterator[bytes]:
        stream: Iterable[bytes] = ()
        for decoder in self._decoders:
            stream = chain(_through(decoder, stream), _flushed(decoder))
        return iter(stream)


def _through(decoder: _Decoder, stream: Iterable[bytes]) -> Iterator[bytes]:
    for data in stream:
        yield from decoder.feed(data)


def _flushed(decoder: _Decoder) -> Iterator[bytes]:
    yield from decoder.flush()  # a generator, so the flush waits until earlier output is out


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
