"""fetch() against real servers on loopback: caching, decoding, limits, redirects, the guard."""

from __future__ import annotations

import asyncio
import functools
import re
import socket
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import brotli
import pytest

from newsdesk.config import Settings
from newsdesk.errors import (
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    TooLargeError,
    TooManyRedirectsError,
)
from newsdesk.ingest.fetch import FetchResult, fetch, make_client
from tests.support.httpserver import (
    Response,
    TestServer,
    compress,
    compressed,
    redirect,
    sequence,
    static,
    unaccepting_port,
)

LOCAL = Settings(allowed_networks=["127.0.0.1/32"], total_timeout=10, connect_timeout=5)
TEXT = ("All the news that fits, and then some. " * 4000).encode()  # 156 kB: many pieces


def get(
    url: str,
    settings: Settings = LOCAL,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str | None = None,
) -> FetchResult:
    async def run() -> FetchResult:
        async with make_client(settings) as client:
            return await fetch(
                client,
                url,
                settings=settings,
                etag=etag,
                last_modified=last_modified,
                accept=accept,
            )

    return asyncio.run(run())


# -- caching ---------------------------------------------------------------------------------

MODIFIED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


MODIFIED_TEXT = format_datetime(MODIFIED, usegmt=True)


@pytest.mark.parametrize(
    ("etag", "last_modified", "header", "sent"),
    [
        ('"v1"', None, "if-none-match", '"v1"'),
        (None, MODIFIED_TEXT, "if-modified-since", MODIFIED_TEXT),
    ],
    ids=["etag", "last-modified"],
)
def test_conditional_get_gives_not_modified_result(
    http_server: TestServer, etag: str | None, last_modified: str | None, header: str, sent: str
) -> None:
    http_server.route("/feed", static(b"<rss/>", etag='"v1"', last_modified=MODIFIED))

    result = get(http_server.url("/feed"), etag=etag, last_modified=last_modified)

    assert (result.status, result.not_modified, result.body) == (304, True, b"")
    assert http_server.requests_to("/feed")[0].headers[header] == sent
    assert result.etag == '"v1"'


def test_validators_from_one_fetch_make_the_next_one_a_304(
    http_server: TestServer, tmp_path: Path
) -> None:
    (tmp_path / "feed.xml").write_bytes(b"<rss version='2.0'/>")
    http_server.serve_directory("/files", tmp_path)
    url = http_server.url("/files/feed.xml")

    first = get(url)
    second = get(url, etag=first.etag, last_modified=first.last_modified)

    assert (first.status, first.body) == (200, b"<rss version='2.0'/>")
    assert first.etag and first.last_modified
    assert (second.status, second.not_modified, second.etag) == (304, True, first.etag)


def test_first_fetch_reports_validators_type_and_freshness(http_server: TestServer) -> None:
    expires = datetime(2030, 1, 1, tzinfo=UTC)
    http_server.route(
        "/feed",
        static(
            b"<rss/>",
            content_type="Application/RSS+XML; charset=ISO-8859-1",
            etag='"v2"',
            last_modified=MODIFIED,
            headers={"Cache-Control": "public, max-age=600", "Expires": format_datetime(expires)},
        ),
    )

    result = get(http_server.url("/feed"))

    assert (result.status, result.not_modified, result.body) == (200, False, b"<rss/>")
    assert (result.content_type, result.charset) == ("application/rss+xml", "iso-8859-1")
    assert result.etag == '"v2"'
    assert result.last_modified == "Wed, 01 May 2024 12:00:00 GMT"
    assert (result.max_age, result.expires) == (600, expires)
    assert result.redirects == []


@pytest.mark.parametrize(
    ("cache_control", "max_age"),
    [("max-age=60", 60), ('max-age="90"', 90), ("no-cache", 0), ("no-store", 0), ("public", None)],
    ids=["plain", "quoted", "no-cache", "no-store", "none"],
)
def test_max_age_comes_from_cache_control(
    http_server: TestServer, cache_control: str, max_age: int | None
) -> None:
    http_server.route("/", Response(body=b"x", headers={"Cache-Control": cache_control}))

    assert get(http_server.url("/")).max_age == max_age


