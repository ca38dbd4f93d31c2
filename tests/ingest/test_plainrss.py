"""The plain-RSS fast path gives exactly what feedparser gives, or steps aside.

Every comparison parses the same bytes twice through `parse_feed`: once as it runs (fast path
first) and once with the fast path switched off (feedparser alone), and wants equal
ParsedFeeds (or the same error). The variants each hit one rule feedparser applies to plain
RSS (URL resolution, its repairs, its guesses) or one reason to step aside.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.errors import ParseError
from newsdesk.ingest import parse
from newsdesk.ingest.parse import ParsedFeed, parse_feed
from newsdesk.ingest.plainrss import read_plain_rss

FEEDS_DIR = Path(__file__).parent.parent / "data" / "feeds"
BASE = "https://example.org/feeds/main.xml"
XML_FEEDS = sorted(p.name for p in FEEDS_DIR.iterdir() if p.suffix in {".rss", ".atom", ".xml"})
# Real files that are plain RSS 2.0: the fast path must take them (else this file tests
# nothing).
PLAIN_REAL_FEEDS = ["EMarley.rss", "dcrainmaker.xml", "manton.rss", "monkeydom.rss"]
NAMESPACES = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"'
)


def both_ways(
    body: bytes, monkeypatch: pytest.MonkeyPatch, content_type: str | None = None
) -> tuple[ParsedFeed | str, ParsedFeed | str]:
    """parse_feed as it runs, and with feedparser alone (errors as their message)."""

    def run() -> ParsedFeed | str:
        try:
            return parse_feed(body, url=BASE, content_type=content_type)
        except ParseError as exc:
            return f"{type(exc).__name__}: {exc}"

    fast = run()
    with monkeypatch.context() as patch:
        patch.setattr(parse, "read_plain_rss", lambda *args, **kwargs: None)
        slow = run()
    return fast, slow


def rss(items: str, *, channel: str = "<title>T</title><link>/</link>", head: str = "") -> bytes:
    declaration = head or '<?xml version="1.0" encoding="utf-8"?>'
    return (
        f'{declaration}<rss version="2.0" {NAMESPACES}><channel>{channel}{items}</channel></rss>'
    ).encode()


def item(*parts: str) -> str:
    return "<item>" + "".join(parts) + "</item>"


PLAIN = item(
    "<title>A title</title>",
    "<link>https://example.org/a</link>",
    '<guid isPermaLink="false">id-1</guid>',
    "<pubDate>Mon, 06 Sep 2021 16:45:00 +0200</pubDate>",
    "<description>&lt;p&gt;Body &lt;b&gt;text&lt;/b&gt;.&lt;/p&gt;</description>",
)
# Documents the fast path reads: each exercises one of feedparser's rules.
ACCEPTED = {
    "plain": rss(PLAIN * 3),
    "relative link and permalink guid": rss(
        item("<title>x</title>", "<link>../a?b=1&amp;c=2</link>", "<guid>/g/1</guid>")
    ),
    "guid stands in for the link": rss(item("<title>x</title>", "<guid>/only-guid</guid>")),
    "link after guid wins": rss(item("<guid>https://e.org/g</guid>", "<link>/l</link>")),
    "empty link": rss(item("<title>x</title>", "<link></link>", "<guid>g</guid>")),
    "non-permalink guid kept raw": rss(item('<guid isPermaLink="false">/raw</guid>')),
    "permalink spelled True is not one": rss(item('<guid isPermaLink="True">/raw</guid>')),
    "entity-escaped link": rss(item("<link>https://e.org/?a=1&amp;amp;b=2&amp;c;</link>")),
    "title that looks like HTML": rss(item("<title>A &lt;b&gt;bold&lt;/b&gt; move</title>")),
    "title with an entity": rss(item("<title>Fish &amp;amp; chips</title>")),
    "title with tags not in HTML": rss(item("<title>a &lt;/foo&gt; b</title>")),
    "double-encoded UTF-8": rss(item("<title>CafÃ© crÃ¨me</title>")),
    "cp1252 control characters": rss(item("<title>It&#x92;s &#x93;quoted&#x94;</title>")),
    "non-Latin text": rss(item("<title>Новости дня 日本</title>", "<guid>g</guid>")),
    "categories": rss(
        item(
            '<category domain="d">one</category>',
            "<category>two</category>",
            '<category domain="d"></category>',
            "<category>one</category>",
            "<category>  three </category>",
        )
    ),
    "authors": rss(
        item("<dc:creator>Ann</dc:creator>", "<author>Bob B</author>", "<title>t</title>")
    ),
    "empty author": rss(item("<dc:creator></dc:creator>", "<title>t</title>")),
    "image enclosure": rss(
        item(
            '<enclosure url="/a.mp3" length="1" type="audio/mpeg"/>',
            '<enclosure url="/img.JPG" length="1" type="Image/JPEG"/>',
            "<guid>g</guid>",
        )
    ),
    "content and description": rss(
        item(
            "<content:encoded><![CDATA[<p>Full <a href='/x'>text</a>.</p>]]></content:encoded>",
            "<description>Short.</description>",
            "<guid>g</guid>",
        )
    ),
    "content only": rss(item("<content:encoded>&lt;p&gt;Only&lt;/p&gt;</content:encoded>")),
    "no guid, no link": rss(item("<title>t</title>", "<description>d</description>")),
    "odd dates": rss(
        item("<pubDate>2020/1/10 14:33:00</pubDate>", "<guid>a</guid>")
        + item("<pubDate>2021-09-06T16:45:00Z</pubDate>", "<guid>b</guid>")
        + item("<pubDate>not a date</pubDate>", "<guid>c</guid>")
    ),
    "channel fields": rss(
        PLAIN,
        channel=(
            "<title>Feed &lt;i&gt;x&lt;/i&gt;</title><link>/home?a=1&amp;b;</link>"
            "<description>About it</description><dc:language>de</dc:language><ttl>30</ttl>"
            "<image><url>/logo.png</url><title>T</title><link>/</link><width>8</width></image>"
            '<atom:link href="/feed.xml" rel="self" type="application/rss+xml"/>'
            "<generator>g</generator><lastBuildDate>x</lastBuildDate>"
        ),
    ),
    "comments are skipped": rss(
        "<!-- c -->" + item("<!-- c --><title>t</title>", "<guid>g</guid>") + "<?pi x?>"
    ),
    "no declaration, header says UTF-8": rss(PLAIN, head=" "),
}
# Documents the fast path must leave to feedparser.
DECLINED = {
    "unknown element": rss(item("<title>t</title>", "<media:thumbnail url='/x'/>")).replace(
        b"<rss ", b'<rss xmlns:media="http://search.yahoo.com/mrss/" '
    ),
    "markup inside a text element": rss(item("<title>a <b>b</b></title>")),
    "repeated title": rss(item("<title>a</title>", "<title>b</title>")),
    "repeated description": rss(item("<description>a</description><description>b</description>")),
    "author with e-mail": rss(item("<author>bob@example.org (Bob)</author>")),
    "xml:base": rss(PLAIN).replace(b'<rss version="2.0"', b'<rss xml:base="/x/" version="2.0"'),
    "RSS 0.91": rss(PLAIN).replace(b'version="2.0"', b'version="0.91"'),
    "alternate atom link": rss(PLAIN, channel='<atom:link href="/x" rel="alternate"/>'),
    "atom link without href": rss(PLAIN, channel='<atom:link rel="self">/x</atom:link>'),
    "Latin-1 declared": rss(
        item("<title>Caf\u00e9</title>"), head='<?xml version="1.0" encoding="iso-8859-1"?>'
    )
    .decode()
    .encode("latin-1"),
    "undefined entity": rss(item("<title>a&nbsp;b</title>")),
    "not well-formed": rss(item("<title>a</titl>")),
    "DOCTYPE": rss(PLAIN).replace(b"<rss ", b"<!DOCTYPE rss SYSTEM 'x.dtd'><rss ", 1),
    "two channels": rss(PLAIN).replace(b"</rss>", b"<channel></channel></rss>"),
}


@pytest.mark.parametrize("name", XML_FEEDS)
def test_real_feeds_read_the_same_either_way(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = both_ways((FEEDS_DIR / name).read_bytes(), monkeypatch)
    assert fast == slow


@pytest.mark.parametrize("name", PLAIN_REAL_FEEDS)
def test_plain_real_feeds_take_the_fast_path(name: str) -> None:
    body = (FEEDS_DIR / name).read_bytes()
    assert read_plain_rss(body, url=BASE, charset=None) is not None


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_fast_path_reads_like_feedparser(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = ACCEPTED[name]
    assert read_plain_rss(body, url=BASE, charset=None) is not None
    fast, slow = both_ways(body, monkeypatch)
    assert isinstance(fast, ParsedFeed) and fast.entries
    assert fast == slow


@pytest.mark.parametrize("name", list(DECLINED))
def test_fast_path_steps_aside(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = DECLINED[name]
    assert read_plain_rss(body, url=BASE, charset=None) is None
    fast, slow = both_ways(body, monkeypatch)
    assert fast == slow


@pytest.mark.parametrize(
    ("body", "content_type", "taken"),
    [
        (rss(PLAIN, head=" "), "application/rss+xml; charset=windows-1252", False),
        (rss(PLAIN, head=" "), "application/rss+xml; charset=UTF-8", True),
        (rss(PLAIN), "application/rss+xml; charset=windows-1252", True),  # the document wins
    ],
)
def test_header_charset_counts_only_without_a_declaration(
    body: bytes, content_type: str, taken: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    charset = content_type.split("charset=")[1]
    assert (read_plain_rss(body, url=BASE, charset=charset) is not None) is taken
    fast, slow = both_ways(body, monkeypatch, content_type)
    assert fast == slow
