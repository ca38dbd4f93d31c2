"""Feed bytes (already fetched) -> ParsedFeed: RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed.

Which parser: feedparser, not feedparser-rs. DESIGN.md prefers feedparser-rs if it parses our
real feeds as well as feedparser; bench/parse.py compared them on the 26 XML feeds of
tests/data/feeds. feedparser-rs 0.7.1 was 45-80x faster (0.3-0.5 ms a feed against 16-28 ms
for feedparser 6.0.14; mean 99 KiB; a shared machine) and found the same entry counts, but
read real files worse:
- cloudblog.rss: all 20 titles replaced by a nested <author><title>, and 20 authors lost;
- `&amp;` left undecoded in 6 link hrefs (DaringFireball.rss, OneFootTsunami.atom) and in
  4fsodonline.atom's enclosures;
- 27 more authors lost (CDATA in livemint.xml, plain names in kc0011.rss);
- macworld.rss's wrapped <categories> dropped;
- a JSON Feed versioned http://jsonfeed.org/version/1 (pxlnv.json) not recognised;
- no way to pass the base URL for relative links.
Its wins are handled here: Y/M/D dates that feedparser misreads (kc0011.rss: 2020/1/10 as
2020-11-01) are read by us first; feedparser's `<br></br>` in inline XHTML is rewritten;
Atom entries inherit the feed's author (russcox.atom). feedparser 6 reads no JSON at all:
jsonfeed.py does. Parsing costs tens of milliseconds against seconds of network per poll,
so correctness wins; but for plain RSS 2.0 in UTF-8 (most feeds) plainrss.py reads the
document with lxml and applies feedparser's own rules, giving the very records feedparser
would at a fifth of the cost, and steps aside (None) for anything else.

Safety: the body reaches feedparser wrapped in BytesIO, because feedparser opens a str or bytes
argument that looks like a URL or a file path. Its strict parser is expat through xml.sax,
which fetches no external entity or DTD (tests prove it). Entity expansion is not left to
expat's bomb guard, which allows 100 times the input, nor to feedparser's loose parser, which
has none: the DOCTYPE's internal subset is cut out before either sees the document (see
_without_entity_declarations). JSON goes through stdlib json. HTML is returned unsanitised
(clean stage). Feeds longer than MAX_ENTRIES are read up to their newest MAX_ENTRIES entries.
"""

from __future__ import annotations

import codecs
import io
import re
from datetime import datetime
from typing import Any

import feedparser

from newsdesk.errors import ParseError
from newsdesk.ingest.jsonfeed import parse_json_feed
from newsdesk.ingest.parsed import (
    ParsedEntry,
    ParsedFeed,
    absolutise_html,
    clean_title,
    fallback_guid,
    from_struct_time,
    keep_newest,
    parse_date_text,
    plain_text,
    positive_int,
    slashed_date,
    text_to_html,
    unique,
    web_url,
)
from newsdesk.ingest.plainrss import read_plain_rss

__all__ = ["NotAFeedError", "ParsedEntry", "ParsedFeed", "parse_feed"]

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*|<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|head|body)[\s>]", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
# Documents in an encoding that is not ASCII-compatible, told by their BOM or by how `<?xml`
# is spelled (XML 1.0 appendix F, as feedparser reads it); the longer marks first, as
# UTF-32LE's BOM begins with UTF-16LE's.
_NON_ASCII_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\0\0\0", "utf-32-le"),
    (b"\0\0\0<", "utf-32-be"),
    (b"<\0?\0", "utf-16-le"),
    (b"\0<\0?", "utf-16-be"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # EBCDIC
)
_XML_DECLARATION = re.compile(rb"^<\?xml[^>]*>")
# The prolog, read just well enough to find the DOCTYPE's internal subset. Every token is
# anchored and an unterminated one runs to the end, so hostile input costs one linear pass.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?(?:\?>|\Z)|<!--.*?(?:-->|\Z)", re.S)
_DOCTYPE = re.compile(rb"<!DOCTYPE\s", re.I)
_DOCTYPE_PART = re.compile(rb"""[^"'\[>]+|"[^"]*(?:"|\Z)|'[^']*(?:'|\Z)""")
_SUBSET_PART = re.compile(
    rb"""[^"'<\]]+|"[^"]*(?:"|\Z)|'[^']*(?:'|\Z)|<!--.*?(?:-->|\Z)|<\?.*?(?:\?>|\Z)|<""", re.S
)
_SUBSET_END = re.compile(rb"\]\s*>")
_FEEDPARSER_HEAD_END = re.compile(rb"<\w")  # where feedparser looks for entity declarations
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
_SAX_POSITION = re.compile(r"^<unknown>:\d+:\d+:\s*")
# feedparser re-serialises inline XHTML with `<br></br>`, which HTML parsers read as two breaks.
_VOID_PAIR = re.compile(r"<(br|hr|img|wbr|source|embed|input|col|area)(\s[^>]*)?></\1>", re.I)
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


