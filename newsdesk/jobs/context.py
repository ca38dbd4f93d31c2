"""What a running task may use: settings, the store, the HTTP client, the CPU pool."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ParamSpec, Protocol, TypeVar

import httpx

from newsdesk.config import Settings
from newsdesk.store.engine import Store

P = ParamSpec("P")
R = TypeVar("R")


class Enqueuer(Protocol):
    def __call__(self, name: str, /, **kwargs: Any) -> None: ...


# Per asyncio task: the open stage's running total of time spent in stages nested inside it.
_open_stage: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "newsdesk_open_stage", default=None
)


@dataclass
class StageClock:
    """Seconds spent per pipeline stage over a run, summed over tasks.

    Cheap enough to leave on (two clock reads per stage call), so a round can say where its
    time went without a profiler. A stage timed inside another (in the same task) counts for
    itself only. Stages that await the network or the process pool overlap across concurrent
    tasks, so their sums can exceed the wall time; stages that run on the event loop (store,
    schedule) cannot.
    """

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        nested = [0.0]
        outer = _open_stage.get()
        token = _open_stage.set(nested)
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            _open_stage.reset(token)
            self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed - nested[0]
            if outer is not None:
                outer[0] += elapsed


class CpuPool:
    """A process pool started on first use, from a thread.

    Starting worker processes waits on multiprocessing's fork server; done on the event loop,
    that wait would stall every fetch in flight (long enough, on a busy machine, for them to
    time out). Tasks that need the pool await its start instead; rounds that need no CPU work
    (a re-poll of unchanged feeds) start no processes at all.
    """

    def __init__(self, start: Callable[[], Executor]) -> None:
        self._start = start
        self._executor: Executor | None = None
        self._starting: asyncio.Future[Executor] | None = None

    async def executor(self) -> Executor:
        if self._executor is not None:
            return self._executor
        if self._starting is None:
            self._starting = asyncio.get_running_loop().run_in_executor(None, self._start)
        self._executor = await asyncio.shield(self._starting)
        return self._executor

    async def shutdown(self) -> None:
        if self._starting is not None:
            executor = await asyncio.shield(self._starting)
            executor.shutdown(wait=True, cancel_futures=True)


@dataclass
class JobContext:
    """Built once per runner (or per worker process) and handed to every task."""

    settings: Settings
    store: Store
    http: httpx.AsyncClient
    cpu: CpuPool | None  # None: CPU work runs in a thread (tests, tiny jobs)
    enqueue: Enqueuer
    stages: StageClock = field(default_factory=StageClock)

    async def run_cpu(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run CPU-bound work (page extraction) off the event loop, in the process pool."""
        loop = asyncio.get_running_loop()
        executor = await self.cpu.executor() if self.cpu is not None else None
        if kwargs:
            return await loop.run_in_executor(executor, functools.partial(fn, *args, **kwargs))
        return await loop.run_in_executor(executor, fn, *args)
