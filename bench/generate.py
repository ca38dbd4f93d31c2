"""Speed of the AI panel on real Wikinews articles (prints figures; never a test).

first view: sentence vectors computed and stored, then the summary; after that, per article:
summary (vectors read from the database + extractive summary) and answer (vectors read + one
question embedded + scored). Wall time is noisy on a shared machine, so each figure is
printed with the CPU time of this process (all its threads) and the load average.
Run: .venv/bin/python bench/generate.py [N_ARTICLES]
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
        timings: dict[str, tuple[list[float], list[float]]] = {
            "first view": ([], []),
            "summary": ([], []),
            "answer": ([], []),
        }

        def timed(name: str, article_id: int, question: str | None) -> None:
            wall, cpu = time.perf_counter(), time.process_time()
            with store.session() as session:
                doc = load_document(session, embedder, article_id)
                assert doc is not None
                if question is None:
                    summarize(doc)
                else:
                    answer(doc, question, embedder)
            timings[name][0].append((time.perf_counter() - wall) * 1000)
            timings[name][1].append((time.process_time() - cpu) * 1000)

        for row in rows:
            timed("first view", ids[row["id"]], None)
        for row in rows:
            timed("summary", ids[row["id"]], None)
            timed("answer", ids[row["id"]], row["question"])
        store.close()
    for name, (wall, cpu) in timings.items():
        print(
            f"{name:>10}: p50 {np.percentile(wall, 50):7.1f} ms  "
            f"p95 {np.percentile(wall, 95):7.1f} ms  (CPU p50 {np.percentile(cpu, 50):6.1f} ms, "
            f"p95 {np.percentile(cpu, 95):6.1f} ms; {len(wall)} articles)"
        )
    print("load average:", " ".join(Path("/proc/loadavg").read_text().split()[:3]))


if __name__ == "__main__":
    main()