# -- bodies ----------------------------------------------------------------------------------


def _encoded(body: bytes, label: str, chunk_size: int = 64 * 1024) -> Response:
    return Response(body=body, headers={"Content-Encoding": label}, chunk_size=chunk_size)


DECODED = {
    "gzip": compressed(TEXT, "gzip"),
    "deflate": compressed(TEXT, "deflate"),
    "raw-deflate": compressed(TEXT, "raw-deflate"),
    "br": compressed(TEXT, "br"),
    "gzip-two-members": _encoded(
        compress(TEXT[:1000], "gzip") + compress(TEXT[1000:], "gzip"), "gzip"
    ),
    "gzip-then-br": _encoded(compress(compress(TEXT, "gzip"), "br"), "gzip, br"),
    "x-gzip": _encoded(compress(TEXT, "gzip"), "x-gzip"),
    "deflate-byte-by-byte": _encoded(compress(TEXT, "deflate"), "deflate", chunk_size=1),
    "identity": _encoded(TEXT, "identity"),
    "no-length": Response(body=TEXT, send_length=False),
}


@pytest.mark.parametrize("route", DECODED.values(), ids=DECODED.keys())
def test_bodies_are_decoded(http_server: TestServer, route: Response) -> None:
    http_server.route("/page", route)

    assert get(http_server.url("/page")).body == TEXT


def test_corrupt_compressed_body_is_a_fetch_error(http_server: TestServer) -> None:
    http_server.route("/", Response(body=b"not gzip at all", headers={"Content-Encoding": "gzip"}))

    with pytest.raises(FetchError, match="does not decompress"):
        get(http_server.url("/"))


@functools.cache
def _zeros_packed(coding: str) -> bytes:
    """100 MB of zeros in ~100 kB (gzip, deflate) or ~200 bytes (br): a decompression bomb."""
    block = bytes(1 << 20)
    if coding == "br":
        squeezer = brotli.Compressor(quality=5)
        return b"".join([*(squeezer.process(block) for _ in range(100)), squeezer.finish()])
    packer = zlib.compressobj(9, zlib.DEFLATED, 31 if coding == "gzip" else 15)
    return b"".join([*(packer.compress(block) for _ in range(100)), packer.flush()])


CAPPED = Settings(allowed_networks=["127.0.0.1/32"], max_body_bytes=1_000_000, total_timeout=10)


OVER_CAP = {
    "declared-length": (None, True),
    "undeclared-length": (None, False),
    "gzip-bomb": ("gzip", True),
    "deflate-bomb": ("deflate", True),
    "brotli-bomb": ("br", True),
}


@pytest.mark.parametrize(("coding", "send_length"), OVER_CAP.values(), ids=OVER_CAP.keys())
def test_body_over_the_cap_is_refused(
    http_server: TestServer, coding: str | None, send_length: bool
) -> None:
    if coding is None:
        route = Response(body=bytes(2_000_000), send_length=send_length)
    else:
        route = Response(body=_zeros_packed(coding), headers={"Content-Encoding": coding})
    http_server.route("/big", route)

    with pytest.raises(TooLargeError, match="1000000"):
        get(http_server.url("/big"), CAPPED)


def test_body_exactly_at_the_cap_is_accepted(http_server: TestServer) -> None:
    http_server.route("/", compressed(bytes(1_000_000), "gzip"))

    assert len(get(http_server.url("/"), CAPPED).body) == 1_000_000


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_bomb_is_stopped_before_it_fills_memory(http_server: TestServer, coding: str) -> None:
    # Inflating whole network reads, as httpx does, peaks at 64 MB (gzip) or 100 MB (br) here.
    http_server.route(
        "/bomb", Response(body=_zeros_packed(coding), headers={"Content-Encoding": coding})
    )
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError):
            get(http_server.url("/bomb"), CAPPED)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 16_000_000


