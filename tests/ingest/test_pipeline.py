"""The pipeline end to end, against real HTTP servers and both databases."""

from __future__ import annotations

import asyncio
import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from sqlalchemy import text

from newsdesk.config import Settings
from newsdesk.ingest.rounds import RoundReport, fetch_round
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed, feed_health
from tests.support.httpserver import Response, TestServer, static

FEEDS = Path(__file__).parents[1] / "data" / "feeds"
EXPECTED = FEEDS / "expected-first-entries.tsv"
RSS = "application/rss+xml"


def _expected_feeds() -> list[tuple[str, int]]:
    with EXPECTED.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return [(row[0], int(row[2])) for row in rows if row]


def _rss(*items: str, title: str = "Test feed") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.test/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _item(guid: str, title: str, body: str, link: str | None = None) -> str:
    link_tag = f"<link>{link}</link>" if link else ""
    return (
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{title}</title>{link_tag}"
        f"<description><![CDATA[{body}]]></description>"
        "<pubDate>Tue, 10 Jun 2025 09:00:00 GMT</pubDate></item>"
    )


LONG = " ".join(
    f"Sentence {i} of a complete article about the harbour bridge repairs, with detail."
    for i in range(40)
)


def _subscribe(store: Store, url: str, full_text: str = "never") -> int:
    with store.session() as session:
        feed, _ = add_feed(session, url=url, full_text=full_text)
        return feed.id


def _round(settings: Settings, store: Store, ids: list[int] | None = None) -> RoundReport:
    return asyncio.run(fetch_round(settings, store, feed_ids=ids, cpu_workers=0))


def _rows(store: Store, query: str, **params: Any) -> list[tuple[Any, ...]]:
    with store.session() as session:
        return [tuple(row) for row in session.execute(text(query), params)]


