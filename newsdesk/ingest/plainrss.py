"""A fast reader for plain RSS 2.0, giving exactly what feedparser would, or nothing.

feedparser costs ~100 ms of CPU for a 50-item feed (its SAX handlers run in Python for every
element and every text run); it was 60-75 % of a feed poll's CPU. Most feeds are plain RSS
2.0 in UTF-8: a channel of items with a title, link, guid, date, description, perhaps
content:encoded, categories and authors. This module reads those with lxml (in C) and builds
the same records feedparser builds for them (the keys parse.py reads, with feedparser's own
rules applied to each value: URL resolution, its `&amp;` repair of links, its cp1252 and
double-encoded UTF-8 repairs, its guess of HTML in titles, its date parser, its `updated`
alias), so parse.py normalises both alike.

Anything outside that subset (another version or format, another encoding, a DOCTYPE,
xml:base or xml:lang, an element or attribute not listed below, an element repeated that
feedparser would keep once, an author with an e-mail address, markup inside a text element,
a document lxml finds malformed) returns None and the caller uses feedparser. tests/ingest/
test_plainrss.py holds the two to the same output on every real feed file the fast path
accepts, and on variants built to hit each rule.

Safety: lxml is told to load no DTD, resolve no entity and touch no network; a document
with a DOCTYPE is not read here at all.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from feedparser.datetimes import _parse_date
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin, make_safe_absolute_uri
from lxml import etree

Record = dict[str, Any]

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_ATOM = "{http://www.w3.org/2005/Atom}"
# Elements feedparser stores under keys parse.py never reads: skipped when they are leaves.
_IGNORED_IN_CHANNEL = frozenset(
    {"lastBuildDate", "pubDate", "generator", "copyright", "docs", "managingEditor",
     "webMaster", "category",
     "{http://purl.org/rss/1.0/modules/syndication/}updatePeriod",
     "{http://purl.org/rss/1.0/modules/syndication/}updateFrequency",
     "{http://purl.org/rss/1.0/modules/syndication/}updateBase",
     "{com-wordpress:feed-additions:1}site"}
)  # fmt: skip
_IGNORED_IN_ITEM = frozenset(
    {"comments", "{http://wellformedweb.org/CommentAPI/}commentRss",
     "{http://purl.org/rss/1.0/modules/slash/}comments"}
)  # fmt: skip
_IMAGE_PARTS = frozenset({"url", "title", "link", "width", "height", "description"})
_ALLOWED_ATTRIBUTES = {
    "guid": frozenset({"isPermaLink"}),
    "category": frozenset({"domain"}),
    "enclosure": frozenset({"url", "length", "type"}),
    f"{_ATOM}link": frozenset({"href", "rel", "type", "title", "hreflang", "length"}),
}
_NO_ATTRIBUTES: frozenset[str] = frozenset()
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_XML_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_UTF8 = frozenset({"utf-8", "utf8"})
_looks_like_html = _FeedParserMixin.looks_like_html


class _Unsupported(Exception):
    """The document leaves the subset this reader mirrors feedparser on."""


def read_plain_rss(
    body: bytes, *, url: str, charset: str | None
) -> tuple[Record, list[Record]] | None:
    """(feed, entries) as feedparser would give them for a plain RSS 2.0 document, else None.

    `charset` is the one from the HTTP header; it only counts when the document declares none.
    """
    if not url or not _is_utf8(body, charset):
        return None
    try:
        root = etree.fromstring(body, _parser())
        return _Reader(_stable_base(url)).document(root)
    except (etree.XMLSyntaxError, ValueError, _Unsupported):
        return None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _is_utf8(body: bytes, charset: str | None) -> bool:
    if body.startswith(b"\xef\xbb\xbf"):
        return False
    declared = _XML_DECLARED_ENCODING.match(body[:512])
    if declared is not None:
        if declared.group(1).decode("ascii", "replace").strip().lower() not in _UTF8:
            return False
    elif charset is not None and charset.lower() not in _UTF8:
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _stable_base(url: str) -> str:
    """feedparser re-joins the base URL to itself at every element; read only when that is
    a fixed point, so every element sees the same base."""
    base = make_safe_absolute_uri(url, url) or url
    if (make_safe_absolute_uri(base, base) or base) != base:
        raise _Unsupported("base URL is not stable")
    return base


def _text(raw: str) -> str:
    """feedparser's last steps on every text value: double-encoded UTF-8, then cp1252.

    Both leave ASCII as it is, and cp1252's table only maps U+0080-U+009F, so the common
    cases skip the (slow, per-character) translation."""
    if raw.isascii():
        return raw
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        raw = raw.encode("iso-8859-1").decode("utf-8")
    return raw.translate(_cp1252) if _C1_CONTROLS.search(raw) else raw


def _leaf(element: Any) -> str:
    """The stripped text of an element that must hold text only (no child, not even a
    comment) and only the attributes its name allows."""
    allowed = _ALLOWED_ATTRIBUTES.get(element.tag, _NO_ATTRIBUTES)
    if len(element) or any(name not in allowed for name in element.attrib):
        raise _Unsupported(element.tag)
    return (element.text or "").strip()


def _children(element: Any) -> list[Any]:
    """Child elements; comments and processing instructions are skipped, as feedparser does."""
    return [child for child in element if isinstance(child.tag, str)]


class _Reader:
    def __init__(self, base: str) -> None:
        self.base = base

    def document(self, root: Any) -> tuple[Record, list[Record]]:
        if root.tag != "rss" or dict(root.attrib) != {"version": "2.0"}:
            raise _Unsupported("not RSS 2.0")
        if root.getroottree().docinfo.doctype:
            raise _Unsupported("DOCTYPE")
        channels = _children(root)
        if len(channels) != 1 or channels[0].tag != "channel" or channels[0].attrib:
            raise _Unsupported("not one channel")
        return self.channel(channels[0])

    def resolved(self, raw: str) -> str:
        """A URL-valued element: feedparser joins non-empty ones to the base first."""
        return _text(_urljoin(self.base, raw) if raw else raw)

    def titled(self, record: Record, element: Any) -> None:
        raw = _leaf(element)
        kind = "text/html" if _looks_like_html(raw) else "text/plain"
        record["title"] = value = _text(raw)
        record["title_detail"] = {"type": kind, "value": value, "base": self.base}

    def channel(self, channel: Any) -> tuple[Record, list[Record]]:
        feed: Record = {}
        entries: list[Record] = []
        seen: set[str] = set()
        for element in _children(channel):
            tag = element.tag
            if tag == "item":
                if element.attrib:
                    raise _Unsupported("item attributes")
                entries.append(self.item(element))
                continue
            if tag in _IGNORED_IN_CHANNEL:
                _leaf(element)
                continue
            if tag == f"{_ATOM}link":
                _leaf(element)
                rel = (element.get("rel") or "").lower()
                if rel in ("", "alternate") or element.get("href") is None:
                    raise _Unsupported("atom link that is not a plain self/hub link")
                continue
            if tag == f"{_DC}language":  # feedparser reads it as <language>
                tag = "language"
            if tag in seen:
                raise _Unsupported(f"repeated {tag}")
            seen.add(tag)
            if tag == "title":
                self.titled(feed, element)
            elif tag == "link":
                feed["link"] = _LINK_ENTITY.sub(r"&\g<1>", self.resolved(_leaf(element)))
            elif tag == "description":
                feed["subtitle"] = _text(_leaf(element))
            elif tag in ("language", "ttl"):
                feed[tag] = _text(_leaf(element))
            elif tag == "image":
                feed["image"] = self.image(element)
            else:
                raise _Unsupported(tag)
        return feed, entries

    def image(self, image: Any) -> Record:
        found: Record = {}
        seen: set[str] = set()
        for element in _children(image):
            if element.tag not in _IMAGE_PARTS or element.tag in seen:
                raise _Unsupported(f"image {element.tag}")
            seen.add(element.tag)
            raw = _leaf(element)
            if element.tag == "url":
                found["href"] = self.resolved(raw)
        return found

    def item(self, item: Any) -> Record:
        entry: Record = {}
        seen: set[str] = set()
        authors: list[Record] = []
        tags: list[Record] = []
        enclosures: list[Record] = []
        for element in _children(item):
            tag = element.tag
            if tag in _IGNORED_IN_ITEM:
                _leaf(element)
            elif tag == "category":
                value = _text(_leaf(element))
                if value:
                    tags.append({"term": value, "scheme": element.get("domain"), "label": None})
            elif tag in (f"{_DC}creator", "author"):
                authors.append(self.author(entry, element))
            elif tag == "enclosure":
                _leaf(element)
                enclosures.append(
                    {"href": element.get("url"), "type": (element.get("type") or "").lower()}
                )
            elif tag in seen:
                raise _Unsupported(f"repeated {tag}")
            else:
                seen.add(tag)
                self.single(entry, element)
        if "link" not in entry and entry.get("guidislink"):
            entry["link"] = entry["id"]
        if "published" in entry:  # feedparser answers `updated` with it (its issue 310)
            entry["updated"] = entry["published"]
            entry["updated_parsed"] = entry["published_parsed"]
        entry.update(authors=authors, tags=tags, enclosures=enclosures)
        return entry

    def author(self, entry: Record, element: Any) -> Record:
        value = _text(_leaf(element))
        if "@" in value:  # feedparser splits e-mail addresses out with its own rules
            raise _Unsupported("author with e-mail")
        entry["author"] = value
        return {"name": value} if value else {}

    def single(self, entry: Record, element: Any) -> None:
        tag = element.tag
        if tag == "title":
            self.titled(entry, element)
        elif tag == "link":
            value = self.resolved(_leaf(element)).replace("&amp;", "&")
            entry["link"] = _LINK_ENTITY.sub(r"&\g<1>", value)
        elif tag == "guid":
            permalink = element.get("isPermaLink", "true") == "true"
            raw = _leaf(element)
            entry["id"] = self.resolved(raw) if permalink else _text(raw)
            entry["guidislink"] = permalink
        elif tag == "pubDate":
            entry["published"] = value = _text(_leaf(element))
            entry["published_parsed"] = _parse_date(value)
        elif tag == "description":
            entry["summary"] = value = _text(_leaf(element))
            entry["summary_detail"] = {"type": "text/html", "value": value, "base": self.base}
        elif tag == f"{_CONTENT}encoded":
            value = _text(_leaf(element))
            entry["content"] = [{"type": "text/html", "value": value, "base": self.base}]
        else:
            raise _Unsupported(tag)
