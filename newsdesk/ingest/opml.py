"""OPML subscription lists: import (parse_opml) and export (write_opml).

Folders become categories. Nested folders are joined with " / " ("Tech / Apple"), so no
level is lost; write_opml writes each category as one flat folder with that joined name,
which parse_opml reads back to the same category (the round trip is exact). Input is read
with defusedxml: an OPML file is someone else's XML, and may carry DTDs and entities.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from newsdesk.errors import ParseError
from newsdesk.ingest.parsed import web_url

__all__ = ["CATEGORY_SEPARATOR", "OpmlOutline", "parse_opml", "write_opml"]

CATEGORY_SEPARATOR = " / "
# Characters XML 1.0 cannot carry at all; titles from feeds sometimes contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class OpmlOutline:
    """One subscription: the feed URL, its name, its site, its folder path (or None)."""

    url: str
    title: str | None = None
    site_url: str | None = None
    category: str | None = None


def parse_opml(body: bytes) -> list[OpmlOutline]:
    """Every feed in the list, in document order, each URL once (the first wins).

    Outlines without xmlUrl are folders when they hold outlines and are skipped when they
    do not; feed URLs that are not absolute http(s) (feed: is read as http:) are skipped.
    """
    root = _parse_xml(body)
    if _local_name(root.tag) != "opml":
        raise ParseError(f"not an OPML document (root element is <{_local_name(root.tag)}>)")
    body_element = next((c for c in root if _local_name(c.tag) == "body"), None)
    if body_element is None:
        raise ParseError("OPML document has no <body>")
    found: dict[str, OpmlOutline] = {}
    for outline in _feeds(body_element, []):
        found.setdefault(outline.url, outline)
    return list(found.values())


def write_opml(feeds: Iterable[OpmlOutline], *, title: str = "newsdesk subscriptions") -> bytes:
    """OPML 2.0, uncategorised feeds first, then one folder per category in first-seen order."""
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = _xml_text(title)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in _grouped(feeds):
        parent = body
        name = _xml_text(feed.category or "")
        if name:
            if name not in folders:
                folders[name] = ET.SubElement(body, "outline", text=name, title=name)
            parent = folders[name]
        ET.SubElement(parent, "outline", _feed_attributes(feed))
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _parse_xml(body: bytes) -> ET.Element:
    if not body.strip():
        raise ParseError("empty document, not OPML")
    try:
        root: ET.Element = fromstring(body)
    except DefusedXmlException as exc:
        raise ParseError(f"OPML refused: it declares {type(exc).__name__}") from exc
    except (ET.ParseError, ValueError) as exc:
        raise ParseError(f"not an OPML document: {str(exc)[:200]}") from exc
    return root


def _feeds(parent: ET.Element, path: list[str]) -> Iterator[OpmlOutline]:
    for outline in parent:
        if _local_name(outline.tag) != "outline":
            continue
        attributes = {k.lower(): v.strip() for k, v in outline.attrib.items()}
        name = attributes.get("title") or attributes.get("text") or None
        url = _feed_url(attributes.get("xmlurl"))
        if url:
            name = None if name == attributes.get("xmlurl") else name  # written for want of one
            category = CATEGORY_SEPARATOR.join(path) or None
            yield OpmlOutline(url, name, web_url(attributes.get("htmlurl"), url), category)
            yield from _feeds(outline, path)
        elif len(outline):
            yield from _feeds(outline, [*path, name] if name else path)


def _feed_url(raw: str | None) -> str | None:
    """Absolute http(s) only; the feed: pseudo-scheme (feed://x, feed:https://x) unwrapped."""
    if not raw:
        return None
    if raw.lower().startswith("feed:"):
        rest = raw[5:]
        raw = rest if rest.lower().startswith(("http:", "https:")) else f"http:{rest}"
    return web_url(raw, None)


def _grouped(feeds: Iterable[OpmlOutline]) -> list[OpmlOutline]:
    ordered = list(feeds)
    categories = list(dict.fromkeys(f.category for f in ordered if f.category))
    rank = {category: i for i, category in enumerate(categories, start=1)}
    return sorted(ordered, key=lambda f: rank.get(f.category, 0) if f.category else 0)


def _feed_attributes(feed: OpmlOutline) -> dict[str, str]:
    name = _xml_text(feed.title or "") or feed.url
    attributes = {"type": "rss", "text": name, "title": name, "xmlUrl": _xml_text(feed.url)}
    if feed.site_url:
        attributes["htmlUrl"] = _xml_text(feed.site_url)
    return attributes


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value).strip()


def _local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""
