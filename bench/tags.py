"""Sections and tags: quality on the gold sets and speed of each step, on SQLite.

Loads tests/data/eval/{sections,hashtags}.jsonl as stored articles into a throwaway
database, runs the real steps (analyze_sections embeds each article itself when
analyze-core's stored vectors are absent, so its figure includes the embedding), prints
articles/s per step, the eval scores on the whole file and on its halves by sha1(id) % 2
(hashtags: with the share of articles with 3+ tags and the mean), and --show N articles
with their hashtags.

    .venv/bin/python bench/tags.py [--show 20]
"""

from __future__ import annotations

import argparse
import hashlib
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


def halves(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The whole file and its two halves by sha1(id) % 2: rules tuned on half 0 report half 1
    as the figure they did not see."""
    parts = [("all", rows)]
    for half in (0, 1):
        part = [r for r in rows if int(hashlib.sha1(r["id"].encode()).hexdigest(), 16) % 2 == half]
        parts.append((f"half {half}", part))
    return parts


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
        print(f"{kind}: {len(rows)} articles, {len(rows) / seconds:.1f} articles/s")
        for name, part in halves(rows):
            scores = scorer(part, ids, session)
            if kind == "hashtags":
                counts = [
                    len(tag_store.hashtags_of_article(session, article_id=ids[row["id"]]))
                    for row in part
                ]
                scores["share_3_or_more"] = sum(n >= 3 for n in counts) / len(counts)
                scores["mean_tags"] = sum(counts) / len(counts)
            print(f"  {name}: " + ", ".join(f"{k} {v:.3f}" for k, v in scores.items()))
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
