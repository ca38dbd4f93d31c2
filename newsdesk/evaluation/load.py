"""A labelled JSON Lines file → real articles in a store, through ingest's own write path.

Each line becomes a feed entry of its publisher (host from `url`, name from `source`), is
assembled like any feed entry (sanitised, hashed, attribution found) and stored with
`store_entries`, so copies fold exactly as they would in production.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsdesk.errors import UserError
from newsdesk.ingest.assemble import assemble_article
from newsdesk.ingest.parsed import ParsedEntry, text_to_html, web_url
from newsdesk.store.articles import EntryToStore, store_entries
from newsdesk.store.engine import Store
from newsdesk.store.evaluation import articles_by_guid
from newsdesk.store.feeds import add_feed
from newsdesk.store.sources import set_source_details

EVAL_FEED_PATH = "/.newsdesk-eval-feed"


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The file's objects; a line that is not one, or a missing or repeated id, is refused."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text") from None
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise UserError(f"{path}:{number}: not a JSON object") from None
        if not isinstance(row, dict) or not isinstance(row.get("id"), str | int):
            raise UserError(f"{path}:{number}: each line needs an object with an `id`")
        row["id"] = str(row["id"])
        if row["id"] in seen:
            raise UserError(f"{path}:{number}: id {row['id']!r} appears twice")
        seen.add(row["id"])
        rows.append(row)
    return rows


def _published(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _origin(row: dict[str, Any]) -> str:
    """The publisher's origin: the URL's, else one made from the source name."""
    url = web_url(row.get("url"), None)
    if url:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"
    name = "".join(c if c.isalnum() else "-" for c in str(row.get("source") or "unknown").lower())
    return f"https://{name.strip('-') or 'unknown'}.invalid"


def _entry(row: dict[str, Any]) -> EntryToStore:
    text = row.get("text") if isinstance(row.get("text"), str) else ""
    entry = ParsedEntry(
        guid=row["id"],
        url=web_url(row.get("url"), None),
        title=str(row.get("title") or ""),
        summary_html=None,
        content_html=text_to_html(text) if text else None,
        published=_published(row.get("published")),
    )
    data = assemble_article(entry=entry, feed=None, page=None, page_error=None, fetched_page=False)
    return EntryToStore(guid=entry.guid, entry_url=entry.url, entry_hash=row["id"], data=data)


def load_rows(store: Store, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Store every row as an article; returns line id → stored article id."""
    by_origin: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_origin[_origin(row)].append(row)
    ids: dict[str, int] = {}
    for origin, group in by_origin.items():
        with store.session() as session:
            name = str(group[0].get("source") or "") or None
            source = set_source_details(session, url=origin, name=name)
            feed, _ = add_feed(session, url=origin + EVAL_FEED_PATH, site_url=origin)
            session.flush()
            store_entries(
                session, feed_id=feed.id, source_id=source.id, entries=[_entry(r) for r in group]
            )
            ids.update(articles_by_guid(session, feed_id=feed.id))
    return ids
