"""parse_feed on every real feed file, on the RSS/Atom variants, and on hostile documents.

What each real file should give is written in tests/data/feeds/expected-first-entries.tsv,
from reading the files: the first entry's title, link and date (converted to UTC by hand).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsdesk.errors import ParseError
from newsdesk.ingest.parse import NotAFeedError, ParsedFeed, parse_feed
from tests.support.httpserver import Response, TestServer

FEEDS_DIR = Path(__file__).parent.parent / "data" / "feeds"
BASE = "https://example.org/feeds/main.xml"
SECRET = "TOPSECRET-do-not-leak-7781"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def load_expectations() -> list[Any]:
    """One pytest.param a row of the TSV; "-" stands for none."""
    rows = []
    for line in (FEEDS_DIR / "expected-first-entries.tsv").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, fmt, count, title, url, published = line.split("\t")
        when = datetime.fromisoformat(published) if published != "-" else None
        title, url_or_none = ("" if title == "-" else title), (None if url == "-" else url)
        rows.append(pytest.param(name, fmt, int(count), title, url_or_none, when, id=name))
    return rows


FEEDS = load_expectations()
FEED_NAMES = [p.values[0] for p in FEEDS]
HTML_PAGES = sorted(p.name for p in FEEDS_DIR.glob("*.html"))


def parse_file(name: str) -> ParsedFeed:
    return parse_feed((FEEDS_DIR / name).read_bytes(), url=BASE)


def rss(items: str, *, version: str = "2.0", channel: str = "") -> bytes:
    head = f'<?xml version="1.0" encoding="utf-8"?><rss version="{version}"><channel><title>T'
    return f"{head}</title>{channel}{items}</channel></rss>".encode()


@pytest.mark.parametrize(("name", "fmt", "count", "title", "url", "published"), FEEDS)
def test_real_feed_gives_what_the_file_says(
    name: str, fmt: str, count: int, title: str, url: str | None, published: datetime | None
) -> None:
    feed = parse_file(name)
    first = feed.entries[0]
    assert (feed.format, len(feed.entries)) == (fmt, count)
    assert (first.title, first.url, first.published) == (title, url, published)


def test_every_feed_file_has_an_expectation() -> None:
    suffixes = {".rss", ".atom", ".xml", ".rdf", ".json"}
    on_disk = {p.name for p in FEEDS_DIR.iterdir() if p.suffix in suffixes}
    assert on_disk == {*FEED_NAMES, "allthis-partial.json"}


@pytest.mark.parametrize("name", FEED_NAMES)
def test_every_entry_is_normalised(name: str) -> None:
    for entry in parse_file(name).entries:
        assert entry.guid.strip() == entry.guid != ""
        assert entry.title == " ".join(entry.title.split()) and "<" not in entry.title
        for link in (entry.url, entry.image_url):
            assert link is None or re.match(r"https?://[^/\s]+", link)
        for moment in (entry.published, entry.updated):
            assert moment is None or moment.utcoffset() == UTC.utcoffset(None)
        assert all(a and a == a.strip() for a in entry.authors)
        assert entry.summary_html is None or entry.summary_html != entry.content_html


FEED_FIELDS = {  # file: (site_url, language, ttl_minutes, image)
    "rubenerd.rss": ("https://rubenerd.com/", "en-SG", 30, "https://rubenerd.com/rss.png"),
    "russcox.atom": (None, None, None, None),  # its only feed-level link is rel="self"
    "kc0011.rss": ("http://www.kc0011.net", "zh-cn", None, None),
    "3960.json": (
        "https://journal.3960.org/",
        "de-DE",
        None,
        "https://cdn.3960.org/favicon-192x192.png",
    ),
}


@pytest.mark.parametrize(("name", "expected"), FEED_FIELDS.items(), ids=list(FEED_FIELDS))
def test_feed_level_fields(name: str, expected: tuple[object, ...]) -> None:
    feed = parse_file(name)
    assert (feed.site_url, feed.language, feed.ttl_minutes, feed.image) == expected


ENTRY_FIELDS = {  # file: (authors, categories, image_url) of the first entry
    "cloudblog.rss": (  # <author><name> nested in a foreign element; media:content untyped
        ["Diane Chaleff"],
        ["Perspectives", "Drive", "Inside Google Cloud", "Productivity & Collaboration"],
        "https://storage.googleapis.com/gweb-cloudblog-publish/images/shadow_IT.max-600x600.png",
    ),
    "macworld.rss": (  # <categories> wrapper, the same author twice
        ["Christopher Null"],
        ["Connected Home", "Bluetooth", "Home Tech"],
        "https://images.idgesg.net/images/article/2017/08/best-smart-locks-100730768-medium.jpg",
    ),
    "livemint.xml": (["Elizabeth Roche"], [], None),  # author in CDATA
    "kc0011.rss": (["大鱼儿"], [], None),  # an RSS author that is a name, not an e-mail
    "russcox.atom": (["Russ Cox"], [], None),  # Atom entries inherit the feed's author
    "atp.rss": (
        ["Marco Arment", "ATP"],
        [],
        "http://static1.squarespace.com/static/513abd71e4b0fe58c655c105/t/"
        "52c45a37e4b0a77a5034aa84/1388599866232/1500w/Artwork.jpg",
    ),
}


@pytest.mark.parametrize(("name", "expected"), ENTRY_FIELDS.items(), ids=list(ENTRY_FIELDS))
def test_entry_authors_categories_and_image(name: str, expected: tuple[object, ...]) -> None:
    first = parse_file(name).entries[0]
    assert (first.authors, first.categories, first.image_url) == expected


def test_content_is_the_fullest_text_and_summary_the_other() -> None:
    first = parse_file("dcrainmaker.xml").entries[0]
    assert first.content_html and first.summary_html
    assert len(first.content_html) > 10 * len(first.summary_html)
    # cloudblog: the <description> is the article; a nested og <description> is a blurb.
    blurb = parse_file("cloudblog.rss").entries[1]
    assert blurb.content_html and '<div class="block-paragraph">' in blurb.content_html
    assert blurb.summary_html == (
        "<p>Here are some of the top GCP stories that appeared on the Cloud blog in August.</p>"
    )


def test_inline_xhtml_keeps_single_line_breaks() -> None:
    content = parse_file("expertopinionent.atom").entries[0].content_html
    assert content and "<br /><br />" in content and "</br>" not in content


@pytest.mark.parametrize("name", HTML_PAGES)
def test_html_page_is_not_a_feed(name: str) -> None:
    with pytest.raises(NotAFeedError):
        parse_file(name)


def test_truncated_json_feed_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not valid JSON") as caught:
        parse_file("allthis-partial.json")
    assert not isinstance(caught.value, NotAFeedError)


ITEM = "<item><title>A</title><link>http://a.example/1</link></item>"
OLD_FORMATS = {
    "rss090": (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>T</title></channel>'
        + ITEM.encode()
        + b"</rdf:RDF>"
    ),
    "rss091u": rss(ITEM, version="0.91"),
    "rss092": rss(ITEM, version="0.92"),
    "atom03": (
        b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry>'
        b'<title>A</title><link rel="alternate" type="text/html" href="http://a.example/1"/>'
        b"<id>tag:a,1</id><issued>2004-01-01T00:00:00Z</issued></entry></feed>"
    ),
}


@pytest.mark.parametrize(("fmt", "document"), OLD_FORMATS.items(), ids=list(OLD_FORMATS))
def test_old_formats_are_read(fmt: str, document: bytes) -> None:
    feed = parse_feed(document, url=BASE)
    first = feed.entries[0]
    assert (feed.format, first.title, first.url) == (fmt, "A", "http://a.example/1")


GARBAGE = {
    "empty": b"",
    "whitespace": b" \n\t ",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "text": b"hello, this is plain text",
    "broken-tag": b"<not really xml",
    "other-xml": b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>",
    "json-without-version": b'{"title": "no version", "items": []}',
    "json-array": b"[1, 2, 3]",
}


@pytest.mark.parametrize("body", GARBAGE.values(), ids=list(GARBAGE))
def test_garbage_is_a_one_line_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError) as caught:
        parse_feed(body, url=BASE)
    assert str(caught.value) and "\n" not in str(caught.value)


def test_slightly_malformed_feed_still_gives_entries() -> None:
    body = rss(
        "<item><title>One &nbsp; &copy;</title><link>http://a.example/1</link></item>"
        "<item><title>Two<b></title></item>"
    )
    assert parse_feed(body, url=BASE).entries[0].title == "One ©"


def test_relative_links_are_resolved_against_the_given_url() -> None:
    body = rss(
        '<item><title>A</title><link>/post/1</link><description>&lt;a href="/x"&gt;x&lt;/a&gt;'
        '&lt;img src="img/a.png"&gt;</description><enclosure url="e.jpg" type="image/jpeg"/>'
        "</item>",
        channel="<link>/</link>",
    )
    feed = parse_feed(body, url="https://site.example/dir/feed.xml")
    entry = feed.entries[0]
    assert (feed.site_url, entry.url) == ("https://site.example/", "https://site.example/post/1")
    assert entry.image_url == "https://site.example/dir/e.jpg"
    assert entry.content_html == (
        '<a href="https://site.example/x">x</a><img src="https://site.example/dir/img/a.png" />'
    )


def test_atom_xml_base_nests_on_the_given_url() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/"><title>A</title>'
        b'<entry xml:base="2024/"><id>urn:x</id><title>t</title><link href="post.html"/>'
        b'<content type="html">&lt;a href="rel"&gt;r&lt;/a&gt;</content></entry></feed>'
    )
    entry = parse_feed(body, url="https://site.example/feeds/atom.xml").entries[0]
    assert entry.url == "https://site.example/blog/2024/post.html"
    assert entry.content_html == '<a href="https://site.example/blog/2024/rel">r</a>'


def test_hostile_html_is_kept_raw_for_the_clean_stage() -> None:
    payload = (
        '<p onclick="x()">hi</p><script>alert(1)</script><img src="a.png" onerror="alert(2)">'
        '<a href="javascript:alert(3)">j</a>'
    )
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = rss(
        "<item><title>&lt;script&gt;T</title><link>javascript:alert(4)</link>"
        f"<description>{escaped}</description></item>"
    )
    entry = parse_feed(body, url=BASE).entries[0]
    assert entry.content_html is not None
    for raw in ("<script>alert(1)</script>", 'onerror="alert(2)"', 'href="javascript:alert(3)"'):
        assert raw in entry.content_html
    assert entry.url is None  # a javascript: link is no article URL
    assert entry.title == "<script>T"  # plain text: the brackets are characters, not markup


DATES = {
    "named-zone": ("Tue, 10 Jun 2003 04:00:00 EST", at(2003, 6, 10, 9, 0, 0)),
    "iso-offset": ("2003-06-10T04:00:00+02:00", at(2003, 6, 10, 2, 0, 0)),
    "slashed": ("2020/1/10 14:33:00", at(2020, 1, 10, 14, 33, 0)),
    "far-future-kept": ("Fri, 01 Jan 2100 00:00:00 GMT", at(2100, 1, 1, 0, 0, 0)),
    "unparseable": ("sometime last week", None),
    "impossible-day": ("Mon, 31 Feb 2021 10:00:00 GMT", None),
}


@pytest.mark.parametrize(("pub_date", "expected"), DATES.values(), ids=list(DATES))
def test_dates_become_utc_or_none(pub_date: str, expected: datetime | None) -> None:
    body = rss(f"<item><title>A</title><guid>g</guid><pubDate>{pub_date}</pubDate></item>")
    assert parse_feed(body, url=BASE).entries[0].published == expected


def test_missing_guid_falls_back_to_link_then_to_a_stable_hash() -> None:
    linked = parse_feed(rss(ITEM), url=BASE)
    assert linked.entries[0].guid == "http://a.example/1"
    bare = rss("<item><title>A</title><description>words</description></item>")
    first, again = (parse_feed(bare, url=BASE).entries[0].guid for _ in range(2))
    other = parse_feed(bare.replace(b"words", b"other"), url=BASE).entries[0].guid
    assert first == again != other and first.startswith("sha256:")


CAFE = '<rss version="2.0"><channel><title>Café</title></channel></rss>'
ENCODINGS = {  # body, Content-Type header
    "header-charset-used-when-undeclared": (CAFE.encode("latin-1"), "text/xml; charset=latin1"),
    "declaration-beats-header": (
        f'<?xml version="1.0" encoding="utf-8"?>{CAFE}'.encode(),
        "text/xml; charset=ISO-8859-1",
    ),
    "rss-served-as-html": (CAFE.encode(), "text/html"),
}


@pytest.mark.parametrize(("body", "content_type"), ENCODINGS.values(), ids=list(ENCODINGS))
def test_encoding_follows_the_document_then_the_header(body: bytes, content_type: str) -> None:
    assert parse_feed(body, url=BASE, content_type=content_type).title == "Café"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A file that would parse as a feed if anything opened it: opening it would show."""
    path = tmp_path / "secret.xml"
    path.write_bytes(rss(f"<item><title>{SECRET}</title><guid>s</guid></item>"))
    return path


