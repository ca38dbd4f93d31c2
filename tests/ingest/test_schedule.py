"""When feeds are polled: adaptive to publishing rate, polite to hints, backing off on errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.config import Settings
from newsdesk.ingest.schedule import (
    plan_after_failure,
    plan_after_success,
    publishing_interval,
    should_disable,
)

NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)
SETTINGS = Settings()


def _every(minutes: int, count: int) -> list[datetime | None]:
    return [NOW - timedelta(minutes=minutes * i) for i in range(count)]


def test_undated_entries_give_no_rate() -> None:
    assert publishing_interval([None, None], now=NOW) is None


def test_only_old_entries_give_a_week() -> None:
    assert publishing_interval([NOW - timedelta(days=30)], now=NOW) == 7 * 24 * 60


@pytest.mark.parametrize(
    ("entry_times", "expected"),
    [
        pytest.param(_every(5, 200), 15, id="busy-feed-polled-at-the-minimum"),
        pytest.param(_every(120, 40), 58, id="two-hourly-feed-polled-about-hourly"),
        pytest.param(_every(60 * 24, 7), 617, id="daily-feed-polled-about-twice-a-day"),
        pytest.param(_every(60 * 24 * 30, 3), 24 * 60, id="monthly-feed-capped-at-a-day"),
    ],
)
def test_interval_follows_publishing_rate(
    entry_times: list[datetime | None], expected: int
) -> None:
    plan = plan_after_success(
        settings=SETTINGS,
        now=NOW,
        entry_times=entry_times,
        previous_minutes=60,
        had_new_entries=True,
    )
    assert plan.interval_minutes == expected
    assert plan.next_poll_at == NOW + timedelta(minutes=expected)


def test_undated_feed_stretches_interval_while_nothing_new() -> None:
    plan = plan_after_success(
        settings=SETTINGS,
        now=NOW,
        entry_times=[None, None],
        previous_minutes=60,
        had_new_entries=False,
    )
    assert plan.interval_minutes == 90


@pytest.mark.parametrize(
    ("ttl", "max_age", "expected"),
    [
        pytest.param(180, None, 180, id="rss-ttl-is-a-lower-bound"),
        pytest.param(None, 7200, 120, id="cache-control-max-age-is-a-lower-bound"),
        pytest.param(None, 10**7, 24 * 60, id="hints-never-exceed-a-day"),
    ],
)
def test_publisher_hints_are_honoured(ttl: int | None, max_age: int | None, expected: int) -> None:
    plan = plan_after_success(
        settings=SETTINGS,
        now=NOW,
        entry_times=_every(5, 200),
        previous_minutes=60,
        had_new_entries=True,
        ttl_minutes=ttl,
        max_age_seconds=max_age,
    )
    assert plan.interval_minutes == expected


@pytest.mark.parametrize(
    ("errors", "retry_after", "expected"),
    [
        pytest.param(1, None, 15, id="first-failure"),
        pytest.param(2, None, 30, id="second-failure-doubles"),
        pytest.param(4, None, 120, id="fourth-failure"),
        pytest.param(30, None, 24 * 60, id="capped-at-a-day"),
        pytest.param(1, 3600, 60, id="retry-after-is-honoured"),
    ],
)
def test_failures_back_off_exponentially(
    errors: int, retry_after: float | None, expected: int
) -> None:
    plan = plan_after_failure(
        settings=SETTINGS, now=NOW, error_count=errors, retry_after_seconds=retry_after
    )
    assert plan.interval_minutes == expected


@pytest.mark.parametrize(
    ("failing_for", "disabled"),
    [
        pytest.param(None, False, id="healthy"),
        pytest.param(timedelta(days=6, hours=23), False, id="six-days"),
        pytest.param(timedelta(days=7), True, id="seven-days"),
    ],
)
def test_feed_disabled_after_seven_days_of_failure(
    failing_for: timedelta | None, disabled: bool
) -> None:
    since = NOW - failing_for if failing_for is not None else None
    assert should_disable(settings=SETTINGS, now=NOW, failing_since=since) is disabled
