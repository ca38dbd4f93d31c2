"""JSON Feed 1.0/1.1 and RSS-in-JSON, through parse_feed as callers use them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsdesk.errors import ParseError
from newsdesk.ingest.parse import ParsedFeed, parse_feed

FEEDS_DIR = Path(__file__).parent.parent / "data" / "feeds"
BASE = "https://site.example/blog/feed.json"


def parse_file(name: str) -> ParsedFeed:
    return parse_feed((FEEDS_DIR / name).read_bytes(), url=BASE)


def json_feed(*items: dict[str, Any], version: str = "1.1", **top: Any) -> bytes:
    feed = {"version": f"https://jsonfeed.org/version/{version}", "title": "T", **top}
    return json.dumps({**feed, "items": list(items)}).encode()


def test_authors_1_1_win_over_1_0_and_items_inherit_the_feeds() -> None:
    entries = parse_file("authors.json").entries
    assert [e.authors for e in entries] == [
        ["Root Author 1", "Root Author 2"],  # no author of its own: the feed's (1.1 list)
        ["Legacy Item Author"],  # only the 1.0 "author"
        ["Item Author 1", "Item Author 2"],  # only the 1.1 "authors"
        ["Item Author 1", "Item Author 2"],  # both: 1.1 wins
    ]


def test_feed_level_1_0_author_is_inherited() -> None:
    body = json_feed({"id": "1", "content_text": "x"}, version="1", author={"name": "Solo"})
    assert parse_feed(body, url=BASE).entries[0].authors == ["Solo"]


def test_non_image_attachments_give_no_image() -> None:
    entries = parse_file("jsonfeed-extension.json").entries
    assert [(e.guid, e.image_url) for e in entries] == [("2", None), ("1", None), ("0", None)]
    assert entries[0].content_html == "<p>Second item.</p>"


IMAGES = {  # item fields -> image_url
    "image": ({"image": "/i/a.png", "banner_image": "/i/b.png"}, "https://site.example/i/a.png"),
    "banner": ({"banner_image": "b.png"}, "https://site.example/blog/b.png"),
    "image-attachment": (
        {
            "attachments": [
                {"url": "https://cdn.example/ep.mp3", "mime_type": "audio/mpeg"},
                {"url": "https://cdn.example/cover.jpg", "mime_type": "image/jpeg"},
            ]
        },
        "https://cdn.example/cover.jpg",
    ),
    "non-web-url": ({"image": "javascript:alert(1)"}, None),
}


@pytest.mark.parametrize(("fields", "expected"), IMAGES.values(), ids=list(IMAGES))
def test_image_comes_from_image_banner_or_image_attachment(
    fields: dict[str, Any], expected: str | None
) -> None:
    body = json_feed({"id": "1", "content_html": "<p>x</p>", **fields})
    assert parse_feed(body, url=BASE).entries[0].image_url == expected


def test_content_html_is_preferred_and_content_text_is_escaped() -> None:
    body = json_feed(
        {"id": "both", "content_html": "<p>rich</p>", "content_text": "plain"},
        {"id": "text", "content_text": "a < b & c\n\nnext <script>"},
    )
    both, text = parse_feed(body, url=BASE).entries
    assert both.content_html == "<p>rich</p>"
    assert text.content_html == "<p>a &lt; b &amp; c</p><p>next &lt;script&gt;</p>"


def test_summary_is_plain_text_made_html() -> None:
    entry = parse_file("allthis.json").entries[0]
    assert entry.summary_html == "<p>The first shall be last.</p>"
    assert entry.content_html and entry.content_html.startswith("<p>When I wrote the post")


def test_relative_urls_resolve_against_the_item_then_the_feed() -> None:
    body = json_feed(
        {
            "id": "1",
            "url": "/2024/post",
            "content_html": '<a href="other">o</a><img src="/img/x.png">',
        },
        {"id": "2", "content_html": '<a href="../about">a</a>'},
        home_page_url="/",
    )
    feed = parse_feed(body, url=BASE)
    first, second = feed.entries
    assert (feed.site_url, first.url) == ("https://site.example/", "https://site.example/2024/post")
    assert first.content_html == (
        '<a href="https://site.example/2024/other">o</a>'
        '<img src="https://site.example/img/x.png" />'
    )
    assert second.content_html == '<a href="https://site.example/about">a</a>'


def test_tags_as_a_list_or_as_one_comma_separated_string() -> None:
    assert parse_file("rose.json").entries[0].categories == ["workflow", "omnifocus"]
    assert parse_file("3960.json").entries[0].categories == ["Lustiges"]


def test_entities_in_titles_are_decoded() -> None:
    title = parse_file("rose.json").entries[0].title
    assert title == "Workflow: Add Task & Sub Tasks To OmniFocus"  # "&amp;" in the file


def test_http_version_url_and_external_url_fallback() -> None:
    feed = parse_file("pxlnv.json")
    assert feed.format == "json10"
    body = json_feed({"id": "1", "external_url": "https://elsewhere.example/a", "title": "x"})
    assert parse_feed(body, url=BASE).entries[0].url == "https://elsewhere.example/a"


def test_dates_with_offsets_or_without_zone_become_utc() -> None:
    inessential = parse_file("inessential.json").entries[0]  # 2017-06-02T22:05:47-07:00
    assert inessential.published == datetime(2017, 6, 3, 5, 5, 47, tzinfo=UTC)
    curt = parse_file("curt.json").entries[0]  # 2018-01-06T08:00, no zone: taken as UTC
    assert curt.published == datetime(2018, 1, 6, 8, 0, tzinfo=UTC)


def test_odd_values_are_ignored_not_fatal() -> None:
    body = json_feed(
        "not an item",  # type: ignore[arg-type]
        {"id": 7, "title": ["x"], "tags": [1, "ok"], "authors": "nobody", "date_published": 5},
        {"content_text": "no id, no url"},
    )
    first, second = parse_feed(body, url=BASE).entries
    assert (first.guid, first.title, first.categories, first.authors) == ("7", "", ["ok"], [])
    assert first.published is None
    assert second.guid.startswith("sha256:")


def test_rss_in_json_reads_items_enclosures_and_guids() -> None:
    feed = parse_file("ScriptingNews.json")
    assert (feed.title, feed.site_url, feed.language) == (
        "Scripting News",
        "http://scripting.com/",
        "en-us",
    )
    titled = [e for e in feed.entries if e.title]
    assert len(titled) == 11
    assert all(e.guid.startswith("http://scripting.com/2017/06/") for e in feed.entries)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"version": "https://example.com/version/1", "items": []}', id="other-v"),
        pytest.param(b'{"rss": "not a channel"}', id="rss-without-channel"),
        pytest.param(b'"just a string"', id="string"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="deeply-nested"),
    ],
)
def test_json_that_is_no_feed_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_feed(body, url=BASE, content_type="application/feed+json")
