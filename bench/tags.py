"""Sections and tags: quality on the gold sets and speed of each step, on SQLite.

Loads tests/data/eval/{sections,hashtags}.jsonl as stored articles into a throwaway
database, runs the real steps (analyze_sections embeds each article itself when
analyze-core's stored vectors are absent, so its figure includes the embedding), prints
articles/s per step, the eval scores, and --show N articles with their hashtags.

    .venv/bin/python bench/tags.py [--show 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.analyze.embed import Embedder, get_embedder
from newsdesk.analyze.sections import analyze_sections
from newsdesk.analyze.tags import analyze_tags
from newsdesk.config import Settings
from newsdesk.evaluation import hashtags as hashtags_eval
from newsdesk.evaluation import sections as sections_eval
from newsdesk.store import tags as tag_store
from newsdesk.store.engine import Store, open_store
from tests.analyze.conftest import store_article
from tests.evaluation.conftest import rows_of


@dataclass
class Context:
    settings: Settings
    store: Store
    embedder: Embedder


def run(kind: str, step: Any, scorer: Any, folder: Path, show: int) -> None:
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / f'{kind}.db'}")
    store = open_store(settings)
    rows = rows_of(kind)
    ids = {row["id"]: store_article(store, row["title"], row["text"]) for row in rows}
    ctx = Context(settings, store, get_embedder(settings))
    start = time.perf_counter()
    step(ctx, list(ids.values()))
    seconds = time.perf_counter() - start
    with store.session() as session:
        scores = scorer(rows, ids, session)
        print(f"{kind}: {len(rows)} articles, {len(rows) / seconds:.1f} articles/s")
        print("  " + ", ".join(f"{k} {v:.3f}" for k, v in scores.items()))
        for row in rows[:show]:
            tags = tag_store.hashtags_of_article(session, article_id=ids[row["id"]])
            print(f"  {row['title'][:70]}\n    " + " ".join("#" + t.tag for t in tags))
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    get_embedder(Settings())  # model load outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        run("sections", analyze_sections, sections_eval.score, Path(tmp), 0)
        run("hashtags", analyze_tags, hashtags_eval.score, Path(tmp), args.show)


if __name__ == "__main__":
    main()