DOCTYPES = {
    "file-entity": '<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>',
    "http-entity": '<!DOCTYPE rss [<!ENTITY x SYSTEM "{server}/entity">]>',
    "parameter-entity": '<!DOCTYPE rss [<!ENTITY % p SYSTEM "{server}/dtd"> %p;]>',
    "external-dtd": '<!DOCTYPE rss SYSTEM "{server}/external.dtd">',
}


@pytest.mark.parametrize("doctype", DOCTYPES.values(), ids=list(DOCTYPES))
def test_external_entities_are_neither_read_nor_fetched(
    doctype: str, secret_file: Path, http_server: TestServer
) -> None:
    prolog = doctype.format(secret=secret_file, server=http_server.url("").rstrip("/"))
    body = (
        f'<?xml version="1.0"?>{prolog}<rss version="2.0"><channel><title>T &x;</title>'
        "<item><title>I &x;</title><description>D &x;</description></item></channel></rss>"
    )
    try:
        parsed = repr(parse_feed(body.encode(), url=BASE))
    except ParseError:
        parsed = ""
    assert SECRET not in parsed
    assert http_server.requests == []


def test_entity_expansion_bomb_is_cut_short() -> None:
    entities = '<!ENTITY l0 "aaaaaaaaaa">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9)
    )
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>T</title><item><title>&l8;</title></item></channel></rss>"
    )
    try:
        parsed = parse_feed(body.encode(), url=BASE)
    except ParseError:
        return
    assert all(len(e.title) < 1_000_000 for e in parsed.entries)


def test_bytes_that_look_like_a_url_or_a_path_are_never_opened(
    secret_file: Path, http_server: TestServer
) -> None:
    http_server.route("/feed", Response(body=secret_file.read_bytes()))
    for body in (http_server.url("/feed").encode(), str(secret_file).encode()):
        with pytest.raises(ParseError):
            parse_feed(body, url=BASE)
    assert http_server.requests == []
