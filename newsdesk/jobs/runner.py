"""The in-process runner: an asyncio queue of tasks plus a process pool for CPU work.

Used with SQLite, where one process owns the database. Tasks run concurrently up to
`settings.fetch_concurrency` (a task waiting for a busy host steps aside: jobs/slots.py); a
task that raises is logged and counted, never allowed to stop the others (tasks record their
own failures on the objects they work on).
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import forkserver
from types import TracebackType
from typing import Any

from newsdesk.config import Settings
from newsdesk.jobs.context import CpuPool, JobContext, StageClock
from newsdesk.jobs.registry import get_task, reset_enqueuer, set_enqueuer
from newsdesk.jobs.slots import Slot, bind_slot
from newsdesk.store.engine import Store

log = logging.getLogger(__name__)


@dataclass
class RunStats:
    queued: int = 0
    done: int = 0
    failed: int = 0
    by_task: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # see StageClock


def quiet_libraries() -> None:
    """Silence extractor libraries that log every odd page; our own records say what failed."""
    for name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


# Imported once by multiprocessing's fork server, so each pool's workers are forked with the
# parser and extractor already loaded: importing them costs a new worker ~0.7 s of CPU, and
# every round starts a pool.
WORKER_PRELOAD = ["newsdesk.ingest.pipeline"]


def _worker_context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)
    return context


def _nothing(_: int) -> None:
    """A job that makes the pool start a worker."""


class InProcessRunner:
    """Run tasks in this process until the queue is empty.

    `cpu_workers=0` runs CPU work in a thread instead of a process pool (tests and tiny jobs,
    where starting processes costs more than it saves).
    """

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        cpu_workers: int | None = None,
        on_done: Callable[[str, RunStats], None] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.stats = RunStats()
        self._queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        if cpu_workers is None:
            cpu_workers = settings.extract_workers or os.cpu_count() or 1
        self._cpu_workers = cpu_workers
        self._on_done = on_done
        self._cpu: CpuPool | None = None
        self._ctx: JobContext | None = None
        self._token: Any = None

    async def __aenter__(self) -> InProcessRunner:
        from newsdesk.ingest.fetch import make_client

        if self._cpu_workers > 0:
            # Started now, the fork server imports WORKER_PRELOAD while the first feeds load.
            _worker_context()
            forkserver.ensure_running()
            self._cpu = CpuPool(self._start_pool)
        self._ctx = JobContext(
            settings=self.settings,
            store=self.store,
            http=make_client(self.settings),
            cpu=self._cpu,
            enqueue=self.enqueue,
            stages=StageClock(self.stats.stage_seconds),
        )
        self._token = set_enqueuer(self.enqueue)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        reset_enqueuer(self._token)
        if self._ctx is not None:
            await self._ctx.http.aclose()
        if self._cpu is not None:
            await self._cpu.shutdown()

    def _start_pool(self) -> Executor:
        """The process pool with every worker started (runs in a thread, see CpuPool)."""
        pool = ProcessPoolExecutor(
            max_workers=self._cpu_workers,
            mp_context=_worker_context(),
            initializer=quiet_libraries,
        )
        for _ in pool.map(_nothing, range(self._cpu_workers)):
            pass
        return pool

    @property
    def context(self) -> JobContext:
        if self._ctx is None:
            raise RuntimeError("runner not started: use `async with InProcessRunner(...)`")
        return self._ctx

    def enqueue(self, name: str, /, **kwargs: Any) -> None:
        get_task(name)  # fail fast on a typo, not later in a worker
        json.dumps(kwargs)  # the same arguments must survive a real queue
        self.stats.queued += 1
        self._queue.put_nowait((name, kwargs))

    async def run_until_empty(self) -> RunStats:
        """Work until no task is queued or running (tasks may enqueue more).

        At most `fetch_concurrency` tasks hold a slot at once; a task waiting for a busy host
        steps out of its slot (`newsdesk.jobs.slots.stepped_aside`), so the next queued task
        starts meanwhile.
        """
        semaphore = asyncio.Semaphore(self.settings.fetch_concurrency)
        running: set[asyncio.Task[None]] = set()

        async def dispatch() -> None:
            while True:
                name, kwargs = await self._queue.get()
                slot = Slot(semaphore)
                await slot.acquire()
                job = asyncio.create_task(self._run(name, kwargs, slot))
                running.add(job)
                job.add_done_callback(running.discard)

        dispatcher = asyncio.create_task(dispatch())
        try:
            await self._queue.join()
        finally:
            dispatcher.cancel()
            for job in list(running):
                job.cancel()
            await asyncio.gather(dispatcher, *running, return_exceptions=True)
        return self.stats

    async def _run(self, name: str, kwargs: dict[str, Any], slot: Slot) -> None:
        bind_slot(slot)
        try:
            await get_task(name)(self.context, **kwargs)
            self.stats.done += 1
        except Exception:
            self.stats.failed += 1
            log.exception("task %s(%s) failed", name, kwargs)
        finally:
            slot.release()
            self.stats.by_task[name] = self.stats.by_task.get(name, 0) + 1
            self._queue.task_done()
            if self._on_done is not None:
                self._on_done(name, self.stats)
