"""Turn a feed entry (and the page behind it, when fetched) into an article ready to store."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import datetime
from typing import Any

from newsdesk.ingest.attribution import find_attribution
from newsdesk.ingest.clean import html_to_text, normalise_text, sanitize_html
from newsdesk.ingest.extract import BodyChoice, ExtractedPage, choose_body
from newsdesk.ingest.headline import without_repeated_headline
from newsdesk.ingest.parse import ParsedEntry, ParsedFeed
from newsdesk.ingest.urls import InvalidURLError, canonical_url
from newsdesk.store.articles import ArticleData

DEK_MAX_CHARS = 400
_ENTRY_FIELDS = tuple(f.name for f in fields(ParsedEntry))


def entry_hash(entry: ParsedEntry) -> str:
    """What the feed said about an entry: unchanged hash means nothing to redo."""
    return hashlib.sha256(
        json.dumps(entry_to_json(entry), sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def entry_to_json(entry: ParsedEntry) -> dict[str, Any]:
    """An entry as JSON values, so it can travel as a task argument.

    Field by field rather than `dataclasses.asdict`, whose deep copy cost more than the hash
    it feeds; the fields are flat, so the result is the same.
    """
    data = {name: getattr(entry, name) for name in _ENTRY_FIELDS}
    data["authors"] = list(entry.authors)
    data["categories"] = list(entry.categories)
    for name in ("published", "updated"):
        value = data.get(name)
        data[name] = value.isoformat() if isinstance(value, datetime) else None
    return data


def entry_from_json(data: dict[str, Any]) -> ParsedEntry:
    names = {f.name for f in fields(ParsedEntry)}
    values = {k: v for k, v in data.items() if k in names}
    for name in ("published", "updated"):
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    return ParsedEntry(**values)


def feed_body_html(entry: ParsedEntry) -> str:
    """The fullest HTML the feed itself carries for an entry."""
    return entry.content_html or entry.summary_html or ""


def safe_canonical(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return canonical_url(url)
    except InvalidURLError:
        return None


def _dek(entry: ParsedEntry, page: ExtractedPage | None, body_text: str) -> str | None:
    """A standfirst: the feed's summary when it is not just the start of the body."""
    candidates = []
    if entry.content_html and entry.summary_html:
        candidates.append(html_to_text(sanitize_html(entry.summary_html, base_url=entry.url)))
    if page is not None and page.description:
        candidates.append(page.description)
    for candidate in candidates:
        text = " ".join(candidate.split())
        if text and not body_text.startswith(text[:80]):
            return text[:DEK_MAX_CHARS]
    return None


def assemble_article(
    *,
    entry: ParsedEntry,
    feed: ParsedFeed | None,
    page: ExtractedPage | None,
    page_error: str | None,
    fetched_page: bool,
) -> ArticleData:
    """Choose the body and merge the feed's and the page's metadata, feed first.

    Feed titles and dates are what the publisher chose to announce, so they win; the page
    fills what the feed left out. rel=canonical on the page is honoured for the URL.
    """
    feed_html = feed_body_html(entry)
    base = entry.url or (feed.site_url if feed else None)
    clean_feed_html = sanitize_html(feed_html, base_url=base) if feed_html else None
    choice: BodyChoice = choose_body(
        feed_html=clean_feed_html, page=page, page_error=page_error, feed_html_is_clean=True
    )
    title = entry.title or (page.title if page and page.title else "") or "(untitled)"
    html, text = without_repeated_headline(
        choice.html or "", choice.text or html_to_text(choice.html or ""), title
    )
    url = safe_canonical(page.canonical_url if page else None) or safe_canonical(entry.url)
    status = choice.status if fetched_page else "feed_only"
    return ArticleData(
        title=title,
        text=text,
        html=html,
        text_hash=hashlib.sha256(normalise_text(text).encode()).hexdigest(),
        canonical_url=url,
        guid=entry.guid,
        dek=_dek(entry, page, text),
        authors=list(entry.authors or (page.authors if page else [])),
        published_at=entry.published or (page.date if page else None),
        updated_at=entry.updated,
        language=(page.language if page else None) or (feed.language if feed else None),
        image_url=entry.image_url or (page.image_url if page else None),
        sitename=(page.sitename if page else None) or (feed.title if feed else None),
        attribution=find_attribution(text),
        body_source=choice.source,
        extraction_status=status,
        extraction_reason=choice.reason,
    )
