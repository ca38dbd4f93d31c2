"""Comments under load: 50 readers posting and reading for 60 s against a running server.

The server is a separate process (`newsdesk serve`, uvicorn) on a fresh database: SQLite, or
a throwaway PostgreSQL 15 started the way the tests start theirs. Each reader loops: post a
comment (JSON API, its own API token) to a random article, then read that article's page
(HTML, the whole comment thread rendered). Prints requests/s and latency percentiles per
kind, then checks the store: every comment that got a 2xx is stored exactly once, and none
that got an error (or no answer) is stored at all.

    .venv/bin/python bench/comments.py [--db sqlite|postgresql|both] [--seconds 60] [--readers 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.community.accounts import create_api_token
from newsdesk.community.passwords import hash_password
from newsdesk.config import Settings
from newsdesk.store.accounts import create_account
from newsdesk.store.engine import Store, open_store
from newsdesk.store.models_community import Comment
from tests.support.community import make_article

ARTICLES = 20
LIMITS = {  # the abuse limits would (rightly) stop one reader posting 10 comments a minute
    "NEWSDESK_LIMIT_COMMENTS_PER_ACCOUNT": "1000000",
    "NEWSDESK_NEW_ACCOUNT_DAYS": "0",
    "NEWSDESK_POLL_EVERY_SECONDS": "0",
}


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"post": [], "read": []})
    statuses: Counter[str] = field(default_factory=Counter)
    posted_ok: list[str] = field(default_factory=list)
    posted_failed: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare(store: Store, readers: int) -> tuple[list[int], list[str]]:
    articles = [make_article(store, n) for n in range(ARTICLES)]
    password_hash = hash_password("bench password 123")  # one hash: sign-up speed is not measured
    tokens = []
    for n in range(readers):
        with store.session() as session:
            account = create_account(
                session,
                email=f"reader{n}@bench.test",
                display_name=f"Reader {n}",
                password_hash=password_hash,
            )
        assert account is not None
        tokens.append(create_api_token(store, account=account, label="bench"))
    return articles, tokens


async def _reader(
    client: httpx.AsyncClient, token: str, articles: list[int], until: float, tally: Tally
) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < until:
        article = random.choice(articles)
        body = f"bench comment {uuid.uuid4()}\n\nSecond paragraph with https://example.org/link"
        start = time.perf_counter()
        try:
            response = await client.post(
                f"/api/v1/articles/{article}/comments", json={"body": body}, headers=auth
            )
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        tally.latencies["post"].append(time.perf_counter() - start)
        tally.statuses[f"post {status}"] += 1
        (tally.posted_ok if status.startswith("2") else tally.posted_failed).append(body)
        start = time.perf_counter()
        try:
            status = str(
                (await client.get(f"/article/{article}", follow_redirects=True)).status_code
            )
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        tally.latencies["read"].append(time.perf_counter() - start)
        tally.statuses[f"read {status}"] += 1


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


async def _load(base: str, tokens: list[str], articles: list[int], seconds: float) -> Tally:
    tally = Tally()
    limits = httpx.Limits(max_connections=len(tokens) + 5)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        until = time.monotonic() + seconds
        await asyncio.gather(*(_reader(client, t, articles, until, tally) for t in tokens))
    return tally


def _check(store: Store, tally: Tally) -> tuple[int, int, int]:
    """(2xx stored exactly once, 2xx not stored once, errors that were stored anyway)."""
    with store.session() as session:
        counts = Counter(
            dict(session.execute(select(Comment.body, func.count()).group_by(Comment.body)).all())
        )
    once = sum(1 for body in tally.posted_ok if counts[body] == 1)
    return once, len(tally.posted_ok) - once, sum(1 for b in tally.posted_failed if counts[b])


def _serve(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        **LIMITS,
        "NEWSDESK_DATA_DIR": str(settings.data_dir),
        "NEWSDESK_DATABASE_URL": settings.database_url,
    }
    newsdesk = Path(sys.executable).with_name("newsdesk")
    server = subprocess.Popen(
        [str(newsdesk), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def run(db: str, seconds: float, readers: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-comments-") as tmp:
        pg = None
        if db == "postgresql":
            from tests.support.postgres import PostgresServer

            pg = PostgresServer()
            url = pg.url(pg.create_database())
        else:
            url = f"sqlite:///{Path(tmp) / 'newsdesk.db'}"
        settings = Settings(data_dir=Path(tmp), database_url=url)
        store = open_store(settings)
        try:
            articles, tokens = _prepare(store, readers)
            port = _free_port()
            server = _serve(settings, port)
            try:
                started = time.monotonic()
                tally = asyncio.run(_load(f"http://127.0.0.1:{port}", tokens, articles, seconds))
                elapsed = time.monotonic() - started
            finally:
                server.terminate()
                server.wait(timeout=30)
            once, missing, leaked = _check(store, tally)
        finally:
            store.close()
            if pg is not None:
                pg.stop()
    total = sum(len(v) for v in tally.latencies.values())
    print(f"{db}: {readers} readers, {elapsed:.0f} s: {total / elapsed:.0f} requests/s")
    for kind, values in tally.latencies.items():
        print(
            f"  {kind}: {len(values)} requests, {len(values) / elapsed:.0f}/s, "
            f"p50 {_percentile(values, 0.5):.0f} ms, p95 {_percentile(values, 0.95):.0f} ms"
        )
    print(f"  statuses: {dict(sorted(tally.statuses.items()))}")
    print(
        f"  integrity: {once} of {len(tally.posted_ok)} accepted comments stored exactly once; "
        f"{missing} missing or doubled; {leaked} of {len(tally.posted_failed)} refused stored"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=50)
    args = parser.parse_args()
    for db in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        run(db, args.seconds, args.readers)


if __name__ == "__main__":
    main()