def _snapshot(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    articles = _rows(
        store, "SELECT id, title, text, html, content_hash, modified_at FROM articles ORDER BY id"
    )
    sightings = _rows(store, "SELECT id, article_id, feed_id, guid FROM sightings ORDER BY id")
    return articles, sightings


def test_every_real_feed_is_fetched_parsed_and_stored(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    http_server.serve_directory("/feeds", FEEDS)
    expected = dict(_expected_feeds())
    ids = {name: _subscribe(store, http_server.url(f"/feeds/{name}")) for name in expected}
    report = _round(settings, store)
    assert report.failed_tasks == 0
    with store.session() as session:
        health = {row.id: row for row in feed_health(session)}
    for name, entries in expected.items():
        row = health[ids[name]]
        assert row.status == "ok", (name, row.last_error)
        assert row.last_error is None
        if entries:
            assert row.articles >= 1, name


def test_second_fetch_of_unchanged_feed_changes_nothing(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    body = _rss(_item("a", "First", LONG), _item("b", "Second", LONG + " More."))
    http_server.route("/etag.xml", static(body, content_type=RSS, etag='"v1"'))
    http_server.route("/plain.xml", Response(body=body, headers={"Content-Type": RSS}))
    ids = [
        _subscribe(store, http_server.url("/etag.xml")),
        _subscribe(store, http_server.url("/plain.xml")),
    ]
    first = _round(settings, store, ids)
    before = _snapshot(store)
    second = _round(settings, store, ids)
    assert first.new_articles == 2  # the same two entries in two feeds: stored once each
    assert second.new_articles == 0
    assert _snapshot(store) == before
    assert http_server.requests_to("/etag.xml")[-1].headers.get("if-none-match") == '"v1"'
    outcomes = _rows(
        store, "SELECT outcome FROM fetch_log WHERE feed_id = :f ORDER BY id", f=ids[0]
    )
    assert [o for (o,) in outcomes] == ["ok", "not_modified"]


def test_updated_entry_is_updated_in_place_and_keeps_its_id(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    versions = iter(
        [
            _rss(_item("a", "Bridge closes", LONG)),
            _rss(_item("a", "Bridge closes for a week", LONG + " Update.")),
        ]
    )
    current = {"body": next(versions)}
    http_server.route(
        "/feed.xml", lambda _req: Response(body=current["body"], headers={"Content-Type": RSS})
    )
    feed = _subscribe(store, http_server.url("/feed.xml"))
    _round(settings, store, [feed])
    [(first_id, _)] = _rows(store, "SELECT id, title FROM articles")
    current["body"] = next(versions)
    _round(settings, store, [feed])
    assert _rows(store, "SELECT id, title FROM articles") == [
        (first_id, "Bridge closes for a week")
    ]


def test_same_article_in_two_feeds_is_stored_once_with_two_sightings(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    link = "http://example.test/news/bridge?utm_source=rss&utm_medium=feed"
    http_server.route(
        "/one.xml",
        Response(body=_rss(_item("one-1", "Bridge", LONG, link)), headers={"Content-Type": RSS}),
    )
    http_server.route(
        "/two.xml",
        Response(body=_rss(_item("two-9", "Bridge", LONG, link)), headers={"Content-Type": RSS}),
    )
    ids = [_subscribe(store, http_server.url(p)) for p in ("/one.xml", "/two.xml")]
    _round(settings, store, ids)
    assert _rows(store, "SELECT canonical_url FROM articles") == [
        ("http://example.test/news/bridge",)
    ]
    assert len(_rows(store, "SELECT id FROM sightings")) == 2


def test_teaser_entry_gets_its_full_text_from_the_page(
    settings: Settings, store: Store, http_server: TestServer, demo_site: Path
) -> None:
    http_server.serve_directory("/", demo_site)
    page = next((demo_site / "wikinews" / "wiki").glob("*.html"))
    paragraphs = lxml_html.fromstring(page.read_bytes()).xpath("//article//p")
    page_text = max((p.text_content() for p in paragraphs), key=len)
    url = http_server.url(f"/wikinews/wiki/{page.name}")
    teaser = "The opening line of the story …"
    http_server.route(
        "/feed.xml",
        Response(body=_rss(_item("t", "Story", teaser, url)), headers={"Content-Type": RSS}),
    )
    _round(settings, store, [_subscribe(store, http_server.url("/feed.xml"), "auto")])
    [(body, source, status)] = _rows(
        store, "SELECT text, body_source, extraction_status FROM articles"
    )
    assert (source, status) == ("page", "ok")
    assert " ".join(page_text.split())[:60] in " ".join(body.split())


def test_the_page_headline_is_not_stored_again_at_the_top_of_the_body(
    settings: Settings, store: Store, http_server: TestServer, demo_site: Path
) -> None:
    http_server.serve_directory("/", demo_site)
    page = next((demo_site / "wikinews" / "wiki").glob("*.html"))
    doc = lxml_html.fromstring(page.read_bytes())
    headline = doc.findtext(".//h1").strip()
    lede = " ".join(doc.xpath("//div[@class='mw-parser-output']/p")[0].text_content().split())
    url = http_server.url(f"/wikinews/wiki/{page.name}")
    http_server.route(
        "/feed.xml",
        Response(
            body=_rss(_item("t", headline, "The opening line …", url)),
            headers={"Content-Type": RSS},
        ),
    )
    _round(settings, store, [_subscribe(store, http_server.url("/feed.xml"), "auto")])
    [(title, body, html)] = _rows(store, "SELECT title, text, html FROM articles")
    assert title == headline
    assert " ".join(body.split()).startswith(lede[:60])  # the lede first, not the headline
    assert not html.lstrip().startswith("<h")


def test_failed_page_keeps_the_feed_text_and_records_why(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    url = http_server.url("/missing-page")
    teaser = "Only the opening line is in the feed. Read more"
    http_server.route(
        "/feed.xml",
        Response(body=_rss(_item("t", "Story", teaser, url)), headers={"Content-Type": RSS}),
    )
    _round(settings, store, [_subscribe(store, http_server.url("/feed.xml"), "auto")])
    [(body, source, status, reason)] = _rows(
        store, "SELECT text, body_source, extraction_status, extraction_reason FROM articles"
    )
    assert (source, status) == ("feed", "extract_failed")
    assert "Only the opening line" in body
    assert "404" in reason


def test_loopback_outside_allowed_networks_is_refused_with_a_clear_error(
    settings: Settings, store: Store, http_server_factory: Callable[..., TestServer]
) -> None:
    other = http_server_factory(host="127.0.0.2")
    other.route(
        "/feed.xml", Response(body=_rss(_item("a", "A", LONG)), headers={"Content-Type": RSS})
    )
    feed = _subscribe(store, other.url("/feed.xml"))
    _round(settings, store, [feed])
    [(status, error)] = _rows(store, "SELECT status, last_error FROM feeds")
    assert status == "error"
    assert "127.0.0.2" in error and "refused" in error
    assert other.requests == []
    assert _rows(store, "SELECT id FROM articles") == []


def test_hostile_markup_in_entries_is_never_stored(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    hostile = (
        "<p>Text<script>alert(1)</script></p><img src=x onerror=alert(2)>"
        "<a href='javascript:alert(3)'>link</a><a href=' JaVaScRiPt:alert(4)'>l2</a>"
        "<svg onload=alert(5)></svg><iframe src='http://evil.test/'></iframe>"
        f"<p>{LONG}</p>"
    )
    http_server.route(
        "/feed.xml",
        Response(body=_rss(_item("h", "Hostile", hostile)), headers={"Content-Type": RSS}),
    )
    _round(settings, store, [_subscribe(store, http_server.url("/feed.xml"))])
    [(stored,)] = _rows(store, "SELECT html FROM articles")
    lowered = stored.lower()
    for needle in ("<script", "onerror", "javascript:", "onload", "<iframe", "alert("):
        assert needle not in lowered
    assert "Sentence 39" in stored


@pytest.mark.parametrize(
    ("status", "headers", "feed_status", "min_minutes"),
    [
        pytest.param(410, {}, "gone", 15, id="gone-stops-polling"),
        pytest.param(500, {}, "error", 15, id="server-error-backs-off"),
        pytest.param(503, {"Retry-After": "7200"}, "error", 120, id="retry-after-honoured"),
    ],
)
def test_error_statuses_are_recorded_on_the_feed(
    settings: Settings,
    store: Store,
    http_server: TestServer,
    status: int,
    headers: dict[str, str],
    feed_status: str,
    min_minutes: int,
) -> None:
    http_server.route("/feed.xml", Response(status=status, headers=headers))
    _round(settings, store, [_subscribe(store, http_server.url("/feed.xml"))])
    [(state, error, count, interval)] = _rows(
        store, "SELECT status, last_error, error_count, poll_interval_minutes FROM feeds"
    )
    assert state == feed_status
    assert str(status) in error
    assert count == 1
    assert interval >= min_minutes
    with store.session() as session:
        from newsdesk.store.feeds import due_feed_ids
        from newsdesk.store.types import utcnow

        assert due_feed_ids(session, now=utcnow()) == []


def test_web_page_given_as_feed_is_followed_to_its_advertised_feed(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    page = (
        b"<html><head><title>Site</title>"
        b'<link rel="alternate" type="application/rss+xml" href="/real-feed.xml">'
        b"</head><body>Hello</body></html>"
    )
    http_server.route("/", Response(body=page, headers={"Content-Type": "text/html"}))
    http_server.route(
        "/real-feed.xml", Response(body=_rss(_item("a", "A", LONG)), headers={"Content-Type": RSS})
    )
    feed = _subscribe(store, http_server.url("/"))
    _round(settings, store, [feed])
    assert _rows(store, "SELECT url, status FROM feeds") == [
        (http_server.url("/real-feed.xml"), "ok")
    ]
    assert len(_rows(store, "SELECT id FROM articles")) == 1


def test_page_extraction_runs_in_the_process_pool(
    settings: Settings, store: Store, http_server: TestServer, demo_site: Path
) -> None:
    http_server.serve_directory("/", demo_site)
    feed_path = next((demo_site / "wikinews" / "feeds").glob("*.rss"))
    feed = _subscribe(store, http_server.url(f"/wikinews/feeds/{feed_path.name}"), "auto")
    report = asyncio.run(fetch_round(settings, store, feed_ids=[feed], cpu_workers=1))
    assert report.failed_tasks == 0
    rows = _rows(store, "SELECT body_source, extraction_status FROM articles")
    assert rows and all(row == ("page", "ok") for row in rows)
