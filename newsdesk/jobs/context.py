"""What a running task may use: settings, the store, the HTTP client, the CPU pool."""

from __future__ import annotations

import asyncio
import contextvars
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


@dataclass
class JobContext:
    """Built once per runner (or per worker process) and handed to every task."""

    settings: Settings
    store: Store
    http: httpx.AsyncClient
    cpu: Executor | None
    enqueue: Enqueuer
    stages: StageClock = field(default_factory=StageClock)

    async def run_cpu(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run CPU-bound work (page extraction) off the event loop, in the process pool."""
        loop = asyncio.get_running_loop()
        if kwargs:
            import functools

            return await loop.run_in_executor(self.cpu, functools.partial(fn, *args, **kwargs))
        return await loop.run_in_executor(self.cpu, fn, *args)
