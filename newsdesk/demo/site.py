"""Build the demo's static news site: Wikinews feeds and pages, two demo outlets, an OPML file.

The demo feeds the real corpus through the same pipeline as live feeds, so this module plays
publisher: topic feeds in mixed formats carrying teasers only (the pipeline has to fetch each
page for the full text), article pages with real-world boilerplate, and two clearly labelled
demo outlets that republish a deterministic share of the articles with attribution, as sites
that reuse CC BY journalism do. Same corpus in, byte-identical site out.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newsdesk.demo import pages
from newsdesk.demo.corpus import CorpusArticle, load_corpus, stable_hash
from newsdesk.demo.feeds import OpmlFeed, render_opml
from newsdesk.demo.outlets import (
    DEMO_DAILY,
    DEMO_DAILY_FEED,
    SYNDICATE_POST,
    SYNDICATE_POST_FEED,
    build_demo_daily,
    build_syndicate_post,
)
from newsdesk.demo.publishing import SiteFiles, article_path, category_path, listing
from newsdesk.demo.wikinews import build_wikinews
from newsdesk.errors import UserError

OPML_PATH = "/opml.xml"
OUTLETS_CATEGORY = "Demo outlets"
# Written into every build; a non-empty directory without it is never emptied by a rebuild.
MARKER = ".newsdesk-demo"


class DemoFeed(NamedTuple):
    """A feed of the demo site; `category` is its OPML folder (the topic for Wikinews)."""

    path: str
    title: str
    category: str


@dataclass(frozen=True)
class DemoSite:
    """What was built. Paths are URL paths from the site root ("/wikinews/feeds/health.json")."""

    out_dir: Path
    feeds: list[DemoFeed]
    article_count: int
    opml_path: str = OPML_PATH
    # (republished copy's path, original page's path): the truth for duplicate detection
    republications: list[tuple[str, str]] = field(default_factory=list)

    @property
    def opml_file(self) -> Path:
        return self.out_dir / self.opml_path.lstrip("/")


def build_demo_site(
    out_dir: Path,
    *,
    corpus: Path | None = None,
    limit: int | None = None,
    base_url: str = "",
    origins: Mapping[str, str] | None = None,
) -> DemoSite:
    """Write the demo site into `out_dir` (missing, empty, or an earlier demo build).

    Links are root-relative unless `base_url` ("http://127.0.0.1:8123") is given; `limit` keeps
    a hash-chosen sample of that many articles, so a small demo still mixes topics and dates.
    `origins` gives publishers origins of their own ({"/demo-daily/": "http://127.0.0.1:8002"}).
    """
    articles = _newest_first(_sample(load_corpus(corpus), limit))
    site = SiteFiles(base_url, origins)
    feeds = [DemoFeed(f.path, f.title, f.topic) for f in build_wikinews(site, articles)]
    copies = build_demo_daily(site, articles) + build_syndicate_post(site, articles)
    feeds += [
        DemoFeed(DEMO_DAILY_FEED, DEMO_DAILY, OUTLETS_CATEGORY),
        DemoFeed(SYNDICATE_POST_FEED, SYNDICATE_POST, OUTLETS_CATEGORY),
    ]
    site.add(OPML_PATH, _opml(site, feeds))
    site.add("/index.html", _front_page(feeds))
    _write(out_dir, site.files)
    return DemoSite(
        out_dir=out_dir,
        feeds=feeds,
        article_count=len(articles),
        republications=[(copy.path, article_path(copy.article)) for copy in copies],
    )


def _sample(articles: list[CorpusArticle], limit: int | None) -> list[CorpusArticle]:
    if limit is None:
        return articles
    if limit < 0:
        raise UserError(f"demo article limit must be zero or more, not {limit}")
    return sorted(articles, key=lambda a: stable_hash("sample", a.id))[:limit]


def _newest_first(articles: Iterable[CorpusArticle]) -> list[CorpusArticle]:
    """Dated articles newest first, then undated ones; ties broken by slug."""

    def key(article: CorpusArticle) -> tuple[bool, int, str]:
        day = article.published
        return (day is None, -day.toordinal() if day else 0, article.slug)

    return sorted(articles, key=key)


def _opml(site: SiteFiles, feeds: list[DemoFeed]) -> str:
    folders: dict[str, list[OpmlFeed]] = {}
    for feed in feeds:
        home = category_path(feed.category) if feed.path.startswith("/wikinews/") else None
        html_url = home or feed.path.rsplit("/", 1)[0] + "/"
        folders.setdefault(feed.category, []).append(
            OpmlFeed(feed.title, site.url(feed.path), site.url(html_url))
        )
    return render_opml("newsdesk demo feeds", list(folders.items()))


def _front_page(feeds: list[DemoFeed]) -> str:
    links = [
        pages.Link("Wikinews (local demo mirror)", "/wikinews/"),
        pages.Link(DEMO_DAILY, "/demo-daily/"),
        pages.Link(SYNDICATE_POST, "/syndicate-post/"),
        pages.Link("All feeds (OPML)", OPML_PATH),
        *(pages.Link(f"Feed: {feed.title}", feed.path) for feed in feeds),
    ]
    intro = (
        "Local demo site served by newsdesk. " + pages.ATTRIBUTION + ". The outlets marked "
        "'demo outlet' are fictional."
    )
    return listing("newsdesk demo", links, intro)


def _write(out_dir: Path, files: dict[str, str]) -> None:
    """Replace an earlier build wholesale (no stale pages), never a directory we did not make."""
    if out_dir.exists():
        if not out_dir.is_dir():
            raise UserError(f"demo site directory {out_dir} is a file")
        entries = list(out_dir.iterdir())
        if entries and not (out_dir / MARKER).is_file():
            raise UserError(f"demo site directory {out_dir} is not empty and not a demo build")
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("built by newsdesk.demo.site\n", encoding="utf-8")
    for path, content in sorted(files.items()):
        target = out_dir / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="\n")
