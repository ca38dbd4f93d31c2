"""schema.org NewsArticle metadata for the article page, safe to inline in a <script>."""

from __future__ import annotations

import json
from typing import Any

from newsdesk.store.reading import ArticleDetail
from newsdesk.web.render import http_url


def news_article(detail: ArticleDetail, *, page_url: str) -> dict[str, Any]:
    """What search engines and link previews read; the publisher's URL is the canonical one."""
    card = detail.card
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": card.title[:110],
        "description": card.snippet,
        "url": page_url,
        "mainEntityOfPage": http_url(card.canonical_url) or page_url,
        "wordCount": detail.word_count,
    }
    if card.published_at:
        data["datePublished"] = card.published_at.isoformat()
    if detail.updated_at:
        data["dateModified"] = detail.updated_at.isoformat()
    if detail.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in detail.authors]
    if card.source_name:
        publisher: dict[str, Any] = {"@type": "Organization", "name": card.source_name}
        if http_url(detail.source_site_url):
            publisher["url"] = http_url(detail.source_site_url)
        data["publisher"] = publisher
    if http_url(detail.image_url):
        data["image"] = [http_url(detail.image_url)]
    if detail.language:
        data["inLanguage"] = detail.language
    if detail.hashtags:
        data["keywords"] = [tag.label for tag in detail.hashtags]
    if detail.story:
        data["isPartOf"] = {"@type": "CreativeWork", "name": detail.story.title}
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON that cannot close its <script> element or open a comment, whatever the strings."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