# -- redirects -------------------------------------------------------------------------------


def _chain(server: TestServer, hops: int, status: int = 302) -> str:
    for hop in range(hops):
        server.route(f"/hop{hop}", redirect(f"/hop{hop + 1}", status))
    server.route(f"/hop{hops}", Response(body=b"arrived"))
    return server.url("/hop0")


def test_five_redirects_are_followed(http_server: TestServer) -> None:
    result = get(_chain(http_server, 5))

    assert (result.body, result.url) == (b"arrived", http_server.url("/hop5"))
    assert result.redirects == [http_server.url(f"/hop{hop}") for hop in range(5)]


def test_sixth_redirect_is_refused(http_server: TestServer) -> None:
    with pytest.raises(TooManyRedirectsError, match="more than 5"):
        get(_chain(http_server, 6))

    assert http_server.requests_to("/hop6") == []


def test_redirect_loop_is_refused(http_server: TestServer) -> None:
    http_server.route("/a", redirect("/b"))
    http_server.route("/b", redirect(http_server.url("/a")))

    with pytest.raises(TooManyRedirectsError, match="loop"):
        get(http_server.url("/a"))


@pytest.mark.parametrize(
    ("statuses", "permanent"),
    [((301, 308), True), ((301, 302), False), ((307,), False)],
    ids=["all-permanent", "one-temporary", "temporary"],
)
def test_permanent_moves_are_reported(
    http_server: TestServer, statuses: tuple[int, ...], permanent: bool
) -> None:
    for hop, status in enumerate(statuses):
        http_server.route(f"/m{hop}", redirect(f"/m{hop + 1}", status))
    http_server.route(f"/m{len(statuses)}", Response(body=b"here"))

    assert get(http_server.url("/m0")).moved_permanently is permanent


def test_redirect_without_location_is_a_fetch_error(http_server: TestServer) -> None:
    http_server.route("/", Response(status=302))

    with pytest.raises(FetchError, match="without Location"):
        get(http_server.url("/"))


# -- timeouts --------------------------------------------------------------------------------


def test_connect_timeout_is_reported() -> None:
    settings = Settings(allowed_networks=["127.0.0.1/32"], connect_timeout=0.3, total_timeout=20)

    with unaccepting_port() as port, pytest.raises(FetchTimeoutError, match="connecting"):
        get(f"http://127.0.0.1:{port}/", settings)


@pytest.mark.parametrize(
    "route",
    [
        Response(body=b"x" * 100, drip=0.2, chunk_size=1),
        Response(body=b"late", delay=30),
    ],
    ids=["slow-drip-body", "slow-headers"],
)
def test_whole_fetch_is_bounded_by_the_total_timeout(
    http_server: TestServer, route: Response
) -> None:
    http_server.route("/slow", route)
    settings = Settings(allowed_networks=["127.0.0.1/32"], connect_timeout=1, total_timeout=1)

    with pytest.raises(FetchTimeoutError, match="longer than 1 s"):
        get(http_server.url("/slow"), settings)


# -- statuses --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 403, 404, 410, 429, 500, 502], ids=str)
def test_error_status_raises_with_its_code(http_server: TestServer, status: int) -> None:
    http_server.route("/", Response(status=status))

    with pytest.raises(HTTPStatusError) as caught:
        get(http_server.url("/"))

    assert (caught.value.status_code, caught.value.retry_after) == (status, None)
    assert str(status) in str(caught.value)


def test_retry_after_seconds_are_passed_on(http_server: TestServer) -> None:
    http_server.route("/", Response(status=503, headers={"Retry-After": "120"}))

    with pytest.raises(HTTPStatusError) as caught:
        get(http_server.url("/"))

    assert (caught.value.status_code, caught.value.retry_after) == (503, 120.0)


