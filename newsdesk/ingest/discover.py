"""Find the feeds an HTML page advertises, for when a person gives us a site, not a feed.

The page's <link rel="alternate"> elements are the site's own statement and are used when
present; only when there are none do we guess from anchors whose href looks like a feed
(/feed, /rss, .rss, .xml, atom.xml, feed.json). lxml's HTML parser reads the page; it has no
way to fetch anything, and the URLs found are only returned, never opened, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from newsdesk.ingest.parsed import clean_title, web_url

__all__ = ["FEED_TYPES", "DiscoveredFeed", "discover_feeds"]

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
    }
)
# WordPress puts <link rel="alternate" type="application/json"> to its REST API on every page.
_NOT_A_FEED = re.compile(r"/wp-json/|[?&]rest_route=", re.IGNORECASE)
_FEEDISH_PATH = re.compile(r"(?:/feed|/rss|\.rss|\.xml|atom\.xml|feed\.json)/?$", re.IGNORECASE)
_GUESSED_TYPES = (
    (re.compile(r"\.json/?$", re.I), "application/feed+json"),
    (re.compile(r"atom", re.I), "application/atom+xml"),
    (re.compile(r"rss|rdf", re.I), "application/rss+xml"),
)


@dataclass(frozen=True)
class DiscoveredFeed:
    """A feed URL found in a page; `type` is the advertised media type (None when guessed
    from an anchor that says nothing about it)."""

    url: str
    title: str | None
    type: str | None


def discover_feeds(html: bytes | str, *, base_url: str) -> list[DiscoveredFeed]:
    """Feeds advertised by the page, absolute, each URL once, in document order."""
    document = _parse_html(html)
    if document is None:
        return []
    base = _document_base(document, base_url)
    found = _unique(_from_links(document, base))
    return found or _unique(_from_anchors(document, base))


def _parse_html(html: bytes | str) -> etree._Element | None:
    data = html.encode("utf-8") if isinstance(html, str) else html
    if not data.strip():
        return None
    parser = lxml.html.HTMLParser(encoding=_encoding(data), no_network=True, remove_comments=True)
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _encoding(data: bytes) -> str | None:
    """UTF-8 when the bytes are valid UTF-8 (libxml2 would assume Latin-1 without a <meta>
    charset); otherwise None, leaving it to the page's <meta> or libxml2's guess."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _document_base(document: etree._Element, base_url: str) -> str:
    """<base href> moves the base for every relative URL of the page."""
    for href in document.xpath("//base/@href"):
        joined = web_url(str(href), base_url)
        if joined:
            return joined
    return base_url


def _from_links(document: etree._Element, base: str) -> list[DiscoveredFeed]:
    feeds = []
    for link in document.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        media_type = (link.get("type") or "").split(";")[0].strip().lower()
        if not ({"alternate", "feed"} & set(rels)) or media_type not in FEED_TYPES:
            continue
        href = link.get("href") or ""
        url = web_url(href, base)
        if url and not _NOT_A_FEED.search(url):
            feeds.append(DiscoveredFeed(url, clean_title(link.get("title")) or None, media_type))
    return feeds


def _from_anchors(document: etree._Element, base: str) -> list[DiscoveredFeed]:
    feeds = []
    for anchor in document.iter("a"):
        url = web_url(anchor.get("href"), base)
        if not url or not _FEEDISH_PATH.search(urlsplit(url).path):
            continue
        title = clean_title(anchor.text_content(), is_html=False) or anchor.get("title")
        feeds.append(DiscoveredFeed(url, title or None, _guess_type(urlsplit(url).path)))
    return feeds


def _guess_type(path: str) -> str | None:
    return next((kind for pattern, kind in _GUESSED_TYPES if pattern.search(path)), None)


def _unique(feeds: list[DiscoveredFeed]) -> list[DiscoveredFeed]:
    seen: dict[str, DiscoveredFeed] = {}
    for feed in feeds:
        seen.setdefault(feed.url, feed)
    return list(seen.values())
