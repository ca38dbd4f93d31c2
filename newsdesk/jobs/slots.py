"""Runner slots, and stepping out of one while a task waits on something outside.

A runner lets `fetch_concurrency` tasks run at once. A task that must wait its turn for a busy
host (the per-host limit, a Crawl-delay) would otherwise hold its slot idle while tasks for
other hosts queue behind it; `stepped_aside()` gives the slot back for the wait and takes one
again before going on, so one slow or strict host never holds up the rest.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Slot:
    """One task's claim on its runner's semaphore; knows whether it holds it right now."""

    def __init__(self, semaphore: asyncio.Semaphore) -> None:
        self._semaphore = semaphore
        self.held = False

    async def acquire(self) -> None:
        await self._semaphore.acquire()
        self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            self._semaphore.release()


_current: contextvars.ContextVar[Slot | None] = contextvars.ContextVar(
    "newsdesk_runner_slot", default=None
)


def bind_slot(slot: Slot) -> None:
    """Called by a runner inside the task it started, so `stepped_aside` finds the slot."""
    _current.set(slot)


@asynccontextmanager
async def stepped_aside() -> AsyncIterator[None]:
    """Give this task's runner slot to others for the duration of the block (a no-op outside
    a runner: the CLI's one-off fetches hold no slot)."""
    slot = _current.get()
    if slot is None or not slot.held:
        yield
        return
    slot.release()
    try:
        yield
    finally:
        await slot.acquire()
