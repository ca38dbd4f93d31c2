"""A hostile server among healthy ones: the two-round story the hostile-server tests share.

Round one stores two healthy feeds and the hostile feed's first, well-behaved answer; then
the hostile server turns (a new route, or a new URL for the feed) and round two runs. The
tests then judge three things: what the hostile feed (or its article) says happened, that
the healthy feeds were fetched as usual, and that nothing stored before round two was lost
or altered. Timeouts are small so the suites stay fast; the only clock is a hang guard.

    with hostile_world(store, http_server, http_server_factory, tmp_path) as world:
        outcome = hostile_round(settings, store, world, then=Response(status=500))
"""

from __future__ import annotations

import asyncio
import re
import tracemalloc
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from newsdesk.config import Settings
from newsdesk.ingest.rounds import fetch_round
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed, get_feed, update_feed
from tests.support.httpserver import Response, Route, TestServer

FAST = {"total_timeout": 2.0, "connect_timeout": 1.0, "max_body_bytes": 2_000_000}
HANG_GUARD_S = 60  # not a timing assertion: a round that never ends must fail, not hang
RSS = "application/rss+xml"
SECRET = "TOP-SECRET-0xC0FFEE"
LONG = " ".join(
    f"Sentence {i} of a complete article about the harbour bridge repairs, with detail."
    for i in range(40)
)
HEALTHY_PATHS = ("/healthy-1.xml", "/healthy-2.xml")

Rows = dict[int, tuple[Any, ...]]


def item(guid: str, title: str, body: str | None = None, link: str | None = None) -> str:
    """An RSS item; its body starts with the title, so no two items share a text."""
    body = f"{title}. {LONG}" if body is None else body
    link_tag = f"<link>{link}</link>" if link else ""
    return (
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{title}</title>{link_tag}"
        f"<description><![CDATA[{body}]]></description>"
        "<pubDate>Tue, 10 Jun 2025 09:00:00 GMT</pubDate></item>"
    )


PRIOR = item("prior", "Prior story")  # what the hostile feed said while it behaved


def rss(*items: str, prolog: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return (
        f'{prolog}\n<rss version="2.0"><channel><title>Feed</title>'
        f"<link>http://example.test/</link>{''.join(items)}</channel></rss>"
    )


def feed_response(body: str | bytes, content_type: str = RSS, **options: Any) -> Response:
    data = body.encode() if isinstance(body, str) else body
    return Response(body=data, headers={"Content-Type": content_type}, **options)


@dataclass
class World:
    """What a case may set up: the shared server, more servers, files, things held open."""

    server: TestServer
    start_server: Callable[..., TestServer]
    stack: ExitStack
    tmp: Path
    healthy: list[int]
    others: list[TestServer] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)  # what a route saw, for its check

    def other_server(self, host: str) -> TestServer:
        self.others.append(self.start_server(host=host))
        return self.others[-1]

    def secret_file(self) -> Path:
        path = self.tmp / "secret.txt"
        path.write_text(SECRET)
        return path


@contextmanager
def hostile_world(
    store: Store, server: TestServer, start_server: Callable[..., TestServer], tmp: Path
) -> Iterator[World]:
    """The shared server with the two healthy feeds on it, subscribed."""
    for n, path in enumerate(HEALTHY_PATHS, 1):
        body = rss(item(f"h{n}-a", f"Healthy {n} A"), item(f"h{n}-b", f"Healthy {n} B"))
        server.route(path, feed_response(body))
    healthy = [subscribe(store, server.url(path)) for path in HEALTHY_PATHS]
    with ExitStack() as stack:
        yield World(server, start_server, stack, tmp, healthy)


def subscribe(store: Store, url: str, full_text: str = "never") -> int:
    with store.session() as session:
        feed, _ = add_feed(session, url=url, full_text=full_text)
        return feed.id


def rows(store: Store, query: str, **params: Any) -> list[tuple[Any, ...]]:
    with store.session() as session:
        return [tuple(row) for row in session.execute(text(query), params)]


