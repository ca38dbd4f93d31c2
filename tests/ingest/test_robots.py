"""robots.txt for article pages, through the whole pipeline against real servers: disallowed
pages are not requested and keep their feed text with the reason; feeds are fetched anyway."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

import pytest
from sqlalchemy import text

from newsdesk.config import Settings
from newsdesk.ingest.robots import product_token
from newsdesk.ingest.rounds import fetch_round
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed
from tests.support.httpserver import RecordedRequest, Response, TestServer, redirect

BODY = " ".join(
    f"Paragraph {i} tells how the river ferry resumed service after the long winter repairs."
    for i in range(30)
)
TEASER = "Paragraph 0 tells how the river ferry resumed service."
PAGE = f"<html><head><title>Ferry</title></head><body><article><h1>Ferry</h1><p>{BODY}</p>"
PAGE += "</article></body></html>"


def _feed(server: TestServer, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><guid isPermaLink='false'>{path}</guid><title>Story {path}</title>"
        f"<link>{server.url(path)}</link><description>{TEASER}</description></item>"
        for path in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<link>{server.url('/')}</link>{items}</channel></rss>"
    ).encode()


def _serve(server: TestServer, robots: Response, paths: list[str]) -> None:
    server.route("/robots.txt", robots)
    server.route(
        "/feed",
        Response(body=_feed(server, paths), headers={"Content-Type": "application/rss+xml"}),
    )
    for path in paths:
        server.route(path, Response(body=PAGE.encode(), headers={"Content-Type": "text/html"}))


def _robots(rules: str) -> Response:
    return Response(body=rules.encode(), headers={"Content-Type": "text/plain"})


def _round(settings: Settings, store: Store, server: TestServer) -> None:
    with store.session() as session:
        feed, _ = add_feed(session, url=server.url("/feed"), full_text="always")
        feed_id = feed.id
    asyncio.run(fetch_round(settings, store, feed_ids=[feed_id], cpu_workers=0))


def _articles(store: Store) -> dict[str, dict[str, Any]]:
    with store.session() as session:
        rows = session.execute(
            text(
                "SELECT guid, extraction_status, extraction_reason, body_source, text FROM articles"
            )
        )
        return {row.guid: dict(row._mapping) for row in rows}


def test_a_disallowed_page_is_not_requested_and_keeps_its_feed_text(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    _serve(http_server, _robots("User-agent: *\nDisallow: /private\n"), ["/news/1", "/private/2"])
    _round(settings, store, http_server)
    articles = _articles(store)
    assert http_server.requests_to("/news/1") and not http_server.requests_to("/private/2")
    assert articles["/news/1"]["extraction_status"] == "ok"
    refused = articles["/private/2"]
    assert refused["extraction_status"] == "robots_disallowed"
    assert "robots.txt disallows this page" in refused["extraction_reason"]
    assert refused["body_source"] == "feed" and refused["text"] == TEASER


def test_the_feed_itself_is_fetched_whatever_robots_txt_says(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    _serve(http_server, _robots("User-agent: *\nDisallow: /\n"), ["/news/1"])
    _round(settings, store, http_server)
    assert len(http_server.requests_to("/feed")) == 1
    assert not http_server.requests_to("/news/1")
    assert _articles(store)["/news/1"]["extraction_status"] == "robots_disallowed"


def test_our_own_group_wins_over_the_star_group(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    token = product_token(settings.user_agent)
    rules = f"User-agent: *\nAllow: /\n\nUser-agent: {token}\nDisallow: /news/\n"
    _serve(http_server, _robots(rules), ["/news/1"])
    _round(settings, store, http_server)
    assert not http_server.requests_to("/news/1")


def test_a_redirect_into_a_disallowed_path_is_refused(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    _serve(http_server, _robots("User-agent: *\nDisallow: /private\n"), ["/go/1"])
    http_server.route("/go/1", redirect("/private/1"))
    http_server.route(
        "/private/1", Response(body=PAGE.encode(), headers={"Content-Type": "text/html"})
    )
    _round(settings, store, http_server)
    assert len(http_server.requests_to("/go/1")) == 1
    assert not http_server.requests_to("/private/1")
    assert _articles(store)["/go/1"]["extraction_status"] == "robots_disallowed"


@pytest.mark.parametrize(
    ("status", "fetched", "reason"),
    [
        (404, True, None),
        (410, True, None),
        (401, True, None),
        (403, True, None),
        (429, False, "robots.txt is unreachable (HTTP 429)"),
        (500, False, "robots.txt is unreachable (HTTP 500)"),
        (503, False, "robots.txt is unreachable (HTTP 503)"),
    ],
    ids=["404", "410", "401", "403", "429", "500", "503"],
)
def test_robots_status_codes_follow_rfc_9309(
    settings: Settings,
    store: Store,
    http_server: TestServer,
    status: int,
    fetched: bool,
    reason: str | None,
) -> None:
    _serve(http_server, Response(status=status, body=b"no"), ["/news/1"])
    _round(settings, store, http_server)
    article = _articles(store)["/news/1"]
    assert bool(http_server.requests_to("/news/1")) is fetched
    if reason is not None:
        assert article["extraction_status"] == "robots_disallowed"
        assert article["extraction_reason"].startswith(reason)


def test_robots_txt_is_fetched_once_per_origin_and_kept_in_the_database(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    paths = [f"/news/{n}" for n in range(5)]
    _serve(http_server, _robots("User-agent: *\nDisallow: /private\n"), paths)
    _round(settings, store, http_server)
    # A second round is a new runner and client: the copy comes from the database.
    http_server.route("/feed", Response(body=_feed(http_server, [*paths, "/news/9"])))
    http_server.route(
        "/news/9", Response(body=PAGE.encode(), headers={"Content-Type": "text/html"})
    )
    _round(settings, store, http_server)
    assert len(http_server.requests_to("/robots.txt")) == 1
    assert http_server.requests_to("/news/9")


def test_an_unreachable_robots_txt_disallows_for_a_while_without_asking_again(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    _serve(http_server, Response(status=503), ["/news/1"])
    _round(settings, store, http_server)
    http_server.route("/feed", Response(body=_feed(http_server, ["/news/1", "/news/2"])))
    http_server.route(
        "/news/2", Response(body=PAGE.encode(), headers={"Content-Type": "text/html"})
    )
    _round(settings, store, http_server)
    assert len(http_server.requests_to("/robots.txt")) == 1
    assert not http_server.requests_to("/news/1") and not http_server.requests_to("/news/2")


def test_crawl_delay_spaces_the_page_fetches_of_that_host(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    paths = [f"/news/{n}" for n in range(3)]
    _serve(http_server, _robots("User-agent: *\nCrawl-delay: 0.6\n"), paths)
    starts: list[float] = []

    def page(request: RecordedRequest) -> Response:
        starts.append(time.monotonic())
        return Response(body=PAGE.encode(), headers={"Content-Type": "text/html"})

    for path in paths:
        http_server.route(path, page)
    _round(settings, store, http_server)  # settings pace nothing: per_host_delay_seconds=0
    gaps = [b - a for a, b in itertools.pairwise(sorted(starts))]
    assert len(gaps) == 2 and min(gaps) >= 0.5
