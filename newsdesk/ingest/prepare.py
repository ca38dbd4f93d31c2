"""Turn a fetched feed body into work for the store: the CPU-bound half of a feed poll.

Parsing, hashing every entry and assembling the articles of those that carry their own text
costs far more than storing them, so it all runs here, in one call to the process pool, and
the event loop is left with the database writes and the network. `known` (guid → entry hash
of what this feed already gave us) lets unchanged entries be skipped before any work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from newsdesk.ingest.assemble import (
    assemble_article,
    entry_hash,
    entry_to_json,
    feed_body_html,
)
from newsdesk.ingest.clean import html_to_text
from newsdesk.ingest.extract import is_teaser
from newsdesk.ingest.parse import ParsedEntry, ParsedFeed, parse_feed
from newsdesk.store.entry_batches import EntryToStore


@dataclass(frozen=True)
class PreparedFeed:
    """A parsed feed reduced to what the store and the scheduler need."""

    feed: ParsedFeed  # the feed's own fields; `entries` is left empty
    entry_times: list[datetime | None]
    guids: list[str]
    to_store: list[EntryToStore]
    to_fetch: list[dict[str, Any]]


def needs_page(full_text: str, entry: ParsedEntry) -> bool:
    """Whether to fetch the entry's page: per the feed's mode, or when it is only a teaser."""
    if not entry.url or full_text == "never":
        return False
    if full_text == "always":
        return True
    return is_teaser(html_to_text(feed_body_html(entry)))


def unique_entries(entries: list[ParsedEntry]) -> list[ParsedEntry]:
    """A feed that repeats a GUID means one entry; keep its first appearance."""
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.guid not in seen:
            seen.add(entry.guid)
            unique.append(entry)
    return unique


def prepare_feed(
    body: bytes,
    *,
    url: str,
    content_type: str | None,
    known: dict[str, str],
    full_text: str,
) -> PreparedFeed:
    """Parse `body` and split its new or changed entries into store-now and fetch-page."""
    parsed = parse_feed(body, url=url, content_type=content_type)
    entries = unique_entries(parsed.entries)
    to_store: list[EntryToStore] = []
    to_fetch: list[dict[str, Any]] = []
    for entry in entries:
        digest = entry_hash(entry)
        if known.get(entry.guid) == digest:
            continue
        if needs_page(full_text, entry):
            to_fetch.append(entry_to_json(entry))
            continue
        data = assemble_article(
            entry=entry, feed=parsed, page=None, page_error=None, fetched_page=False
        )
        _ = data.word_count  # counted here in the pool, and cached: the store asks for it
        to_store.append(EntryToStore(entry.guid, entry.url, digest, data))
    return PreparedFeed(
        feed=replace(parsed, entries=[]),
        entry_times=[e.published or e.updated for e in parsed.entries],
        guids=[e.guid for e in entries],
        to_store=to_store,
        to_fetch=to_fetch,
    )
