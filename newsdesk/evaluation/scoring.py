"""Measures shared by the eval kinds: B-cubed and pairwise scores of a grouping against gold.

A grouping is a mapping item → group label. B-cubed (Bagga & Baldwin 1998) averages, over
items, how much of the item's predicted group shares its gold group (precision) and how much
of its gold group was put with it (recall); pairwise counts pairs of items put together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

Grouping = Mapping[Hashable, Hashable]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def _common(predicted: Grouping, gold: Grouping) -> list[Hashable]:
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold groupings must cover the same items")
    return list(gold)


def bcubed(predicted: Grouping, gold: Grouping) -> Scores:
    items = _common(predicted, gold)
    if not items:
        return Scores(1.0, 1.0)
    cell = Counter((predicted[i], gold[i]) for i in items)
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    precision = sum(cell[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in items)
    recall = sum(cell[(predicted[i], gold[i])] / gold_size[gold[i]] for i in items)
    return Scores(precision / len(items), recall / len(items))


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(predicted: Grouping, gold: Grouping) -> Scores:
    """Pairs grouped together by both / by the prediction (precision) / by gold (recall).

    With no predicted pairs precision is 1 (nothing wrongly joined); with no gold pairs,
    recall is 1 (nothing to find).
    """
    items = _common(predicted, gold)
    together = sum(_pairs(n) for n in Counter((predicted[i], gold[i]) for i in items).values())
    predicted_pairs = sum(_pairs(n) for n in Counter(predicted[i] for i in items).values())
    gold_pairs = sum(_pairs(n) for n in Counter(gold[i] for i in items).values())
    return Scores(
        together / predicted_pairs if predicted_pairs else 1.0,
        together / gold_pairs if gold_pairs else 1.0,
    )
