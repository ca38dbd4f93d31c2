"""Ingestion throughput on the feed farm (../shared/tools/feedfarm.py), beside other readers.

Runs the real pipeline (`fetch_round`) against the farm, which runs in its own process so its
HTTP server does not share our interpreter, and prints one JSON line per pass:

- ``first``: the first poll of every feed, feed text only (full_text=never);
- ``repoll``: the same feeds again, nothing changed (the farm answers 304 to every one);
- ``tick``: after the farm's ``/tick`` adds 5 new items to every feed;
- ``fulltext``: a fresh database, the farm reset, first poll with full_text=always: every
  item's page is fetched and extracted in the process pool.

Each line has entries (feed items processed, new or folded as copies: the figure to compare,
since the farm repeats texts), articles stored, seconds, entries/s, seconds per stage
(fetch, parse, extract, store, schedule: summed over tasks, so stages that await the network
or the process pool may add up to more than the wall time), CPU seconds of this process and
of its pool workers, and peak RSS of each.

    .venv/bin/python bench/ingest.py [--feeds 200] [--items 50]
        [--passes first,repoll,tick,fulltext] [--fulltext-feeds N] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import forkserver
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from newsdesk.config import Settings
from newsdesk.ingest.rounds import fetch_round
from newsdesk.ingest.subscribe import import_opml
from newsdesk.store.engine import Store, open_store
from newsdesk.store.feeds import all_feeds
from newsdesk.store.models import Article, FetchLog

ROOT = Path(__file__).resolve().parents[1]
PASSES = ("first", "repoll", "tick", "fulltext")


def _find_farm() -> Path:
    """feedfarm.py lives in shared/tools beside the checkout (or beside the worktrees)."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "tools" / "feedfarm.py"
        if candidate.exists():
            return candidate
    return Path("/work/shared/tools/feedfarm.py")


def bench_settings(data_dir: Path, database_url: str, full_text: str) -> Settings:
    """The one place the bench sets settings: everything else is the defaults users get.

    The farm serves all its feeds from one host (127.0.0.1), so any per-host politeness limit
    is relaxed here, as a reader pointed at 200 different publishers would not feel it.
    """
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        allowed_networks=["127.0.0.1/32"],
        full_text=full_text,
        per_host_concurrency=1000,
        per_host_delay_seconds=0,
    )


class FarmProcess:
    """feedfarm.py as a child process; `base` is its URL."""

    def __init__(self, script: Path, feeds: int, items: int, opml: Path) -> None:
        command = [sys.executable, str(script), "--port", "0", "--feeds", str(feeds)]
        command += ["--items", str(items), "--opml", str(opml)]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        self.base = str(json.loads(self._process.stdout.readline())["base"])
        self.pid = self._process.pid

    def get(self, path: str, method: str = "GET") -> bytes:
        request = urllib.request.Request(f"{self.base}{path}", method=method)
        with urllib.request.urlopen(request) as response:
            return bytes(response.read())

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait()


def _entries(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.coalesce(func.sum(FetchLog.entries), 0))) or 0)


def _articles(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count(Article.id))) or 0)


def _proc_cpu(pid: int | None, *, waited_children: bool) -> float:
    """CPU seconds of a process from /proc (or of the children it has waited for)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    first = 13 if waited_children else 11  # cutime, cstime  /  utime, stime
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def _cpu_seconds(farm: FarmProcess) -> dict[str, float]:
    """This process, its pool workers and the farm. The pool's processes are children of
    multiprocessing's fork server, which waits for them, so their time is its children's;
    the fork server's own time (importing what workers need, once) is counted with them."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    server = getattr(forkserver._forkserver, "_forkserver_pid", None)
    return {
        "cpu_s": own.ru_utime + own.ru_stime,
        "worker_cpu_s": _proc_cpu(server, waited_children=True)
        + _proc_cpu(server, waited_children=False),
        "farm_cpu_s": _proc_cpu(farm.pid, waited_children=False),
    }


