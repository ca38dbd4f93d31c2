"""Page latency at 10k and 100k articles: the real server in its own process, under load.

For each size, copies of the bundled Wikinews corpus are stored through the store's bulk write
path (each copy with its own URL and text hash) into a fresh SQLite database; `newsdesk serve`
is started on a loopback port as a separate process, and a small asyncio httpx load generator
keeps CONCURRENCY requests in flight per page type, printing p50/p95/p99 latency and
throughput for the front page, article page, search and source page. Figures, not asserts.

    .venv/bin/python bench/pages.py                      # 10k and 100k
    .venv/bin/python bench/pages.py --sizes 10000 --requests 300
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.config import Settings
from newsdesk.store.engine import open_store
from tests.support.corpus import corpus, store_corpus

WORDS = ["police", "election", "president", "court", "football", "earthquake", "minister",
         "china", "fire", "government", "police arrested", "prime minister"]  # fmt: skip


def load(db_dir: Path, size: int) -> tuple[str, float]:
    """A database with about `size` articles; returns its URL and the seconds it took.

    A database already in `db_dir` (from `--keep`) is used as it is.
    """
    url = f"sqlite:///{db_dir / 'newsdesk.db'}"
    if (db_dir / "newsdesk.db").exists():
        return url, 0.0
    store = open_store(Settings(data_dir=db_dir, database_url=url))
    copies = math.ceil(size / len(corpus()))
    started = time.perf_counter()
    store_corpus(store, copies=copies)
    store.close()
    return url, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db_dir: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        NEWSDESK_DATA_DIR=str(db_dir),
        NEWSDESK_DATABASE_URL=url,
        NEWSDESK_POLL_EVERY_SECONDS="0",
    )
    newsdesk = Path(sys.executable).with_name("newsdesk")
    command = [str(newsdesk), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def targets(base: str, rng: random.Random) -> dict[str, list[str]]:
    """URLs of each page type, sampled across the whole database."""
    latest = httpx.get(base + "/api/v1/articles?limit=1").json()["articles"][0]
    top, source_id = latest["id"], latest["source_id"]
    source = httpx.get(f"{base}/source/{source_id}", follow_redirects=True).url.path
    article_paths = []
    for article_id in rng.sample(range(1, top + 1), 50):
        response = httpx.get(f"{base}/article/{article_id}")
        if response.status_code == 301:
            article_paths.append(response.headers["location"])
    return {
        "front page": ["/"] + [f"/?before={rng.randint(100, top)}" for _ in range(9)],
        "article page": article_paths,
        "search": [f"/search?q={word.replace(' ', '+')}" for word in WORDS],
        "source page": [source] + [f"{source}?before={rng.randint(100, top)}" for _ in range(9)],
    }


async def drive(base: str, paths: list[str], requests: int, concurrency: int) -> list[float]:
    """Latencies (ms) of `requests` GETs cycling through `paths`, `concurrency` at a time."""
    latencies: list[float] = []
    queue = [paths[n % len(paths)] for n in range(requests)]
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits) as client:

        async def worker() -> None:
            while queue:
                path = queue.pop()
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench(size: int, requests: int, concurrency: int, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        db_dir = keep / str(size) if keep else Path(tmp)
        db_dir.mkdir(parents=True, exist_ok=True)
        url, seconds = load(db_dir, size)
        port = free_port()
        server = start_server(db_dir, url, port)
        base = f"http://127.0.0.1:{port}"
        try:
            count = httpx.get(base + "/api/v1/articles?limit=1").json()["articles"][0]["id"]
            stored = f"stored in {seconds:.0f} s" if seconds else "reused"
            print(f"\n{count:,} articles ({stored}), SQLite, {concurrency} requests in flight")
            print(f"{'page':<14}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>9}")
            for name, paths in targets(base, random.Random(size)).items():
                asyncio.run(drive(base, paths, min(50, requests), concurrency))  # warm up
                started = time.perf_counter()
                latencies = asyncio.run(drive(base, paths, requests, concurrency))
                rate = len(latencies) / (time.perf_counter() - started)
                p50, p95, p99 = (percentile(latencies, s) for s in (0.5, 0.95, 0.99))
                print(f"{name:<14}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{rate:>9.0f}")
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=500, help="per page type")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument(
        "--keep", type=Path, help="keep (and reuse) the databases under this directory"
    )
    args = parser.parse_args()
    for size in args.sizes:
        bench(size, args.requests, args.concurrency, args.keep)


if __name__ == "__main__":
    main()
