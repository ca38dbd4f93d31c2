"""Per-host politeness: at most N fetches in flight to one host, and a least gap between starts.

One `HostPacing` belongs to each client `make_client` builds (the runner's client serves a
whole round: every feed and article page of a host shares the host's turns). A fetch takes a
turn per request, redirects included, and holds it until its body is read. Waiting for a turn
steps out of the runner's slot (jobs/slots.py), so a slow or strict host delays only its own
fetches, never other hosts'. A robots.txt Crawl-delay raises the gap for its host.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from newsdesk.jobs.slots import stepped_aside
from newsdesk.store.sources import host_key

# A Crawl-delay above this is read as this: a hostile robots.txt must not stall a host forever.
MAX_CRAWL_DELAY = 60.0


@dataclass
class _Host:
    turns: asyncio.Semaphore
    next_start: float = 0.0  # monotonic time before which no new fetch to this host starts
    crawl_delay: float = 0.0


@dataclass
class Turn:
    """A held turn at one host: release it once the response has been read."""

    host: _Host
    waited: float  # seconds spent waiting for it (the fetch's deadline is moved by as much)
    released: bool = field(default=False)

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.host.turns.release()


class HostPacing:
    """Turns at each host, for one client (and so one event loop)."""

    def __init__(self, *, concurrency: int, delay: float) -> None:
        self.concurrency = max(1, concurrency)
        self.delay = max(0.0, delay)
        self._hosts: dict[str, _Host] = {}

    def set_crawl_delay(self, url: str, seconds: float) -> None:
        """A host's own Crawl-delay: the gap for that host becomes the larger of it and ours."""
        self._host(host_key(url)).crawl_delay = min(max(0.0, seconds), MAX_CRAWL_DELAY)

    def gap(self, url: str) -> float:
        """The least time between two fetch starts at `url`'s host."""
        return max(self.delay, self._host(host_key(url)).crawl_delay)

    async def take_turn(self, url: str) -> Turn:
        """Wait (stepped aside) until `url`'s host has a free turn and its gap has passed."""
        host = self._host(host_key(url))
        started = time.monotonic()
        if host.turns.locked() or host.next_start > started:
            async with stepped_aside():
                await self._take(host)
        else:
            await self._take(host)
        return Turn(host, time.monotonic() - started)

    async def _take(self, host: _Host) -> None:
        await host.turns.acquire()
        try:
            now = time.monotonic()
            start = max(now, host.next_start)
            host.next_start = start + max(self.delay, host.crawl_delay)
            if start > now:
                await asyncio.sleep(start - now)
        except BaseException:
            host.turns.release()
            raise

    def _host(self, key: str) -> _Host:
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(asyncio.Semaphore(self.concurrency))
        return host
