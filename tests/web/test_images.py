"""The image proxy over real HTTP: pages point at /img/, the route serves only what we signed,
through the guarded client, raster images only, cacheable."""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from pathlib import Path

import httpx
import pytest

from newsdesk.config import Settings
from newsdesk.secret import secret_key
from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed
from newsdesk.web.images import image_token, proxy_images, url_of_token
from tests.support.httpserver import Response, TestServer
from tests.support.webserver import running_site


def _png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = _png()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _article(store: Store, html: str) -> int:
    with store.session() as session:
        feed, _ = add_feed(session, url="https://news.example/feed.xml")
        return store_entry(
            session,
            feed_id=feed.id,
            source_id=feed.source_id,
            guid="g1",
            entry_url=None,
            entry_hash="h",
            data=ArticleData(
                title="Harbour photos",
                text="Photos of the harbour.",
                html=html,
                text_hash=hashlib.sha256(html.encode()).hexdigest(),
                canonical_url="https://news.example/1",
            ),
        ).article_id


def _on(settings: Settings) -> Settings:
    return settings.model_copy(update={"image_proxy": True})


def test_pages_and_api_point_images_at_the_proxy_which_serves_them(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    http_server.route("/pic.png", Response(body=PNG, headers={"Content-Type": "image/png"}))
    http_server.route("/big.png", Response(body=PNG, headers={"Content-Type": "image/png"}))
    pic, big = http_server.url("/pic.png"), http_server.url("/big.png?w=2&amp;h=2")
    article_id = _article(
        store, f'<p>Harbour.</p><img src="{pic}" srcset="{pic} 1x, {big} 2x" alt="A &amp; B">'
    )
    with running_site(_on(settings), store) as base:
        page = httpx.get(f"{base}/article/{article_id}", follow_redirects=True).text
        api = httpx.get(f"{base}/api/v1/articles/{article_id}").json()
        paths = re.findall(r"/img/[A-Za-z0-9_.-]+", page)
        served = [httpx.get(base + path) for path in paths]
    assert f"127.0.0.1:{http_server.port}" not in page
    assert len(paths) == 3 and 'alt="A &amp; B"' in page
    assert "/img/" in api["html"] and f"127.0.0.1:{http_server.port}" not in api["html"]
    assert all(r.status_code == 200 and r.content == PNG for r in served)
    assert served[0].headers["content-type"] == "image/png"
    assert "max-age=" in served[0].headers["cache-control"]
    assert served[0].headers["x-content-type-options"] == "nosniff"
    assert http_server.requests_to("/big.png")[0].path == "/big.png?w=2&h=2"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(SVG, "image/svg+xml"), (b"<html><script>alert(1)</script></html>", "text/html")],
    ids=["svg", "html-as-image"],
)
def test_what_is_not_a_raster_image_is_refused(
    settings: Settings, store: Store, http_server: TestServer, body: bytes, content_type: str
) -> None:
    http_server.route("/x", Response(body=body, headers={"Content-Type": content_type}))
    token = image_token(http_server.url("/x"), secret_key(settings))
    with running_site(_on(settings), store) as base:
        answer = httpx.get(f"{base}/img/{token}")
    assert answer.status_code == 502
    assert body not in answer.content


def test_an_image_on_a_refused_address_is_not_fetched(
    settings: Settings, store: Store, http_server_factory: object
) -> None:
    inside = http_server_factory("127.0.0.2")  # type: ignore[operator]
    inside.route("/pic.png", Response(body=PNG, headers={"Content-Type": "image/png"}))
    token = image_token(inside.url("/pic.png"), secret_key(settings))
    with running_site(_on(settings), store) as base:
        answer = httpx.get(f"{base}/img/{token}")
    assert answer.status_code == 502
    assert inside.requests == []


@pytest.mark.parametrize(
    "token",
    ["nonsense", "AAAA.aHR0cDovL2V4YW1wbGUudGVzdC8", "signed-with-another-key"],
    ids=["garbage", "unsigned", "other-key"],
)
def test_a_token_we_did_not_sign_is_no_proxy(
    settings: Settings, store: Store, http_server: TestServer, token: str
) -> None:
    http_server.route("/pic.png", Response(body=PNG, headers={"Content-Type": "image/png"}))
    if token == "signed-with-another-key":
        token = image_token(http_server.url("/pic.png"), b"another key")
    with running_site(_on(settings), store) as base:
        answer = httpx.get(f"{base}/img/{token}")
    assert answer.status_code == 404
    assert http_server.requests == []


def test_with_the_proxy_off_images_stay_and_the_route_is_gone(
    settings: Settings, store: Store
) -> None:
    article_id = _article(store, '<img src="https://cdn.example/pic.png" alt="x">')
    token = image_token("https://cdn.example/pic.png", secret_key(settings))
    with running_site(settings, store) as base:
        page = httpx.get(f"{base}/article/{article_id}", follow_redirects=True).text
        answer = httpx.get(f"{base}/img/{token}")
    assert 'src="https://cdn.example/pic.png"' in page
    assert answer.status_code == 404


def test_rewriting_leaves_data_images_and_other_tags_alone() -> None:
    html = '<p title="x">t</p><img src="data:image/png;base64,AAAA" alt="d"><a href="https://e.x/">l</a>'
    assert proxy_images(html, b"k") == html


def test_a_token_carries_its_url_back() -> None:
    url = "https://cdn.example/a b/ü.png?x=1&y=2"
    assert url_of_token(image_token(url, b"k"), b"k") == url
    assert url_of_token(image_token(url, b"k"), b"j") is None


def test_the_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first, second = secret_key(settings), secret_key(settings)
    assert first == second and len(first) >= 32
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0
    assert secret_key(settings.model_copy(update={"secret_key": "given"})) == b"given"