def test_retry_after_date_becomes_seconds(http_server: TestServer) -> None:
    later = datetime.now(UTC) + timedelta(hours=1)
    http_server.route("/", Response(status=429, headers={"Retry-After": format_datetime(later)}))

    with pytest.raises(HTTPStatusError) as caught:
        get(http_server.url("/"))

    assert 3000 < (caught.value.retry_after or 0) <= 3600


# -- what we send and what we refuse to send -------------------------------------------------


def test_user_agent_accept_and_encodings_are_sent(http_server: TestServer) -> None:
    http_server.route("/", Response(body=b"ok"))

    get(http_server.url("/"), accept="application/rss+xml, */*;q=0.5")

    headers = http_server.requests[0].headers
    assert headers["user-agent"] == LOCAL.user_agent
    assert headers["accept"] == "application/rss+xml, */*;q=0.5"
    assert headers["accept-encoding"] == "gzip, deflate, br"


def test_cookies_are_not_kept_between_requests(http_server: TestServer) -> None:
    http_server.route("/set", redirect("/check", headers={"Set-Cookie": "session=abc; Path=/"}))
    http_server.route("/check", Response(body=b"ok"))

    get(http_server.url("/set"))

    assert "cookie" not in http_server.requests_to("/check")[0].headers


UNFETCHABLE = {
    "ftp": ("ftp://example.com/feed", "scheme 'ftp'"),
    "file": ("file:///etc/passwd", "scheme 'file'"),
    "gopher": ("gopher://example.com/", "scheme 'gopher'"),
    "javascript": ("javascript:alert(1)", "scheme 'javascript'"),
    "data": ("data:text/plain,hi", "scheme 'data'"),
    "no-scheme": ("example.com/feed", "scheme 'missing'"),
    "no-host": ("http:///nohost", "names no host"),
    "broken-ipv6": ("http://[::1", "bad URL"),
    "malformed-idna": ("http://xn--/", "bad URL"),
    "line-break": ("http://example.com\n/", "bad URL"),
}


@pytest.mark.parametrize(("url", "reason"), UNFETCHABLE.values(), ids=UNFETCHABLE.keys())
def test_unfetchable_urls_are_refused_in_one_line(url: str, reason: str) -> None:
    with pytest.raises(FetchError, match=re.escape(reason)) as caught:
        get(url)

    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("location", "reason"),
    [("file:///etc/passwd", "scheme 'file'"), ("http://xn--/", "A-label"), ("http://[::1", "port")],
    ids=["file-scheme", "malformed-idna", "broken-ipv6"],
)
def test_hostile_redirect_targets_are_refused(
    http_server: TestServer, location: str, reason: str
) -> None:
    http_server.route("/", redirect(location))

    with pytest.raises(FetchError, match=re.escape(reason)):
        get(http_server.url("/"))


def test_refused_connection_is_a_fetch_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens once the socket is closed

    with pytest.raises(FetchError, match="cannot connect"):
        get(f"http://127.0.0.1:{port}/")


def test_each_fetch_asks_the_server_again(http_server: TestServer) -> None:  # no client cache
    http_server.route("/", sequence(Response(body=b"one"), Response(body=b"two")))

    assert [get(http_server.url("/")).body for _ in range(3)] == [b"one", b"two", b"two"]


def test_not_modified_answers_leave_the_connection_for_the_next_fetch(
    http_server: TestServer,
) -> None:
    http_server.route("/feed", static(b"<rss/>", content_type="application/rss+xml", etag='"1"'))
    url = http_server.url("/feed")

    async def run() -> list[FetchResult]:
        async with make_client(LOCAL) as client:
            return [await fetch(client, url, settings=LOCAL, etag='"1"') for _ in range(3)]

    results = asyncio.run(run())

    assert [r.status for r in results] == [304, 304, 304]
    assert len({r.client for r in http_server.requests_to("/feed")}) == 1
