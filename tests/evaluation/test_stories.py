"""The stories gold set through the real step and the real embedder, on both databases."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.analyze.context import AnalyzeContext
from newsdesk.analyze.embed import get_embedder
from newsdesk.analyze.stories import analyze_stories
from newsdesk.config import Settings
from newsdesk.evaluation.stories import score
from newsdesk.store.engine import Store
from tests.support.eval_rows import load_rows

GOLD = Path(__file__).parents[1] / "data/eval/stories.jsonl"

# Measured by this test's path (the stories step alone, no tags step): B-cubed F1 0.810
# (P 0.929, R 0.717); `newsdesk eval stories tests/data/eval/stories.jsonl`, with the tags
# step's entities, gives 0.801. The gate sits a little below so a regression fails the build.
MIN_BCUBED_F1 = 0.78


def test_gold_set_meets_the_threshold(settings: Settings, store: Store) -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    ids = load_rows(store, rows)
    ctx = AnalyzeContext(settings=settings, store=store, embedder=get_embedder(settings))
    analyze_stories(ctx, sorted(set(ids.values())))
    with store.session() as session:
        result = score(rows, ids, session)
    assert result["bcubed_f1"] >= MIN_BCUBED_F1, result
