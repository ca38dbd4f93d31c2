"""`newsdesk demo` end to end: the corpus goes through the real pipeline over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from newsdesk.config import Settings
from newsdesk.store.engine import open_store

LIMIT = 60


def _free_port_run(count: int) -> int:
    """The first of `count` consecutive free loopback ports."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count >= 65535:
            continue
        sockets = []
        try:
            for port in range(first, first + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no run of free ports")


def _newsdesk(tmp_path: Path, port: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_DEMO_PORT": str(port)}
    env.pop("NEWSDESK_ALLOWED_NETWORKS", None)
    env.pop("NEWSDESK_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def test_demo_ingests_the_corpus_through_the_pipeline_and_is_idempotent(tmp_path: Path) -> None:
    port = _free_port_run(3)
    first = _newsdesk(tmp_path, port, "demo", "--no-serve", "--limit", str(LIMIT))
    assert "0 failed" in first.stderr
    store = open_store(Settings(data_dir=tmp_path))
    with store.session() as session:
        feeds = session.execute(text("SELECT status, last_error FROM feeds")).all()
        wikinews = session.execute(
            text(
                "SELECT a.body_source, a.extraction_status, s.notice FROM articles a "
                "JOIN sources s ON s.id = a.source_id WHERE s.name = 'Wikinews'"
            )
        ).all()
        outlets = (
            session.execute(
                text("SELECT DISTINCT s.name FROM articles a JOIN sources s ON s.id = a.source_id")
            )
            .scalars()
            .all()
        )
        before = session.execute(text("SELECT count(*), max(modified_at) FROM articles")).one()
        analysed = session.execute(
            text("SELECT count(DISTINCT article_id) FROM article_analysis WHERE status = 'ok'")
        ).scalar_one()
        related = session.execute(text("SELECT count(*) FROM related_articles")).scalar_one()
    assert analysed >= LIMIT and related > 0  # the demo site has analysed articles
    assert feeds and all(row == ("ok", None) for row in feeds)
    assert len(wikinews) == LIMIT
    assert all(row[0] == "page" and row[1] == "ok" for row in wikinews)
    assert all("CC BY 2.5" in row[2] for row in wikinews)
    assert {"Wikinews", "Demo Daily (demo outlet)"} <= set(outlets)

    _newsdesk(tmp_path, port, "demo", "--no-serve", "--limit", str(LIMIT))
    with store.session() as session:
        after = session.execute(text("SELECT count(*), max(modified_at) FROM articles")).one()
    assert tuple(after) == tuple(before)
    listed = json.loads(_newsdesk(tmp_path, port, "feeds", "--json").stdout)
    assert sum(feed["articles"] for feed in listed) >= LIMIT
    store.close()
