"""OPML import (parse_opml) on the two real subscription lists, export, and the round trip."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring

from newsdesk.errors import ParseError
from newsdesk.ingest.opml import OpmlOutline, parse_opml, write_opml
from tests.support.httpserver import TestServer

FEEDS_DIR = Path(__file__).parent.parent / "data" / "feeds"
REAL_LISTS = ["Subs.opml", "SubsNoTitleAttributes.opml"]
# Counted in the files: 69 feeds at the top level, the rest in four folders.
CATEGORIES = {None: 69, "Programming": 33, "Macintosh": 5, "Weblogs": 97, "Writers": 3}


def read(name: str) -> list[OpmlOutline]:
    return parse_opml((FEEDS_DIR / name).read_bytes())


@pytest.mark.parametrize("name", REAL_LISTS)
def test_real_list_imports_every_feed_with_its_folder(name: str) -> None:
    outlines = read(name)
    assert Counter(o.category for o in outlines) == CATEGORIES
    assert outlines[0] == OpmlOutline(
        url="http://daringfireball.net/feeds/main",
        title="Daring Fireball",
        site_url="http://daringfireball.net/",
        category=None,
    )
    writers = [(o.title, o.url) for o in outlines if o.category == "Writers"]
    assert writers == [
        ("Whatever", "http://whatever.scalzi.com/feed/"),
        ("Charlie's Diary", "http://www.antipope.org/charlie/blog-static/atom.xml"),
        ("Gerrold", "http://www.gerrold.com/feed/"),
    ]


def test_title_falls_back_to_the_text_attribute() -> None:
    with_titles, text_only = read("Subs.opml"), read("SubsNoTitleAttributes.opml")
    assert [o.title for o in text_only] == [o.title for o in with_titles]
    assert "chat & code" in {o.title for o in text_only}  # &amp; decoded


def test_empty_html_url_is_none() -> None:
    julia = next(o for o in read("Subs.opml") if o.url == "http://jvns.ca/atom.xml")
    assert julia.site_url is None  # htmlUrl="" in the file


OPML_HEAD = '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'


def opml(body: str) -> bytes:
    return f"{OPML_HEAD}{body}</body></opml>".encode()


def test_nested_folders_join_with_a_slash_and_empty_folders_vanish() -> None:
    outlines = parse_opml(
        opml(
            '<outline text="News"><outline title="World" text="ignored">'
            '<outline text="A" xmlUrl="https://a.example/feed"/></outline>'
            '<outline text="B" xmlUrl="https://b.example/feed"/></outline>'
            '<outline text="Empty folder"/>'
            '<outline text="Folder of nothing"><outline text="no url"/></outline>'
        )
    )
    assert [(o.url, o.category) for o in outlines] == [
        ("https://a.example/feed", "News / World"),
        ("https://b.example/feed", "News"),
    ]


@pytest.mark.parametrize(
    ("xml_url", "expected"),
    [
        pytest.param("feed://a.example/rss", "http://a.example/rss", id="feed-scheme"),
        pytest.param("feed:https://a.example/rss", "https://a.example/rss", id="feed-prefix"),
        pytest.param("/relative/rss", None, id="relative"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("  https://a.example/rss  ", "https://a.example/rss", id="padded"),
    ],
)
def test_feed_urls_must_be_absolute_web_urls(xml_url: str, expected: str | None) -> None:
    outlines = parse_opml(opml(f'<outline text="x" xmlUrl="{xml_url}"/>'))
    assert [o.url for o in outlines] == ([expected] if expected else [])


def test_a_feed_listed_twice_is_imported_once_in_its_first_folder() -> None:
    outlines = parse_opml(
        opml(
            '<outline text="One"><outline text="A" xmlUrl="https://a.example/f"/></outline>'
            '<outline text="Two"><outline text="A again" xmlUrl="https://a.example/f"/></outline>'
        )
    )
    assert outlines == [OpmlOutline("https://a.example/f", "A", None, "One")]


@pytest.mark.parametrize("name", REAL_LISTS)
def test_real_list_round_trips(name: str) -> None:
    outlines = read(name)
    assert parse_opml(write_opml(outlines)) == outlines


def test_export_is_opml_2_grouped_by_category() -> None:
    feeds = [
        OpmlOutline("https://a.example/f", "A & <b>", "https://a.example/", "Tech / AI"),
        OpmlOutline("https://b.example/f", None, None, None),
        OpmlOutline("https://c.example/f", "C\x00\x1f", None, "Tech / AI"),
        OpmlOutline("https://d.example/f", "Ünïcødé", None, "Другое"),
    ]
    written = write_opml(feeds, title="Mine")
    root = fromstring(written)
    assert root.get("version") == "2.0" and root.findtext("head/title") == "Mine"
    folders = [(o.get("text"), len(o)) for o in root.find("body") if not o.get("xmlUrl")]
    assert folders == [("Tech / AI", 2), ("Другое", 1)]
    assert all(o.get("text") for o in root.iter("outline"))
    assert parse_opml(written) == [
        feeds[1],
        feeds[0],
        OpmlOutline("https://c.example/f", "C", None, "Tech / AI"),
        feeds[3],
    ]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"garbage \x00\xff", id="garbage"),
        pytest.param(b"<opml><body>", id="truncated"),
        pytest.param(b'<rss version="2.0"><channel/></rss>', id="rss-not-opml"),
        pytest.param(b'<opml version="2.0"><head/></opml>', id="no-body"),
        pytest.param(
            b'<!DOCTYPE opml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<opml><body><outline text="&b;" xmlUrl="https://a.example/f"/></body></opml>',
            id="entity-declarations",
        ),
    ],
)
def test_not_opml_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError) as caught:
        parse_opml(body)
    assert "\n" not in str(caught.value)


def test_external_entities_are_refused_not_fetched(tmp_path: Path, http_server: TestServer) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-opml")
    for system_id in (f"file://{secret}", http_server.url("/entity")):
        body = (
            f'<!DOCTYPE opml [<!ENTITY x SYSTEM "{system_id}">]><opml><body>'
            '<outline text="&x;" xmlUrl="https://a.example/f"/></body></opml>'
        )
        with pytest.raises(ParseError) as caught:
            parse_opml(body.encode())
        assert "TOPSECRET" not in str(caught.value)
    assert http_server.requests == []
