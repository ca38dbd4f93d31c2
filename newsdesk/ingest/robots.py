"""robots.txt for article pages, read as RFC 9309 says.

Feeds a person subscribed to are fetched regardless, as feed readers do (the subscription is
the person's own request); the pages behind their entries are crawling, so each request for
one, redirects included, first asks its origin's robots.txt (`RobotsGate` as fetch's gate).

- 2xx: the rules, for our product token (the User-Agent up to its first "/"), parsed with
  Protego (wildcards, "$", longest match wins); Crawl-delay raises the host's pacing gap.
- 4xx (except 429): no rules, everything allowed.
- 5xx, 429, timeouts, failed connections: everything disallowed for UNREACHABLE_FOR, then
  asked again; a copy fetched before keeps applying meanwhile (RFC 9309 §2.4).
- An address our guard refuses: the page fails with that refusal, as it would have anyway.

Copies live in the database (store/robots.py) for FRESH_FOR, so every worker and every
`newsdesk fetch` run shares one fetch per origin and day; each gate also memoises what it read
and fetches an origin's file once however many pages ask at the same time.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

import httpx
from protego import Protego

from newsdesk.config import Settings
from newsdesk.errors import (
    BlockedAddressError,
    FetchError,
    HTTPStatusError,
    RobotsDisallowedError,
)
from newsdesk.ingest.fetch import fetch, pacing_of
from newsdesk.store.engine import Store
from newsdesk.store.robots import get_robots, save_robots
from newsdesk.store.types import utcnow

FRESH_FOR = timedelta(hours=24)
UNREACHABLE_FOR = timedelta(minutes=30)
STALE_COPY_FOR = timedelta(days=30)  # how long an old copy stands in for an unreachable file
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: parse at least the first 500 KiB
ROBOTS_ACCEPT = "text/plain, */*;q=0.1"


@dataclass(frozen=True)
class RobotsPolicy:
    """What one origin's robots.txt allows, as of when it was read."""

    state: str  # rules | allow_all | unreachable
    rules: Protego | None
    reason: str | None
    expires_at: datetime

    def refusal(self, url: str, agent: str) -> str | None:
        """Why `url` may not be fetched, or None when it may."""
        if self.state == "unreachable":
            return f"robots.txt is unreachable ({self.reason}); the page was not fetched"
        if self.rules is not None and not self.rules.can_fetch(url, agent):
            return f"robots.txt disallows this page for {agent}; the page was not fetched"
        return None

    def crawl_delay(self, agent: str) -> float | None:
        if self.rules is None:
            return None
        delay = self.rules.crawl_delay(agent)
        return float(delay) if delay is not None else None


def product_token(user_agent: str) -> str:
    """The name robots.txt groups are matched against: "newsdesk" in "newsdesk/0.1 (...)"."""
    return (user_agent.split("/", 1)[0].split() or ["newsdesk"])[0]


def origin_of(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii').lower()}"


class RobotsGate:
    """Asked before each article-page request; raises RobotsDisallowedError to refuse it."""

    def __init__(self, client: httpx.AsyncClient, settings: Settings, store: Store) -> None:
        self._client = client
        self._settings = settings
        self._store = store
        self._agent = product_token(settings.user_agent)
        self._known: dict[str, RobotsPolicy] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def __call__(self, url: httpx.URL) -> None:
        policy = await self.policy(origin_of(url))
        delay = policy.crawl_delay(self._agent)
        pacing = pacing_of(self._client)
        if delay is not None and pacing is not None:
            pacing.set_crawl_delay(str(url), delay)
        refusal = policy.refusal(str(url), self._agent)
        if refusal is not None:
            raise RobotsDisallowedError(refusal)

    async def policy(self, origin: str) -> RobotsPolicy:
        """The origin's policy: memoised, else from the database, else fetched (once)."""
        known = self._known.get(origin)
        if known is not None and known.expires_at > utcnow():
            return known
        async with self._locks.setdefault(origin, asyncio.Lock()):
            known = self._known.get(origin)
            if known is None or known.expires_at <= utcnow():
                known = self._stored(origin)
            if known is None or known.expires_at <= utcnow():
                known = await self._fetch(origin)
            self._known[origin] = known
            return known

    def _stored(self, origin: str) -> RobotsPolicy | None:
        with self._store.session() as session:
            row = get_robots(session, origin=origin)
            if row is None:
                return None
            return _policy(row.state, row.body, row.reason, row.expires_at)

    async def _fetch(self, origin: str) -> RobotsPolicy:
        now = utcnow()
        state, body, reason = await self._read(origin)
        expires = now + (UNREACHABLE_FOR if state == "unreachable" else FRESH_FOR)
        with self._store.session() as session:
            old = get_robots(session, origin=origin)
            if (
                state == "unreachable"
                and old is not None
                and _stands_in(old.state, old.fetched_at, now)
            ):
                old.expires_at = expires
                return _policy(old.state, old.body, old.reason, expires)
            save_robots(
                session,
                origin=origin,
                state=state,
                body=body,
                reason=reason,
                fetched_at=now,
                expires_at=expires,
            )
        return _policy(state, body, reason, expires)

    async def _read(self, origin: str) -> tuple[str, str, str | None]:
        """(state, rules text, reason) from fetching the origin's /robots.txt."""
        try:
            result = await fetch(
                self._client, f"{origin}/robots.txt", settings=self._settings, accept=ROBOTS_ACCEPT
            )
        except HTTPStatusError as exc:
            if 400 <= exc.status_code < 500 and exc.status_code != 429:
                return "allow_all", "", f"robots.txt answered HTTP {exc.status_code}"
            return "unreachable", "", f"HTTP {exc.status_code}"
        except BlockedAddressError:
            raise  # our refusal, not the site's trouble: the page fails with the same reason
        except FetchError as exc:
            return "unreachable", "", str(exc)
        text = result.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return "rules", text, None


def _stands_in(state: str, fetched_at: datetime, now: datetime) -> bool:
    """Whether a copy read before may stand in while the file is unreachable."""
    return state != "unreachable" and fetched_at > now - STALE_COPY_FOR


def _policy(state: str, body: str, reason: str | None, expires_at: datetime) -> RobotsPolicy:
    rules = None
    if state == "rules":
        try:
            rules = Protego.parse(body)
        except Exception:  # a file no parser makes sense of sets no rules (RFC 9309 §2.2)
            state, reason = "allow_all", "robots.txt could not be parsed"
    return RobotsPolicy(state, rules, reason, expires_at)


_GATES: WeakKeyDictionary[httpx.AsyncClient, RobotsGate] = WeakKeyDictionary()


def robots_gate(client: httpx.AsyncClient, settings: Settings, store: Store) -> RobotsGate:
    """The gate of this client (one per runner), so its memo and locks are shared by tasks."""
    gate = _GATES.get(client)
    if gate is None:
        gate = _GATES[client] = RobotsGate(client, settings, store)
    return gate
