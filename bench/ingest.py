"""Ingestion throughput on the feed farm (../shared/tools/feedfarm.py), beside other readers.

Prints one line per pass: entries processed (feed items, new or folded), articles stored,
seconds, entries/s, and the process's peak RSS. Pass 1 is the first fetch of every feed,
pass 2 re-polls them unchanged (the farm answers 304), pass 3 follows a `/tick` that adds
new items to every feed. `--full-text always` also fetches and extracts every item's page.

    .venv/bin/python bench/ingest.py [--feeds 200] [--items 50] [--full-text never|always]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from newsdesk.config import Settings
from newsdesk.ingest.rounds import fetch_round
from newsdesk.ingest.subscribe import import_opml
from newsdesk.store.engine import Store, open_store
from newsdesk.store.feeds import all_feeds
from newsdesk.store.models import Article, FetchLog

FARM_DIR = Path(__file__).resolve().parents[2] / "shared" / "tools"


def _entries(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.coalesce(func.sum(FetchLog.entries), 0))) or 0)


def _articles(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count(Article.id))) or 0)


def _pass(name: str, settings: Settings, store: Store, ids: list[int]) -> dict[str, object]:
    entries_before, articles_before = _entries(store), _articles(store)
    started = time.perf_counter()
    asyncio.run(fetch_round(settings, store, feed_ids=ids))
    seconds = time.perf_counter() - started
    entries = _entries(store) - entries_before
    row = {
        "pass": name,
        "feeds": len(ids),
        "entries": entries,
        "articles_stored": _articles(store) - articles_before,
        "seconds": round(seconds, 2),
        "entries_per_s": round(entries / seconds, 1) if seconds else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(row), flush=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--full-text", choices=["never", "always", "auto"], default="never")
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp dir")
    parser.add_argument("--farm-dir", type=Path, default=FARM_DIR)
    args = parser.parse_args()

    sys.path.insert(0, str(args.farm_dir))
    from feedfarm import Farm  # type: ignore[import-not-found]

    farm = Farm(feeds=args.feeds, items=args.items)
    farm.start()
    base = farm.base
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp),
            database_url=args.database_url,
            allowed_networks=["127.0.0.1/32"],  # type: ignore[list-item]
            full_text=args.full_text,
        )
        store = open_store(settings)
        opml = urllib.request.urlopen(f"{base}/opml.xml").read()
        import_opml(settings, store, opml)
        with store.session() as session:
            ids = [feed.id for feed in all_feeds(session)]
        print(json.dumps({"farm": base, "feeds": len(ids), "full_text": args.full_text}))
        _pass("first", settings, store, ids)
        _pass("unchanged", settings, store, ids)
        urllib.request.urlopen(urllib.request.Request(f"{base}/tick?n=5", method="POST")).read()
        _pass("after-tick", settings, store, ids)
        store.close()
    farm.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
