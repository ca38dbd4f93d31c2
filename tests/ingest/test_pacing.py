"""Per-host pacing against real servers that record when each request starts and how many
are in flight: the limit and the gap are honoured, and a busy host holds up no other."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from dataclasses import dataclass, field

import pytest

from newsdesk.config import Settings
from newsdesk.ingest.fetch import fetch, make_client, pacing_of
from newsdesk.ingest.rounds import fetch_round
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed
from tests.support.httpserver import RecordedRequest, Response, TestServer

RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    b"<link>http://example.test/</link><item><guid>1</guid><title>One</title>"
    b"<description>Short teaser.</description></item></channel></rss>"
)


@dataclass
class Recorder:
    """A route that notes each request's arrival and the most requests in flight at once."""

    hold: float = 0.0  # seconds each request is kept in flight
    body: bytes = b"ok"
    content_type: str = "text/plain"
    starts: list[tuple[float, str]] = field(default_factory=list)
    peak: int = 0
    _active: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: RecordedRequest) -> Response:
        with self._lock:
            self.starts.append((time.monotonic(), request.path))
            self._active += 1
            self.peak = max(self.peak, self._active)
        time.sleep(self.hold)
        with self._lock:
            self._active -= 1
        return Response(body=self.body, headers={"Content-Type": self.content_type})

    def gaps(self) -> list[float]:
        times = sorted(when for when, _ in self.starts)
        return [b - a for a, b in itertools.pairwise(times)]


def _settings(concurrency: int, delay: float, total_timeout: float = 20) -> Settings:
    return Settings(
        allowed_networks=["127.0.0.0/8"],  # type: ignore[list-item]
        total_timeout=total_timeout,
        connect_timeout=5,
        per_host_concurrency=concurrency,
        per_host_delay_seconds=delay,
    )


async def _fetch_all(settings: Settings, urls: list[str]) -> None:
    async with make_client(settings) as client:
        await asyncio.gather(*(fetch(client, url, settings=settings) for url in urls))


@pytest.mark.parametrize("limit", [1, 2, 3], ids=["one", "two", "three"])
def test_no_more_than_the_per_host_limit_is_in_flight(http_server: TestServer, limit: int) -> None:
    recorder = Recorder(hold=0.3)
    http_server.route("/slow", recorder)
    urls = [http_server.url(f"/slow?n={n}") for n in range(3 * limit)]
    asyncio.run(_fetch_all(_settings(limit, 0.0), urls))
    assert len(recorder.starts) == 3 * limit
    assert recorder.peak == limit


def test_starts_at_one_host_are_at_least_the_delay_apart(http_server: TestServer) -> None:
    recorder = Recorder()
    http_server.route("/page", recorder)
    urls = [http_server.url(f"/page?n={n}") for n in range(4)]
    asyncio.run(_fetch_all(_settings(4, 0.5), urls))
    assert len(recorder.gaps()) == 3
    # Arrivals, not departures: a connection's set-up may shift one by a few hundredths.
    assert min(recorder.gaps()) >= 0.4


def test_a_redirect_hop_takes_its_own_turn(http_server: TestServer) -> None:
    recorder = Recorder()
    http_server.route("/moved", Response(status=301, headers={"Location": "/page"}))
    http_server.route("/page", recorder)
    settings = _settings(1, 0.5)

    async def go() -> float:
        async with make_client(settings) as client:
            started = time.monotonic()
            await fetch(client, http_server.url("/moved"), settings=settings)
            return started

    started = asyncio.run(go())
    assert recorder.starts[0][0] - started >= 0.5  # the hop to /moved came first


def test_waiting_for_a_turn_does_not_count_against_the_fetch_deadline(
    http_server: TestServer,
) -> None:
    recorder = Recorder(hold=0.6)
    http_server.route("/slow", recorder)
    settings = _settings(1, 0.0, total_timeout=1.0)
    # Four fetches of 0.6 s each, one at a time: the last waits 1.8 s for its turn, longer
    # than its whole deadline, and must still succeed.
    asyncio.run(_fetch_all(settings, [http_server.url(f"/slow?n={n}") for n in range(4)]))
    assert len(recorder.starts) == 4


def test_crawl_delay_raises_the_gap_for_that_host_only(http_server: TestServer) -> None:
    settings = _settings(2, 0.1)

    async def gaps() -> tuple[float, float]:
        async with make_client(settings) as client:
            pacing = pacing_of(client)
            assert pacing is not None
            pacing.set_crawl_delay(http_server.url("/"), 5.0)
            return pacing.gap(http_server.url("/x")), pacing.gap("http://elsewhere.test/")

    assert asyncio.run(gaps()) == (5.0, 0.1)


def test_a_client_built_impolite_is_not_paced(http_server: TestServer) -> None:
    async def pacing() -> object:
        async with make_client(_settings(1, 1.0), polite=False) as client:
            return pacing_of(client)

    assert asyncio.run(pacing()) is None


def test_a_slow_strict_host_does_not_hold_up_other_hosts_in_a_round(
    store: Store, settings: Settings, http_server_factory: object
) -> None:
    """Six feeds on a slow host that allows one fetch at a time, queued before a feed on
    another host: with two runner slots, the other host's feed must not wait its turn behind
    them (the waiting tasks step out of their slots)."""
    slow, other = http_server_factory("127.0.0.1"), http_server_factory("127.0.0.2")  # type: ignore[operator]
    slow_feeds = Recorder(hold=0.5, body=RSS, content_type="application/rss+xml")
    other_feed = Recorder(body=RSS, content_type="application/rss+xml")
    slow.route("/feed", slow_feeds)
    other.route("/feed", other_feed)
    urls = [slow.url(f"/feed?n={n}") for n in range(6)] + [other.url("/feed")]
    with store.session() as session:
        ids = [add_feed(session, url=url, full_text="never")[0].id for url in urls]
    paced = settings.model_copy(
        update={
            "allowed_networks": _settings(1, 0).allowed_networks,
            "fetch_concurrency": 2,
            "per_host_concurrency": 1,
            "per_host_delay_seconds": 0.0,
        }
    )
    asyncio.run(fetch_round(paced, store, feed_ids=ids, cpu_workers=0))
    assert len(slow_feeds.starts) == 6 and len(other_feed.starts) == 1
    other_start = other_feed.starts[0][0]
    slow_starts = sorted(when for when, _ in slow_feeds.starts)
    assert other_start < slow_starts[1]  # it went while the first slow feed was still out
