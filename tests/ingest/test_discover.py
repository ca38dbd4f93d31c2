"""discover_feeds on the real HTML pages and on the shapes of <link> and <a> found in the wild."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.ingest.discover import DiscoveredFeed, discover_feeds
from tests.support.httpserver import TestServer

FEEDS_DIR = Path(__file__).parent.parent / "data" / "feeds"
RSS = "application/rss+xml"

# Each page as served from its site, and the <link rel="alternate"> elements it carries.
REAL_PAGES = {
    "DaringFireball.html": (
        "https://daringfireball.net/",
        [DiscoveredFeed("https://daringfireball.net/feeds/main", None, "application/atom+xml")],
    ),
    "coco.html": (
        "https://www.theatlantic.com/",
        [
            DiscoveredFeed("https://www.theatlantic.com/feed/all/", "The Atlantic", RSS),
            DiscoveredFeed(
                "https://www.theatlantic.com/feed/best-of/", "Best of The Atlantic", RSS
            ),
        ],
    ),
    "furbo.html": (  # also has <a href="http://furbo.org/feed">: anchors are not used here
        "https://furbo.org/",
        [DiscoveredFeed("http://furbo.org/feed/", "Iconfactory News Feed", RSS)],
    ),
    "inessential.html": (
        "https://inessential.com/",
        [DiscoveredFeed("http://inessential.com/xml/rss.xml", "RSS", RSS)],
    ),
    "sixcolors.html": (
        "https://sixcolors.com/",
        [DiscoveredFeed("http://feedpress.me/sixcolors", "RSS", RSS)],
    ),
    "YouTubeTheVolvoRocks.html": (  # also alternates for phones and apps, which are no feeds
        "https://www.youtube.com/user/TheVolvorocks",
        [
            DiscoveredFeed(
                "https://www.youtube.com/feeds/videos.xml?channel_id=UCct7QF2jcWRY6dhXWMSq9LQ",
                "RSS",
                RSS,
            )
        ],
    ),
}


@pytest.mark.parametrize(("name", "case"), REAL_PAGES.items(), ids=list(REAL_PAGES))
def test_real_page_gives_its_advertised_feeds(
    name: str, case: tuple[str, list[DiscoveredFeed]]
) -> None:
    base_url, expected = case
    assert discover_feeds((FEEDS_DIR / name).read_bytes(), base_url=base_url) == expected


def page(head: str, body: str = "") -> str:
    return f"<!doctype html><html><head><title>p</title>{head}</head><body>{body}</body></html>"


def test_links_are_absolute_unique_and_in_document_order() -> None:
    html = page(
        '<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">'
        '<link rel="ALTERNATE" type="Application/RSS+XML; charset=utf-8" href="rss">'
        '<link rel="alternate" type="application/atom+xml" href="https://site.example/atom.xml">'
        '<link rel="alternate feed" type="application/feed+json" title=" JSON  Feed "'
        ' href="f.json">'
    )
    assert discover_feeds(html, base_url="https://site.example/blog/post") == [
        DiscoveredFeed("https://site.example/atom.xml", "Atom", "application/atom+xml"),
        DiscoveredFeed("https://site.example/blog/rss", None, RSS),
        DiscoveredFeed("https://site.example/blog/f.json", "JSON Feed", "application/feed+json"),
    ]


@pytest.mark.parametrize(
    "link",
    [
        pytest.param('<link rel="stylesheet" type="text/css" href="/s.css">', id="stylesheet"),
        pytest.param('<link rel="alternate" hreflang="de" href="/de/">', id="translation"),
        pytest.param(
            '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">',
            id="wordpress-rest-api",
        ),
        pytest.param(
            '<link rel="alternate" type="application/json+oembed" href="/oembed?url=x">',
            id="oembed",
        ),
        pytest.param(
            '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">',
            id="javascript-href",
        ),
        pytest.param('<link rel="alternate" type="application/rss+xml">', id="no-href"),
    ],
)
def test_links_that_are_no_feeds_are_ignored(link: str) -> None:
    assert discover_feeds(page(link), base_url="https://site.example/") == []


def test_base_element_moves_the_base() -> None:
    html = page(f'<base href="https://cdn.example/x/"><link rel="alternate" type="{RSS}" href="f">')
    assert [f.url for f in discover_feeds(html, base_url="https://site.example/")] == [
        "https://cdn.example/x/f"
    ]


ANCHORS = (
    '<a href="/about">About</a><a href="/feed">Subscribe</a><a href="/feed/">again</a>'
    '<a href="https://site.example/news.rss">News</a><a href="/sitemap.xml?x=1">Map</a>'
    '<a href="/atom.xml" title="Atom"></a><a href="/feed.json">JSON</a>'
    '<a href="/feedback">Feedback</a><a href="mailto:rss@site.example">mail</a>'
)


def test_anchors_are_the_fallback_when_no_link_is_found() -> None:
    found = discover_feeds(page("", ANCHORS), base_url="https://site.example/")
    assert found == [
        DiscoveredFeed("https://site.example/feed", "Subscribe", None),
        DiscoveredFeed("https://site.example/feed/", "again", None),
        DiscoveredFeed("https://site.example/news.rss", "News", RSS),
        DiscoveredFeed("https://site.example/sitemap.xml?x=1", "Map", None),
        DiscoveredFeed("https://site.example/atom.xml", "Atom", "application/atom+xml"),
        DiscoveredFeed("https://site.example/feed.json", "JSON", "application/feed+json"),
    ]


def test_anchors_are_ignored_when_a_link_is_found() -> None:
    head = f'<link rel="alternate" type="{RSS}" href="/real">'
    found = discover_feeds(page(head, ANCHORS), base_url="https://site.example/")
    assert [f.url for f in found] == ["https://site.example/real"]


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(b"", id="empty"),
        pytest.param("   ", id="blank-str"),
        pytest.param(b"\x00\xff\xfe garbage", id="garbage"),
        pytest.param('<?xml version="1.0" encoding="utf-8"?><html><body/></html>', id="xml-decl"),
    ],
)
def test_nothing_to_find_gives_an_empty_list(document: bytes | str) -> None:
    assert discover_feeds(document, base_url="https://site.example/") == []


def test_str_and_bytes_give_the_same_result() -> None:
    html = page(f'<link rel="alternate" type="{RSS}" title="Café" href="/f">')
    as_str = discover_feeds(html, base_url="https://site.example/")
    as_bytes = discover_feeds(html.encode(), base_url="https://site.example/")
    assert as_str == as_bytes == [DiscoveredFeed("https://site.example/f", "Café", RSS)]


def test_parsing_the_page_fetches_nothing(http_server: TestServer) -> None:
    server = http_server.url("").rstrip("/")
    html = (
        f'<!DOCTYPE html SYSTEM "{server}/x.dtd"><html><head>'
        f'<link rel="stylesheet" href="{server}/s.css"><script src="{server}/s.js"></script>'
        f'<link rel="alternate" type="{RSS}" href="{server}/feed"></head>'
        f'<body><img src="{server}/i.png"><iframe src="{server}/frame"></iframe></body></html>'
    )
    assert [f.url for f in discover_feeds(html, base_url=server)] == [f"{server}/feed"]
    assert http_server.requests == []
