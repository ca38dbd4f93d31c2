"""B-cubed and pairwise scores of a clustering against gold groups.

Kept pure (two mappings in, numbers out) so the benchmark, the CI test and the eval
framework score the same way; the lead may fold this into evaluation/scoring.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def bcubed(
    predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the items both mappings know.

    Each item scores the share of its predicted cluster that shares its gold group
    (precision) and the share of its gold group that shares its predicted cluster (recall),
    so one giant cluster or all singletons are both punished.
    """
    keys = [key for key in gold if key in predicted]
    if not keys:
        return {"bcubed_precision": 0.0, "bcubed_recall": 0.0, "bcubed_f1": 0.0}
    both = Counter((predicted[key], gold[key]) for key in keys)
    pred_sizes = Counter(predicted[key] for key in keys)
    gold_sizes = Counter(gold[key] for key in keys)
    precision = sum(both[(predicted[k], gold[k])] / pred_sizes[predicted[k]] for k in keys)
    recall = sum(both[(predicted[k], gold[k])] / gold_sizes[gold[k]] for k in keys)
    precision, recall = precision / len(keys), recall / len(keys)
    return {
        "bcubed_precision": precision,
        "bcubed_recall": recall,
        "bcubed_f1": _f1(precision, recall),
    }


def _pairs(sizes: Counter[Hashable]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def pairwise(
    predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> dict[str, float]:
    """Precision and recall over pairs of items put together (1.0 when there are no pairs)."""
    keys = [key for key in gold if key in predicted]
    together = _pairs(Counter((predicted[key], gold[key]) for key in keys))
    predicted_pairs = _pairs(Counter(predicted[key] for key in keys))
    gold_pairs = _pairs(Counter(gold[key] for key in keys))
    return {
        "pairwise_precision": together / predicted_pairs if predicted_pairs else 1.0,
        "pairwise_recall": together / gold_pairs if gold_pairs else 1.0,
    }


def story_scores(
    predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> dict[str, float]:
    """The five keys `newsdesk eval stories` reports."""
    return {**bcubed(predicted, gold), **pairwise(predicted, gold)}
