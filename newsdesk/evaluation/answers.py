"""Kind `answers`: does "Ask about this article" cite the gold sentence, and refuse when it must?

Each line asks `question` of its article; `answer_sentence` is the sentence that answers it,
verbatim, or null when the article does not say. Scores:
- `answer_cites_gold`: share of answerable questions whose answer cites the gold sentence;
- `does_not_say`: share of unanswerable questions answered "The article does not say.";
- `p95_ms`: 95th percentile of the time to answer, sentence vectors already stored.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from newsdesk.analyze.embed import get_embedder
from newsdesk.config import get_settings
from newsdesk.generate.answer import answer
from newsdesk.generate.document import load_document
from newsdesk.generate.question import clean_question


def same_sentence(a: str, b: str) -> bool:
    """Sentences equal up to whitespace (a split may trim differently than the labeller)."""
    x, y = " ".join(a.split()), " ".join(b.split())
    return x == y or (min(len(x), len(y)) >= 20 and (x in y or y in x))


def score(rows: list[dict[str, Any]], ids: dict[str, int], session: Session) -> dict[str, float]:
    embedder = get_embedder(get_settings())
    docs = {}
    for article_id in sorted(set(ids.values())):  # vectors first: timings are per question
        docs[article_id] = load_document(session, embedder, article_id)
    hits = answerable = refused = unanswerable = 0
    timings: list[float] = []
    for row in rows:
        doc = docs.get(ids[row["id"]])
        if doc is None:
            continue
        started = time.perf_counter()
        reply = answer(doc, clean_question(row["question"]), embedder)
        timings.append((time.perf_counter() - started) * 1000)
        gold = row.get("answer_sentence")
        if gold:
            answerable += 1
            hits += any(same_sentence(c.text, gold) for c in reply.sentences)
        else:
            unanswerable += 1
            refused += not reply.answered
    return {
        "answer_cites_gold": round(hits / answerable, 4) if answerable else 0.0,
        "does_not_say": round(refused / unanswerable, 4) if unanswerable else 0.0,
        "answerable": answerable,
        "unanswerable": unanswerable,
        "p95_ms": round(float(np.percentile(timings, 95)), 2) if timings else 0.0,
    }