def _pass(
    name: str, settings: Settings, store: Store, ids: list[int], farm: FarmProcess
) -> dict[str, Any]:
    entries_before, articles_before = _entries(store), _articles(store)
    cpu_before = _cpu_seconds(farm)
    started = time.perf_counter()
    report = asyncio.run(fetch_round(settings, store, feed_ids=ids))
    seconds = time.perf_counter() - started
    cpu = {k: round(v - cpu_before[k], 2) for k, v in _cpu_seconds(farm).items()}
    entries = _entries(store) - entries_before
    row = {
        "pass": name,
        "full_text": settings.full_text,
        "database": store.dialect,
        "feeds": len(ids),
        "entries": entries,
        "articles_stored": _articles(store) - articles_before,
        "failed_tasks": report.failed_tasks,
        "seconds": round(seconds, 3),
        "entries_per_s": round(entries / seconds, 1) if seconds else None,
        "stage_seconds": {k: round(v, 3) for k, v in sorted(report.stage_seconds.items())},
        **cpu,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_worker_rss_mb": _peak_worker_rss_mb(),
    }
    print(json.dumps(row), flush=True)
    return row


def _peak_worker_rss_mb() -> float:
    """Largest peak RSS among the pool's workers so far (sampled by `_WorkerWatch`)."""
    return round(_WorkerWatch.peak_kb / 1024, 1)


class _WorkerWatch:
    """Samples VmHWM (peak RSS) of the fork server's children while a pass runs.

    Workers exit when their pass ends, and their peak goes with them; ru_maxrss of
    RUSAGE_CHILDREN does not see them (they are the fork server's children, not ours).
    """

    peak_kb = 0

    @classmethod
    def sample(cls) -> None:
        server = getattr(forkserver._forkserver, "_forkserver_pid", None)
        if server is None:
            return
        try:
            children = Path(f"/proc/{server}/task/{server}/children").read_text().split()
        except OSError:
            return
        for pid in children:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    cls.peak_kb = max(cls.peak_kb, int(line.split()[1]))

    @classmethod
    def run(cls, stop: threading.Event) -> None:
        while not stop.wait(0.2):
            cls.sample()


@contextmanager
def _subscribed(
    farm: FarmProcess, settings: Settings, feeds: int | None
) -> Iterator[tuple[Store, list[int]]]:
    store = open_store(settings)
    try:
        import_opml(settings, store, farm.get("/opml.xml"))
        with store.session() as session:
            ids = sorted(feed.id for feed in all_feeds(session))
        yield store, ids[:feeds] if feeds else ids
    finally:
        store.close()


def _database_urls(use_postgres: bool, given: str) -> tuple[Callable[[], str], Callable[[], None]]:
    """A factory of fresh database URLs ("" is SQLite in the run's data dir) and a stopper."""
    if not use_postgres:
        return (lambda: given), (lambda: None)
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import PostgresServer

    server = PostgresServer()
    return (lambda: server.url(server.create_database())), server.stop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--passes", default=",".join(PASSES), help="comma-separated subset")
    parser.add_argument("--fulltext-feeds", type=int, default=0, help="0: all feeds")
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp dir")
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL 15")
    parser.add_argument("--farm", type=Path, default=_find_farm(), help="path to feedfarm.py")
    args = parser.parse_args()
    passes = [p for p in args.passes.split(",") if p]
    if unknown := set(passes) - set(PASSES):
        parser.error(f"unknown passes: {', '.join(sorted(unknown))}")

    fresh_url, stop_database = _database_urls(args.postgres, args.database_url)
    stop_watch = threading.Event()
    threading.Thread(target=_WorkerWatch.run, args=(stop_watch,), daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        farm = FarmProcess(args.farm, args.feeds, args.items, Path(tmp) / "farm.opml")
        try:
            print(json.dumps({"farm": farm.base, "feeds": args.feeds, "items": args.items}))
            feed_passes = [p for p in passes if p != "fulltext"]
            if feed_passes:
                settings = bench_settings(Path(tmp) / "feedtext", fresh_url(), "never")
                with _subscribed(farm, settings, None) as (store, ids):
                    for name in feed_passes:
                        if name == "tick":
                            farm.get("/tick?n=5", method="POST")
                        _pass(name, settings, store, ids, farm)
            if "fulltext" in passes:
                farm.get("/reset")
                settings = bench_settings(Path(tmp) / "fulltext", fresh_url(), "always")
                with _subscribed(farm, settings, args.fulltext_feeds) as (store, ids):
                    _pass("fulltext", settings, store, ids, farm)
        finally:
            farm.stop()
            stop_database()
            stop_watch.set()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
