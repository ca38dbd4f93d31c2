"""The demo's static server, exercised over real sockets with real HTTP clients."""

from __future__ import annotations

import gzip
import http.client
import re
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import httpx
import pytest

from newsdesk.demo import DemoServer, DemoSite, build_demo_site, serve_directory
from newsdesk.errors import UserError


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> DemoSite:
    """A small real demo build, plus a secret beside it and a symlink pointing at the secret."""
    base = tmp_path_factory.mktemp("served")
    built = build_demo_site(base / "site", limit=80)
    (base / "secret.txt").write_text("outside the root\n")
    (built.out_dir / "escape.txt").symlink_to(base / "secret.txt")
    return built


@pytest.fixture(scope="module")
def server(site: DemoSite) -> Iterator[DemoServer]:
    with serve_directory(site.out_dir) as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as opened:
        yield opened


def raw_get(server: DemoServer, target: str) -> tuple[int, bytes]:
    """Send the request target exactly as written: no client-side dot-segment cleanup."""
    host, port = server.base_url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def feed_path(site: DemoSite, suffix: str) -> str:
    return next(feed.path for feed in site.feeds if feed.path.endswith(suffix))


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [
        pytest.param(".rss", "application/rss+xml", id="rss"),
        pytest.param(".atom", "application/atom+xml", id="atom"),
        pytest.param(".json", "application/feed+json", id="json-feed"),
    ],
)
def test_feeds_are_served_with_their_media_type(
    site: DemoSite, server: DemoServer, client: httpx.Client, suffix: str, content_type: str
) -> None:
    path = feed_path(site, suffix)
    response = client.get(server.url(path))
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == content_type
    assert response.content == (site.out_dir / path.lstrip("/")).read_bytes()


def test_pages_are_served_as_utf8_html(
    site: DemoSite, server: DemoServer, client: httpx.Client
) -> None:
    copy, original = site.republications[0]
    for path in (copy, original, "/"):
        response = client.get(server.url(path))
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_opml_is_served_as_xml(site: DemoSite, server: DemoServer, client: httpx.Client) -> None:
    response = client.get(server.url(site.opml_path))
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == "application/xml"


@pytest.mark.parametrize(
    "accept_encoding",
    [pytest.param("gzip", id="gzip"), pytest.param("br, gzip;q=0.5", id="gzip-among-others")],
)
def test_gzips_when_the_client_accepts_it(
    site: DemoSite, server: DemoServer, accept_encoding: str
) -> None:
    path = feed_path(site, ".rss")
    status, headers, body = _get_raw_body(server, path, {"Accept-Encoding": accept_encoding})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == (site.out_dir / path.lstrip("/")).read_bytes()


@pytest.mark.parametrize(
    "accept_encoding",
    [
        pytest.param("", id="none"),
        pytest.param("identity", id="identity"),
        pytest.param("gzip;q=0, *", id="gzip-refused"),
    ],
)
def test_sends_identity_when_gzip_is_not_accepted(
    site: DemoSite, server: DemoServer, accept_encoding: str
) -> None:
    path = feed_path(site, ".rss")
    status, headers, body = _get_raw_body(server, path, {"Accept-Encoding": accept_encoding})
    assert status == 200
    assert "content-encoding" not in headers
    assert body == (site.out_dir / path.lstrip("/")).read_bytes()


def _get_raw_body(
    server: DemoServer, path: str, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    host, port = server.base_url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "gzip_first",
    [pytest.param(True, id="etag-of-gzip-variant"), pytest.param(False, id="etag-of-identity")],
)
def test_answers_304_to_a_matching_if_none_match(
    site: DemoSite, server: DemoServer, gzip_first: bool
) -> None:
    path = feed_path(site, ".atom")
    encoding = {"Accept-Encoding": "gzip" if gzip_first else "identity"}
    _, headers, _ = _get_raw_body(server, path, encoding)
    status, again, body = _get_raw_body(server, path, {"If-None-Match": headers["etag"]})
    assert status == 304
    assert body == b""
    assert again["etag"].strip('"').removesuffix("-gzip") == headers["etag"].strip(
        '"'
    ).removesuffix("-gzip")


