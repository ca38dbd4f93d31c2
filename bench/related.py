"""Related-list quality on a file in the eval format, and what floors on weak items would do.

    .venv/bin/python bench/related.py FILE.jsonl [FILE.jsonl ...]

Loads each file into a throwaway store and runs the real analysis once (as `newsdesk eval
related` does), then scores the stored lists as they are and with weak items dropped: below
an absolute floor on the final score, or below a share of the list's best item. Both floors
only remove items from a list ranked best first, so filtering the stored top 8 gives exactly
the list the step would store with that floor. Articles are split in two halves by sha1(id)
% 2: tune on half 0, read the figure on half 1. With BENCH_RELATED_CACHE=1 the stored lists
of an earlier run (in the temp folder) are reused.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from newsdesk.config import get_settings
from newsdesk.evaluation.load import read_rows
from newsdesk.evaluation.related import gold_events, measure
from newsdesk.evaluation.run import analysed
from newsdesk.store.related import related_lists

Lists = dict[int, list[tuple[int, float]]]
Rule = Callable[[Sequence[tuple[int, float]]], list[tuple[int, float]]]


def stored_lists(path: Path) -> tuple[dict[int, set[str]], Lists, dict[int, int]]:
    """Gold events, stored lists and the half (0/1) of every stored article of the file."""
    rows = read_rows(path)
    with analysed(get_settings(), rows) as (store, ids), store.session() as session:
        events = gold_events(rows, ids)
        lists = related_lists(session, article_ids=sorted(events))
    half = {ids[r["id"]]: hashlib.sha1(r["id"].encode()).digest()[0] % 2 for r in rows}
    return events, lists, half


def absolute(floor: float) -> Rule:
    return lambda items: [(i, s) for i, s in items if s >= floor]


def keep_best(floor: float) -> Rule:
    """The absolute floor, except that the list's best item always stays."""
    return lambda items: [(i, s) for n, (i, s) in enumerate(items) if n == 0 or s >= floor]


def relative(share: float) -> Rule:
    return lambda items: [(i, s) for i, s in items if items and s >= share * items[0][1]]


def show(label: str, events: dict[int, set[str]], lists: Lists, half: dict[int, int]) -> None:
    for h in (0, 1):
        m = measure(events, lists, [a for a in events if half[a] == h])
        print(
            f"  {label:<14} half {h}: P {m['precision_at_8']:.3f} R {m['recall_at_8']:.3f}"
            f" cov {m['coverage']:.3f} listed {m['mean_listed']:.2f}"
        )


def main() -> None:
    for name in sys.argv[1:]:
        started, cpu = time.perf_counter(), time.process_time()
        cache = Path(tempfile.gettempdir()) / f"bench-related-{Path(name).stem}.pickle"
        if os.environ.get("BENCH_RELATED_CACHE") and cache.exists():
            events, lists, half = pickle.loads(cache.read_bytes())
        else:
            events, lists, half = stored_lists(Path(name))
            cache.write_bytes(pickle.dumps((events, lists, half)))
        print(
            f"{name}: {len(events)} articles, analysis {time.perf_counter() - started:.0f} s"
            f" wall, {time.process_time() - cpu:.0f} s CPU"
        )
        rules: list[tuple[str, Rule]] = [("as stored", absolute(0.0))]
        rules += [
            (f"score>={f:.2f}", absolute(f)) for f in (0.32, 0.34, 0.36, 0.38, 0.40, 0.42, 0.45)
        ]
        rules += [(f"top+>={f:.2f}", keep_best(f)) for f in (0.32, 0.34, 0.36, 0.38, 0.40, 0.42)]
        rules += [(f"best*{r:.2f}", relative(r)) for r in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8)]
        for label, rule in rules:
            show(label, events, {a: rule(items) for a, items in lists.items()}, half)


if __name__ == "__main__":
    main()
