"""The one task interface for every unit of pipeline work.

A task is an async function `fn(ctx: JobContext, **kwargs)` registered with `@task`; its
arguments are JSON values, so the same task can later run on a distributed worker
(procrastinate on PostgreSQL) that rebuilds the context on its own machine. Code that wants
work done calls `enqueue(name, **kwargs)` and never cares which runner does it.
"""

from newsdesk.jobs.context import JobContext, StageClock
from newsdesk.jobs.registry import enqueue, get_task, task, task_names
from newsdesk.jobs.runner import InProcessRunner, RunStats

__all__ = [
    "InProcessRunner",
    "JobContext",
    "RunStats",
    "StageClock",
    "enqueue",
    "get_task",
    "task",
    "task_names",
]
