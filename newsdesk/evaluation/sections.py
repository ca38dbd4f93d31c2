"""Scorer of the `sections` eval: the stored section of each article against its gold.

Gold is a section name or a list of them (Wikinews files an article under several); the
prediction is right when it is one of them. Macro F1 counts, per section: a right prediction
as a true positive; a wrong one as a false positive of the predicted section and a false
negative of each gold section; the mean is over the sections that occur in gold or prediction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from newsdesk.store import tags as tag_store


def gold_of(row: dict[str, Any]) -> list[str]:
    gold = row.get("section")
    if isinstance(gold, str):
        return [gold]
    return [str(name) for name in gold or []]


def section_scores(
    golds: Sequence[Sequence[str]], predictions: Sequence[str | None]
) -> dict[str, float]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, predicted in zip(golds, predictions, strict=True):
        if predicted is not None and predicted in gold:
            tp[predicted] += 1
            continue
        if predicted is not None:
            fp[predicted] += 1
        for name in gold:
            fn[name] += 1
    labels = set(tp) | set(fp) | set(fn)
    f1s = [
        2 * tp[name] / (2 * tp[name] + fp[name] + fn[name]) if tp[name] else 0.0 for name in labels
    ]
    total = len(golds)
    return {
        "accuracy": sum(tp.values()) / total if total else 0.0,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
    }


def score(rows: list[dict[str, Any]], ids: dict[str, int], session: Session) -> dict[str, float]:
    stored = tag_store.sections_of(session, article_ids=list(ids.values()))
    golds = [gold_of(row) for row in rows]
    predictions = [stored.get(ids[row["id"]]) for row in rows]
    return section_scores(golds, predictions)
