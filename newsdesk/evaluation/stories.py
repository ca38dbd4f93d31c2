"""Kind `stories`: the stored story of each article against the gold `event` groups.

Reads the stories step's table; without it every article is its own story, which is the
baseline any clustering must beat (B-cubed precision 1, recall low).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from newsdesk.evaluation.scoring import bcubed, pairwise
from newsdesk.store.evaluation import story_of_articles


def score(rows: list[dict[str, Any]], ids: dict[str, int], session: Session) -> dict[str, float]:
    stories = story_of_articles(session, article_ids=list(ids.values()))
    gold = {row["id"]: str(row.get("event")) for row in rows}
    predicted = {
        row["id"]: stories.get(ids[row["id"]], f"article-{ids[row['id']]}") for row in rows
    }
    b3 = bcubed(predicted, gold)
    pairs = pairwise(predicted, gold)
    return {
        "bcubed_precision": b3.precision,
        "bcubed_recall": b3.recall,
        "bcubed_f1": b3.f1,
        "pairwise_precision": pairs.precision,
        "pairwise_recall": pairs.recall,
    }