def run_round(settings: Settings, store: Store, ids: list[int], *, trace: bool = False) -> int:
    """One fetch round; with `trace`, the peak of Python memory it allocated (else 0)."""
    if trace:
        tracemalloc.start()
    try:
        round_ = fetch_round(settings, store, feed_ids=ids, cpu_workers=0)
        asyncio.run(asyncio.wait_for(round_, HANG_GUARD_S))
        return tracemalloc.get_traced_memory()[1] if trace else 0
    finally:
        if trace:
            tracemalloc.stop()


def snapshot(store: Store) -> tuple[Rows, Rows]:
    """Every article, and every sighting less the time it was last seen (which healthy feeds
    legitimately touch), keyed by id."""
    articles = rows(store, "SELECT * FROM articles")
    sightings = rows(
        store,
        "SELECT id, article_id, feed_id, guid, entry_url, entry_hash, first_seen_at FROM sightings",
    )
    return {r[0]: r for r in articles}, {r[0]: r for r in sightings}


@dataclass(frozen=True)
class FeedRow:
    """The hostile feed after its round."""

    url: str
    status: str
    last_error: str | None
    next_poll_at: datetime | None
    last_fetched_at: datetime | None


@dataclass(frozen=True)
class Outcome:
    feed: int
    peak_bytes: int  # 0 unless traced
    added_titles: list[str]  # articles round two added, all from the hostile feed
    row: FeedRow


def hostile_round(
    settings: Settings,
    store: Store,
    world: World,
    *,
    then: Route | str,
    first: Route | None = None,
    full_text: str = "never",
    trace: bool = False,
    overrides: Mapping[str, Any] | None = None,
) -> Outcome:
    """Both rounds, and the checks every case shares: healthy feeds fine, nothing lost."""
    fast = settings.model_copy(update={**FAST, **(overrides or {})})
    world.server.route("/hostile.xml", first or feed_response(rss(PRIOR)))
    feed = subscribe(store, world.server.url("/hostile.xml"), full_text)
    run_round(fast, store, [*world.healthy, feed])
    before = snapshot(store)
    if isinstance(then, str):
        with store.session() as session:
            update_feed(session, feed_id=feed, url=then)
    else:
        world.server.route("/hostile.xml", then)
    peak = run_round(fast, store, [*world.healthy, feed], trace=trace)
    assert_healthy_feeds_fetched(store, world)
    added = assert_nothing_lost(store, before, snapshot(store), feed)
    return Outcome(feed, peak, added, feed_row(store, feed))


def assert_healthy_feeds_fetched(store: Store, world: World) -> None:
    for feed, path in zip(world.healthy, HEALTHY_PATHS, strict=True):
        [state] = rows(store, "SELECT status, last_error FROM feeds WHERE id = :f", f=feed)
        assert state == ("ok", None)
        outcomes = rows(store, "SELECT outcome FROM fetch_log WHERE feed_id = :f", f=feed)
        assert [o for (o,) in outcomes] == ["ok", "ok"]
        assert len(world.server.requests_to(path)) == 2


def assert_nothing_lost(
    store: Store, before: tuple[Rows, Rows], after: tuple[Rows, Rows], feed: int
) -> list[str]:
    """Rows stored before are all still there, unchanged; new ones come from `feed` alone.
    Returns the titles of the articles the round added, sorted."""
    for old, new in zip(before, after, strict=True):
        assert {key: new.get(key) for key in old} == old
    new_sightings = [row for key, row in after[1].items() if key not in before[1]]
    assert {row[2] for row in new_sightings} <= {feed}
    added = set(after[0]) - set(before[0])
    assert added <= {row[1] for row in new_sightings}
    return sorted(
        title for key, title in rows(store, "SELECT id, title FROM articles") if key in added
    )


def feed_row(store: Store, feed: int) -> FeedRow:
    with store.session() as session:
        found = get_feed(session, feed_id=feed)
        assert found is not None
        return FeedRow(
            found.url, found.status, found.last_error, found.next_poll_at, found.last_fetched_at
        )


def assert_one_clear_line(message: str | None, pattern: str) -> None:
    """A message for a person: matches `pattern`, one line, short, no traceback or repr."""
    assert message is not None
    assert re.search(pattern, message), message
    assert message == " ".join(message.split()) and len(message) <= 300, message
    assert "Traceback" not in message and "Error(" not in message, message
