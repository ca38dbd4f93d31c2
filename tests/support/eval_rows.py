"""Eval-format rows stored as real articles, as `newsdesk eval` loads them.

Each row's `source` names a publisher keyed by the host of its `url`; the row reaches the store
through that publisher's feed and `store_entry`, so exact copies fold at ingest as they would
in production. Stands in for the eval framework's loader until it is merged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from newsdesk.config import Settings
from newsdesk.generate.sentences import paragraphs
from newsdesk.ingest.attribution import find_attribution
from newsdesk.ingest.clean import normalise_text
from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed
from newsdesk.store.sources import set_source_details


@dataclass
class Context:
    """What the analysis steps read from their context (settings, store, no embedder needed)."""

    settings: Settings
    store: Store
    embedder: Any = None


def load_rows(store: Store, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Store every row; row id → article id (two rows may share one when folded at ingest)."""
    ids: dict[str, int] = {}
    with store.session() as session:
        feeds: dict[str, int] = {}
        for row in rows:
            parts = urlsplit(row["url"])
            site = f"{parts.scheme}://{parts.netloc}/"
            if site not in feeds:
                set_source_details(session, url=site, name=row["source"])
                feed, _ = add_feed(session, url=site + "feed.xml", site_url=site)
                feeds[site] = feed.id
            feed_id = feeds[site]
            source_id = _source_of(session, feed_id)
            text = row.get("text") or ""
            published = row.get("published")
            data = ArticleData(
                title=row.get("title") or "",
                text=text,
                # Sanitised already, as ingest stores it; else the text's paragraphs, as a
                # page whose HTML is plain paragraphs gives them.
                html=row.get("html") or "".join(f"<p>{escape(p)}</p>" for p in paragraphs(text)),
                text_hash=hashlib.sha256(normalise_text(text).encode()).hexdigest(),
                canonical_url=row["url"],
                guid=str(row["id"]),
                authors=list(row.get("authors") or []),
                published_at=datetime.fromisoformat(published) if published else None,
                attribution=find_attribution(text),
            )
            result = store_entry(
                session,
                feed_id=feed_id,
                source_id=source_id,
                guid=str(row["id"]),
                entry_url=row["url"],
                entry_hash=data.content_hash(),
                data=data,
            )
            ids[str(row["id"])] = result.article_id
    return ids


def _source_of(session: Any, feed_id: int) -> int | None:
    from newsdesk.store.feeds import get_feed

    feed = get_feed(session, feed_id=feed_id)
    return feed.source_id if feed else None
