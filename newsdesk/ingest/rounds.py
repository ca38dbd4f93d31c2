"""A round: poll every due feed once and finish all the work it brings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from newsdesk.config import Settings
from newsdesk.jobs import InProcessRunner, RunStats
from newsdesk.store.articles import count_articles
from newsdesk.store.engine import Store
from newsdesk.store.feeds import due_feed_ids
from newsdesk.store.types import utcnow

Progress = Callable[[str, RunStats], None]


@dataclass(frozen=True)
class RoundReport:
    feeds: int
    tasks: int
    failed_tasks: int
    articles_before: int
    articles_after: int
    stage_seconds: dict[str, float] = field(default_factory=dict)  # fetch, parse, store, ...

    @property
    def new_articles(self) -> int:
        return self.articles_after - self.articles_before


async def fetch_round(
    settings: Settings,
    store: Store,
    *,
    feed_ids: list[int] | None = None,
    progress: Progress | None = None,
    cpu_workers: int | None = None,
) -> RoundReport:
    """Poll the due feeds (or the given ones) and wait for every page they queue."""
    with store.session() as session:
        ids = feed_ids if feed_ids is not None else due_feed_ids(session, now=utcnow())
        before = count_articles(session)
    async with InProcessRunner(
        settings, store, cpu_workers=cpu_workers, on_done=progress
    ) as runner:
        for feed_id in ids:
            runner.enqueue("fetch_feed", feed_id=feed_id)
        stats = await runner.run_until_empty()
    with store.session() as session:
        after = count_articles(session)
    return RoundReport(len(ids), stats.queued, stats.failed, before, after, stats.stage_seconds)
