"""The article-page side: a teaser entry whose page misbehaves, polled beside healthy feeds.

The feed behaves; the page behind its new teaser entry does not. The article is still stored,
with the feed's text, `extraction_status` saying the page failed and `extraction_reason`
saying why in one clear line; the healthy feeds are untouched and nothing stored is lost.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from tests.support.hostile import (
    PRIOR,
    World,
    assert_one_clear_line,
    feed_response,
    hostile_round,
    hostile_world,
    item,
    rows,
    rss,
)
from tests.support.httpserver import Response, TestServer

TEASER = "Only the opening line of the story is in the feed. Read more"
HUGE = 50 * 1024 * 1024
# A real article page (tests/data/pages, see its README for the source and licence).
REAL_PAGE = Path(__file__).parents[1] / "data" / "pages" / "corkbeo.ie.level.html.gz"
HTML = "text/html; charset=utf-8"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass(frozen=True)
class PageCase:
    """Sets up the page (returns its URL) and the pattern its extraction_reason must match."""

    serve: Callable[[World], str]
    reason: str


def at_page(make: Callable[[], Response]) -> Callable[[World], str]:
    """The page at /page on the shared server (made when the case runs: some are big)."""

    def serve(world: World) -> str:
        world.server.route("/page", make())
        return world.server.url("/page")

    return serve


def real_page(drip: float = 0.0, chunk_size: int = 64 * 1024) -> Response:
    body = gzip.decompress(REAL_PAGE.read_bytes())
    return Response(body=body, headers={"Content-Type": HTML}, drip=drip, chunk_size=chunk_size)


def refused_page(world: World) -> str:
    other = world.other_server("127.0.0.2")
    other.route("/page", real_page())
    return other.url("/page")


PAGES = {
    "404": PageCase(at_page(lambda: Response(status=404, body=b"<h1>Not here</h1>")), r"HTTP 404"),
    "slow-drip": PageCase(
        at_page(lambda: real_page(drip=1.0, chunk_size=1)),
        r"took longer than 2 s",
    ),
    "huge-body": PageCase(
        at_page(
            lambda: Response(body=bytes(HUGE), headers={"Content-Type": HTML}, send_length=False)
        ),
        r"more than 2000000 bytes",
    ),
    "pdf": PageCase(
        at_page(lambda: Response(body=PDF, headers={"Content-Type": "application/pdf"})),
        r"not HTML \(application/pdf\)",
    ),
    "refused-address": PageCase(refused_page, r"refused.*127\.0\.0\.2"),
}


@pytest.mark.parametrize("case", PAGES.values(), ids=list(PAGES))
def test_failed_page_keeps_the_feed_text_and_says_why(
    settings: Settings,
    store: Store,
    http_server: TestServer,
    http_server_factory: Callable[..., TestServer],
    tmp_path: Path,
    case: PageCase,
) -> None:
    with hostile_world(store, http_server, http_server_factory, tmp_path) as world:
        page = case.serve(world)
        teaser = item("teaser", "Teaser story", TEASER, link=page)
        outcome = hostile_round(
            settings, store, world, then=feed_response(rss(PRIOR, teaser)), full_text="auto"
        )
        assert (outcome.row.status, outcome.row.last_error) == ("ok", None)
        assert outcome.added_titles == ["Teaser story"]
        [(text, source, status, reason)] = rows(
            store,
            "SELECT text, body_source, extraction_status, extraction_reason FROM articles "
            "WHERE title = 'Teaser story'",
        )
        assert (text, source, status) == (TEASER, "feed", "extract_failed")
        assert_one_clear_line(reason, case.reason)
        assert all(other.requests == [] for other in world.others)
