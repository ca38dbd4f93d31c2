"""Several outlets' coverage of two events, stored and analysed as a real site would be.

tests/data/generate/story_coverage.jsonl holds real Wikinews texts under made-up outlet names:
a 2004 tsunami reported by three outlets (two of them giving different death tolls) and the
2020 CentOS decision reported by two. Given publication times, the rows go through the store's
write path and the real analysis (`run_analysis`), which clusters them into stories.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from newsdesk.analyze.pipeline import make_context, run_analysis
from newsdesk.config import Settings
from newsdesk.store.engine import Store
from newsdesk.store.stories import story_of_article
from newsdesk.store.story_writes import refresh_story, repoint
from tests.support.eval_rows import load_rows

COVERAGE = Path(__file__).parents[1] / "data/generate/story_coverage.jsonl"
# An hour apart within each event; the CentOS interview three days after the announcement.
PUBLISHED = {
    "tsunami": [
        "2004-12-28T09:00:00+00:00",
        "2004-12-28T10:00:00+00:00",
        "2004-12-28T11:00:00+00:00",
    ],
    "centos": ["2020-12-09T10:00:00+00:00", "2020-12-12T10:00:00+00:00"],
}


@cache
def coverage_rows() -> tuple[dict[str, Any], ...]:
    rows = [json.loads(line) for line in COVERAGE.read_text(encoding="utf-8").splitlines()]
    seen: dict[str, int] = {}
    for row in rows:
        number = seen[row["story"]] = seen.get(row["story"], -1) + 1
        row["published"] = PUBLISHED[row["story"]][number]
    return tuple(rows)


def analysed_coverage(settings: Settings, store: Store) -> dict[str, int]:
    """Store every coverage row and run the real analysis; outlet name → article id."""
    rows = list(coverage_rows())
    ids = load_rows(store, rows)
    report = run_analysis(make_context(settings, store))
    assert report.by_status.get("failed", 0) == 0, report.by_status
    return {row["source"]: ids[row["id"]] for row in rows}


def story_id_of(store: Store, article_id: int) -> int:
    with store.session() as session:
        story = story_of_article(session, article_id=article_id)
    assert story is not None, f"article {article_id} is in no story"
    return story.id


def merge_stories(settings: Settings, store: Store, *, into: int, other: int) -> None:
    """Merge story `other` into `into`, as the stories step does when two stories meet."""
    with store.session() as session:
        repoint(session, from_story=other, to_story=into)
        for story_id in (into, other):
            refresh_story(
                session, story_id=story_id, half_life_hours=settings.story_half_life_hours
            )
