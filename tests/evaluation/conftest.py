"""A gold set loaded as real articles into a throwaway SQLite database, then analysed.

Stands in for analyze-core's `newsdesk eval` loader until it reaches this branch: the
steps and scorers under test are the real ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from newsdesk.analyze.context import AnalyzeContext as Context
from newsdesk.config import Settings
from newsdesk.store.engine import open_store

EVAL = Path(__file__).parent.parent / "data" / "eval"
Step = Callable[[Any, Sequence[int]], None]
Scorer = Callable[..., dict[str, float]]


def rows_of(kind: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (EVAL / f"{kind}.jsonl").read_text().splitlines()]


@pytest.fixture
def run_eval(tmp_path: Path) -> Callable[[str, list[Step], Scorer], dict[str, float]]:
    from newsdesk.analyze.embed import get_embedder
    from tests.analyze.conftest import store_article

    def run(kind: str, steps: list[Step], scorer: Scorer) -> dict[str, float]:
        settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'e.db'}")
        store = open_store(settings)
        try:
            rows = rows_of(kind)
            ids = {row["id"]: store_article(store, row["title"], row["text"]) for row in rows}
            ctx = Context(settings, store, get_embedder(settings))
            for step in steps:
                step(ctx, list(ids.values()))
            with store.session() as session:
                scores = scorer(rows, ids, session)
            print(kind, scores)
            return scores
        finally:
            store.close()

    return run
