"""Score the duplicates step: pairs of articles in one gold group vs pairs the system folded.

A gold group is an original and every row whose `duplicate_of` leads to it. The system folds
two rows when they became one stored article at ingest (an exact copy) or when both belong to
the same copy group (one is the other's original, or they share one). Pairs, not groups, so a
group split in two loses recall in proportion to the pairs it lost.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy.orm import Session

from newsdesk.store.copies import originals_of


def score(rows: list[dict[str, Any]], ids: dict[str, int], session: Session) -> dict[str, float]:
    gold = _gold_roots(rows)
    stored = [ids[row_id] for row_id in gold if row_id in ids]
    originals = originals_of(session, article_ids=stored)
    system = {row_id: originals.get(ids[row_id], ids[row_id]) for row_id in gold if row_id in ids}
    gold_pairs = _pairs(Counter(gold[r] for r in system))
    system_pairs = _pairs(Counter(system.values()))
    both = _pairs(Counter((gold[r], system[r]) for r in system))
    return {
        "precision": both / system_pairs if system_pairs else 1.0,
        "recall": both / gold_pairs if gold_pairs else 1.0,
        "gold_pairs": float(gold_pairs),
        "system_pairs": float(system_pairs),
    }


def _gold_roots(rows: list[dict[str, Any]]) -> dict[str, str]:
    """row id → id of the original its `duplicate_of` chain ends at (itself when none)."""
    parent = {
        str(r["id"]): (str(r["duplicate_of"]) if r.get("duplicate_of") else None) for r in rows
    }
    roots: dict[str, str] = {}
    for row_id in parent:
        seen, node = {row_id}, row_id
        while (up := parent.get(node)) is not None and up in parent and up not in seen:
            seen.add(up)
            node = up
        roots[row_id] = node
    return roots


def _pairs(sizes: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())
