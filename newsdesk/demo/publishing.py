"""What the demo's publishers share: the site's file set, URL scheme, teasers and dates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, time
from html import escape

from newsdesk.demo.corpus import CorpusArticle, slugify
from newsdesk.demo.feeds import FEED_EXTENSIONS, FeedFormat
from newsdesk.demo.pages import Link, listing_page

TEASER_CHARS = 240
LEAD_MIN_WORDS = 12
OTHER_NEWS = "Other news"

# Formats are mixed on purpose so every parser runs; "Other news" is the biggest feed after
# Crime and law, so even a small `limit` keeps a JSON Feed, an Atom feed and RSS feeds.
FEED_FORMATS: dict[str, FeedFormat] = {
    "Politics and conflicts": "atom",
    "Science and technology": "atom",
    "Health": "json",
    OTHER_NEWS: "json",
}


class SiteFiles:
    """The site being built, held in memory as URL path -> text until it is written.

    `origins` maps a path prefix ("/demo-daily/") to the base URL its publisher is served
    from, so each publisher can live on an origin of its own, as real ones do.
    """

    def __init__(self, base_url: str, origins: Mapping[str, str] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.origins = {k: v.rstrip("/") for k, v in (origins or {}).items()}
        self.files: dict[str, str] = {}

    def url(self, path: str) -> str:
        """Root-relative path as written into pages and feeds: absolute when a base is set."""
        for prefix in sorted(self.origins, key=len, reverse=True):
            if path.startswith(prefix):
                return self.origins[prefix] + path
        return self.base_url + path

    def add(self, path: str, content: str) -> None:
        self.files[path] = content


def article_path(article: CorpusArticle) -> str:
    return f"/wikinews/wiki/{article.slug}.html"


def feed_format(topic: str) -> FeedFormat:
    return FEED_FORMATS.get(topic, "rss")


def feed_path(topic: str) -> str:
    return f"/wikinews/feeds/{slugify(topic)}{FEED_EXTENSIONS[feed_format(topic)]}"


def category_path(topic: str) -> str:
    return f"/wikinews/category/{slugify(topic)}.html"


def teaser(paragraphs: tuple[str, ...]) -> str:
    """The opening sentences, never the whole text, ending in an ellipsis: a feed's teaser."""
    # Skip a leading dateline or caption: the lead is the first paragraph that reads as prose.
    lead = next((at for at, p in enumerate(paragraphs) if len(p.split()) >= LEAD_MIN_WORDS), 0)
    first = paragraphs[lead] if paragraphs else ""
    sentences = _sentences(first)
    text = ""
    for sentence in sentences:
        if text and len(text) + len(sentence) > TEASER_CHARS:
            break
        text = f"{text} {sentence}".strip()
    if len(paragraphs) == lead + 1 and text == first:
        text = sentences[0] if len(sentences) > 1 else _cut_words(first, len(first) // 2)
    return _cut_words(text, 2 * TEASER_CHARS) + " …"


def _sentences(paragraph: str) -> list[str]:
    """Split after . ! ? (and a closing quote or bracket) when a capital or digit follows."""
    parts = re.split(r"(?<=[.!?][\"'”’)])\s+|(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])", paragraph)
    return [p for p in parts if p]


def _cut_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")


def teaser_html(article: CorpusArticle, link: str) -> str:
    """The teaser with a 'Read more' link, as feed descriptions carry it."""
    return (
        f'<p>{escape(teaser(article.paragraphs))}</p><p><a href="{escape(link)}">Read more</a></p>'
    )


def paragraphs_html(paragraphs: tuple[str, ...]) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def midnight(article: CorpusArticle) -> datetime | None:
    """The corpus gives dates only; feeds need a time, so the day starts at 00:00 UTC."""
    if article.published is None:
        return None
    return datetime.combine(article.published, time(0), tzinfo=UTC)


def listing(title: str, links: list[Link], intro: str = "") -> str:
    return listing_page(title=title, heading=title, intro=intro or title, items=tuple(links))


def neighbours(size: int, at: int, count: int = 5) -> list[int]:
    """Indexes of the next `count` items after `at` among `size`, wrapping: a 'more stories' box."""
    return [(at + step) % size for step in range(1, min(count + 1, size))]
