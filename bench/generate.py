"""Speed of the AI panel on real Wikinews articles (prints figures; never a test).

first view: sentence vectors computed and stored, then the summary; after that, per article:
summary (vectors read from the database + extractive summary) and answer (vectors read + one
question embedded + scored). Run: .venv/bin/python bench/generate.py [N_ARTICLES]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from newsdesk.analyze.embed import get_embedder
from newsdesk.config import Settings
from newsdesk.evaluation.load import load_rows
from newsdesk.generate.answer import answer
from newsdesk.generate.document import load_document
from newsdesk.generate.summary import summarize
from newsdesk.store.engine import open_store

GOLD = Path(__file__).parents[1] / "tests/data/eval/answers.jsonl"


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    rows, seen = [], set()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["title"] not in seen:
            seen.add(row["title"])
            rows.append(row)
    rows = rows[:limit]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = open_store(settings)
        ids = load_rows(store, rows)  # the eval loader: real ingest write path
        embedder = get_embedder(settings)
        first, summary_ms, answer_ms = [], [], []
        for row in rows:
            article_id = ids[row["id"]]
            started = time.perf_counter()
            with store.session() as session:
                doc = load_document(session, embedder, article_id)
                assert doc is not None
                summarize(doc)
            first.append((time.perf_counter() - started) * 1000)
        for row in rows:
            article_id = ids[row["id"]]
            started = time.perf_counter()
            with store.session() as session:
                doc = load_document(session, embedder, article_id)
                assert doc is not None
                summarize(doc)
            summary_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with store.session() as session:
                doc = load_document(session, embedder, article_id)
                assert doc is not None
                answer(doc, row["question"], embedder)
            answer_ms.append((time.perf_counter() - started) * 1000)
        store.close()
    for name, values in (("first view", first), ("summary", summary_ms), ("answer", answer_ms)):
        print(
            f"{name:>10}: p50 {np.percentile(values, 50):7.1f} ms  "
            f"p95 {np.percentile(values, 95):7.1f} ms  ({len(values)} articles)"
        )


if __name__ == "__main__":
    main()
