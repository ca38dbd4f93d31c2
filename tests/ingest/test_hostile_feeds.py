"""One misbehaving feed server per case, polled in a round beside two healthy feeds.

Each case runs tests/support/hostile.py's two-round story on both databases: the feed first
behaves, then misbehaves. Afterwards it records one clear line on feeds.last_error (or the
right new state, or reads what can be read), the healthy feeds in the same round were fetched
as usual, and every row stored before is still there, unchanged.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import Settings
from newsdesk.ingest.parse import parse_feed
from newsdesk.ingest.parsed import MAX_ENTRIES
from newsdesk.store.engine import Store
from newsdesk.store.feeds import due_feed_ids
from tests.support.hostile import (
    LONG,
    PRIOR,
    RSS,
    SECRET,
    Outcome,
    World,
    assert_one_clear_line,
    feed_response,
    hostile_round,
    hostile_world,
    item,
    rows,
    rss,
)
from tests.support.httpserver import (
    RecordedRequest,
    Response,
    Route,
    TestServer,
    redirect,
    unaccepting_port,
)

MEMORY_LIMIT = 50_000_000
HUGE = 50 * 1024 * 1024

Check = Callable[[World, Store, Outcome], None]


@dataclass(frozen=True)
class Case:
    """A hostile server (`serve` sets it up: a route for the feed's URL, or a new URL for the
    feed) and what the feed must say after its round."""

    serve: Callable[[World], Route | str]
    error: str | None = None  # pattern its one-line last_error must match; None: no error
    status: str | None = None  # default: "error" when an error is expected, else "ok"
    titles: tuple[str, ...] | None = ()  # exactly the articles the round adds (None: `check`)
    check: Check | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    trace: bool = False  # hold the round's peak Python memory to MEMORY_LIMIT


def truncated(world: World) -> Route:
    body = rss(PRIOR, item("t1", "Readable one"), item("t2", "Readable two"))
    return feed_response(body[: body.rindex("Sentence 30")])  # cut inside the last item


def unclosed_tags(world: World) -> Route:
    broken = (
        "<item><guid>u1</guid><title>Unclosed <b>bold</title>"
        f"<description>{LONG} <p>never closed</description></item>"
    )
    return feed_response(rss(PRIOR, broken, item("u2", "After the broken one")))


def garbage(world: World) -> Route:
    return feed_response(bytes(range(256)) * 40 + b"<<>>&&;;\x00")


def html_page(world: World) -> Route:
    world.server.route("/found.xml", feed_response(rss(PRIOR, item("f1", "Found by discovery"))))
    page = (
        "<!doctype html><html><head><title>A site</title>"
        '<link rel="alternate" type="application/rss+xml" href="/found.xml">'
        "</head><body><p>Welcome</p></body></html>"
    )
    return feed_response(page, "text/html; charset=utf-8")


def moved_to_found(world: World, store: Store, outcome: Outcome) -> None:
    assert outcome.row.url == world.server.url("/found.xml")


# Real French Wikinews headlines (CC BY 2.5, /work/shared/data/news-corpus).
FRENCH = (
    "Évacuation d'un navire de croisière en Alaska",
    "États-Unis : un avion s'écrase près d'un aéroport en Virginie",
)
RUSSIAN = ("Москва: новый мост через реку открыт", "Выборы в городской совет: итоги")


def encoded(
    titles: tuple[str, ...], charset: str, *, header: str | None, declare: str | None
) -> Callable[[World], Route]:
    """The prior story and `titles`, in `charset`, declared by header and/or document."""

    def serve(world: World) -> Route:
        prolog = f'<?xml version="1.0" encoding="{declare}"?>' if declare else ""
        items = [item(f"e{n}", title) for n, title in enumerate(titles)]
        body = rss(PRIOR, *items, prolog=prolog).encode(charset)
        content_type = f"{RSS}; charset={header}" if header else RSS
        return feed_response(body, content_type)

    return serve


def status(code: int, **headers: str) -> Callable[[World], Route]:
    return lambda world: Response(status=code, body=b"<h1>nope</h1>", headers=headers)


def not_polled_before(seconds: int) -> Check:
    def check(world: World, store: Store, outcome: Outcome) -> None:
        row = outcome.row
        assert row.next_poll_at is not None and row.last_fetched_at is not None
        assert row.next_poll_at >= row.last_fetched_at + timedelta(seconds=seconds)

    return check


def retry_in_three_hours(world: World) -> Route:
    """503 with Retry-After as an HTTP-date three hours after each request."""

    def handle(request: RecordedRequest) -> Response:
        world.notes["retry_at"] = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=3)
        date = format_datetime(world.notes["retry_at"], usegmt=True)
        return Response(status=503, headers={"Retry-After": date})

    return handle


def not_polled_before_the_date(world: World, store: Store, outcome: Outcome) -> None:
    assert outcome.row.next_poll_at is not None
    assert outcome.row.next_poll_at >= world.notes["retry_at"]


def stops_polling(world: World, store: Store, outcome: Outcome) -> None:
    with store.session() as session:
        due = due_feed_ids(session, now=datetime.now(UTC) + timedelta(days=400))
    assert outcome.feed not in due and set(world.healthy) <= set(due)


def connect_timeout(world: World) -> str:
    port = world.stack.enter_context(unaccepting_port())
    return f"http://127.0.0.1:{port}/feed.xml"


def redirect_loop(world: World) -> Route:
    world.server.route("/loop-a", redirect("/loop-b"))
    world.server.route("/loop-b", redirect("/loop-a"))
    return redirect("/loop-a", 301)


def refused_redirect(world: World) -> Route:
    other = world.other_server("127.0.0.2")
    other.route("/feed.xml", feed_response(rss(item("x", "Must not be read"))))
    return redirect(other.url("/feed.xml"))


def refused_server_untouched(world: World, store: Store, outcome: Outcome) -> None:
    assert world.others[0].requests == []


@cache
def gzip_bomb() -> bytes:
    """200 MB of zeros inside a valid RSS start, gzipped to about 200 kB."""
    sink = io.BytesIO()
    with gzip.GzipFile(fileobj=sink, mode="wb") as packer:
        packer.write(rss(PRIOR).encode()[:-25])
        for _ in range(200):
            packer.write(bytes(1 << 20))
    return sink.getvalue()


def entities(
    declarations: str,
    reference: str,
    encoding: str = "utf-8",
    doctype: str = "<!DOCTYPE rss [\n{}\n]>",
) -> Callable[[World], Route]:
    """A feed whose DOCTYPE declares `declarations` and whose entries use `reference`."""

    def serve(world: World) -> Route:
        world.server.route("/entity", Response(body=SECRET.encode()))
        world.server.route("/dtd", Response(body=f'<!ENTITY x "{SECRET}">'.encode()))
        decl = declarations.format(
            secret=world.secret_file().as_uri(), server=world.server.url("").rstrip("/")
        )
        prolog = '<?xml version="1.0"?>\n' + doctype.format(decl)
        title = f"Bomb {reference}" if len(reference) < 10 else "Bomb"
        attack = (  # no CDATA: the references must be read as references
            f"<item><guid>bomb</guid><title>{title}</title>"
            f"<description>{LONG} {reference}</description></item>"
        )
        return feed_response(rss(PRIOR, attack, prolog=prolog).encode(encoding))

    return serve


def nothing_leaked(world: World, store: Store, outcome: Outcome) -> None:
    assert world.server.requests_to("/entity") == []
    assert world.server.requests_to("/dtd") == []
    stored = rows(store, "SELECT title, text, html, COALESCE(dek, '') FROM articles")
    stored += rows(store, "SELECT COALESCE(title, ''), COALESCE(last_error, '') FROM feeds")
    for needle in (SECRET, "lol" * 100, "A" * 1000):  # no entity was read or expanded
        assert not any(needle in value for row_ in stored for value in row_)


def defused(serve: Callable[[World], Route], title: str = "Bomb") -> Case:
    """The feed is read, its attack entry kept with nothing expanded or fetched.

    The defence under test is the parser's, not the clock's: these rounds run under
    tracemalloc, which on a loaded machine can stretch a plain fetch past the 2 s that cuts
    the slow-drip case, so they get the default-like 10 s."""
    return Case(
        serve, titles=(title,), check=nothing_leaked, trace=True, settings={"total_timeout": 10.0}
    )


LAUGHS = "\n".join(
    ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
)
BIG_ENTITY = f'<!ENTITY a "{"A" * 100_000}">'
QUADRATIC = "&a;" * 20_000  # 2 GB once expanded
MANY_ITEMS = 60_000


def many_items(world: World) -> Route:
    return feed_response(many_items_body())


@cache
def many_items_body() -> bytes:
    """60,000 dated items, oldest first, all older than the prior story."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    items = [
        f"<item><title>Item {n}</title>"  # the least feedparser must read: no guid, no text
        f"<pubDate>{format_datetime(start + timedelta(minutes=n))}</pubDate></item>"
        for n in range(MANY_ITEMS)
    ]
    return rss(PRIOR, *items).encode()


