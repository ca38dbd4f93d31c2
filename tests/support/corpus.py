"""A database loaded from the bundled Wikinews corpus through the real store write path.

Browser tests need real articles fast, without running the feed farm; the benchmark needs
100k of them: `store_corpus(store, limit=..., copies=n)` stores each corpus article n times
(copies get their own URL and text hash) in the feed of its first topic, in bulk batches.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from html import escape

from newsdesk.demo.corpus import CorpusArticle, load_corpus, slugify
from newsdesk.store.articles import ArticleData
from newsdesk.store.engine import Store
from newsdesk.store.entry_batches import EntryToStore, store_entries
from newsdesk.store.feeds import add_feed
from newsdesk.store.sources import set_source_details

SITE = "https://en.wikinews.org/"
NOTICE = (
    "Articles from Wikinews (https://www.wikinews.org), CC BY 2.5, "
    "https://creativecommons.org/licenses/by/2.5/"
)
BATCH = 2000


@cache
def corpus() -> tuple[CorpusArticle, ...]:
    return tuple(load_corpus())


def _data(article: CorpusArticle, copy: int) -> ArticleData:
    text = "\n\n".join(article.paragraphs)
    url = article.url if copy == 0 else f"{article.url}?copy={copy}"
    published = (
        datetime(
            article.published.year, article.published.month, article.published.day, 9, tzinfo=UTC
        )
        if article.published
        else None
    )
    if published and copy:
        published += timedelta(minutes=copy)
    return ArticleData(
        title=article.title,
        text=text,
        html="".join(f"<p>{escape(p)}</p>" for p in article.paragraphs),
        text_hash=hashlib.sha256(f"{copy}:{article.id}".encode()).hexdigest(),
        canonical_url=url,
        guid=url,
        authors=["Wikinews contributors"],
        published_at=published,
        language="en",
        sitename="Wikinews",
        attribution=f"This article was first published on Wikinews: {article.url}",
        body_source="page",
        extraction_status="ok",
    )


def store_corpus(store: Store, *, limit: int | None = None, copies: int = 1) -> int:
    """Store `limit` corpus articles (oldest first, so the newest get the highest ids)."""
    articles = sorted(corpus()[:limit], key=lambda a: (a.published is not None, a.published))
    with store.session() as session:
        set_source_details(session, url=SITE, name="Wikinews", notice=NOTICE)
        feeds: dict[str, tuple[int, int | None]] = {}
        for article in articles:
            topic = (article.topics or ("General",))[0]
            if topic not in feeds:
                feed, _ = add_feed(
                    session,
                    url=f"{SITE}feeds/{slugify(topic)}.xml",
                    title=f"Wikinews — {topic}",
                    site_url=SITE,
                )
                feeds[topic] = (feed.id, feed.source_id)
    stored = 0
    for copy in range(copies):
        for start in range(0, len(articles), BATCH):
            by_feed: dict[str, list[EntryToStore]] = {}
            for article in articles[start : start + BATCH]:
                data = _data(article, copy)
                entry = EntryToStore(data.guid or "", data.canonical_url, data.text_hash, data)
                by_feed.setdefault((article.topics or ("General",))[0], []).append(entry)
            with store.session() as session:
                for topic, entries in by_feed.items():
                    feed_id, source_id = feeds[topic]
                    stored += len(
                        store_entries(
                            session, feed_id=feed_id, source_id=source_id, entries=entries
                        )
                    )
    return stored


REPUBLISHER = "https://syndicate.example/"


def store_republications(store: Store, *, limit: int, count: int) -> int:
    """A second outlet republishing the `count` newest of the first `limit` corpus articles an
    hour after Wikinews, each at its own URL: what the duplicates step folds as copies and the
    stories step counts as a second outlet (as the demo's Syndicate Post does)."""
    newest = sorted(
        (a for a in corpus()[:limit] if a.published), key=lambda a: a.published, reverse=True
    )[:count]
    with store.session() as session:
        set_source_details(
            session, url=REPUBLISHER, name="Syndicate Example", notice="Republishes Wikinews."
        )
        feed, _ = add_feed(
            session, url=f"{REPUBLISHER}feed.xml", title="Syndicate Example", site_url=REPUBLISHER
        )
        feed_id, source_id = feed.id, feed.source_id
    entries = []
    for article in newest:
        data = _data(article, 60)
        url = f"{REPUBLISHER}{slugify(article.title)}"
        data = replace(data, canonical_url=url, guid=url, sitename="Syndicate Example")
        entries.append(EntryToStore(url, url, data.text_hash, data))
    with store.session() as session:
        return len(store_entries(session, feed_id=feed_id, source_id=source_id, entries=entries))


def corpus_rows(*title_starts: str) -> list[dict[str, str]]:
    """Bundled articles whose titles start with one of `title_starts`, in that order, as eval
    rows (id, title, text, url, source): what tests of one real article's text load."""
    rows = []
    for start in title_starts:
        found = next(a for a in corpus() if a.title.startswith(start))
        rows.append(
            {
                "id": found.id,
                "title": found.title,
                "text": "\n\n".join(found.paragraphs),
                "url": found.url,
                "source": "Wikinews",
            }
        )
    return rows
