"""The article page's blocks: each shows when its data exists, none shows empty, in order."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from newsdesk.store.reading import (
    ArticleCard,
    ArticleDetail,
    Hashtag,
    Provenance,
    SourceMention,
    StoryLink,
)
from newsdesk.web.assets import HashedStaticFiles
from newsdesk.web.render import HERE, make_templates

WHEN = datetime(2024, 3, 1, 9, tzinfo=UTC)
CARD = ArticleCard(
    id=7,
    title="Harbour budget approved",
    canonical_url="https://news.example/7",
    source_name="News Example",
    published_at=WHEN,
    first_seen_at=WHEN,
    snippet="The council approved the harbour budget.",
    source_id=3,
)
BARE = ArticleDetail(
    card=CARD,
    dek="A long night at the town hall.",
    authors=["A. Writer"],
    html="<p>The council approved the harbour budget.</p>",
    language="en",
    image_url=None,
    attribution="Republished from Example Wire, written by A. Writer.",
    source_notice=None,
    extraction_status="ok",
    extraction_reason=None,
    word_count=6,
    feeds=["News Example"],
)
RELATED = dataclasses.replace(CARD, id=8, title="Ferry strike ends", source_name="Valley Post")
# block name -> (field values that give it data, the heading and a piece of its content)
BLOCKS: dict[str, tuple[dict[str, Any], str, str]] = {
    "provenance": (
        {
            "provenance": Provenance(
                original=SourceMention("Example Wire", source_id=4),
                republishers=[SourceMention("News Example", source_id=3), SourceMention("Daily")],
            )
        },
        "Where this article comes from",
        'First published by <a href="/source/4/example-wire">Example Wire</a>',
    ),
    "story": (
        {"story": StoryLink(id=11, title="Harbour budget row", outlets=4, articles=9)},
        "Part of a story",
        '<a href="/story/11">Harbour budget row</a> — covered by 4 outlets in 9 articles',
    ),
    "hashtags": (
        {"hashtags": [Hashtag("harbour", "Harbour"), Hashtag("JaneDoe", "Jane Doe", "person")]},
        "Hashtags",
        '<a href="/hashtag/JaneDoe" title="person">#JaneDoe</a>',
    ),
    "related": (
        {"related": [RELATED]},
        "Related coverage",
        '<a href="/article/8/ferry-strike-ends">Ferry strike ends</a>',
    ),
}


def _render(detail: ArticleDetail) -> str:
    templates = make_templates(HashedStaticFiles(directory=HERE / "static"))
    return templates.get_template("article.html").render(a=detail, json_ld="{}")


def test_an_article_with_no_extra_data_shows_only_header_and_body() -> None:
    page = _render(BARE)
    assert "<h1>Harbour budget approved</h1>" in page
    assert "Republished from Example Wire, written by A. Writer." in page
    for _, heading, _ in BLOCKS.values():
        assert heading not in page


@pytest.mark.parametrize("block", list(BLOCKS))
def test_each_block_shows_with_its_data(block: str) -> None:
    values, heading, content = BLOCKS[block]
    page = _render(dataclasses.replace(BARE, **values))
    assert heading in page
    assert content in page
    others = [h for name, (_, h, _) in BLOCKS.items() if name != block]
    assert not any(h in page for h in others)


def test_blocks_come_in_the_design_order() -> None:
    values: dict[str, Any] = {}
    for fields, _, _ in BLOCKS.values():
        values.update(fields)
    page = _render(dataclasses.replace(BARE, **values))
    order = ["<h1>", "article-body", *(heading for _, heading, _ in BLOCKS.values())]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_body_images_load_lazily() -> None:
    html = '<p>x</p><img src="https://img.example/a.jpg" alt="A"><img loading="eager" src="b">'
    page = _render(dataclasses.replace(BARE, html=html))
    assert '<img loading="lazy" decoding="async" src="https://img.example/a.jpg" alt="A">' in page
    assert '<img loading="eager" src="b">' in page


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param(" JavaScript:alert(1)", id="spaced-mixed-case"),
        pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
        pytest.param("vbscript:x", id="vbscript"),
    ],
)
def test_outside_urls_that_are_not_web_addresses_never_become_links(url: str) -> None:
    card = dataclasses.replace(CARD, canonical_url=url)
    page = _render(dataclasses.replace(BARE, card=card, image_url=url))
    assert "Read the original" not in page
    assert 'rel="canonical"' not in page and "og:image" not in page
    assert "alert(1)" not in page.split("</head>", 1)[1]
