"""JSON Feed 1.0/1.1 and RSS-in-JSON, read with the standard json module.

feedparser 6 reads no JSON at all, and feedparser-rs misses JSON Feeds that give their version
as http://jsonfeed.org/version/1 (pxlnv.json in tests/data/feeds), so JSON is ours: the format
is small, and stdlib json cannot fetch anything. RSS-in-JSON (Dave Winer's `{"rss": {...}}`,
served by scripting.com) costs a few lines more and is read too.
"""

from __future__ import annotations

import json
import re
from typing import Any

from newsdesk.errors import ParseError
from newsdesk.ingest.parsed import (
    ParsedEntry,
    ParsedFeed,
    absolutise_html,
    capped,
    clean_title,
    fallback_guid,
    parse_date_text,
    plain_text,
    positive_int,
    text_to_html,
    unique,
    web_url,
)

_JSONFEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/(\d+)(?:\.(\d+))?/?$")
_IMAGE_TYPE = re.compile(r"^image/", re.IGNORECASE)


def parse_json_feed(body: bytes, *, url: str) -> ParsedFeed:
    """Parse a JSON document that should be a JSON Feed (or RSS-in-JSON)."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"not valid JSON: {_first_line(exc)}") from exc
    if not isinstance(document, dict):
        raise ParseError("JSON document is not a JSON Feed (top level is not an object)")
    version = document.get("version")
    match = _JSONFEED_VERSION.match(version.strip()) if isinstance(version, str) else None
    if match:
        major, minor = match.group(1), match.group(2) or "0"
        return capped(_json_feed(document, url=url, format_name=f"json{major}{minor}"))
    if isinstance(document.get("rss"), dict) and isinstance(document["rss"].get("channel"), dict):
        return capped(_rss_in_json(document["rss"]["channel"], url=url))
    raise ParseError("JSON document is not a JSON Feed (no jsonfeed.org version)")


def _json_feed(doc: dict[str, Any], *, url: str, format_name: str) -> ParsedFeed:
    feed_authors = _author_names(doc)
    items = doc.get("items")
    entries = [
        _json_feed_item(item, feed_url=url, feed_authors=feed_authors)
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]
    return ParsedFeed(
        title=clean_title(_str(doc, "title")),
        site_url=web_url(doc.get("home_page_url"), url),
        description=plain_text(_str(doc, "description")),
        language=_str(doc, "language"),
        image=web_url(doc.get("icon"), url) or web_url(doc.get("favicon"), url),
        ttl_minutes=None,
        entries=entries,
        format=format_name,
    )


def _json_feed_item(item: dict[str, Any], *, feed_url: str, feed_authors: list[str]) -> ParsedEntry:
    url = web_url(item.get("url"), feed_url) or web_url(item.get("external_url"), feed_url)
    base = url or feed_url
    title = clean_title(_str(item, "title"))
    content = _str(item, "content_html")
    if content is None and _str(item, "content_text") is not None:
        content = text_to_html(item["content_text"])
    content = absolutise_html(content, base)
    summary_text = _str(item, "summary")
    summary = text_to_html(summary_text) if summary_text else None
    raw_id = item.get("id")
    guid = str(raw_id).strip() if isinstance(raw_id, str | int) and str(raw_id).strip() else ""
    published = parse_date_text(item.get("date_published"))
    updated = parse_date_text(item.get("date_modified"))
    return ParsedEntry(
        guid=guid or fallback_guid(url=url, title=title, content=content),
        url=url,
        title=title,
        summary_html=summary if summary != content else None,
        content_html=content or summary,
        authors=_author_names(item) or feed_authors,
        published=published or updated,
        updated=updated,
        image_url=_json_feed_image(item, base),
        categories=_json_feed_tags(item.get("tags")),
    )


def _json_feed_tags(tags: object) -> list[str]:
    """An array of strings by the spec; some feeds send one comma-separated string."""
    if isinstance(tags, str):
        return unique(tags.split(","))
    return unique(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else []


def _author_names(obj: dict[str, Any]) -> list[str]:
    """JSON Feed 1.1 `authors`, else 1.0 `author`; names only (urls are often mailto:)."""
    people = [p for p in _list(obj, "authors") if isinstance(p, dict)]
    if not people and isinstance(obj.get("author"), dict):
        people = [obj["author"]]
    return unique(clean_title(_str(p, "name")) for p in people)


def _json_feed_image(item: dict[str, Any], base: str) -> str | None:
    for key in ("image", "banner_image"):
        found = web_url(item.get(key), base)
        if found:
            return found
    for attachment in _list(item, "attachments"):
        if isinstance(attachment, dict) and _IMAGE_TYPE.match(_str(attachment, "mime_type") or ""):
            found = web_url(attachment.get("url"), base)
            if found:
                return found
    return None


def _rss_in_json(channel: dict[str, Any], *, url: str) -> ParsedFeed:
    items = channel.get("item")
    if isinstance(items, dict):
        items = [items]
    image = channel.get("image")
    return ParsedFeed(
        title=clean_title(_str(channel, "title")),
        site_url=web_url(channel.get("link"), url),
        description=plain_text(_str(channel, "description")),
        language=_str(channel, "language"),
        image=web_url(image.get("url"), url) if isinstance(image, dict) else None,
        ttl_minutes=positive_int(channel.get("ttl")),
        entries=[
            _rss_in_json_item(item, feed_url=url)
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict)
        ],
        format="rssjson",
    )


def _rss_in_json_item(item: dict[str, Any], *, feed_url: str) -> ParsedEntry:
    url = web_url(item.get("link"), feed_url)
    title = clean_title(_str(item, "title"))
    content = absolutise_html(_str(item, "description"), url or feed_url)
    guid = item.get("guid")
    if isinstance(guid, dict):
        guid = guid.get("#value") or guid.get("value")
    categories = item.get("category")
    enclosures = item.get("enclosure")
    enclosures = [enclosures] if isinstance(enclosures, dict) else _list(item, "enclosure")
    images = [
        e.get("url")
        for e in enclosures
        if isinstance(e, dict) and _IMAGE_TYPE.match(str(e.get("type") or ""))
    ]
    published = parse_date_text(item.get("pubDate"))
    return ParsedEntry(
        guid=(guid.strip() if isinstance(guid, str) else "")
        or fallback_guid(url=url, title=title, content=content),
        url=url,
        title=title,
        summary_html=None,
        content_html=content,
        authors=unique([_str(item, "author")]),
        published=published,
        updated=None,
        image_url=next((u for u in (web_url(i, feed_url) for i in images) if u), None),
        categories=unique(
            [categories] if isinstance(categories, str) else _category_terms(categories)
        ),
    )


def _category_terms(value: object) -> list[str | None]:
    if not isinstance(value, list):
        return []
    terms: list[str | None] = []
    for c in value:
        if isinstance(c, str):
            terms.append(c)
        elif isinstance(c, dict):
            terms.append(_str(c, "#value") or _str(c, "value"))
    return terms


def _str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _list(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    return value if isinstance(value, list) else []


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
