"""Task registration and the module-level `enqueue` used by callers."""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from newsdesk.jobs.context import Enqueuer

TaskFn = Callable[..., Awaitable[None]]
F = TypeVar("F", bound=TaskFn)

_TASKS: dict[str, TaskFn] = {}
_current: contextvars.ContextVar[Enqueuer | None] = contextvars.ContextVar(
    "newsdesk_enqueuer", default=None
)


def task(name: str) -> Callable[[F], F]:
    """Register an async task under a stable name (the name is what queues store)."""

    def register(fn: F) -> F:
        if name in _TASKS and _TASKS[name] is not fn:
            raise ValueError(f"task {name!r} registered twice")
        _TASKS[name] = fn
        return fn

    return register


def get_task(name: str) -> TaskFn:
    _load_tasks()
    try:
        return _TASKS[name]
    except KeyError:
        raise LookupError(f"no task named {name!r}") from None


def task_names() -> list[str]:
    _load_tasks()
    return sorted(_TASKS)


def _load_tasks() -> None:
    """Import the modules that define tasks, so a worker knows them all."""
    import newsdesk.analyze.pipeline
    import newsdesk.ingest.pipeline  # noqa: F401


def set_enqueuer(enqueuer: Enqueuer | None) -> contextvars.Token[Enqueuer | None]:
    return _current.set(enqueuer)


def reset_enqueuer(token: contextvars.Token[Enqueuer | None]) -> None:
    _current.reset(token)


def enqueue(name: str, /, **kwargs: Any) -> None:
    """Queue task `name` with JSON arguments on whichever runner is active."""
    enqueuer = _current.get()
    if enqueuer is None:
        raise RuntimeError("no job runner is active: start one (InProcessRunner) first")
    enqueuer(name, **kwargs)
