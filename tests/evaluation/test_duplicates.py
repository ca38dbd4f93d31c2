"""The duplicates scorer, and the gold set through the real step on both databases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsdesk.analyze.duplicates import analyze_duplicates
from newsdesk.config import Settings
from newsdesk.evaluation.duplicates import score
from newsdesk.store.copies import record_copy
from newsdesk.store.engine import Store
from tests.support.eval_rows import Context, load_rows

GOLD = Path(__file__).parents[1] / "data/eval/duplicates.jsonl"


def _row(row_id: str, duplicate_of: str | None, text: str) -> dict[str, Any]:
    return {
        "id": row_id,
        "title": row_id,
        "text": text,
        "published": None,
        "source": f"Outlet {row_id}",
        "url": f"https://{row_id}.example/a",
        "duplicate_of": duplicate_of,
    }


@pytest.mark.parametrize(
    ("folded", "expected"),
    [
        pytest.param([("b", "a"), ("c", "a")], (1.0, 1.0), id="all-found"),
        pytest.param([("b", "a")], (1.0, 1 / 3), id="one-pair-of-three"),
        pytest.param([("b", "a"), ("c", "a"), ("d", "a")], (0.5, 1.0), id="a-stranger-folded-in"),
        pytest.param([], (1.0, 0.0), id="nothing-folded"),
    ],
)
def test_score_counts_pairs(
    store: Store, folded: list[tuple[str, str]], expected: tuple[float, float]
) -> None:
    rows = [_row("a", None, "one"), _row("b", "a", "two"), _row("c", "b", "three")]
    rows.append(_row("d", None, "four"))
    ids = load_rows(store, rows)
    with store.session() as session:
        for copy, original in folded:
            record_copy(
                session, copy_id=ids[copy], original_id=ids[original], method="test", score=1
            )
    with store.session() as session:
        result = score(rows, ids, session)
    assert (result["precision"], result["recall"]) == pytest.approx(expected)


def test_gold_set_meets_the_targets(settings: Settings, store: Store) -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    ids = load_rows(store, rows)
    analyze_duplicates(Context(settings, store), sorted(set(ids.values())))
    with store.session() as session:
        result = score(rows, ids, session)
    assert result["precision"] >= 0.99
    assert result["recall"] >= 0.95
