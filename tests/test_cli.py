"""The `newsdesk` command, run as a real process against real servers and databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml import ElementTree

from newsdesk.config import Settings
from tests.support.httpserver import Response, TestServer

FEEDS = Path(__file__).parent / "data" / "feeds"
RSS_ITEM = (
    "<item><guid>g{n}</guid><title>Headline {n}</title><link>{link}</link>"
    "<description>{body}</description></item>"
)
BODY = " ".join(f"Paragraph sentence {i} about the council budget." for i in range(50))


def _run(
    args: list[str], settings: Settings, *, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEWSDESK_DATA_DIR": str(settings.data_dir),
        "NEWSDESK_DATABASE_URL": settings.database_url,
        "NEWSDESK_ALLOWED_NETWORKS": "127.0.0.1/32",
        "NEWSDESK_TOTAL_TIMEOUT": "10",
        "NEWSDESK_PER_HOST_DELAY_SECONDS": "0",  # one test server is one host: pace nothing
        "NEWSDESK_PER_HOST_CONCURRENCY": "20",
        "COLUMNS": "200",
    }
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def _feed(server: TestServer, path: str, count: int = 3) -> str:
    items = "".join(
        RSS_ITEM.format(n=n, link=server.url(f"/a/{n}"), body=BODY + f" {n}") for n in range(count)
    )
    body = f'<rss version="2.0"><channel><title>Council news</title>{items}</channel></rss>'
    server.route(
        path, Response(body=body.encode(), headers={"Content-Type": "application/rss+xml"})
    )
    return server.url(path)


def test_add_fetch_and_list_feeds(settings: Settings, http_server: TestServer) -> None:
    url = _feed(http_server, "/feed.xml")
    added = _run(["add-feed", url, "--category", "Local"], settings)
    assert "added feed" in added.stdout
    fetched = _run(["fetch"], settings)
    assert "3 new articles" in fetched.stdout
    listed = json.loads(_run(["feeds", "--json"], settings).stdout)
    assert [(f["url"], f["title"], f["status"], f["articles"]) for f in listed] == [
        (url, "Council news", "ok", 3)
    ]
    assert "Council news" in _run(["feeds"], settings).stdout
    again = _run(["add-feed", url], settings)
    assert "already subscribed" in again.stdout


def test_add_feed_finds_the_feed_a_web_page_advertises(
    settings: Settings, http_server: TestServer
) -> None:
    feed_url = _feed(http_server, "/rss")
    page = '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>'
    http_server.route("/", Response(body=page.encode(), headers={"Content-Type": "text/html"}))
    out = _run(["add-feed", http_server.url("/")], settings)
    assert feed_url in out.stdout


def test_opml_import_makes_folders_categories_and_exports_back(settings: Settings) -> None:
    imported = _run(["import-opml", str(FEEDS / "Subs.opml")], settings)
    assert "imported" in imported.stdout
    listed = json.loads(_run(["feeds", "--json"], settings).stdout)
    assert len(listed) > 5
    assert any(f["category"] for f in listed)
    exported = _run(["export-opml"], settings).stdout
    urls = {o.get("xmlUrl") for o in ElementTree.fromstring(exported).iter("outline")}
    assert {f["url"] for f in listed} <= urls
    again = _run(["import-opml", str(FEEDS / "Subs.opml")], settings)
    assert "imported 0 feeds" in again.stdout


def test_extract_prints_the_pipeline_view_of_a_page(
    settings: Settings, http_server: TestServer, demo_site: Path
) -> None:
    http_server.serve_directory("/", demo_site)
    page = next((demo_site / "wikinews" / "wiki").glob("*.html"))
    url = http_server.url(f"/wikinews/wiki/{page.name}")
    by_url = json.loads(_run(["extract", url, "--json"], settings).stdout)
    by_file = json.loads(_run(["extract", str(page), "--url", url, "--json"], settings).stdout)
    keys = ["url", "title", "authors", "date", "sitename", "canonical_url", "language", "text"]
    for result in (by_url, by_file):
        assert list(result)[: len(keys)] == keys
        assert result["url"] == url
        assert len(result["text"].split()) > 20
        assert isinstance(result["authors"], list)
    assert by_url["text"] == by_file["text"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["import-opml", "/nonexistent/subs.opml"], "cannot read", id="missing-file"),
        pytest.param(["add-feed", "not a url"], "error:", id="not-a-url"),
        pytest.param(["add-feed", "ftp://example.com/feed"], "error:", id="wrong-scheme"),
        pytest.param(["add-feed", "http://127.0.0.2:9/feed"], "refused", id="refused-address"),
        pytest.param(["add-feed", "http://10.1.2.3/feed"], "refused", id="private-address"),
        pytest.param(["extract", "/nonexistent.html"], "neither", id="missing-page"),
        pytest.param(["import-opml", str(FEEDS / "DaringFireball.rss")], "error:", id="not-opml"),
        pytest.param(
            ["add-feed", "http://x.test/", "--full-text", "maybe"], "error:", id="bad-mode"
        ),
    ],
)
def test_user_mistakes_get_one_line_and_a_failing_exit(
    settings: Settings, args: list[str], message: str
) -> None:
    done = _run(args, settings, ok=False)
    assert done.returncode != 0
    output = (done.stderr + done.stdout).strip()
    assert message in output
    assert len(output.splitlines()) == 1, output
