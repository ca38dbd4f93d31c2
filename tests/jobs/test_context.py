"""The job context's stage clock: where a round's time went (on a clock the test drives)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from newsdesk.jobs import context
from newsdesk.jobs.context import StageClock


def _ticks(monkeypatch: pytest.MonkeyPatch, *readings: float) -> None:
    values: Iterator[float] = iter(readings)
    monkeypatch.setattr(context.time, "perf_counter", lambda: next(values))


def test_a_stage_timed_inside_another_counts_for_itself_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _ticks(monkeypatch, 0.0, 1.0, 4.0, 6.0)  # store opens, schedule opens, closes, store closes
    clock = StageClock()
    with clock.timed("store"), clock.timed("schedule"):
        pass

    assert clock.seconds == {"schedule": 3.0, "store": 3.0}


def test_stages_of_concurrent_tasks_do_not_nest_in_each_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _ticks(monkeypatch, 0.0, 1.0, 2.0, 3.0)  # fetch opens, parse opens, fetch closes, parse closes
    clock = StageClock()

    async def task(stage: str) -> None:
        with clock.timed(stage):
            await asyncio.sleep(0)

    async def main() -> None:
        await asyncio.gather(task("fetch"), task("parse"))

    asyncio.run(main())

    assert clock.seconds == {"fetch": 2.0, "parse": 2.0}
