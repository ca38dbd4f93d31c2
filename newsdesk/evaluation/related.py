"""Kind `related`: each article's stored related list against the gold `event` groups.

Two articles are related in gold when they share an event (`event` is one label or a list of
labels; an article whose lines the store folded into one carries all of their labels). Scored
per stored article:

- `precision_at_8`: the share of its listed items that share an event with it, averaged over
  the articles whose list is not empty (an empty list claims nothing);
- `recall_at_8`: the share of its same-event articles, capped at 8 (the list's length), that
  are listed, averaged over the articles that have any;
- `coverage`: the share of articles with a non-empty list; `mean_listed`: items per list.

Precision alone would reward listing nothing, recall alone padding every list: both, with
coverage, show whether weak items are dropped without losing real coverage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from newsdesk.store.related import related_lists

KEEP = 8


def _labels(value: Any) -> set[str]:
    if isinstance(value, list):
        return {str(v) for v in value if v is not None}
    return set() if value is None else {str(value)}


def score(rows: list[dict[str, Any]], ids: dict[str, int], session: Session) -> dict[str, float]:
    events = gold_events(rows, ids)
    return measure(events, related_lists(session, article_ids=sorted(events)))


def gold_events(rows: list[dict[str, Any]], ids: dict[str, int]) -> dict[int, set[str]]:
    """Stored article id → its gold event labels (all of its lines')."""
    events: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        events[ids[row["id"]]] |= _labels(row.get("event"))
    return dict(events)


def measure(
    events: dict[int, set[str]],
    lists: Mapping[int, Sequence[tuple[int, float]]],
    scored: Collection[int] | None = None,
) -> dict[str, float]:
    """The scores above for these articles' lists ((related id, score), best first), averaged
    over `scored` (default: all); gold partners are found among all of `events`."""
    members: dict[str, set[int]] = defaultdict(set)
    for article_id, labels in events.items():
        for label in labels:
            members[label].add(article_id)
    precisions: list[float] = []
    recalls: list[float] = []
    listed_total = 0
    wanted = set(events) if scored is None else set(scored)
    chosen = [i for i in events if i in wanted]
    for article_id in chosen:
        labels = events[article_id]
        listed = [other for other, _ in lists.get(article_id, ())]
        listed_total += len(listed)
        same = {other for label in labels for other in members[label]} - {article_id}
        hits = sum(other in same for other in listed)
        if listed:
            precisions.append(hits / len(listed))
        if same:
            recalls.append(hits / min(KEEP, len(same)))
    n = len(chosen)
    return {
        "precision_at_8": sum(precisions) / len(precisions) if precisions else 0.0,
        "recall_at_8": sum(recalls) / len(recalls) if recalls else 0.0,
        "coverage": len(precisions) / n if n else 0.0,
        "mean_listed": listed_total / n if n else 0.0,
    }
