"""What a running task may use: settings, the store, the HTTP client, the CPU pool."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, ParamSpec, Protocol, TypeVar

import httpx

from newsdesk.config import Settings
from newsdesk.store.engine import Store

P = ParamSpec("P")
R = TypeVar("R")


class Enqueuer(Protocol):
    def __call__(self, name: str, /, **kwargs: Any) -> None: ...


@dataclass
class JobContext:
    """Built once per runner (or per worker process) and handed to every task."""

    settings: Settings
    store: Store
    http: httpx.AsyncClient
    cpu: Executor | None
    enqueue: Enqueuer

    async def run_cpu(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run CPU-bound work (page extraction) off the event loop, in the process pool."""
        loop = asyncio.get_running_loop()
        if kwargs:
            import functools

            return await loop.run_in_executor(self.cpu, functools.partial(fn, *args, **kwargs))
        return await loop.run_in_executor(self.cpu, fn, *args)
