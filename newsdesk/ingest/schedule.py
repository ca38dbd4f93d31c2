"""When to poll each feed next.

A busy feed is polled often (down to `min_poll_minutes`), a quiet one rarely (up to
`max_poll_minutes`), judged on how many entries it published over the last week; the
publisher's own hints (RSS ttl, Cache-Control max-age, Retry-After) are honoured as lower
bounds. Failures back off exponentially, capped at the maximum, and a feed failing without a
break for `disable_after_days` is disabled so it stops costing a request per round.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsdesk.config import Settings

WEEK = timedelta(days=7)
DEFAULT_MINUTES = 60


@dataclass(frozen=True)
class PollPlan:
    interval_minutes: int
    next_poll_at: datetime


def _clamp(minutes: float, settings: Settings) -> int:
    return int(max(settings.min_poll_minutes, min(settings.max_poll_minutes, minutes)))


def publishing_interval(entry_times: Iterable[datetime | None], *, now: datetime) -> float | None:
    """Mean minutes between entries over the last week, or None when the feed dates nothing.

    The rate is entries seen / time observed. A feed lists only its latest entries, so when
    all of them fall inside the week we have watched only since the oldest, not a whole week.
    """
    dated = [t for t in entry_times if t is not None and t <= now]
    recent = [t for t in dated if now - t <= WEEK]
    if not recent:
        return None if not dated else WEEK.total_seconds() / 60
    window = WEEK if len(recent) < len(dated) else max(now - min(recent), timedelta(hours=1))
    return window.total_seconds() / 60 / len(recent)


def plan_after_success(
    *,
    settings: Settings,
    now: datetime,
    entry_times: Iterable[datetime | None],
    previous_minutes: int,
    had_new_entries: bool,
    ttl_minutes: int | None = None,
    max_age_seconds: int | None = None,
) -> PollPlan:
    """The next poll after a good fetch (new content or 304).

    Poll at half the publishing interval so a new entry waits on average a quarter of it.
    Without dates, fall back to the feed's behaviour: reset to an hour when something new
    arrived, otherwise stretch the interval by half each time nothing did.
    """
    gap = publishing_interval(entry_times, now=now)
    if gap is not None:
        minutes = gap / 2
    elif had_new_entries:
        minutes = DEFAULT_MINUTES
    else:
        minutes = previous_minutes * 1.5
    if ttl_minutes:
        minutes = max(minutes, ttl_minutes)
    if max_age_seconds:
        minutes = max(minutes, max_age_seconds / 60)
    interval = _clamp(minutes, settings)
    return PollPlan(interval, now + timedelta(minutes=interval))


def plan_after_failure(
    *,
    settings: Settings,
    now: datetime,
    error_count: int,
    retry_after_seconds: float | None = None,
) -> PollPlan:
    """Exponential backoff from the shortest interval: 15, 30, 60 min … capped at 24 h."""
    minutes = settings.min_poll_minutes * 2 ** max(0, error_count - 1)
    if retry_after_seconds:
        # whole minutes, rounded up: never poll before the server asked us to
        minutes = max(minutes, math.ceil(retry_after_seconds / 60))
    interval = _clamp(minutes, settings)
    return PollPlan(interval, now + timedelta(minutes=interval))


def should_disable(*, settings: Settings, now: datetime, failing_since: datetime | None) -> bool:
    """True once a feed has failed without a single success for the configured days."""
    if failing_since is None:
        return False
    return now - failing_since >= timedelta(days=settings.disable_after_days)