class NotAFeedError(ParseError):
    """The document is an HTML page, not a feed: the caller may run discover_feeds on it."""


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a fetched feed; `url` is the final URL, the base for relative links.

    Raises NotAFeedError for HTML pages and ParseError for anything else that is no feed.
    A feed that is malformed but readable (feedparser's "bozo") still returns its entries.
    """
    head = _without_bom(body).lstrip()
    if not head:
        raise ParseError("empty document")
    if head[:1] in (b"{", b"[") or (_is_json_type(content_type) and head[:1] != b"<"):
        return parse_json_feed(body, url=url)
    if _HTML_START.match(head[:4096]):
        raise NotAFeedError("an HTML page, not a feed")
    return _parse_xml(body, url=url, content_type=content_type)


def _parse_xml(body: bytes, *, url: str, content_type: str | None) -> ParsedFeed:
    body = _without_entity_declarations(_ascii_compatible(body))
    plain = read_plain_rss(body, url=url, charset=_header_charset(content_type))
    if plain is not None:  # feedparser's own reading of plain RSS 2.0, 20x cheaper
        return _parsed_feed(*plain, version="rss20", url=url)
    # content-location is the base feedparser joins xml:base to (nested relative xml:base
    # only works from an absolute base). It also resolves permalink guids, as RSS defines
    # them to be URLs; isPermaLink="false" ids stay raw.
    headers = {"content-location": url, "content-type": _xml_content_type(body, content_type)}
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=False,  # done in _html_of, only where needed: 2-3x faster
        )
    except Exception as exc:  # a hostile document must not take the stage down
        raise ParseError(f"feed parser failed: {type(exc).__name__}") from exc
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        if _HTML_ANYWHERE.search(body[:4096]) or _is_html_type(content_type):
            raise NotAFeedError("an HTML page, not a feed")
        raise ParseError(f"not a feed: {_reason(parsed.get('bozo_exception'))}")
    return _parsed_feed(parsed.feed, parsed.entries, version=version, url=url)


def _parsed_feed(feed: Any, entries: list[Any], *, version: str, url: str) -> ParsedFeed:
    """feedparser's records (or plainrss's, built alike) normalised into a ParsedFeed."""
    feed_authors = _authors(feed) if version.startswith("atom") else []
    dates = [e.get("published_parsed") or e.get("updated_parsed") for e in entries]
    kept = [entries[i] for i in keep_newest(dates)]  # before the costly conversion
    return ParsedFeed(
        title=_title(feed),
        site_url=_site_url(feed, url),
        description=plain_text(feed.get("subtitle")),
        language=(feed.get("language") or "").strip() or None,
        image=_feed_image(feed, url),
        ttl_minutes=positive_int(feed.get("ttl")),
        entries=[_entry(e, base=url, feed_authors=feed_authors) for e in kept],
        format=version or "unknown",
        skipped_entries=len(entries) - len(kept),
    )


def _entry(e: Any, *, base: str, feed_authors: list[str]) -> ParsedEntry:
    url = web_url(e.get("link"), base)
    title = _title(e)
    summary = _html_of(e.get("summary_detail"), base)
    contents = [_html_of(c, base) for c in e.get("content") or []]
    # The fullest text wins; usually content:encoded, but some feeds (cloudblog.rss) put a
    # one-line blurb in a nested element that feedparser files as content.
    content = max((c for c in [*contents, summary] if c), key=len, default=None)
    raw_id = e.get("id")
    published = _date(e, "published") or _date(e, "created")
    updated = _date(e, "updated")
    return ParsedEntry(
        guid=(raw_id.strip() if isinstance(raw_id, str) else "")
        or fallback_guid(url=url, title=title, content=content),
        url=url,
        title=title,
        summary_html=next((c for c in [summary, *contents] if c and c != content), None),
        content_html=content,
        authors=_authors(e) or feed_authors,
        published=published or updated,
        updated=updated,
        image_url=_entry_image(e, base),
        categories=unique(t.get("term") or t.get("label") for t in e.get("tags") or []),
    )


def _title(obj: Any) -> str:
    detail = obj.get("title_detail") or {}
    return clean_title(obj.get("title"), is_html=_is_html_type(detail.get("type")))


def _html_of(detail: Any, base: str) -> str | None:
    """A content/summary value as HTML with absolute links; plain text is escaped, not trusted.

    Only the *_detail records count: FeedParserDict answers `summary` with the content when
    there is no summary, which would pass the same text off as both. Links resolve against
    the element's xml:base, which feedparser records already joined to the feed URL.
    """
    value = detail.get("value") if detail else None
    if not isinstance(value, str) or not value.strip():
        return None
    if detail.get("type") == "text/plain":
        return text_to_html(value)
    if detail.get("type") == "application/xhtml+xml":
        value = _VOID_PAIR.sub(r"<\1\2 />", value)
    return absolutise_html(value, detail.get("base") or base)


def _authors(obj: Any) -> list[str]:
    people = obj.get("authors") or []
    names = [clean_title(p.get("name") or p.get("email")) for p in people if hasattr(p, "get")]
    return unique(names) or unique([clean_title(obj.get("author"))])


def _date(e: Any, key: str) -> datetime | None:
    """Our reading of the raw text first where feedparser is known to misread it."""
    raw = e.get(key)
    return slashed_date(raw) or from_struct_time(e.get(f"{key}_parsed")) or parse_date_text(raw)


def _entry_image(e: Any, base: str) -> str | None:
    candidates: list[object] = [t.get("url") for t in e.get("media_thumbnail") or []]
    for media in e.get("media_content") or []:
        kind = f"{media.get('medium') or ''} {media.get('type') or ''}".lower()
        src = media.get("url") or ""
        if "image" in kind or (not kind.strip() and _looks_like_image(src)):
            candidates.append(src)
    for enclosure in e.get("enclosures") or []:
        if (enclosure.get("type") or "").lower().startswith("image/"):
            candidates.append(enclosure.get("href"))
    image = e.get("image")
    if hasattr(image, "get"):
        candidates.append(image.get("href"))
    return next((u for u in (web_url(c, base) for c in candidates) if u), None)


def _feed_image(feed: Any, base: str) -> str | None:
    image = feed.get("image")
    candidates = [image.get("href") or image.get("url")] if hasattr(image, "get") else []
    candidates += [feed.get("logo"), feed.get("icon")]
    return next((u for u in (web_url(c, base) for c in candidates) if u), None)


def _site_url(feed: Any, base: str) -> str | None:
    found = web_url(feed.get("link"), base)
    if found:
        return found
    for link in feed.get("links") or []:
        if link.get("rel", "alternate") == "alternate":
            found = web_url(link.get("href"), base)
            if found:
                return found
    return None


def _header_charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _xml_content_type(body: bytes, content_type: str | None) -> str:
    """Tell feedparser it is XML; pass the header charset only if the document declares none.

    Servers default headers to ISO-8859-1 far more often than feeds lie in their own
    declaration, and text/* without charset would make feedparser assume US-ASCII.
    """
    charset = _header_charset(content_type)
    declared = body.startswith(_BOMS) or _XML_ENCODING.match(body[:512]) is not None
    if charset and not declared:
        return f"application/xml; charset={charset}"
    return "application/xml"


def _ascii_compatible(body: bytes) -> bytes:
    """UTF-16, UTF-32 and EBCDIC documents as UTF-8, so the byte patterns below see their
    markup as feedparser will (it converts them too)."""
    for mark, encoding in _NON_ASCII_ENCODINGS:
        if body.startswith(mark):
            text = body.decode(encoding, errors="replace").lstrip("\ufeff").encode()
            declaration = b'<?xml version="1.0" encoding="utf-8"?>'  # outranks any header
            if _XML_DECLARATION.match(text):
                return _XML_DECLARATION.sub(declaration, text, 1)
            return declaration + text
    return body


def _without_entity_declarations(body: bytes) -> bytes:
    """The document less its DOCTYPE's internal subset, the only place entities are declared.

    feedparser expands declared entities in both its parsers: expat's guard against
    amplification only wakes after 8 MiB of output and then allows 100 times the input, and
    the loose parser it falls back to has none, so a 100 kB entity referenced 400,000 times
    (a "quadratic blowup") would be gigabytes. Feeds have no use for them: a reference left
    undeclared stays as text, and the loose parser still knows HTML's named entities.
    """
    pos = len(codecs.BOM_UTF8) if body.startswith(codecs.BOM_UTF8) else 0
    while (item := _PROLOG_ITEM.match(body, pos)) and item.end() > pos:
        pos = item.end()
    if _DOCTYPE.match(body, pos):
        pos += len("<!DOCTYPE")
        while (part := _DOCTYPE_PART.match(body, pos)) and part.end() > pos:
            pos = part.end()
        if body[pos : pos + 1] == b"[":
            start, pos = pos, pos + 1
            while (part := _SUBSET_PART.match(body, pos)) and part.end() > pos:
                pos = part.end()
            end = _SUBSET_END.match(body, pos)
            if end is None:
                raise ParseError("refused a DOCTYPE whose internal subset never ends")
            body = body[:start] + body[end.end() - 1 :]
    head = _FEEDPARSER_HEAD_END.search(body)
    if _ENTITY_DECLARATION.search(body, 0, head.start() if head else len(body)):
        raise ParseError("refused: the document declares XML entities outside a DOCTYPE")
    return body


def _without_bom(body: bytes) -> bytes:
    return body[3:] if body.startswith(_BOMS[0]) else body


def _is_json_type(content_type: str | None) -> bool:
    return "json" in (content_type or "").lower()


def _is_html_type(content_type: str | None) -> bool:
    return (content_type or "").split(";")[0].strip().lower() in _HTML_TYPES


def _looks_like_image(src: str) -> bool:
    return src.lower().split("?")[0].endswith(_IMAGE_EXTENSIONS)


def _reason(exc: object) -> str:
    """The parser's complaint without expat's "<unknown>:line:column:" prefix, whose line
    numbers are off by feedparser's own re-encoding anyway."""
    lines = _SAX_POSITION.sub("", str(exc or "")).splitlines()
    return lines[0][:200] if lines else "no RSS, Atom or RDF root element"