def test_answers_200_when_the_etag_differs(site: DemoSite, server: DemoServer) -> None:
    status, _, body = _get_raw_body(server, feed_path(site, ".atom"), {"If-None-Match": '"old"'})
    assert status == 200
    assert body


@pytest.mark.parametrize(
    ("offset_seconds", "expected"),
    [
        pytest.param(0, 304, id="same-time"),
        pytest.param(3600, 304, id="later"),
        pytest.param(-3600, 200, id="earlier"),
    ],
)
def test_answers_if_modified_since_from_last_modified(
    site: DemoSite, server: DemoServer, offset_seconds: int, expected: int
) -> None:
    path = feed_path(site, ".json")
    mtime = int((site.out_dir / path.lstrip("/")).stat().st_mtime)
    since = formatdate(mtime + offset_seconds, usegmt=True)
    status, _, _ = _get_raw_body(server, path, {"If-Modified-Since": since})
    assert status == expected


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("/../../etc/passwd", id="dot-dot"),
        pytest.param("/wikinews/../../../etc/passwd", id="dot-dot-after-dir"),
        pytest.param("/%2e%2e/%2e%2e/etc/passwd", id="encoded-dots"),
        pytest.param("/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", id="encoded-slashes"),
        pytest.param("/..%2f..%2f..%2fetc%2fpasswd", id="mixed-encoding"),
        pytest.param("/%252e%252e/%252e%252e/etc/passwd", id="double-encoded"),
        pytest.param("/..%5c..%5cetc%5cpasswd", id="backslashes"),
        pytest.param("/%c0%ae%c0%ae/etc/passwd", id="overlong-utf8"),
        pytest.param("/etc/passwd%00.html", id="nul-byte"),
        pytest.param("//etc/passwd", id="double-slash"),
        pytest.param("/escape.txt", id="symlink-out-of-root"),
        pytest.param("/.newsdesk-demo", id="hidden-file"),
    ],
)
def test_refuses_anything_outside_the_root_with_404(server: DemoServer, target: str) -> None:
    status, body = raw_get(server, target)
    assert status == 404
    assert b"root:" not in body
    assert b"outside the root" not in body


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("/wikinews/wiki/", id="article-dir"),
        pytest.param("/wikinews/feeds/", id="feed-dir"),
        pytest.param("/wikinews/wiki", id="no-trailing-slash"),
    ],
)
def test_lists_no_directories(server: DemoServer, target: str) -> None:
    status, body = raw_get(server, target)
    assert status == 404
    assert b".html" not in body
    assert b".rss" not in body


def test_serves_a_directory_index_page(server: DemoServer, client: httpx.Client) -> None:
    response = client.get(server.url("/wikinews/"))
    assert response.status_code == 200
    assert b"Wikinews" in response.content


def test_head_sends_headers_without_a_body(site: DemoSite, server: DemoServer) -> None:
    host, port = server.base_url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("HEAD", feed_path(site, ".rss"))
        response = connection.getresponse()
        assert response.status == 200
        assert int(response.headers["content-length"]) > 0
        assert response.read() == b""
    finally:
        connection.close()


def test_close_returns_while_a_client_keeps_a_connection_open(site: DemoSite) -> None:
    running = serve_directory(site.out_dir)
    with httpx.Client() as keep_alive:
        assert keep_alive.get(running.url("/")).status_code == 200
        running.close()
    with pytest.raises(httpx.ConnectError), httpx.Client() as fresh:
        fresh.get(running.url("/"))


def test_url_joins_paths_onto_the_base_url(server: DemoServer) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.url("/opml.xml") == server.url("opml.xml") == server.base_url + "/opml.xml"


def test_refuses_to_serve_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a directory"):
        serve_directory(tmp_path / "missing")


def test_site_built_for_a_running_server_links_only_to_pages_it_serves(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    with serve_directory(root) as running, httpx.Client() as client:
        built = build_demo_site(root, limit=40, base_url=running.base_url)
        for feed in built.feeds:
            response = client.get(running.url(feed.path))
            assert response.status_code == 200, feed.path
            links = re.findall(r'(?:<link>|href="|"url": ")(http[^<"]+)', response.text)
            assert links, feed.path
            for link in set(links):
                assert link.startswith(running.base_url + "/"), link
                assert client.get(link).status_code == 200, link