def newest_entries_kept(world: World, store: Store, outcome: Outcome) -> None:
    [(count,)] = rows(store, "SELECT COUNT(*) FROM sightings WHERE feed_id = :f", f=outcome.feed)
    assert count == MAX_ENTRIES  # the prior story and the newest of the rest
    titles = {title for (title,) in rows(store, "SELECT title FROM articles")}
    newest = MANY_ITEMS - MAX_ENTRIES + 1
    assert {f"Item {newest}", f"Item {MANY_ITEMS - 1}", "Prior story"} <= titles
    assert not {f"Item {newest - 1}", "Item 0"} & titles


CASES = {
    "truncated-xml": Case(truncated, titles=("Readable one", "Readable two")),
    "unclosed-tags": Case(unclosed_tags, titles=("After the broken one", "Unclosed bold")),
    "garbage": Case(garbage, error=r"^not a feed: not well-formed \(invalid token\)$"),
    "html-page-discovers-its-feed": Case(
        html_page, titles=("Found by discovery",), check=moved_to_found
    ),
    "header-utf8-body-latin1": Case(
        encoded(FRENCH, "latin-1", header="utf-8", declare=None), titles=tuple(sorted(FRENCH))
    ),
    "header-latin1-body-utf8": Case(
        encoded(FRENCH, "utf-8", header="iso-8859-1", declare=None), titles=tuple(sorted(FRENCH))
    ),
    "declared-utf8-body-latin1": Case(
        encoded(FRENCH, "latin-1", header=None, declare="utf-8"), titles=tuple(sorted(FRENCH))
    ),
    "iso-8859-1": Case(
        encoded(FRENCH, "iso-8859-1", header="ISO-8859-1", declare="ISO-8859-1"),
        titles=tuple(sorted(FRENCH)),
    ),
    "windows-1251": Case(
        encoded(RUSSIAN, "windows-1251", header="windows-1251", declare="windows-1251"),
        titles=tuple(sorted(RUSSIAN)),
    ),
    "empty-body": Case(lambda world: feed_response(b""), error=r"^empty document$"),
    "404": Case(status(404), error=r"HTTP 404"),
    "410-stops-polling": Case(status(410), error=r"HTTP 410", status="gone", check=stops_polling),
    "500": Case(status(500), error=r"HTTP 500"),
    "503-retry-after-seconds": Case(
        status(503, **{"Retry-After": "7200"}), error=r"HTTP 503", check=not_polled_before(7200)
    ),
    "503-retry-after-date": Case(
        retry_in_three_hours, error=r"HTTP 503", check=not_polled_before_the_date
    ),
    "connect-timeout": Case(connect_timeout, error=r"connecting .* timed out"),
    "slow-drip": Case(
        lambda world: feed_response(rss(PRIOR), drip=1.0, chunk_size=1),
        error=r"took longer than 2 s",
    ),
    "redirect-loop": Case(redirect_loop, error=r"redirect loop"),
    "redirect-to-refused-address": Case(
        refused_redirect, error=r"refused.*127\.0\.0\.2", check=refused_server_untouched
    ),
    "body-over-the-cap": Case(
        lambda world: Response(body=bytes(HUGE), headers={"Content-Type": RSS}, send_length=False),
        error=r"more than 2000000 bytes",
        trace=True,
    ),
    "gzip-bomb": Case(
        lambda world: Response(
            body=gzip_bomb(), headers={"Content-Type": RSS, "Content-Encoding": "gzip"}
        ),
        error=r"more than 2000000 bytes",
        trace=True,
    ),
    "billion-laughs": defused(entities(LAUGHS, "&l9;"), "Bomb &l9;"),
    "quadratic-blowup": defused(entities(BIG_ENTITY, QUADRATIC)),
    "quadratic-blowup-utf16": defused(entities(BIG_ENTITY, QUADRATIC, "utf-16")),
    "quadratic-blowup-utf8-bom": defused(entities(BIG_ENTITY, QUADRATIC, "utf-8-sig")),
    "entity-declared-outside-the-doctype": Case(
        entities(BIG_ENTITY, QUADRATIC, doctype="<!DOCTYPE rss>\n{}"),
        error=r"^refused: the document declares XML entities outside a DOCTYPE$",
        trace=True,
    ),
    "external-entity-file": defused(entities('<!ENTITY x SYSTEM "{secret}">', "&x;"), "Bomb &x;"),
    "external-entity-http": defused(
        entities('<!ENTITY x SYSTEM "{server}/entity">', "&x;"), "Bomb &x;"
    ),
    "external-parameter-entity": defused(
        entities('<!ENTITY % p SYSTEM "{server}/dtd"> %p;', "&x;"), "Bomb &x;"
    ),
    "sixty-thousand-items": Case(
        many_items,
        error=rf"read only the newest {MAX_ENTRIES} entries; {MANY_ITEMS + 1 - MAX_ENTRIES} older",
        status="ok",
        titles=None,
        check=newest_entries_kept,
        settings={"max_body_bytes": 20_000_000, "total_timeout": 10.0},
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_hostile_feed_fails_alone_and_nothing_stored_is_lost(
    settings: Settings,
    store: Store,
    http_server: TestServer,
    http_server_factory: Callable[..., TestServer],
    tmp_path: Path,
    case: Case,
) -> None:
    with hostile_world(store, http_server, http_server_factory, tmp_path) as world:
        outcome = hostile_round(
            settings,
            store,
            world,
            then=case.serve(world),
            trace=case.trace,
            overrides=case.settings,
        )
        assert outcome.row.status == (case.status or ("error" if case.error else "ok"))
        if case.error is None:
            assert outcome.row.last_error is None
        else:
            assert_one_clear_line(outcome.row.last_error, case.error)
        if case.titles is not None:
            assert outcome.added_titles == list(case.titles)
        if case.check is not None:
            case.check(world, store, outcome)
        assert outcome.peak_bytes < MEMORY_LIMIT


def json_feed(count: int) -> bytes:
    """A JSON Feed of `count` items, oldest first."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    items = [
        {
            "id": f"j{n}",
            "title": f"Item {n}",
            "content_text": "Words.",
            "date_published": (start + timedelta(minutes=n)).isoformat(),
        }
        for n in range(count)
    ]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()


def undated_rss(count: int) -> bytes:
    """An RSS feed of `count` undated items: document order is all there is to go by."""
    return rss(
        *(f"<item><guid>u{n}</guid><title>Item {n}</title></item>" for n in range(count))
    ).encode()


LONG_FEEDS = {  # body, the items kept
    "json-feed-keeps-the-newest": (json_feed(MAX_ENTRIES + 500), range(500, MAX_ENTRIES + 500)),
    "undated-rss-keeps-the-first": (undated_rss(MAX_ENTRIES + 500), range(MAX_ENTRIES)),
}


@pytest.mark.parametrize(("body", "kept"), LONG_FEEDS.values(), ids=list(LONG_FEEDS))
def test_a_long_feed_is_read_up_to_its_newest_entries(body: bytes, kept: range) -> None:
    parsed = parse_feed(body, url="http://example.test/feed")
    assert [entry.title for entry in parsed.entries] == [f"Item {n}" for n in kept]
    assert parsed.skipped_entries == 500
